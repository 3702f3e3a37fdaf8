import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator } from "../emulator";
import { emulatedStack } from "./emulatedStack";

const TYPE = "syncauth:index:SynchronizationAuthorization";

/**
 * `ignoreChanges: [credentials.SecretToken]` on the syncauth plugin, from a YAML program: the engine resolves the
 * path against the inputs check handed back, so they must keep the program's map.
 */
describe("ignoreChanges on a credential key, the syncauth plugin from a YAML program", function () {
  this.timeout(600_000);
  const token = `canary-token-${crypto.randomBytes(12).toString("base64url")}`;
  const changedToken = `canary-changed-${crypto.randomBytes(12).toString("base64url")}`;
  let emu: Emulator;
  let stack: LocalStack;

  const program = (servicePrincipalId: string) =>
    stringify({
      name: "plugin-ignore-changes",
      runtime: "yaml",
      config: { token: { type: "string", secret: true } },
      resources: {
        auth: {
          type: TYPE,
          properties: {
            servicePrincipalId,
            credentials: { BaseAddress: "https://scim.example/v2", SecretToken: "${token}" },
          },
          options: { ignoreChanges: ["credentials.SecretToken"] },
        },
      },
    });

  before(async () => {
    emu = await startEmulator();
    const projectFile = program(emu.fixture.generatedServicePrincipals[0].objectId);
    stack = await emulatedStack({
      emulator: emu,
      projectName: "plugin-ignore-changes",
      projectFile,
      env: { PATH: pathWithYamlHost(stagedSyncauthDir()), [nodeVariable("syncauth")]: process.execPath },
    });
    fs.writeFileSync(path.join(stack.workDir, "Pulumi.yaml"), projectFile);
    await stack.setConfig("token", token, { secret: true });
  });
  after(async () => {
    stack?.dispose();
    await emu?.stop();
  });

  it("keeps the stored value and the key: no POST, the same keys, no value in state", async () => {
    const created = await stack.up();
    assert.equal(created.code, 0, created.stdout + created.stderr);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    emu.clearLog();

    await stack.setConfig("token", changedToken, { secret: true });
    const up = await stack.up();
    const output = up.stdout + up.stderr;
    assert.equal(up.code, 0, output);
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0, `nothing is sent\n${output}`);
    const resource = (await stack.resources()).find((r) => r.type === TYPE);
    assert.deepEqual(resource?.outputs?.credentialKeys, ["BaseAddress", "SecretToken"]);
    const state = await stack.exportText();
    for (const value of [token, changedToken]) {
      assert.ok(!state.includes(value) && !output.includes(value), "no credential value in state or output");
    }
  });
});
