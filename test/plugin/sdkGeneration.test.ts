import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { LOCAL_DIR } from "../../scripts/lib/pulumiCli";
import { generateSdk, pulumiCliVersion, sdkgenPath } from "../../scripts/lib/sdkgen";
import { SYNCTEST_SCHEMA } from "./synctest/schema";
import { EchoWorld, stagedSynctestDir } from "./synctest/synctestPlugin";

const GO_PROGRAM = path.join(__dirname, "goProgram");

/**
 * SDKs from the schema a plugin serves, and a program in another language using one: the Go SDK of the
 * test-only synctest provider, driven by the Go Automation API (inline program, no Go language host).
 */
describe("SDK generation from a plugin's schema", function () {
  this.timeout(600_000); // cold: building pulumi-sdkgen and the Go program takes minutes; warm: seconds
  const canary = `canary-${crypto.randomBytes(8).toString("hex")}`;
  let stack: LocalStack;
  let world: EchoWorld;
  let schemaFile: string;
  let out: string;

  before(async () => {
    stack = await LocalStack.create({ projectName: "synctest-go" });
    world = new EchoWorld(path.dirname(stack.stateDir));
    const pluginDir = stagedSynctestDir();
    Object.assign(stack.env, world.env(), { PATH: `${pluginDir}${path.delimiter}${stack.env.PATH}` });
    out = path.join(path.dirname(stack.stateDir), "sdk");
    schemaFile = path.join(out, "schema.json");
    fs.mkdirSync(out, { recursive: true });
    // The schema as the CLI gets it from the running plugin (GetSchema), not from the source.
    const served = await stack.must(["package", "get-schema", path.join(pluginDir, "pulumi-resource-synctest")]);
    fs.writeFileSync(schemaFile, served.stdout);
  });

  after(() => stack?.dispose());

  it("the plugin serves the schema its code defines", () => {
    assert.deepEqual(JSON.parse(fs.readFileSync(schemaFile, "utf8")), SYNCTEST_SCHEMA);
  });

  it("the Python SDK is generated and byte-compiles; the secret input and outputs are marked", () => {
    const sdk = generateSdk(schemaFile, "python", out);
    const compiled = spawnSync("python3", ["-m", "compileall", "-q", sdk], { encoding: "utf8" });
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
    const echo = fs.readFileSync(path.join(sdk, "example_synctest", "echo.py"), "utf8");
    assert.match(echo, /class Echo\(pulumi\.CustomResource\)/);
    assert.match(echo, /pulumi\.Output\.secret\(token\)/);
    assert.match(echo, /additional_secret_outputs=\["receipt", "token"\]/);
  });

  it("no .NET or Java generator is available here, and sdkgen says so", () => {
    for (const language of ["dotnet", "java"]) {
      const result = spawnSync(sdkgenPath(), ["--language", language, "--out", out, schemaFile], { encoding: "utf8" });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /only python, go and nodejs generators are available/);
    }
  });

  it("a Go program on the generated Go SDK runs preview, up, up again and destroy through the plugin", () => {
    const work = path.join(LOCAL_DIR, "go-program"); // kept between runs: go.sum, and Go's build cache hits
    fs.mkdirSync(work, { recursive: true });
    for (const file of ["main.go", "go.mod"]) fs.copyFileSync(path.join(GO_PROGRAM, file), path.join(work, file));
    generateSdk(schemaFile, "go", path.join(work, "sdk"));
    const go = (...args: string[]) =>
      execFileSync("go", args, {
        cwd: work,
        env: { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" },
        stdio: "inherit",
      });
    go("mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@v${pulumiCliVersion()}`); // the CLI's own SDK
    go("mod", "tidy");
    go("build", "-trimpath", "-o", "goprogram", ".");

    const run = spawnSync(path.join(work, "goprogram"), [], {
      encoding: "utf8",
      env: { ...stack.env, ECHO_MESSAGE: "from go", ECHO_TOKEN: canary, ECHO_PREFIX: "Hi, " },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.ok(!run.stdout.includes(canary) && !run.stderr.includes(canary), "the secret is not printed");
    const steps = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      steps.map((s) => [s.step, s.changes]),
      [
        ["preview", { create: 2 }], // the stack and the Echo
        ["up", { create: 2 }],
        ["up again", { same: 2 }],
        ["destroy", { delete: 2 }],
      ],
    );
    assert.deepEqual(steps[1].outputs, {
      greeting: { value: "Hi, from go", secret: false },
      length: { value: 7, secret: false },
      receipt: { secret: true },
    });
    assert.deepEqual(
      world.takeCalls().filter((c) => /create|update|delete/.test(c)),
      ["create(preview)", "create", "delete"],
    );
    assert.ok(!stack.stateFilesText().includes(canary), "no plaintext secret in any state file, history included");
  });
});
