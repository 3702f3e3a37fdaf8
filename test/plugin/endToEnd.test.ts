import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { EchoWorld, echoProgram, stagedSynctestDir } from "./synctest/synctestPlugin";

const TYPE = "synctest:index:Echo";

/**
 * The plugin host end to end, independent of any real provider: the test-only `synctest` provider runs as a real
 * plugin process (Pulumi.yaml `plugins.providers[].path`), started by the real CLI for a YAML program that the
 * real YAML language host runs. Each step counts the provider calls it caused.
 */
describe("a provider plugin served by provider/plugin, driven by the CLI and a YAML program", function () {
  this.timeout(180_000);
  const canary = `canary-${crypto.randomBytes(8).toString("hex")}`;
  let stack: LocalStack;
  let world: EchoWorld;

  const echo = async (): Promise<StateResource> => {
    const found = (await stack.resources()).filter((r) => r.type === TYPE);
    assert.equal(found.length, 1, "one Echo resource in state");
    return found[0];
  };
  const outputs = async (): Promise<Record<string, unknown>> =>
    JSON.parse((await stack.must(["stack", "output", "--json", "--show-secrets"])).stdout);
  const succeed = (result: { code: number; stdout: string; stderr: string; command: string }) => {
    assert.equal(result.code, 0, `${result.command}\n${result.stdout}\n${result.stderr}`);
    assert.ok(!result.stdout.includes(canary) && !result.stderr.includes(canary), "the secret is never printed");
    return result;
  };

  before(async () => {
    const pluginDir = stagedSynctestDir();
    stack = await LocalStack.create({
      projectName: "synctest-e2e",
      projectFile: echoProgram("synctest-e2e", pluginDir),
      env: { PATH: pathWithYamlHost() },
    });
    world = new EchoWorld(path.dirname(stack.stateDir));
    Object.assign(stack.env, world.env());
    await stack.setConfig("message", "first");
    await stack.setConfig("token", canary, { secret: true });
    await stack.setConfig("synctest:prefix", "Hello, ");
  });

  after(() => stack?.dispose());

  it("preview: Create is called with preview: true and changes nothing", async () => {
    const preview = succeed(await stack.preview());
    assert.match(preview.stdout, /\+\s+synctest:index:Echo\s+echo\s+create/);
    assert.deepEqual(
      world.takeCalls().filter((c) => /create|update/.test(c)),
      ["create(preview)"],
    );
    assert.deepEqual(world.records(), {});
  });

  it("up: one Create, outputs from the provider configuration and the call", async () => {
    succeed(await stack.up());
    const calls = world.takeCalls();
    assert.deepEqual(
      calls.filter((c) => /create|update/.test(c)),
      ["create"],
    );
    assert.ok(calls.includes("configure"), "the provider is configured before the resource calls");
    assert.deepEqual(Object.values(world.records()), ["first"]);
    assert.deepEqual(await outputs(), {
      greeting: "Hello, first",
      length: 5,
      token: canary,
      receipt: `receipt-${(await echo()).id}`,
    });
  });

  it("secret inputs and secret outputs stay secret in state", async () => {
    const resource = await echo();
    const exported = await stack.exportText();
    assert.ok(!exported.includes(canary), "stack export shows no plaintext secret");
    for (const bag of [resource.inputs, resource.outputs]) {
      assert.ok(bag?.token && typeof bag.token === "object" && "ciphertext" in bag.token, "token is encrypted");
    }
    assert.ok(
      resource.outputs?.receipt &&
        typeof resource.outputs.receipt === "object" &&
        "ciphertext" in resource.outputs.receipt,
      "an output the provider marked secret is encrypted although no input of that name was secret",
    );
    assert.ok(!stack.stateFilesText().includes(canary), "no plaintext secret in any state file");
    assert.equal(
      (JSON.parse((await stack.must(["stack", "output", "--json"])).stdout) as { token: string }).token,
      "[secret]",
    );
  });

  it("up again without changes: no Create, no Update", async () => {
    succeed(await stack.up());
    const calls = world.takeCalls();
    assert.ok(calls.includes("diff"), "the engine asked for a diff");
    assert.deepEqual(
      calls.filter((c) => /create|update|delete/.test(c)),
      [],
    );
  });

  it("an input change: Update in preview, then one Update", async () => {
    await stack.setConfig("message", "second");
    const up = succeed(await stack.pulumi(["up", "--yes", "--non-interactive"])); // with its preview
    assert.match(up.stdout, /~\s+synctest:index:Echo\s+echo\s+update/);
    assert.deepEqual(
      world.takeCalls().filter((c) => /create|update|delete/.test(c)),
      ["update(preview)", "update"],
    );
    assert.deepEqual(Object.values(world.records()), ["second"]);
    assert.equal((await outputs()).greeting, "Hello, second");
  });

  it("refresh: Read brings the provider's record into state", async () => {
    const id = (await echo()).id as string;
    fs.writeFileSync(path.join(world.storeDir, `${id}.json`), JSON.stringify({ message: "changed elsewhere" }));
    succeed(await stack.refresh());
    assert.deepEqual(
      world.takeCalls().filter((c) => c === "read"),
      ["read"],
    );
    const resource = await echo();
    assert.equal(resource.outputs?.message, "changed elsewhere");
    assert.equal(resource.outputs?.length, "changed elsewhere".length);
    assert.ok(typeof resource.outputs?.token === "object", "the token stays encrypted through refresh");
  });

  it("a check failure names the property and the reason, never the value, and stops before any change", async () => {
    // A secret typed into a plain field: too long for message, marked secret nowhere (the CLI masks the values of
    // secret config in its output, so this must not be one of them to show what the provider makes the CLI print).
    const misplaced = `misplaced-${crypto.randomBytes(16).toString("hex")}`;
    await stack.setConfig("message", misplaced);
    const preview = await stack.preview();
    assert.notEqual(preview.code, 0);
    const text = preview.stdout + preview.stderr;
    assert.ok(!text.includes(misplaced), "the value given to the failing property is not printed");
    assert.match(text, /synctest:index:Echo resource 'echo' has a problem: message: must be at most 40 characters/);
    assert.deepEqual(
      world.takeCalls().filter((c) => /create|update|delete/.test(c)),
      [],
    );
    await stack.setConfig("message", "second");
  });

  it("destroy: one Delete; the record and the state are gone", async () => {
    succeed(await stack.destroy());
    assert.deepEqual(
      world.takeCalls().filter((c) => c === "delete"),
      ["delete"],
    );
    assert.deepEqual(world.records(), {});
    assert.deepEqual(
      (await stack.resources()).filter((r) => r.type === TYPE),
      [],
    );
  });
});
