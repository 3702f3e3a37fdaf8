import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { builtGoProgram, type BuiltGoProgram } from "../../scripts/lib/goProgram";
import { LocalStack } from "../../scripts/lib/localStack";
import { SYNCAUTH_PLUGIN_SOURCE, stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";
import { startEmulator, type Emulator } from "../emulator";
import {
  assertHeldOutput,
  assertMappingsWritten,
  assertTemplateRestored,
  DEPARTMENT,
  editExternalIdInPortal,
  SCHEMA_CALLS,
  takeSchemaCalls,
} from "./attributeMappingsScenario";
import {
  assertNoSecretShown,
  clientSecret,
  type GoResult,
  pluginEnv,
  runProcess,
  setProviderConfig,
} from "./pluginScenario";
import { EXAMPLES_DIR } from "./typeCheck";

const TYPE = "syncauth:index:AttributeMappings";
const DIR = path.join(EXAMPLES_DIR, "go", "attribute-mappings");

/**
 * examples/go/attribute-mappings, a Go program on the Go SDK generated from the plugin's schema, run through the Go
 * Automation API with an inline program (no Go language host), as test/examples/goProgram.test.ts runs examples/go.
 * The same steps and Graph calls as the TypeScript and YAML examples.
 */
describe("examples/go/attribute-mappings: AttributeMappings through the plugin from a Go program", function () {
  this.timeout(300_000);
  let program: BuiltGoProgram;
  let emu: Emulator;
  let stack: LocalStack;
  let objectId: string;
  let jobId: string;
  const calls = () => takeSchemaCalls(emu);

  before(async function () {
    this.timeout(1_800_000); // a cold build compiles Pulumi's Go SDK: many minutes on two cores; cached after
    program = builtGoProgram({
      name: "syncauth-go-attribute-mappings",
      dir: DIR,
      schema: syncauthSchema(SYNCAUTH_PLUGIN_SOURCE.version),
    });
    emu = await startEmulator();
    objectId = emu.fixture.ownedServicePrincipal.objectId;
    jobId = emu.fixture.ownedServicePrincipalJob.id;
    stack = await LocalStack.create({
      projectName: "syncauth-go-attribute-mappings",
      projectFile: fs.readFileSync(path.join(DIR, "Pulumi.yaml"), "utf8"),
    });
    Object.assign(stack.env, pluginEnv(emu, `${stagedSyncauthDir()}${path.delimiter}${stack.env.PATH}`));
    await stack.setConfig("servicePrincipalId", objectId);
    await stack.setConfig("jobId", jobId);
    await stack.setConfig("department", DEPARTMENT);
    await setProviderConfig(stack, emu, "syncauth:");
    emu.clearLog();
  });

  after(async () => {
    stack?.dispose();
    await emu?.stop();
  });

  /** Runs one operation, which must succeed; neither its output nor the state shows the client secret. */
  async function succeed(operation: string): Promise<GoResult> {
    const finished = await runProcess(program.binary, ["-stack", stack.stackName, operation], {
      cwd: stack.workDir,
      env: stack.env,
    });
    assertNoSecretShown(stack, finished.stdout + finished.stderr, [clientSecret(emu)]);
    const lines = finished.stdout.trim().split("\n");
    assert.equal(lines.length, 1, `one line of results\n${finished.stdout}\n${finished.stderr}`);
    const result = JSON.parse(lines[0]) as GoResult;
    assert.equal(finished.code, 0, `${operation} failed: ${result.error}`);
    assert.equal(result.operation, operation);
    return result;
  }

  const resources = async () => (await stack.resources()).filter((r) => r.type === TYPE);

  it("preview: a create, no sign-in, no Graph call", async () => {
    const preview = await succeed("preview");
    assert.deepEqual(preview.changes, { create: 2 }); // the stack and the mappings
    assert.match(preview.log, /\+\s+syncauth:index:AttributeMappings\s+userMappings\s+create/);
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
  });

  it("up: one sign-in, one read, Graph's parse of the one function, one write, one confirming read", async () => {
    const up = await succeed("up");
    assert.deepEqual(up.changes, { create: 2 });
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.firstUp });
    assertMappingsWritten(emu, objectId, jobId);
    assert.deepEqual(up.outputs?.target, { value: `servicePrincipals/${objectId}`, secret: false });
    assertHeldOutput(up.outputs?.objectMappings?.value);
  });

  it("preview and up with nothing changed: no sign-in, no Graph call", async () => {
    assert.deepEqual((await succeed("preview")).changes, { same: 2 });
    assert.deepEqual((await succeed("up")).changes, { same: 2 });
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
  });

  it("a portal edit: refresh reads it (one read), the next up writes the declaration back", async () => {
    editExternalIdInPortal(emu, objectId, jobId);
    await succeed("refresh");
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.refresh });
    assert.deepEqual((await succeed("preview")).changes, { same: 1, update: 1 });
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
    assert.deepEqual((await succeed("up")).changes, { same: 1, update: 1 });
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.upAfterDrift });
    assertMappingsWritten(emu, objectId, jobId);
  });

  it("destroy: the template's defaults come back with one write", async () => {
    const destroy = await succeed("destroy");
    assert.deepEqual(destroy.changes, { delete: 2 });
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.destroy });
    assertTemplateRestored(emu, objectId, jobId);
    assert.equal((await resources()).length, 0);
  });
});
