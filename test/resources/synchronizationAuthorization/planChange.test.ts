import { strict as assert } from "node:assert";
import type {
  AuthorizationOutputs,
  CheckedInputs,
} from "../../../provider/resources/synchronizationAuthorization/authorizationState";
import { credentialFingerprint } from "../../../provider/resources/synchronizationAuthorization/credentialFingerprint";
import {
  planChange,
  type ChangePlan,
  type PlanContext,
} from "../../../provider/resources/synchronizationAuthorization/planChange";
import { storedKeyName } from "../../../provider/resources/synchronizationAuthorization/storedKeyNames";
import { UNKNOWN_VALUE } from "../../../provider/core/unknownValue";
import { singleUseFingerprints } from "../../../provider/resources/synchronizationAuthorization/singleUseValues";

const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const OTHER_ID = "8c1a7d2e-9b3f-4e5a-a6c7-d8e9f0a1b2c3";
const OLD_SECRET = "old-CANARY-4c7e1f0a9b";
const NEW_SECRET = "new-CANARY-d2b8a6e3f5";
const SALT = "dGVzdC1zYWx0LTEyMzQ1Ng";
const AUTHORIZED_AT = "2026-10-01T12:00:00.000Z";
const DAY = 24 * 3_600_000;

const CONTEXT: PlanContext = {
  cloud: "global",
  graphEndpoint: "https://graph.microsoft.com",
  now: new Date(Date.parse(AUTHORIZED_AT) + 10 * DAY),
};

const INPUTS: CheckedInputs = {
  target: `servicePrincipals/${SP_ID}`,
  servicePrincipalId: SP_ID,
  credentials: [
    { key: "BaseAddress", value: "https://scim.example.test" },
    { key: "SecretToken", value: OLD_SECRET },
  ],
  apiVersion: "v1.0",
  triggers: { rotation: "1" },
};

/** The outputs an authorization of `inputs` leaves in state. */
function outputsOf(inputs: CheckedInputs): AuthorizationOutputs & Record<string, unknown> {
  return {
    target: inputs.target,
    ...(inputs.servicePrincipalId !== undefined && { servicePrincipalId: inputs.servicePrincipalId }),
    ...(inputs.applicationId !== undefined && { applicationId: inputs.applicationId }),
    apiVersion: inputs.apiVersion === "beta" ? "beta" : "v1.0",
    cloud: "global",
    graphEndpoint: "https://graph.microsoft.com",
    credentialKeys: inputs.credentials.map((pair) => pair.key).sort(),
    credentialFingerprint: credentialFingerprint(SALT, inputs.credentials),
    fingerprintSalt: SALT,
    ...(inputs.triggers !== undefined && { triggers: inputs.triggers }),
    ...(inputs.reauthorizeAfter !== undefined && { reauthorizeAfter: inputs.reauthorizeAfter }),
    lastAuthorizedAt: AUTHORIZED_AT,
  };
}

const OLDS = outputsOf(INPUTS);

/** A copy of `record` without the named fields, as older or partial state would be. */
function without<T extends object>(record: T, ...names: string[]): T {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name))) as T;
}

function assertNoSecrets(plan: ChangePlan): void {
  const text = JSON.stringify(plan);
  assert.equal(text.includes(OLD_SECRET), false);
  assert.equal(text.includes(NEW_SECRET), false);
}

function assertAuthorizes(plan: ChangePlan, reasonPattern: RegExp): void {
  assert.equal(plan.changes, true);
  assert.equal(plan.authorize, true);
  assert.deepEqual(plan.replaces, []);
  assert.ok(
    plan.reasons.some((reason) => reasonPattern.test(reason)),
    `a reason matching ${reasonPattern} among ${JSON.stringify(plan.reasons)}`,
  );
  assertNoSecrets(plan);
}

function assertNoChange(plan: ChangePlan): void {
  assert.deepEqual(plan, { changes: false, authorize: false, replaces: [], reasons: [] });
}

function withCredential(key: string, value: string): CheckedInputs {
  return { ...INPUTS, credentials: INPUTS.credentials.map((pair) => (pair.key === key ? { key, value } : pair)) };
}

