import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { PROJECT_ROOT, runPulumi } from "../../scripts/lib/pulumiCli";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { hostReleaseAsset, projectManifest, type ReleaseAsset } from "../../scripts/lib/seaPlugin";
import { startEmulator, type Emulator } from "../emulator";

/** The README's manual install command, as written there (one line starting `pulumi plugin install`). */
function readmeInstallCommand(): string[] {
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8").split("\n");
  const found = lines.filter((line) => line.startsWith("pulumi plugin install resource syncauth "));
  assert.equal(found.length, 1, `one install command in the README, found ${found.length}`);
  return found[0].trim().split(/\s+/);
}

/**
 * The syncauth tarball as `npm run package:plugin` builds it (dist/release), installed with the README's command
 * run as written from the project root, into a fresh PULUMI_HOME outside the project, running examples/yaml.
 */
describe("the syncauth plugin tarball, installed with the README's 'pulumi plugin install --file'", function () {
  this.timeout(300_000);
  let outside: string;
  let asset: ReleaseAsset;
  let stack: LocalStack;
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-install-"));
    asset = await hostReleaseAsset();
    stack = await LocalStack.create({
      projectName: "syncauth-installed",
      projectFile: fs.readFileSync(path.join(PROJECT_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8"),
      env: { PATH: pathWithYamlHost(), PULUMI_HOME: path.join(outside, "home"), NODE_EXTRA_CA_CERTS: emu.caCertPath },
    });
  });

  after(() => {
    stack?.dispose();
    emu?.stop();
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
  });

  it("names the tarball npm run package:plugin writes, at the path it writes it", () => {
    const command = readmeInstallCommand();
    const file = command[command.indexOf("--file") + 1];
    assert.equal(path.resolve(PROJECT_ROOT, file), asset.tarball);
    assert.equal(command[5], projectManifest().version);
  });

  it("installs from the project root, and runs the YAML example from the plugin cache: one sign-in and one POST, then none", async () => {
    const [, ...args] = readmeInstallCommand();
    const install = await runPulumi(args, { cwd: PROJECT_ROOT, env: stack.env });
    assert.equal(install.code, 0, install.stdout + install.stderr);
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
