import * as assert from "node:assert/strict";
import { SynchronizationAuthorization } from "../../provider";
import { REFRESH_FRACTION_OF_LIFETIME, REFRESH_MARGIN_MS } from "../../provider/auth/refreshPolicy";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator } from "../emulator";
import { emulatedStack } from "../engine/emulatedStack";
import { plannedOperations } from "../engine/previewOutput";
import { byName, Declared, programOver, sleep, succeeded } from "./support";

/** Lifetime of the emulator's access tokens here: short enough that one `up` outlives half of it. */
const TOKEN_LIFETIME_SECONDS = 16;
/**
 * Delay on the first POST. refreshPolicy renews a token at expiry − min(4 min, lifetime/2): for a 16 s token, 8 s
 * after it was requested at the latest. A POST that takes longer than half the lifetime therefore guarantees that
 * the next call (which waits for it) finds the token due, whatever the machine's speed.
 */
const SLOW_POST_MS = TOKEN_LIFETIME_SECONDS * 1000 * REFRESH_FRACTION_OF_LIFETIME + 1000;

describe("reliability: clock and expiry", function () {
  this.timeout(300_000);

  describe("an access token that reaches its refresh time mid-run", () => {
    let emu: Emulator;
    let stack: LocalStack;

    before(async () => {
      emu = await startEmulator({ tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });
    });
    after(async () => {
      emu?.faults.clear();
      stack?.dispose();
      await emu?.stop();
    });

    it("is renewed exactly once: the calls before its refresh time share it, the call after gets the second", async () => {
      assert.ok(
        TOKEN_LIFETIME_SECONDS * 1000 * REFRESH_FRACTION_OF_LIFETIME < REFRESH_MARGIN_MS,
        "half-life rule applies",
      );
      const [slow, early, afterEarly, late] = emu.fixture.generatedServicePrincipals
        .slice(120, 124)
        .map((sp) => sp.objectId);
      stack = await emulatedStack({
        emulator: emu,
        projectName: "expiry",
        program: async () => {
          const credentials = { SecretToken: "expiry" };
          const first = new SynchronizationAuthorization("slow", { servicePrincipalId: slow, credentials });
          const second = new SynchronizationAuthorization("early", { servicePrincipalId: early, credentials });
          new SynchronizationAuthorization(
            "afterEarly",
            { servicePrincipalId: afterEarly, credentials },
            { dependsOn: [second] },
          );
          new SynchronizationAuthorization("late", { servicePrincipalId: late, credentials }, { dependsOn: [first] });
          return {};
        },
      });
      emu.faults.add({ route: "acquireAccessToken", targetId: slow, action: { latencyMs: SLOW_POST_MS } });
      emu.clearLog();
      succeeded(await stack.up());

      // The first token covers every call made within half its lifetime (slow, early, afterEarly start together);
      // `late` waits for `slow`, so it calls after that and needs the second. Nothing calls after `late`: a
      // third request would mean a token renewed before its refresh time, or not shared.
      assert.equal(emu.count({ route: "token" }), 2);
      assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 4);
      assert.equal(emu.count({ status: 401 }), 0, "no call went out with an expired token");
      const order = emu.log
        .filter((e) => e.route === "token" || e.route === "acquireAccessToken")
        .map((e) => (e.route === "token" ? "token" : e.targetId));
      const at = (what: string | undefined) => order.indexOf(what);
      const secondToken = order.lastIndexOf("token");
      assert.equal(at("token"), 0, "the first call signs in");
      for (const id of [slow, early, afterEarly]) {
        assert.ok(at(id) < secondToken, `${id} used the first token`);
      }
      assert.ok(secondToken < at(late), "the call after the refresh time signed in again first");
      console.log(
        `      expiry: ${TOKEN_LIFETIME_SECONDS} s tokens, one POST held ${SLOW_POST_MS} ms: ` +
          `${emu.count({ route: "token" })} token requests for ${emu.count({ route: "acquireAccessToken" })} POSTs`,
      );
    });
  });

  describe("reauthorizeAfter at the boundary", () => {
    let emu: Emulator;
    let stack: LocalStack;
    const PERIOD_MS = 10_000;

    before(async () => {
      emu = await startEmulator();
    });
    after(async () => {
      stack?.dispose();
      await emu?.stop();
    });

    /**
     * What a preview must plan given when it ran: before the boundary nothing, after it an update; a preview that
     * straddles the boundary may say either. Returns the planned step.
     */
    async function previewAgainst(boundary: number): Promise<string | undefined> {
      const started = Date.now();
      const preview = await stack.preview("--diff");
      const ended = Date.now();
      succeeded(preview);
      const step = plannedOperations(preview.stdout).scim;
      if (ended < boundary) assert.equal(step, undefined, "a preview that ran before the boundary plans nothing");
      if (started >= boundary) {
        assert.equal(step, "update", "a preview that ran after the boundary plans the re-authorization");
        assert.match(preview.stdout + preview.stderr, /older than reauthorizeAfter "10s"/);
      }
      return step;
    }

    const lastAuthorizedAt = async (): Promise<number> =>
      Date.parse(String(byName(await stack.resources()).get("scim")?.outputs?.lastAuthorizedAt));

    it("never flaps: a preview that plans the update is followed by an up that authorizes, then all is quiet again", async () => {
      const declared: Declared[] = [
        {
          name: "scim",
          args: {
            servicePrincipalId: emu.fixture.generatedServicePrincipals[130].objectId,
            credentials: { SecretToken: "boundary" },
            reauthorizeAfter: "10s",
          },
        },
      ];
      stack = await emulatedStack({ emulator: emu, projectName: "boundary", program: programOver(() => declared) });
      succeeded(await stack.up());
      const first = await lastAuthorizedAt();
      await previewAgainst(first + PERIOD_MS);

      await sleep(Math.max(0, first + PERIOD_MS - Date.now()));
      const planned = await previewAgainst(first + PERIOD_MS);
      assert.equal(planned, "update");
      emu.clearLog();
      // Time only moves forward: whatever made the preview plan the update is still true when up runs, in its diff
      // and again in update (which decides afresh whether to call Graph).
      succeeded(await stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
      const second = await lastAuthorizedAt();
      assert.ok(second > first);

      emu.clearLog();
      const quiet = await previewAgainst(second + PERIOD_MS);
      const up = await stack.up();
      succeeded(up);
      const calls = emu.count({ route: "acquireAccessToken" });
      if (quiet === undefined && Date.now() < second + PERIOD_MS) {
        assert.equal(calls, 0, "the up after a quiet preview, still before the boundary, calls nothing");
      }
      assert.ok(calls <= 1, "at most one authorization per elapsed period");
    });
  });
});
