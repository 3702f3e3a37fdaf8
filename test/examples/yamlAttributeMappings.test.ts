import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { pathWithYamlHost } from "../../scripts/lib/pulumiYaml";
import { stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
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
import { assertNoSecretShown, clientSecret, pluginEnv, setProviderConfig } from "./pluginScenario";
import { EXAMPLES_DIR } from "./typeCheck";

const TYPE = "syncauth:index:AttributeMappings";

/**
 * examples/yaml/attribute-mappings run as a user runs it: plain `pulumi` commands, the YAML language host running
 * the program and the CLI starting `pulumi-resource-syncauth` from PATH. The same steps and Graph calls as the
 * TypeScript example (test/examples/runExamples.test.ts), through the plugin.
 */
describe("examples/yaml/attribute-mappings: AttributeMappings through the plugin from a YAML program", function () {
  this.timeout(300_000);
  let emu: Emulator;
  let stack: LocalStack;
  let objectId: string;
  let jobId: string;
  const calls = () => takeSchemaCalls(emu);

  before(async () => {
    emu = await startEmulator();
    objectId = emu.fixture.ownedServicePrincipal.objectId;
    jobId = emu.fixture.ownedServicePrincipalJob.id;
    stack = await LocalStack.create({
      projectName: "syncauth-yaml-attribute-mappings",
      projectFile: fs.readFileSync(path.join(EXAMPLES_DIR, "yaml", "attribute-mappings", "Pulumi.yaml"), "utf8"),
      env: pluginEnv(emu, pathWithYamlHost(stagedSyncauthDir())),
    });
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

  function succeed(result: { code: number; stdout: string; stderr: string; command: string }) {
    assert.equal(result.code, 0, `${result.command}\n${result.stdout}\n${result.stderr}`);
    assertNoSecretShown(stack, result.stdout + result.stderr, [clientSecret(emu)]);
    return result;
  }

  const resources = async () => (await stack.resources()).filter((r) => r.type === TYPE);

  it("preview: a create, no sign-in, no Graph call (every expression checked in the plugin's check)", async () => {
    const preview = succeed(await stack.preview());
    assert.match(preview.stdout, /\+\s+syncauth:index:AttributeMappings\s+userMappings\s+create/);
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
  });

  it("up: one sign-in, one read, Graph's parse of the one function, one write, one confirming read", async () => {
    succeed(await stack.up());
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.firstUp });
    assertMappingsWritten(emu, objectId, jobId);
    const outputs = JSON.parse((await stack.must(["stack", "output", "--json"])).stdout);
    assert.equal(outputs.target, `servicePrincipals/${objectId}`);
    assertHeldOutput(outputs.objectMappings);
  });

  it("preview and up with nothing changed: no sign-in, no Graph call", async () => {
    const preview = succeed(await stack.preview());
    assert.doesNotMatch(preview.stdout, /AttributeMappings\s+userMappings\s+update/);
    succeed(await stack.up());
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
  });

  it("a portal edit: refresh reads it (one read), the next up writes the declaration back", async () => {
    editExternalIdInPortal(emu, objectId, jobId);
    succeed(await stack.refresh());
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.refresh });
    const preview = succeed(await stack.preview());
    assert.match(preview.stdout, /~\s+syncauth:index:AttributeMappings\s+userMappings\s+update/);
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
    succeed(await stack.up());
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.upAfterDrift });
    assertMappingsWritten(emu, objectId, jobId);
  });

  it("destroy: the template's defaults come back with one write", async () => {
    succeed(await stack.destroy());
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.destroy });
    assertTemplateRestored(emu, objectId, jobId);
    assert.equal((await resources()).length, 0);
  });

  it("pulumi import of the User object mapping: one read; owned whole, as Graph holds it", async () => {
    const id = `servicePrincipals/${objectId}/synchronization/jobs/${jobId}/User/User`;
    succeed(await stack.pulumi(["import", TYPE, "imported", id, "--yes", "--skip-preview", "--non-interactive"]));
    assert.deepEqual(calls(), { tokens: 1, routes: SCHEMA_CALLS.refresh });
    const [imported] = await resources();
    assert.equal(imported.inputs?.ownership, "wholeObjectMapping");
    const [held] = imported.outputs?.objectMappings as { attributeMappings: unknown[] }[];
    assert.equal(held.attributeMappings.length, 26, "every attribute mapping of the template's User mapping");
    // Leave Graph as it is: forget the imported resource (import protects it) without releasing anything.
    succeed(await stack.pulumi(["state", "delete", String(imported.urn), "--force", "--yes"]));
    assert.deepEqual(calls(), { tokens: 0, routes: [] });
  });
});