describe("planChange", () => {
  describe("after an authorization whose answer was lost (unconfirmedAuthorizationAt)", () => {
    const CODE = "code-CANARY-7f3a9c1e";
    const withCode: CheckedInputs = {
      ...INPUTS,
      credentials: [...INPUTS.credentials, { key: "Oauth2AuthorizationCode", value: CODE }],
    };
    const unconfirmed = {
      ...without(outputsOf(withCode), "lastAuthorizedAt"),
      singleUseFingerprints: singleUseFingerprints(SALT, withCode.credentials),
      unconfirmedAuthorizationAt: AUTHORIZED_AT,
    };

    it("authorizes again, saying why, and warns that the same code will not be sent", () => {
      const plan = planChange(unconfirmed, withCode, CONTEXT);
      assertAuthorizes(plan, /the authorization sent at 2026-10-01T12:00:00\.000Z may not have been applied/);
      assert.ok(
        plan.reasons.some((reason) => /Oauth2AuthorizationCode is the single-use code already sent/.test(reason)),
      );
      assert.ok(!JSON.stringify(plan).includes(CODE));
    });

    it("authorizes with a new code without warning", () => {
      const newCode = {
        ...withCode,
        credentials: [...INPUTS.credentials, { key: "Oauth2AuthorizationCode", value: `${CODE}-new` }],
      };
      const plan = planChange(unconfirmed, newCode, CONTEXT);
      assert.equal(plan.authorize, true);
      assert.ok(!plan.reasons.some((reason) => /already sent/.test(reason)));
    });
  });

  describe("no change", () => {
    it("when nothing changed", () => {
      assertNoChange(planChange(OLDS, INPUTS, CONTEXT));
    });

    it("when only the provider code (__provider) changed", () => {
      assertNoChange(
        planChange(
          { ...OLDS, __provider: "old code" },
          { ...INPUTS, __provider: "new code" } as CheckedInputs,
          CONTEXT,
        ),
      );
    });

    it("when credentials or triggers come in another order", () => {
      const reordered: CheckedInputs = {
        ...INPUTS,
        credentials: [...INPUTS.credentials].reverse(),
        triggers: { b: "2", a: "1" },
      };
      assertNoChange(planChange(outputsOf({ ...INPUTS, triggers: { a: "1", b: "2" } }), reordered, CONTEXT));
    });

    it("when triggers go from absent to empty", () => {
      const withoutTriggers = without(INPUTS, "triggers");
      assertNoChange(planChange(outputsOf(withoutTriggers), { ...withoutTriggers, triggers: {} }, CONTEXT));
    });

    it("when only the case of the id changed", () => {
      assertNoChange(planChange({ ...OLDS, servicePrincipalId: SP_ID.toUpperCase() }, INPUTS, CONTEXT));
    });

    it("when old state lacks apiVersion, cloud and graphEndpoint (assumed unchanged)", () => {
      const older = without(OLDS, "apiVersion", "cloud", "graphEndpoint");
      assertNoChange(planChange(older, INPUTS, CONTEXT));
    });

    it("when only a key's spelling changed: Graph's spelling compares equal to the one state was written with", () => {
      const code = "code-CANARY-5e6f7a8b9c";
      const typed: CheckedInputs = {
        ...INPUTS,
        credentials: [...INPUTS.credentials, { key: "oauth2AuthorizationCode", value: code }],
      };
      const spelled: CheckedInputs = {
        ...INPUTS,
        credentials: [...INPUTS.credentials, { key: "Oauth2AuthorizationCode", value: code }],
      };
      const singleUseFingerprints = {
        oauth2AuthorizationCode: credentialFingerprint(SALT, [{ key: "oauth2AuthorizationCode", value: code }]),
      };
      // 0.1.0 stored every key name as typed.
      const released = { ...outputsOf(typed), singleUseFingerprints };
      assertNoChange(planChange(released, spelled, CONTEXT));
      // Later state stores a name that is not Graph's as a fingerprint.
      const current = {
        ...released,
        credentialKeys: typed.credentials.map((pair) => storedKeyName(SALT, pair.key)).sort(),
      };
      assertNoChange(planChange(current, spelled, CONTEXT));
      // The same spelling with a new code is a change.
      const newCode = {
        ...spelled,
        credentials: [...INPUTS.credentials, { key: "Oauth2AuthorizationCode", value: NEW_SECRET }],
      };
      assertAuthorizes(planChange(current, newCode, CONTEXT), /credentials changed/);
    });

    it("when the Graph endpoint differs only by a trailing slash or case", () => {
      assertNoChange(planChange(OLDS, INPUTS, { ...CONTEXT, graphEndpoint: "https://Graph.microsoft.com/" }));
    });
  });

  describe("replacement", () => {
    it("when the service principal changes", () => {
      const plan = planChange(
        OLDS,
        { ...INPUTS, target: `servicePrincipals/${OTHER_ID}`, servicePrincipalId: OTHER_ID },
        CONTEXT,
      );
      assert.deepEqual(plan.replaces, ["servicePrincipalId"]);
      assert.equal(plan.changes, true);
      assert.equal(plan.authorize, true);
      assert.match(plan.reasons[0], /target changed \(servicePrincipalId\)/);
    });

    it("when switching from the service principal to an application, naming both properties", () => {
      const rest = without(INPUTS, "servicePrincipalId");
      const plan = planChange(OLDS, { ...rest, target: `applications/${OTHER_ID}`, applicationId: OTHER_ID }, CONTEXT);
      assert.deepEqual(plan.replaces, ["servicePrincipalId", "applicationId"]);
    });

    it("when the id is unknown", () => {
      const plan = planChange(OLDS, { ...INPUTS, target: UNKNOWN_VALUE, servicePrincipalId: UNKNOWN_VALUE }, CONTEXT);
      assert.deepEqual(plan.replaces, ["servicePrincipalId"]);
    });

    it("reads the old id from target when older state lacks the id fields", () => {
      const older = without(OLDS, "servicePrincipalId");
      assertNoChange(planChange(older, INPUTS, CONTEXT));
      const moved = planChange(
        older,
        { ...INPUTS, target: `servicePrincipals/${OTHER_ID}`, servicePrincipalId: OTHER_ID },
        CONTEXT,
      );
      assert.deepEqual(moved.replaces, ["servicePrincipalId"]);
    });

    it("when the old state is empty, without throwing", () => {
      const plan = planChange({}, INPUTS, CONTEXT);
      assert.deepEqual(plan.replaces, ["servicePrincipalId"]);
      assert.equal(plan.authorize, true);
    });
  });

  describe("update that authorizes again", () => {
    it("when a credential value changes, without showing either value", () => {
      assertAuthorizes(
        planChange(OLDS, withCredential("SecretToken", NEW_SECRET), CONTEXT),
        /^credentials changed \(at least one value differs\)$/,
      );
    });

    it("when a credential key is added or removed, naming the keys", () => {
      const added: CheckedInputs = {
        ...INPUTS,
        credentials: [...INPUTS.credentials, { key: "SyncAll", value: "True" }],
      };
      assertAuthorizes(planChange(OLDS, added, CONTEXT), /^credential keys changed \(added "SyncAll"\)$/);
      const removed: CheckedInputs = { ...INPUTS, credentials: INPUTS.credentials.slice(1) };
      assertAuthorizes(planChange(OLDS, removed, CONTEXT), /^credential keys changed \(removed "BaseAddress"\)$/);
    });

    it("never names a key that is not a known key name (it may be a secret typed as a key)", () => {
      const misplaced = "tok-9f8e7d6c5b4a39281706";
      const added: CheckedInputs = { ...INPUTS, credentials: [...INPUTS.credentials, { key: misplaced, value: "x" }] };
      const plan = planChange(OLDS, added, CONTEXT);
      assertAuthorizes(plan, /^credential keys changed \(added 1 key not shown because credentials are secret\)$/);
      const removed = planChange(
        { ...OLDS, credentialKeys: [...(OLDS.credentialKeys as string[]), misplaced] },
        INPUTS,
        CONTEXT,
      );
      assertAuthorizes(removed, /^credential keys changed \(removed 1 key not shown because credentials are secret\)$/);
      assert.ok(!JSON.stringify([plan, removed]).includes(misplaced));
    });

    it("when a credential value is unknown", () => {
      assertAuthorizes(
        planChange(OLDS, withCredential("SecretToken", UNKNOWN_VALUE), CONTEXT),
        /credentials may change/,
      );
    });

    it("when old state holds no fingerprint", () => {
      const older = without(OLDS, "credentialFingerprint");
      assertAuthorizes(planChange(older, INPUTS, CONTEXT), /no credential fingerprint/);
    });

    it("when a trigger changes, is added or removed, naming it", () => {
      assertAuthorizes(
        planChange(OLDS, { ...INPUTS, triggers: { rotation: "2" } }, CONTEXT),
        /^triggers changed \("rotation"\)$/,
      );
      assertAuthorizes(planChange(OLDS, { ...INPUTS, triggers: { rotation: "1", extra: "" } }, CONTEXT), /"extra"/);
      assertAuthorizes(planChange(OLDS, { ...INPUTS, triggers: undefined }, CONTEXT), /"rotation"/);
    });

    it("when a trigger is unknown", () => {
      assertAuthorizes(
        planChange(OLDS, { ...INPUTS, triggers: { rotation: UNKNOWN_VALUE } }, CONTEXT),
        /triggers may change/,
      );
    });

    it("when apiVersion changes or is unknown", () => {
      assertAuthorizes(
        planChange(OLDS, { ...INPUTS, apiVersion: "beta" }, CONTEXT),
        /apiVersion changed from "v1.0" to "beta"/,
      );
      assertAuthorizes(planChange(OLDS, { ...INPUTS, apiVersion: UNKNOWN_VALUE }, CONTEXT), /apiVersion may change/);
    });

    it("when the cloud or the Graph endpoint changes", () => {
      assertAuthorizes(
        planChange(OLDS, INPUTS, { ...CONTEXT, cloud: "china" }),
        /cloud changed from "global" to "china"/,
      );
      assertAuthorizes(
        planChange(OLDS, INPUTS, { ...CONTEXT, graphEndpoint: "https://127.0.0.1:8443" }),
        /Graph endpoint changed from "https:\/\/graph.microsoft.com" to "https:\/\/127.0.0.1:8443"/,
      );
    });
  });

  describe("reauthorizeAfter", () => {
    const periodic: CheckedInputs = { ...INPUTS, reauthorizeAfter: "30d" };
    const olds = outputsOf(periodic);

    it("authorizes once the last authorization is as old as the period", () => {
      const now = new Date(Date.parse(AUTHORIZED_AT) + 31 * DAY + 4 * 3_600_000 + 120_000);
      const plan = planChange(olds, periodic, { ...CONTEXT, now });
      assertAuthorizes(
        plan,
        /^last authorized 2026-10-01T12:00:00.000Z, 31d4h ago, older than reauthorizeAfter "30d"$/,
      );
      assertAuthorizes(
        planChange(olds, periodic, { ...CONTEXT, now: new Date(Date.parse(AUTHORIZED_AT) + 30 * DAY) }),
        /30d ago/,
      );
    });

    it("does nothing while the last authorization is younger", () => {
      assertNoChange(
        planChange(olds, periodic, { ...CONTEXT, now: new Date(Date.parse(AUTHORIZED_AT) + 30 * DAY - 1) }),
      );
      assertNoChange(planChange(olds, periodic, { ...CONTEXT, now: new Date(Date.parse(AUTHORIZED_AT) - DAY) }));
    });

    it("authorizes when old state has no valid lastAuthorizedAt", () => {
      assertAuthorizes(
        planChange({ ...olds, lastAuthorizedAt: "yesterday" }, periodic, CONTEXT),
        /no valid lastAuthorizedAt/,
      );
    });

    it("refreshes outputs without authorizing when only the period changes", () => {
      const plan = planChange(olds, { ...periodic, reauthorizeAfter: "720h" }, CONTEXT);
      assert.deepEqual(plan, {
        changes: true,
        authorize: false,
        replaces: [],
        reasons: ['reauthorizeAfter changed from "30d" to "720h" (no new authorization)'],
      });
      const removed = planChange(olds, INPUTS, CONTEXT);
      assert.equal(removed.changes, true);
      assert.equal(removed.authorize, false);
      assert.match(removed.reasons[0], /from "30d" to unset/);
      const unknown = planChange(olds, { ...periodic, reauthorizeAfter: UNKNOWN_VALUE }, CONTEXT);
      assert.equal(unknown.changes, true);
      assert.equal(unknown.authorize, false);
    });

    it("authorizes when a shorter new period is already due", () => {
      const plan = planChange(olds, { ...periodic, reauthorizeAfter: "7d" }, CONTEXT);
      assertAuthorizes(plan, /10d ago, older than reauthorizeAfter "7d"/);
    });
  });

  it("never names a key that is not a known name when keys change: it may be a value typed as a key", () => {
    const typedAsKey = "swapped-CANARY-8e1f0c2b7a";
    const swapped: CheckedInputs = {
      ...INPUTS,
      credentials: [...INPUTS.credentials, { key: typedAsKey, value: "SecretToken" }],
    };
    const added = planChange(OLDS, swapped, CONTEXT);
    assertAuthorizes(added, /credential keys changed \(added 1 key not shown/);
    assert.ok(!JSON.stringify(added).includes(typedAsKey));
    // State written before unknown names were stored as fingerprints holds the name itself.
    const earlier = { ...outputsOf(swapped), credentialKeys: [...OLDS.credentialKeys, typedAsKey] };
    assertNoChange(planChange(earlier, swapped, CONTEXT));
    const removed = planChange(earlier, INPUTS, CONTEXT);
    assertAuthorizes(removed, /removed 1 key not shown/);
    assert.ok(!JSON.stringify(removed).includes(typedAsKey));
  });

  it("survives odd old state without throwing", () => {
    const odd = {
      target: 42,
      servicePrincipalId: SP_ID,
      credentialKeys: "BaseAddress",
      credentialFingerprint: ["x"],
      fingerprintSalt: null,
      triggers: "rotation",
      apiVersion: {},
      cloud: 3,
      lastAuthorizedAt: [],
    };
    const plan = planChange(odd, { ...INPUTS, reauthorizeAfter: "1d" }, CONTEXT);
    assert.equal(plan.authorize, true);
    assert.deepEqual(plan.replaces, []);
    assertNoSecrets(plan);
    assert.equal(planChange(null as unknown as Record<string, unknown>, INPUTS, CONTEXT).authorize, true);
  });

  describe("write-only credentials", () => {
    const WRITE_ONLY: CheckedInputs = {
      ...INPUTS,
      credentials: [{ key: "BaseAddress", value: "https://scim.example.test" }],
      writeOnlyCredentials: [
        { key: "SecretToken", fromEnv: "SCIM_TOKEN" },
        { key: "Oauth2ClientSecret", fromFile: "/run/secrets/client-secret" },
      ],
      writeOnlyCredentialsVersion: "1",
    };
    /** What the provider stores after authorizing WRITE_ONLY: references, version, and the union of keys. */
    const STORED = {
      ...outputsOf(WRITE_ONLY),
      credentialKeys: ["BaseAddress", "Oauth2ClientSecret", "SecretToken"],
      writeOnlyCredentials: WRITE_ONLY.writeOnlyCredentials,
      writeOnlyCredentialsVersion: "1",
    };

    function withReferences(references: CheckedInputs["writeOnlyCredentials"]): CheckedInputs {
      return { ...WRITE_ONLY, writeOnlyCredentials: references };
    }

    it("never names a reference's key that is not a known key name", () => {
      const misplaced = "tok-9f8e7d6c5b4a39281706";
      const given = withReferences([...(WRITE_ONLY.writeOnlyCredentials ?? []), { key: misplaced, fromEnv: "X" }]);
      const plan = planChange(STORED, given, CONTEXT);
      assertAuthorizes(plan, /references changed \(1 key not shown because credentials are secret\)/);
      assert.ok(!JSON.stringify(plan).includes(misplaced), JSON.stringify(plan.reasons));
    });

    it("sees no change for the same references in any order and the same version", () => {
      assertNoChange(planChange(STORED, WRITE_ONLY, CONTEXT));
      assertNoChange(
        planChange(STORED, withReferences([...(WRITE_ONLY.writeOnlyCredentials ?? [])].reverse()), CONTEXT),
      );
    });

    it("sees no change in state from before write-only credentials when none are given", () => {
      assertNoChange(planChange(without(OLDS, "writeOnlyCredentials", "writeOnlyCredentialsVersion"), INPUTS, CONTEXT));
    });

    /** The adapter knows the version was not secret, in the old state and in the new inputs. */
    const VERSION_PUBLIC: PlanContext = { ...CONTEXT, publicInputs: new Set(["writeOnlyCredentialsVersion"]) };

    it("authorizes when the version changes, is set or is removed, showing versions known not to be secret", () => {
      assertAuthorizes(
        planChange(STORED, { ...WRITE_ONLY, writeOnlyCredentialsVersion: "2" }, VERSION_PUBLIC),
        /^writeOnlyCredentialsVersion changed from "1" to "2"$/,
      );
      assertAuthorizes(
        planChange(without(STORED, "writeOnlyCredentialsVersion"), WRITE_ONLY, VERSION_PUBLIC),
        /writeOnlyCredentialsVersion changed from unset to "1"/,
      );
      assertAuthorizes(
        planChange(STORED, without(WRITE_ONLY, "writeOnlyCredentialsVersion"), VERSION_PUBLIC),
        /writeOnlyCredentialsVersion changed from "1" to unset/,
      );
    });

    it("never shows a version that may be secret", () => {
      const secretText = "version-canary-7f3a";
      const plan = planChange(STORED, { ...WRITE_ONLY, writeOnlyCredentialsVersion: secretText }, CONTEXT);
      assertAuthorizes(plan, /^writeOnlyCredentialsVersion changed \(its values are not shown: it may be secret\)$/);
      assert.ok(!JSON.stringify(plan).includes(secretText), "the new version is not in the plan");
      const fromSecret = planChange({ ...STORED, writeOnlyCredentialsVersion: secretText }, WRITE_ONLY, {
        ...CONTEXT,
        publicInputs: new Set<string>(),
      });
      assert.ok(!JSON.stringify(fromSecret).includes(secretText), "the old version is not in the plan");
    });

    it("authorizes when a reference changes its target or its kind, naming only the key", () => {
      const otherVariable = withReferences([
        { key: "SecretToken", fromEnv: "SCIM_TOKEN_NEXT" },
        { key: "Oauth2ClientSecret", fromFile: "/run/secrets/client-secret" },
      ]);
      assertAuthorizes(
        planChange(STORED, otherVariable, CONTEXT),
        /^write-only credential references changed \("SecretToken"\)$/,
      );
      const sameTextOtherKind = withReferences([
        { key: "SecretToken", fromFile: "SCIM_TOKEN" },
        { key: "Oauth2ClientSecret", fromFile: "/run/secrets/client-secret" },
      ]);
      assertAuthorizes(planChange(STORED, sameTextOtherKind, CONTEXT), /references changed \("SecretToken"\)/);
    });

    it("authorizes when a write-only key is added or removed", () => {
      const added = withReferences([
        ...(WRITE_ONLY.writeOnlyCredentials ?? []),
        { key: "Oauth2AuthorizationCode", fromKeyVault: "https://v.vault.azure.net/secrets/code" },
      ]);
      assertAuthorizes(
        planChange(STORED, added, CONTEXT),
        /credential keys changed \(added "Oauth2AuthorizationCode"\)/,
      );
      const removed = withReferences([{ key: "SecretToken", fromEnv: "SCIM_TOKEN" }]);
      assertAuthorizes(
        planChange(STORED, removed, CONTEXT),
        /credential keys changed \(removed "Oauth2ClientSecret"\)/,
      );
      assertAuthorizes(planChange(STORED, removed, CONTEXT), /references changed \("Oauth2ClientSecret"\)/);
    });

    it("authorizes when a key moves between credentials and write-only credentials", () => {
      const moved: CheckedInputs = {
        ...WRITE_ONLY,
        credentials: [...WRITE_ONLY.credentials, { key: "SecretToken", value: NEW_SECRET }],
        writeOnlyCredentials: [{ key: "Oauth2ClientSecret", fromFile: "/run/secrets/client-secret" }],
      };
      const plan = planChange(STORED, moved, CONTEXT);
      assertAuthorizes(plan, /credentials changed \(at least one value differs\)/);
      assertAuthorizes(plan, /references changed \("SecretToken"\)/);
    });

    it("counts unknown references or version as a possible change", () => {
      assertAuthorizes(
        planChange(STORED, withReferences([{ key: UNKNOWN_VALUE, fromEnv: UNKNOWN_VALUE }]), CONTEXT),
        /write-only credential references may change \(not known until apply\)/,
      );
      assertAuthorizes(
        planChange(STORED, { ...WRITE_ONLY, writeOnlyCredentialsVersion: UNKNOWN_VALUE }, CONTEXT),
        /writeOnlyCredentialsVersion may change/,
      );
    });

    it("authorizes when the stored references are unreadable, and never throws on them", () => {
      for (const junk of ["x", 5, [null], [{ key: 1, fromEnv: "A" }], [{ key: "SecretToken" }], { SecretToken: "A" }]) {
        assertAuthorizes(
          planChange({ ...STORED, writeOnlyCredentials: junk }, WRITE_ONLY, CONTEXT),
          /previous state's write-only credential references are unreadable/,
        );
      }
    });

    it("does not authorize when only reauthorizeAfter changes", () => {
      const plan = planChange(STORED, { ...WRITE_ONLY, reauthorizeAfter: "30d" }, CONTEXT);
      assert.equal(plan.changes, true);
      assert.equal(plan.authorize, false);
    });
  });
});
