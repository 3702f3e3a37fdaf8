import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import { startEmulator, type Emulator } from "../emulator";
import {
  assertNoSecretShown,
  clientSecret,
  expectedPostBody,
  pluginEnv,
  RESOURCE_TYPE as TYPE,
  scimTokenCanaries,
  setProgramConfig,
  setProviderConfig,
  takeGraphCalls,
} from "./pluginScenario";
import { EXAMPLES_DIR } from "./typeCheck";

/**
 * examples/yaml run as a user runs it: plain `pulumi preview`/`up`/`refresh`/`destroy`, the YAML language host
 * running the program and the CLI starting `pulumi-resource-syncauth` (found on PATH, as an installed plugin would
 * be found in the plugin cache). Each step's Graph calls are counted exactly.
 */
describe("examples/yaml: the syncauth plugin driven by the CLI and a YAML program", function () {
  this.timeout(300_000);
  let emu: Emulator;
  const canaries = scimTokenCanaries();

  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu?.stop());

  const counts = () => takeGraphCalls(emu);

  async function yamlStack(example: string, projectName: string): Promise<LocalStack> {
    const pluginDir = stagedSyncauthDir();
    const stack = await LocalStack.create({
      projectName,
      projectFile: fs.readFileSync(path.join(EXAMPLES_DIR, example, "Pulumi.yaml"), "utf8"),
      env: pluginEnv(emu, pathWithYamlHost(pluginDir)),
    });
    await setProgramConfig(stack, emu, canaries[0]);
    return stack;
  }

  function succeed(stack: LocalStack, result: { code: number; stdout: string; stderr: string; command: string }) {
    assert.equal(result.code, 0, `${result.command}\n${result.stdout}\n${result.stderr}`);
    assertNoSecretShown(stack, result.stdout + result.stderr, [...canaries, clientSecret(emu)]);
    return result;
  }

  describe("with the default provider configured by stack config", () => {
    let stack: LocalStack;
    before(async () => {
      stack = await yamlStack("yaml", "syncauth-yaml");
      await setProviderConfig(stack, emu, "syncauth:");
      emu.clearLog();
    });
    after(() => stack?.dispose());

    it("preview: a create, no sign-in, no Graph call", async () => {
      const preview = succeed(stack, await stack.preview());
      assert.match(preview.stdout, /\+\s+syncauth:index:SynchronizationAuthorization\s+authorization\s+create/);
      assert.deepEqual(counts(), { tokens: 0, posts: 0, gets: 0 });
    });

    it("up: one sign-in and one acquireAccessToken carrying the credentials", async () => {
      succeed(stack, await stack.up());
      const post = emu.log.find((entry) => entry.route === "acquireAccessToken");
      assert.deepEqual(post?.body, expectedPostBody(canaries[0]));
      assert.deepEqual(counts(), { tokens: 1, posts: 1, gets: 0 });
      const outputs = JSON.parse((await stack.must(["stack", "output", "--json"])).stdout);
      assert.equal(outputs.target, `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`);
      assert.deepEqual(outputs.credentialKeys, ["BaseAddress", "SecretToken"]);
      const [resource] = (await stack.resources()).filter((r) => r.type === TYPE);
      assert.ok(typeof resource.outputs?.credentialFingerprint === "object", "the fingerprint is encrypted");
      assert.ok(
        typeof resource.inputs?.credentials === "object" && "ciphertext" in (resource.inputs.credentials as object),
      );
    });

    it("up again: nothing to do, no sign-in", async () => {
      succeed(stack, await stack.up());
      assert.deepEqual(counts(), { tokens: 0, posts: 0, gets: 0 });
    });

    it("rotation: a new secret token is sent once", async () => {
      await stack.setConfig("scimToken", canaries[1], { secret: true });
      const up = succeed(stack, await stack.pulumi(["up", "--yes", "--non-interactive"]));
      assert.match(up.stdout, /~\s+syncauth:index:SynchronizationAuthorization\s+authorization\s+update/);
      const post = emu.log.find((entry) => entry.route === "acquireAccessToken");
      assert.deepEqual(post?.body, expectedPostBody(canaries[1]));
      assert.deepEqual(counts(), { tokens: 1, posts: 1, gets: 0 });
    });

    it("refresh: one read of the target, nothing sent", async () => {
      succeed(stack, await stack.refresh());
      assert.deepEqual(counts(), { tokens: 1, posts: 0, gets: 1 });
      assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 1);
    });

    it("destroy: forgets the resource without calling Graph", async () => {
      succeed(stack, await stack.destroy());
      assert.deepEqual(counts(), { tokens: 0, posts: 0, gets: 0 });
      assert.equal((await stack.resources()).filter((r) => r.type === TYPE).length, 0);
    });
  });

  describe("with the client secret set without --secret", () => {
    let stack: LocalStack;
    before(async () => {
      stack = await yamlStack("yaml", "syncauth-yaml-plain-secret");
      await setProviderConfig(stack, emu, "syncauth:");
      await stack.setConfig("syncauth:clientSecret", clientSecret(emu));
      emu.clearLog();
    });
    after(() => stack?.dispose());

    it("up: the default provider's state holds the client secret encrypted (the update history keeps the config as set)", async () => {
      const up = await stack.up();
      assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
      assert.ok(!(up.stdout + up.stderr).includes(clientSecret(emu)), "no secret in the output");
      assert.deepEqual(counts(), { tokens: 1, posts: 1, gets: 0 });
      assert.ok(!(await stack.exportText()).includes(clientSecret(emu)), "no secret in the deployment");
      const [provider] = (await stack.resources()).filter((r) => r.type === "pulumi:providers:syncauth");
      assert.ok(
        typeof provider?.inputs?.clientSecret === "object" && "ciphertext" in (provider.inputs.clientSecret as object),
        "the client secret is encrypted",
      );
      assert.equal((await stack.destroy()).code, 0);
    });
  });

  describe("with an explicit provider configured in the program", () => {
    let stack: LocalStack;
    before(async () => {
      stack = await yamlStack("yaml/explicit-provider", "syncauth-yaml-explicit");
      await setProviderConfig(stack, emu, "");
      emu.clearLog();
    });
    after(() => stack?.dispose());

    it("up, up again, destroy: one sign-in and one POST in all", async () => {
      succeed(stack, await stack.up());
      assert.deepEqual(counts(), { tokens: 1, posts: 1, gets: 0 });
      const outputs = JSON.parse((await stack.must(["stack", "output", "--json"])).stdout);
      assert.equal(outputs.cloud, "global");
      succeed(stack, await stack.up());
      assert.deepEqual(counts(), { tokens: 0, posts: 0, gets: 0 });
      succeed(stack, await stack.destroy());
      assert.deepEqual(counts(), { tokens: 0, posts: 0, gets: 0 });
    });
  });
});
