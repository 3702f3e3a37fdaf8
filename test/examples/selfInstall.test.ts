import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";
import { builtGoProgram, type BuiltGoProgram } from "../../scripts/lib/goProgram";
import { LocalStack } from "../../scripts/lib/localStack";
import type { CommandResult } from "../../scripts/lib/pulumiCli";
import { pulumiCliPath } from "../../scripts/lib/pulumiCli";
import { pulumiYamlPath } from "../../scripts/lib/pulumiYaml";
import { hostReleaseAsset, projectManifest, type ReleaseAsset } from "../../scripts/lib/seaPlugin";
import { startEmulator, type Emulator } from "../emulator";
import { servePluginReleases, type PluginReleaseServer } from "./pluginReleaseServer";
import {
  assertNoSecretShown,
  clientSecret,
  type GoResult,
  runProcess,
  scimTokenCanaries,
  setProgramConfig,
  setProviderConfig,
  takeGraphCalls,
} from "./pluginScenario";
import { EXAMPLES_DIR } from "./typeCheck";

const VERSION = projectManifest().version;
const DOWNLOAD_URL = syncauthSchema(VERSION).pluginDownloadURL as string;
const ASSET_PATH = `/pulumi-resource-syncauth-v${VERSION}-linux-amd64.tar.gz`;

/**
 * A fresh PULUMI_HOME with no plugin in it, no `node` and no syncauth plugin on PATH (only the CLI's and the YAML
 * host's folders; PULUMI_IGNORE_AMBIENT_PLUGINS would hide the YAML host too): the engine must find the
 * plugin's download URL itself (the YAML program's resource options; the Go SDK's defaults, from the schema), fetch
 * the release tarball and run the self-contained executable. The one test-only part is the engine's own
 * PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES, which sends the schema's github:// URL to a loopback server serving the
 * release tarball built from this checkout.
 */
