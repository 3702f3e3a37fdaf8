import * as assert from "node:assert/strict";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator } from "../emulator";
import { emulatedStack } from "../engine/emulatedStack";
import { byName, Declared, programOver, succeeded } from "./support";

const STORM_SIZE = 200;
/** Share of acquireAccessToken requests answered 429 or 503 (half each), decided by the emulator's seeded generator. */
const THROTTLED_SHARE = 0.3;
/** Share of the remaining requests whose connection is reset before any answer. */
const RESET_SHARE = 0.05;

/**
 * A stack of 200 authorizations through a storm of throttling, unavailability and connection resets: every target
 * must end with exactly one accepted POST (a retried POST never lands twice), under one sign-in.
 */
describe("reliability: fault storm", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let stack: LocalStack;

  before(async () => {
    emu = await startEmulator({ seed: 20261124 });
  });
  after(async () => {
    stack?.dispose();
    await emu?.stop();
  });

  it(`authorizes ${STORM_SIZE} resources through 429/503 answers and resets, each target accepted exactly once`, async () => {
    const targets = emu.fixture.generatedServicePrincipals.slice(0, STORM_SIZE);
    const declared: Declared[] = targets.map((sp, i) => ({
      name: `storm${i}`,
      args: { servicePrincipalId: sp.objectId, credentials: { SecretToken: `storm-token-${i}` } },
    }));
    stack = await emulatedStack({
      emulator: emu,
      projectName: "storm",
      program: programOver(() => declared),
      // At 35% faults, six attempts (the default 5 retries) all fail for one target in ~0.2% of cases; with 200
      // targets that would fail a run in three. Eleven attempts make it one in ~5,000.
      config: { "syncauth:maxRetries": { value: "10" } },
    });
    // Rules are tried in order and a request takes the first action drawn, so the second and third probabilities
    // are conditional on the earlier rules not firing.
    emu.faults.add({
      route: "acquireAccessToken",
      probability: THROTTLED_SHARE / 2,
      action: { status: 429, retryAfter: "0.2" },
    });
    emu.faults.add({
      route: "acquireAccessToken",
      probability: THROTTLED_SHARE / 2 / (1 - THROTTLED_SHARE / 2),
      action: { status: 503 },
    });
    emu.faults.add({
      route: "acquireAccessToken",
      probability: RESET_SHARE / (1 - THROTTLED_SHARE),
      action: { reset: true },
    });
    emu.clearLog();
    try {
      succeeded(await stack.up());
    } finally {
      emu.faults.clear();
    }

    const posts = emu.log.filter((e) => e.route === "acquireAccessToken");
    const by = (status: number | string) => posts.filter((e) => e.status === status).length;
    const retries = posts.filter((e) => e.headers["retry-attempt"] !== undefined);
    console.log(
      `      storm: ${STORM_SIZE} resources, ${posts.length} POSTs: ${by(204)} accepted, ${by(429)} × 429, ` +
        `${by(503)} × 503, ${by("reset")} resets; ${retries.length} retries (max Retry-Attempt ` +
        `${Math.max(0, ...retries.map((e) => Number(e.headers["retry-attempt"])))}); ${emu.count({ route: "token" })} token request(s)`,
    );
    assert.ok(by(429) > 0 && by(503) > 0 && by("reset") > 0, "the storm had every kind of fault");
    assert.equal(posts.length, by(204) + by(429) + by(503) + by("reset"), "nothing but faults and acceptances");
    assert.equal(by(204), STORM_SIZE);
    for (const sp of targets) {
      const attempts = posts.filter((e) => e.targetId === sp.objectId);
      assert.equal(attempts.filter((e) => e.status === 204).length, 1, `${sp.objectId} accepted exactly once`);
      assert.equal(attempts[attempts.length - 1].status, 204, `${sp.objectId}: nothing after the accepted POST`);
      assert.deepEqual(
        attempts.map((e) => e.headers["retry-attempt"]),
        attempts.map((_, i) => (i === 0 ? undefined : String(i))),
        `${sp.objectId}: retries are numbered in order`,
      );
    }
    assert.equal(retries.length, posts.length - STORM_SIZE, "every POST beyond the first per target is a retry");
    assert.equal(emu.count({ route: "token" }), 1, "one sign-in for the whole storm");
    assert.equal(emu.count({ route: "acquireAccessToken", status: 401 }), 0);

    const state = byName(await stack.resources());
    assert.equal(state.size, STORM_SIZE);
    for (const resource of state.values()) {
      assert.match(String(resource.outputs?.lastAuthorizedAt), /^\d{4}-\d\d-\d\dT/);
    }

    emu.clearLog();
    succeeded(await stack.up());
    assert.equal(emu.count({}), 0, "a second up after the storm calls nothing");
  });
});
