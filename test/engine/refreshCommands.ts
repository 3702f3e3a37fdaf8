import * as assert from "node:assert/strict";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator, CREDENTIALS_NOT_ACCEPTED } from "../emulator";
import { calls, canary, SIGN_IN, succeeded, type FrontDoor } from "./connectionTestScenario";

const REFUSED = CREDENTIALS_NOT_ACCEPTED.code;

/** Each sign-in (one per provider process), existence probe and connection test, `times` times over. */
function reads(times: number): Record<string, number> {
  return {
    openidConfiguration: SIGN_IN.openidConfiguration * times,
    token: SIGN_IN.token * times,
    listSynchronizationTemplates: times,
    validateCredentials: times,
  };
}

/**
 * How many refusal warnings the CLI reported: the entries of its "Diagnostics:" summaries, where a warning starts its
 * line. The progress lines above a summary repeat each warning after the resource's name, so they are not counted.
 */
function refusalWarnings(output: string): number {
  return (
    output.match(new RegExp(`^\\s*warning: .*connection test .* at refresh failed: ${REFUSED}`, "gm"))?.length ?? 0
  );
}

/**
 * What each refresh command costs in Graph calls, run as users type it. The engine does not tell a provider that a
 * Read belongs to a preview (ReadRequest has no `preview` field, unlike Create, Update and Invoke; a dynamic
 * provider's `read(id, props)` gets nothing either), so every Read probes and tests. A plain `pulumi refresh` (with
 * `--yes`, as in CI) runs a preview of the refresh and then the refresh, each in its own provider process: two
 * sign-ins, two probes, two tests and two warnings. The README's Lifecycle table states these counts; this holds it
 * to them. The target is revoked so that every test is refused and warns, which makes the warnings countable.
 */
export function describeRefreshCommands(door: FrontDoor): void {
  describe("what each refresh command costs, typed as users type it", () => {
    let emu: Emulator;
    let stack: LocalStack;

    before(async () => {
      emu = await startEmulator();
      ({ stack } = await door.stack(emu, "refresh-commands", "scim", {
        servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
        credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: canary("SecretToken") },
        testConnection: { jobId: emu.fixture.ownedServicePrincipalJob.id },
      }));
      succeeded(await stack.up());
      assert.equal(emu.synchronization.revoke(emu.fixture.ownedServicePrincipal.objectId), true);
    });
    after(async () => {
      stack?.dispose();
      await emu?.stop();
    });
    beforeEach(() => emu.clearLog());

    it("`pulumi refresh --yes` reads twice, its preview and then the refresh: two of every call and warning", async () => {
      const refresh = await stack.pulumi(["refresh", "--yes", "--non-interactive"]);
      succeeded(refresh);
      assert.deepEqual(calls(emu), reads(2));
      assert.equal(refusalWarnings(refresh.stdout), 2, refresh.stdout);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "a refresh never authorizes");
      const [resource] = (await stack.resources()).filter((r) => r.type === door.type);
      const test = resource.outputs?.connectionTest as Record<string, unknown>;
      assert.equal(test.status, "failed", "the real refresh records its own test");
      assert.equal(test.during, "refresh");
    });

    it("`pulumi refresh --yes --skip-preview` reads once", async () => {
      const refresh = await stack.refresh();
      succeeded(refresh);
      assert.deepEqual(calls(emu), reads(1));
      assert.equal(refusalWarnings(refresh.stdout), 1, refresh.stdout);
    });

    it("`pulumi preview --refresh` reads once, the preview after the read adds no call, and state is not written", async () => {
      const before = await stack.exportText();
      const preview = await stack.preview("--refresh");
      succeeded(preview);
      assert.deepEqual(calls(emu), reads(1));
      assert.equal(refusalWarnings(preview.stdout), 1, preview.stdout);
      assert.equal(await stack.exportText(), before, "a preview records nothing, its test's result included");
    });
  });
}