function selfInstallEnv(stack: LocalStack, emu: Emulator, server: PluginReleaseServer): void {
  const searchPath = [path.dirname(pulumiCliPath()), path.dirname(pulumiYamlPath())];
  for (const dir of searchPath) {
    for (const absent of ["node", "pulumi-resource-syncauth"]) {
      assert.ok(!fs.existsSync(path.join(dir, absent)), `${dir} holds ${absent}: the run would not prove anything`);
    }
  }
  Object.assign(stack.env, {
    PATH: searchPath.join(path.delimiter),
    NODE_EXTRA_CA_CERTS: emu.caCertPath,
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${DOWNLOAD_URL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$=${server.url}`,
  });
  // LocalStack turns automatic plugin acquisition off for every other test; here it is what is tested.
  delete stack.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION;
  assert.deepEqual(installedPlugins(stack), [], "the PULUMI_HOME starts with no plugin");
}

/** The plugins installed in the stack's PULUMI_HOME, as `<kind>-<name>-v<version>` folders. */
function installedPlugins(stack: LocalStack): string[] {
  const dir = path.join(stack.env.PULUMI_HOME as string, "plugins");
  if (!fs.existsSync(dir)) return [];
  // Beside each plugin's folder the engine keeps files of its own (a .lastused mark, a cached schema).
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

describe("the engine installs the self-contained plugin by itself from the schema's pluginDownloadURL", function () {
  this.timeout(600_000);
  let asset: ReleaseAsset;
  let emu: Emulator;
  let server: PluginReleaseServer;
  const canaries = scimTokenCanaries();

  before(async function () {
    this.timeout(600_000); // the release build, and a cold build of the CLI's YAML host
    asset = await hostReleaseAsset();
    pulumiYamlPath();
    emu = await startEmulator();
    server = await servePluginReleases(path.dirname(asset.tarball));
  });
  after(async () => {
    await server?.close();
    await emu?.stop();
  });

  const secrets = () => [...canaries, clientSecret(emu)];

  it("the YAML example names the plugin's version and the schema's download URL", () => {
    const program = fs.readFileSync(path.join(EXAMPLES_DIR, "yaml", "Pulumi.yaml"), "utf8");
    assert.match(program, new RegExp(`\\n\\s+version: ${VERSION.replace(/\./g, "\\.")}\\n`));
    assert.ok(program.includes(`pluginDownloadURL: ${DOWNLOAD_URL}\n`), program);
  });

  it("pulumi plugin install --server, as docs/installation-configuration.md gives it: one download, installed", async () => {
    const stack = await LocalStack.create({ projectName: "syncauth-plugin-install-server" });
    try {
      selfInstallEnv(stack, emu, server);
      server.requests.length = 0;
      await stack.must(["plugin", "install", "resource", "syncauth", VERSION, "--server", DOWNLOAD_URL]);
      assert.deepEqual(server.requests, [ASSET_PATH]);
      assert.deepEqual(installedPlugins(stack), [`resource-syncauth-v${VERSION}`]);
    } finally {
      stack.dispose();
    }
  });

  describe("examples/yaml with plain pulumi commands", () => {
    let stack: LocalStack;
    before(async () => {
      stack = await LocalStack.create({
        projectName: "syncauth-yaml-self-install",
        projectFile: fs.readFileSync(path.join(EXAMPLES_DIR, "yaml", "Pulumi.yaml"), "utf8"),
      });
      selfInstallEnv(stack, emu, server);
      await setProgramConfig(stack, emu, canaries[0]);
      await setProviderConfig(stack, emu, "syncauth:");
      server.requests.length = 0;
      emu.clearLog();
    });
    after(() => stack?.dispose());

    async function succeed(run: Promise<CommandResult>): Promise<string> {
      const result = await run;
      const printed = result.stdout + result.stderr;
      assertNoSecretShown(stack, printed, secrets());
      assert.equal(result.code, 0, `${result.command}\n${printed}`);
      return printed;
    }

    it("preview: the engine downloads the plugin once from the release URL and installs it; no Graph call", async () => {
      const printed = await succeed(stack.preview());
      assert.deepEqual(server.requests, [ASSET_PATH]);
      assert.deepEqual(installedPlugins(stack), [`resource-syncauth-v${VERSION}`]);
      assert.match(printed, /\+\s+syncauth:index:SynchronizationAuthorization\s+authorization\s+create/);
      assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
    });

    it("up, up again, rotation, refresh, destroy: today's Graph calls, and no second download", async () => {
      await succeed(stack.up());
      assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 1, gets: 0 });
      await succeed(stack.up());
      assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
      await stack.setConfig("scimToken", canaries[1], { secret: true });
      // With its preview, as in yamlProgram.test.ts: the preview calls nothing.
      await succeed(stack.pulumi(["up", "--yes", "--non-interactive"]));
      assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 1, gets: 0 });
      await succeed(stack.refresh());
      assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 0, gets: 1 });
      await succeed(stack.destroy());
      assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
      assert.deepEqual(server.requests, [ASSET_PATH], "one download in all");
    });
  });

  describe("examples/go on the Go SDK generated from the schema", () => {
    let program: BuiltGoProgram;
    let stack: LocalStack;
    before(async function () {
      this.timeout(1_800_000); // a cold build compiles Pulumi's Go SDK; shared with goProgram.test.ts after
      program = builtGoProgram({
        name: "syncauth-go",
        dir: path.join(EXAMPLES_DIR, "go"),
        schema: syncauthSchema(VERSION),
      });
      stack = await LocalStack.create({
        projectName: "syncauth-go-self-install",
        projectFile: fs.readFileSync(path.join(EXAMPLES_DIR, "go", "Pulumi.yaml"), "utf8"),
      });
      selfInstallEnv(stack, emu, server);
      await setProgramConfig(stack, emu, canaries[0]);
      await setProviderConfig(stack, emu, "syncauth:");
      server.requests.length = 0;
      emu.clearLog();
    });
    after(() => stack?.dispose());

    async function succeed(operation: string): Promise<GoResult> {
      const finished = await runProcess(program.binary, ["-stack", stack.stackName, operation], {
        cwd: stack.workDir,
        env: stack.env,
      });
      assertNoSecretShown(stack, finished.stdout + finished.stderr, secrets());
      const result = JSON.parse(finished.stdout.trim().split("\n").at(-1) ?? "{}") as GoResult;
      assert.equal(finished.code, 0, `${operation}: ${result.error ?? finished.stderr}`);
      return result;
    }

    it("the generated SDK carries the schema's download URL and version as resource defaults", () => {
      const utilities = fs.readFileSync(
        path.join(program.sdkDir, "syncauth", "internal", "pulumiUtilities.go"),
        "utf8",
      );
      assert.ok(utilities.includes(`pulumi.PluginDownloadURL("${DOWNLOAD_URL}")`), "download URL");
      assert.ok(utilities.includes(`semver.MustParse("${VERSION}")`), "version");
    });

    it("preview: the engine downloads the plugin once and installs it; a create, no Graph call", async () => {
      const preview = await succeed("preview");
      assert.deepEqual(server.requests, [ASSET_PATH]);
      assert.deepEqual(installedPlugins(stack), [`resource-syncauth-v${VERSION}`]);
      assert.deepEqual(preview.changes, { create: 2 });
      assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
    });

    it("up, up again, rotation, refresh, destroy: today's Graph calls, and no second download", async () => {
      assert.deepEqual((await succeed("up")).changes, { create: 2 });
      assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 1, gets: 0 });
      assert.deepEqual((await succeed("up")).changes, { same: 2 });
      assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
      await stack.setConfig("scimToken", canaries[1], { secret: true });
      assert.deepEqual((await succeed("up")).changes, { same: 1, update: 1 });
      assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 1, gets: 0 });
      assert.deepEqual((await succeed("refresh")).changes, { same: 2 });
      assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 0, gets: 1 });
      assert.deepEqual((await succeed("destroy")).changes, { delete: 2 });
      assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
      assert.deepEqual(server.requests, [ASSET_PATH], "one download in all");
    });
  });
});
