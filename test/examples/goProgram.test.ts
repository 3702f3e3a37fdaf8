import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { builtGoProgram, type BuiltGoProgram } from "../../scripts/lib/goProgram";
import { LocalStack } from "../../scripts/lib/localStack";
import { SYNCAUTH_PLUGIN_SOURCE, stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";
import { startEmulator, type Emulator } from "../emulator";
import {
  assertNoSecretShown,
  clientSecret,
  expectedPostBody,
  type GoResult,
  pluginEnv,
  RESOURCE_TYPE,
  runProcess,
  scimTokenCanaries,
  setProgramConfig,
  setProviderConfig,
  takeGraphCalls,
} from "./pluginScenario";
import { EXAMPLES_DIR } from "./typeCheck";

/**
 * examples/go, a Go program on the Go SDK generated from the plugin's schema, run through the Go Automation API
 * with an inline program (no Go language host): the CLI it drives starts `pulumi-resource-syncauth` from PATH.
 * The same steps as examples/yaml, each step's Graph calls counted exactly.
 */
describe("examples/go: the syncauth plugin driven by a Go program on the generated Go SDK", function () {
  this.timeout(300_000);
  const canaries = scimTokenCanaries();
  let program: BuiltGoProgram;
  let emu: Emulator;
  let stack: LocalStack;

  before(async function () {
    this.timeout(1_800_000); // a cold build compiles Pulumi's Go SDK: many minutes on two cores; cached after
    program = builtGoProgram({
      name: "syncauth-go",
      dir: path.join(EXAMPLES_DIR, "go"),
      schema: syncauthSchema(SYNCAUTH_PLUGIN_SOURCE.version),
    });
    emu = await startEmulator();
    const pluginDir = stagedSyncauthDir();
    stack = await LocalStack.create({
      projectName: "syncauth-go",
      projectFile: fs.readFileSync(path.join(EXAMPLES_DIR, "go", "Pulumi.yaml"), "utf8"),
    });
    Object.assign(stack.env, pluginEnv(emu, `${pluginDir}${path.delimiter}${stack.env.PATH}`));
    await setProgramConfig(stack, emu, canaries[0]);
    await setProviderConfig(stack, emu, "syncauth:");
    emu.clearLog();
  });

  after(() => {
    stack?.dispose();
    return emu?.stop();
  });

  /** Runs one operation; the program's output and the state hold no secret, whether it succeeded or not. */
  async function run(operation: string): Promise<{ code: number | null; result: GoResult }> {
    const finished = await runProcess(program.binary, ["-stack", stack.stackName, operation], {
      cwd: stack.workDir,
      env: stack.env,
    });
    assertNoSecretShown(stack, finished.stdout + finished.stderr, [...canaries, clientSecret(emu)]);
    const lines = finished.stdout.trim().split("\n");
    assert.equal(lines.length, 1, `one line of results\n${finished.stdout}\n${finished.stderr}`);
    return { code: finished.code, result: JSON.parse(lines[0]) as GoResult };
  }

  async function succeed(operation: string): Promise<GoResult> {
    const { code, result } = await run(operation);
    assert.equal(code, 0, `${operation} failed: ${result.error}`);
    assert.equal(result.operation, operation);
    return result;
  }

  const resources = async () => (await stack.resources()).filter((r) => r.type === RESOURCE_TYPE);

  it("the generated Go SDK builds with go build; credentials and the fingerprint are secret in it", async () => {
    const build = await runProcess("go", ["build", "./..."], {
      cwd: program.sdkDir,
      env: { ...process.env, CGO_ENABLED: "0" },
    });
    assert.equal(build.code, 0, build.stdout + build.stderr);
    const resource = fs.readFileSync(path.join(program.sdkDir, "syncauth", "synchronizationAuthorization.go"), "utf8");
    assert.match(resource, /args\.Credentials = pulumi\.ToSecret\(args\.Credentials\)/);
    assert.match(
      resource,
      /AdditionalSecretOutputs\(\[\]string\{\s+"credentialFingerprint",\s+"singleUseFingerprints",/,
    );
    const provider = fs.readFileSync(path.join(program.sdkDir, "syncauth", "provider.go"), "utf8");
    assert.match(provider, /args\.ClientSecret = pulumi\.ToSecret\(args\.ClientSecret\)/);
  });

  it("preview: a create, no sign-in, no Graph call", async () => {
    const preview = await succeed("preview");
    assert.deepEqual(preview.changes, { create: 2 }); // the stack and the authorization
    assert.match(preview.log, /\+\s+syncauth:index:SynchronizationAuthorization\s+authorization\s+create/);
    assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
  });

  it("up: one sign-in and one acquireAccessToken carrying the credentials; the fingerprint stays secret", async () => {
    const up = await succeed("up");
    assert.deepEqual(up.changes, { create: 2 });
    const post = emu.log.find((entry) => entry.route === "acquireAccessToken");
    assert.deepEqual(post?.body, expectedPostBody(canaries[0]));
    assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 1, gets: 0 });
    const { lastAuthorizedAt, ...outputs } = up.outputs ?? {};
    assert.deepEqual(outputs, {
      target: { value: `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`, secret: false },
      credentialKeys: { value: ["BaseAddress", "SecretToken"], secret: false },
      credentialFingerprint: { secret: true },
    });
    assert.ok(!Number.isNaN(Date.parse(String(lastAuthorizedAt?.value))), "lastAuthorizedAt is a time");
    const [resource] = await resources();
    assert.ok(typeof resource.outputs?.credentialFingerprint === "object", "the fingerprint is encrypted");
    assert.ok(
      typeof resource.inputs?.credentials === "object" && "ciphertext" in (resource.inputs.credentials as object),
      "the credentials are encrypted",
    );
  });

  it("up again: nothing to do, no sign-in", async () => {
    const up = await succeed("up");
    assert.deepEqual(up.changes, { same: 2 });
    assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
  });

  it("rotation: the preview shows an update and calls nothing; up sends the new secret token once", async () => {
    await stack.setConfig("scimToken", canaries[1], { secret: true });
    const preview = await succeed("preview");
    assert.deepEqual(preview.changes, { same: 1, update: 1 });
    assert.match(preview.log, /~\s+syncauth:index:SynchronizationAuthorization\s+authorization\s+update/);
    assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
    const up = await succeed("up");
    assert.deepEqual(up.changes, { same: 1, update: 1 });
    const post = emu.log.find((entry) => entry.route === "acquireAccessToken");
    assert.deepEqual(post?.body, expectedPostBody(canaries[1]));
    assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 1, gets: 0 });
  });

  it("refresh: one read of the target, nothing sent", async () => {
    const refresh = await succeed("refresh");
    assert.deepEqual(refresh.changes, { same: 2 });
    assert.deepEqual(takeGraphCalls(emu), { tokens: 1, posts: 0, gets: 1 });
    assert.equal((await resources()).length, 1);
  });

  it("destroy: forgets the resource without calling Graph", async () => {
    const destroy = await succeed("destroy");
    assert.deepEqual(destroy.changes, { delete: 2 });
    assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
    assert.equal((await resources()).length, 0);
  });

  it("a check failure comes back as the program's error, naming the property, and changes nothing", async () => {
    // A secret pasted into the wrong field: named by its property, never shown.
    const misplaced = `misplaced-${crypto.randomBytes(12).toString("hex")}`;
    await stack.setConfig("servicePrincipalId", misplaced);
    const { code, result } = await run("preview");
    assert.ok(!JSON.stringify(result).includes(misplaced), "the failure shows the misplaced text");
    assert.equal(code, 1);
    assert.equal(result.operation, "preview");
    assert.match(
      result.error ?? "",
      /SynchronizationAuthorization resource 'authorization' has a problem: servicePrincipalId: must be an object id/,
    );
    assert.deepEqual(takeGraphCalls(emu), { tokens: 0, posts: 0, gets: 0 });
    assert.equal((await resources()).length, 0);
  });
});
