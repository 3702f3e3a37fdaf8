import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { SYNCAUTH_PLUGIN_SOURCE } from "../../scripts/lib/syncauthPlugin";
import { packagePlugin, type PackagedPlugin } from "../../scripts/package-plugin";
import { startEmulator, type Emulator } from "../emulator";

/**
 * The syncauth tarball as `npm run package:plugin` builds it, installed with the one documented command into a
 * fresh PULUMI_HOME outside the project (so it cannot lean on the project's node_modules), running examples/yaml.
 */
describe("the syncauth plugin tarball, installed with 'pulumi plugin install --file'", function () {
  this.timeout(300_000);
  let outside: string;
  let packaged: PackagedPlugin;
  let stack: LocalStack;
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-install-"));
    packaged = packagePlugin({ ...SYNCAUTH_PLUGIN_SOURCE, outDir: path.join(outside, "out") });
    stack = await LocalStack.create({
      projectName: "syncauth-installed",
      projectFile: fs.readFileSync(path.join(PROJECT_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8"),
      env: {
        PATH: pathWithYamlHost(),
        PULUMI_HOME: path.join(outside, "home"),
        NODE_EXTRA_CA_CERTS: emu.caCertPath,
        [nodeVariable("syncauth")]: process.execPath,
      },
    });
  });

  after(() => {
    stack?.dispose();
    emu?.stop();
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
  });

  it("is named as the engine names plugin archives, and holds the launcher and the entry", () => {
    const version = SYNCAUTH_PLUGIN_SOURCE.version;
    assert.equal(path.basename(packaged.tarball), `pulumi-resource-syncauth-v${version}-linux-amd64.tar.gz`);
    assert.ok(packaged.bytes > 0);
  });

  it("installs, and runs the YAML example from the plugin cache: one sign-in and one POST, then none", async () => {
    const version = SYNCAUTH_PLUGIN_SOURCE.version;
    await stack.must(["plugin", "install", "resource", "syncauth", version, "--file", packaged.tarball]);
    const plugins = JSON.parse((await stack.must(["plugin", "ls", "--json"])).stdout) as { name: string }[];
    assert.deepEqual(
      plugins.map((p) => p.name),
      ["syncauth"],
    );
    const endpoints = emu.endpoints("global");
    const settings: [string, string, boolean?][] = [
      ["servicePrincipalId", emu.fixture.ownedServicePrincipal.objectId],
      ["scimBaseAddress", "https://scim.example.com/scim"],
      ["scimToken", "token-from-the-tarball-test", true],
      ["syncauth:graphEndpoint", endpoints.graphRoot],
      ["syncauth:authorityHost", endpoints.authorityHost],
      ["syncauth:graphScope", endpoints.graphScope],
      ["syncauth:tenantId", emu.fixture.demo.tenantId],
      ["syncauth:clientId", emu.fixture.demo.clientId],
      ["syncauth:clientSecret", emu.fixture.demo.clientSecrets[0], true],
    ];
    for (const [key, value, secret] of settings) await stack.setConfig(key, value, { secret });
    emu.clearLog();
    const up = await stack.up();
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.doesNotMatch(
      up.stdout + up.stderr,
      /pulumi-resource-syncauth from \$PATH/,
      "the installed plugin, not one found on PATH",
    );
    assert.equal(emu.count({ route: "token" }), 1);
    assert.equal(emu.count({ route: "acquireAccessToken", method: "POST" }), 1);
    emu.clearLog();
    const destroy = await stack.destroy();
    assert.equal(destroy.code, 0, destroy.stdout + destroy.stderr);
    assert.equal(emu.log.length, 0);
  });
});
