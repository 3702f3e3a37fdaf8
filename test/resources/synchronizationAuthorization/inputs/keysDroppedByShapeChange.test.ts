import { strict as assert } from "node:assert";
import * as crypto from "node:crypto";
import { restoreKeysDroppedByShapeChange } from "../../../../provider/resources/synchronizationAuthorization/inputs/keysDroppedByShapeChange";
import { UNKNOWN_VALUE } from "../../../../provider/core/unknownValue";

const token = `canary-${crypto.randomBytes(12).toString("hex")}`;
const base = "https://scim.example/v2";
/** The inputs 0.1.0 stored: its checked form, lists of pairs. */
const listState = {
  target: "servicePrincipals/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
  credentials: [
    { key: "BaseAddress", value: base },
    { key: "SecretToken", value: token },
  ],
  writeOnlyCredentials: [{ key: "ClientSecret", fromEnv: "CLIENT_SECRET" }],
};

function shown(outcome: ReturnType<typeof restoreKeysDroppedByShapeChange>): string {
  return JSON.stringify([outcome.failures, outcome.warnings]);
}

describe("restoreKeysDroppedByShapeChange: keys ignoreChanges drops when state holds a list", () => {
  it("keeps a dropped key from state, with a warning, when everything else is as stored", () => {
    const news = {
      credentials: { BaseAddress: base },
      writeOnlyCredentials: { ClientSecret: { fromEnv: "CLIENT_SECRET" } },
    };
    const outcome = restoreKeysDroppedByShapeChange(listState, news);
    assert.deepEqual(outcome.failures, []);
    assert.deepEqual(outcome.news.credentials, { BaseAddress: base, SecretToken: token });
    assert.equal(outcome.warnings.length, 1);
    assert.match(outcome.warnings[0], /^credentials: kept "SecretToken" from state/);
    assert.ok(!shown(outcome).includes(token));
  });

  it("keeps a dropped write-only reference", () => {
    const news = { credentials: { BaseAddress: base, SecretToken: token }, writeOnlyCredentials: {} };
    const outcome = restoreKeysDroppedByShapeChange(listState, news);
    assert.deepEqual(outcome.news.writeOnlyCredentials, { ClientSecret: { fromEnv: "CLIENT_SECRET" } });
    assert.match(outcome.warnings.join("\n"), /writeOnlyCredentials: kept "ClientSecret"/);
  });

  it("fails, sending nothing, when a key is missing and another value changed: removal or ignoreChanges is unknown", () => {
    const news = { credentials: { BaseAddress: "https://other.example/v2" } };
    const outcome = restoreKeysDroppedByShapeChange(listState, news);
    assert.equal(outcome.news, news);
    assert.equal(outcome.failures.length, 1);
    assert.equal(outcome.failures[0].property, "credentials");
    assert.match(
      outcome.failures[0].reason,
      /lacks "SecretToken".*nothing was sent: run pulumi up once with the other values/,
    );
    assert.ok(!shown(outcome).includes(token) && !shown(outcome).includes("other.example"));
  });

  it("counts a value not known yet (preview) as unchanged: up decides with the value", () => {
    const outcome = restoreKeysDroppedByShapeChange(listState, { credentials: { BaseAddress: UNKNOWN_VALUE } });
    assert.deepEqual(outcome.failures, []);
    assert.deepEqual(outcome.news.credentials, { BaseAddress: UNKNOWN_VALUE, SecretToken: token });
  });

  it("does nothing when the key moved to the other collection, or the shapes agree", () => {
    const moved = {
      credentials: { BaseAddress: base },
      writeOnlyCredentials: { SecretToken: { fromEnv: "T" }, ClientSecret: { fromEnv: "CLIENT_SECRET" } },
    };
    const unchanged = (news: Record<string, unknown>) => {
      const outcome = restoreKeysDroppedByShapeChange(listState, news);
      assert.equal(outcome.news, news);
      assert.deepEqual([outcome.failures, outcome.warnings], [[], []]);
    };
    unchanged(moved);
    unchanged({ credentials: [{ key: "BaseAddress", value: base }] });
    unchanged({ credentials: UNKNOWN_VALUE });
    const mapState = { credentials: { BaseAddress: base, SecretToken: token } };
    const outcome = restoreKeysDroppedByShapeChange(mapState, { credentials: { BaseAddress: base } });
    assert.deepEqual(outcome.news.credentials, { BaseAddress: base }, "a map in state: the engine resolved the path");
  });

  it("never names a key that is not a known name: it may be a value typed as a key", () => {
    const swapped = {
      credentials: [
        { key: token, value: "SecretToken" },
        { key: "BaseAddress", value: base },
      ],
    };
    const kept = restoreKeysDroppedByShapeChange(swapped, { credentials: { BaseAddress: base } });
    assert.equal(kept.warnings.length, 1);
    assert.match(kept.warnings[0], /kept a key \(it is not shown because credentials are secret\)/);
    const refused = restoreKeysDroppedByShapeChange(swapped, { credentials: { BaseAddress: "x" } });
    assert.equal(refused.failures.length, 1);
    assert.ok(!shown(kept).includes(token) && !shown(refused).includes(token));
  });
});
