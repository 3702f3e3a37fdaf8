import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import { generateSdk, sdkgenPath } from "../../scripts/lib/sdkgen";
import { SYNCAUTH_PLUGIN_SOURCE, stagedSyncauthDir } from "../../scripts/lib/syncauthPlugin";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";

/**
 * The schema the running syncauth plugin serves, and the Python SDK generated from it. The Go SDK is generated,
 * built and used by a Go program in test/examples/goProgram.test.ts.
 */
describe("the syncauth schema as served, and its Python SDK", function () {
  this.timeout(600_000);
  let stack: LocalStack;
  let schemaFile: string;
  let out: string;

  before(async () => {
    stack = await LocalStack.create({ projectName: "syncauth-sdk" });
    Object.assign(stack.env, { [nodeVariable("syncauth")]: process.execPath });
    out = path.join(path.dirname(stack.stateDir), "sdk");
    schemaFile = path.join(out, "schema.json");
    fs.mkdirSync(out, { recursive: true });
    const launcher = path.join(stagedSyncauthDir(), "pulumi-resource-syncauth");
    const served = await stack.must(["package", "get-schema", launcher]);
    fs.writeFileSync(schemaFile, served.stdout);
  });

  after(() => stack?.dispose());

  it("the plugin serves the schema made from the code's tables, with the package's version", () => {
    assert.deepEqual(JSON.parse(fs.readFileSync(schemaFile, "utf8")), syncauthSchema(SYNCAUTH_PLUGIN_SOURCE.version));
  });

  it("the Python SDK is generated and byte-compiles; credentials and the fingerprint are secret", () => {
    const sdk = generateSdk(schemaFile, "python", out);
    const compiled = spawnSync("python3", ["-m", "compileall", "-q", sdk], { encoding: "utf8" });
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
    const resource = fs.readFileSync(path.join(sdk, "pulumi_syncauth", "synchronization_authorization.py"), "utf8");
    assert.match(resource, /class SynchronizationAuthorization\(pulumi\.CustomResource\)/);
    assert.match(resource, /pulumi\.Output\.secret\(credentials\)/);
    assert.match(resource, /additional_secret_outputs=\["credentialFingerprint", "singleUseFingerprints"\]/);
    const provider = fs.readFileSync(path.join(sdk, "pulumi_syncauth", "provider.py"), "utf8");
    assert.match(provider, /pulumi\.Output\.secret\(client_secret\)/);
  });

  it("no .NET or Java generator is available here, and sdkgen says so", () => {
    for (const language of ["dotnet", "java"]) {
      const result = spawnSync(sdkgenPath(), ["--language", language, "--out", out, schemaFile], { encoding: "utf8" });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /only python, go and nodejs generators are available/);
    }
  });
});
