/**
 * An upgrade from the code of the previous main (commit e6ab62c, before the resource definition and the registry)
 * to this checkout, through both front doors, on state that code wrote itself: not a rewrite of today's state.
 * The previous main is taken from git (`git archive`), compiled, and served the way a user's machine serves it:
 * the dynamic resource's `__provider` requires `pulumi-syncauth/…` from the project's node_modules (a link that is
 * switched from the previous build to this checkout between two `up`s), and the plugin `syncauth` is found on PATH
 * (the previous plugin's directory, then this checkout's). An upgrade alone must send nothing.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { SynchronizationAuthorization } from "../../provider";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { LOCAL_DIR, PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagePlugin } from "../../scripts/lib/stagePlugin";
import { SYNCAUTH_PLUGIN_SOURCE, stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, Emulator } from "../emulator";
import { emulatedStack } from "./emulatedStack";
import { plannedOperations } from "./previewOutput";

const PREVIOUS_MAIN = "e6ab62c";

/** The previous main, compiled under .pulumi-local once: its root (with dist/) and its staged plugin directory. */
function previousMain(): { root: string; pluginDir: string } {
  const root = path.join(LOCAL_DIR, `previous-main-${PREVIOUS_MAIN}`);
  const pluginDir = path.join(root, ".pulumi-local", "plugin-syncauth");
  if (!fs.existsSync(path.join(pluginDir, "pulumi-resource-syncauth"))) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    const archive = execFileSync("git", ["archive", PREVIOUS_MAIN], { cwd: PROJECT_ROOT, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", root], { input: archive });
    fs.symlinkSync(fs.realpathSync(path.join(PROJECT_ROOT, "node_modules")), path.join(root, "node_modules"));
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
      cwd: root,
      stdio: "inherit",
    });
    // The previous plugin, laid out by this checkout's stagePlugin from the previous sources.
    const tsconfig = path.relative(PROJECT_ROOT, path.join(root, "tsconfig.build.json"));
    stagePlugin({ ...SYNCAUTH_PLUGIN_SOURCE, tsconfig }, pluginDir);
  }
  return { root, pluginDir };
}

