import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { unsetOutputs } from "../../provider/resources/synchronizationAuthorization/authorizationState";
import { serializedProviderFor } from "../../provider/dynamic/serializedProvider";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, Emulator } from "../emulator";
import { emulatedStack } from "./emulatedStack";

const TYPE = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";
/** The resource as the class registers it, with a serialized provider of the test's choosing. */
class RegisteredAuthorization extends pulumi.CustomResource {}

const ADAPTER = path.resolve(__dirname, "..", "..", "dist", "provider", "dynamic", "resourceProvider");

/**
 * A project that drops the package while its resources are still in state: the serialized provider in state then
 * requires a module that is gone. Stood in for by a module of its own (which re-exports the adapter) that the test
 * deletes, so that the worktree's own installation stays untouched.
 */
describe("a stack whose project no longer has the package, on the real engine", function () {
  this.timeout(600_000);
  let emu: Emulator;
  let stack: LocalStack;
  let scratch: string;
  let declared = true;

  before(async () => {
    emu = await startEmulator();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-removed-"));
    const module = path.join(scratch, "adapter.js");
    fs.writeFileSync(module, `module.exports = require(${JSON.stringify(ADAPTER)});\n`);
    const provider = serializedProviderFor(module);
    stack = await emulatedStack({
      emulator: emu,
      projectName: "package-removed",
      program: async () => {
        if (declared) {
          new RegisteredAuthorization(TYPE, "scim", {
            __provider: provider,
            servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
            credentials: pulumi.secret({ SecretToken: "t" }),
            ...unsetOutputs(),
          });
        }
        return {};
      },
    });
  });
  after(async () => {
    stack?.dispose();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    await emu?.stop();
  });

  it("refreshes, then destroys, without the package and without calling Graph", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    fs.rmSync(path.join(scratch, "adapter.js"));
    declared = false;
    emu.clearLog();
    const refresh = await stack.refresh();
    assert.equal(refresh.code, 0, refresh.stdout + refresh.stderr);
    assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 1, "refresh keeps it");
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.stdout + destroy.stderr);
    assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 0);
    assert.equal(emu.count({}), 0, "nothing was called");
  });
});