/** Points the project's `node_modules/pulumi-syncauth` (what `__provider` requires) at `root`. */
function installPackage(stack: LocalStack, root: string): void {
  const modules = path.join(stack.workDir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  const link = path.join(modules, "pulumi-syncauth");
  fs.rmSync(link, { force: true });
  fs.symlinkSync(root, link, "dir");
}

function succeeded(result: { code: number; stdout: string; stderr: string; command: string }): void {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
}

describe(`an upgrade from the previous main (${PREVIOUS_MAIN}) sends nothing`, function () {
  this.timeout(900_000);
  let emu: Emulator;
  let previous: { root: string; pluginDir: string };

  before(async () => {
    previous = previousMain();
    emu = await startEmulator();
  });
  after(async () => {
    await emu?.stop();
  });

  /** Two authorizations: Graph names as typed by a user (some in another case), a single-use code in each. */
  function declared(sp1: string, sp2: string, job1: string) {
    return {
      spelled: {
        servicePrincipalId: sp1,
        credentials: { oauth2authorizationcode: "previous-main-code-1", SecretToken: "previous-main-token" },
        testConnection: { jobId: job1 },
        triggers: { rotation: "1" },
      },
      plain: {
        servicePrincipalId: sp2,
        credentials: { Oauth2AuthorizationCode: "previous-main-code-2", baseaddress: "https://scim.example.test/" },
        writeOnlyCredentials: { Password: { fromEnv: "SYNCAUTH_PREVIOUS_MAIN_PASSWORD" } },
      },
    };
  }

  /** After `up` with the previous code: preview, up, refresh and up again with this checkout, counting requests. */
  async function upgradeSendsNothing(stack: LocalStack, switchToThisCheckout: () => void): Promise<void> {
    emu.clearLog();
    succeeded(await stack.up());
    assert.equal(emu.count({ route: "acquireAccessToken" }), 2, "the previous code authorized both");
    const before = JSON.parse(await stack.exportText({ showSecrets: true }));

    switchToThisCheckout();
    emu.clearLog();
    const preview = await stack.preview("--diff");
    succeeded(preview);
    assert.deepEqual(
      Object.entries(plannedOperations(preview.stdout)).filter(([, op]) => op !== "same"),
      [],
      `the preview after the upgrade plans no change:\n${preview.stdout}`,
    );
    succeeded(await stack.up());
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "up after the upgrade sent an authorization");
    succeeded(await stack.refresh());
    succeeded(await stack.up());
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "refresh and up after the upgrade sent one");
    const after = JSON.parse(await stack.exportText({ showSecrets: true }));
    for (const resource of after.deployment.resources.filter((r: { custom?: boolean }) => r.custom)) {
      if (!String(resource.type).includes("SynchronizationAuthorization")) continue;
      const was = before.deployment.resources.find((r: { urn: string }) => r.urn === resource.urn);
      assert.equal(resource.outputs.lastAuthorizedAt, was.outputs.lastAuthorizedAt, `${resource.urn}`);
      assert.deepEqual(resource.outputs.credentialKeys, was.outputs.credentialKeys, `${resource.urn}`);
    }
    emu.clearLog();
    succeeded(await stack.destroy());
    assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
  }

  it("through the dynamic resource", async () => {
    const sp1 = emu.fixture.generatedServicePrincipals[60].objectId;
    const sp2 = emu.fixture.generatedServicePrincipals[61].objectId;
    const job1 = emu.synchronization.addJob(sp1).id;
    const inputs = declared(sp1, sp2, job1);
    // The previous main's program side, as a program that imported it declared the resources.
    const PreviousAuthorization = (
      require(path.join(previous.root, "dist", "provider")) as typeof import("../../provider")
    ).SynchronizationAuthorization;
    let upgraded = false;
    const stack = await emulatedStack({
      emulator: emu,
      projectName: "previous-main-dynamic",
      env: { SYNCAUTH_PREVIOUS_MAIN_PASSWORD: "previous-main-password" },
      program: async () => {
        const Authorization = upgraded ? SynchronizationAuthorization : PreviousAuthorization;
        new Authorization("spelled", inputs.spelled);
        new Authorization("plain", inputs.plain);
      },
    });
    try {
      installPackage(stack, previous.root);
      await upgradeSendsNothing(stack, () => {
        upgraded = true;
        installPackage(stack, PROJECT_ROOT);
      });
    } finally {
      stack.dispose();
    }
  });

  it("through the plugin syncauth", async () => {
    const sp1 = emu.fixture.generatedServicePrincipals[62].objectId;
    const sp2 = emu.fixture.generatedServicePrincipals[63].objectId;
    const job1 = emu.synchronization.addJob(sp1).id;
    const inputs = declared(sp1, sp2, job1);
    const program = stringify({
      name: "previous-main-plugin",
      runtime: "yaml",
      resources: {
        spelled: { type: "syncauth:index:SynchronizationAuthorization", properties: inputs.spelled },
        plain: { type: "syncauth:index:SynchronizationAuthorization", properties: inputs.plain },
      },
    });
    const stack = await emulatedStack({
      emulator: emu,
      projectName: "previous-main-plugin",
      projectFile: program,
      env: {
        PATH: pathWithYamlHost(previous.pluginDir),
        [nodeVariable("syncauth")]: process.execPath,
        SYNCAUTH_PREVIOUS_MAIN_PASSWORD: "previous-main-password",
      },
    });
    try {
      await upgradeSendsNothing(stack, () => {
        stack.env.PATH = pathWithYamlHost(stagedSyncauthDir());
      });
    } finally {
      stack.dispose();
    }
  });
});
