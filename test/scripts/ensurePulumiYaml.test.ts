import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalStack } from "../../scripts/lib/localStack";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { pathWithYamlHost, pulumiYamlPath } from "../../scripts/lib/pulumiYaml";

const PROGRAM = `name: yaml-host-check
runtime: yaml
config:
  greeting:
    type: string
  token:
    type: string
    secret: true
variables:
  shout:
    fn::join:
      - " "
      - - \${greeting}
        - world
outputs:
  message: \${shout}
  token: \${token}
`;

/** scripts/ensure-pulumi-yaml.sh gives a YAML language host the CLI runs programs with (plain `pulumi up`). */
describe("the YAML language host", function () {
  this.timeout(600_000); // a cold build takes minutes

  it("is built from the module proxy at the pinned version and cached", () => {
    const binary = pulumiYamlPath();
    assert.equal(path.basename(binary), "pulumi-language-yaml");
    fs.accessSync(binary, fs.constants.X_OK);
    const modules = execFileSync("go", ["version", "-m", binary], { encoding: "utf8" });
    assert.match(modules, /^\s+mod\s+github\.com\/pulumi\/pulumi-yaml\s+v1\.25\.0\s/m);
    const again = execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", "ensure-pulumi-yaml.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.equal(again.trim(), binary, "a second run answers from the cache");
  });

  describe("runs a YAML program through the real CLI", () => {
    let stack: LocalStack;
    const canary = `canary-${crypto.randomBytes(8).toString("hex")}`;

    before(async () => {
      stack = await LocalStack.create({
        projectName: "yaml-host-check",
        projectFile: PROGRAM,
        env: { PATH: pathWithYamlHost() },
      });
      await stack.setConfig("greeting", "hello");
      await stack.setConfig("token", canary, { secret: true });
    });

    after(() => stack?.dispose());

    it("up evaluates the program and keeps the secret config secret", async () => {
      const up = await stack.pulumi(["up", "--yes", "--non-interactive"]);
      assert.equal(up.code, 0, up.stdout + up.stderr);
      assert.ok(!up.stdout.includes(canary) && !up.stderr.includes(canary), "the secret is not printed");
      const shown = JSON.parse((await stack.must(["stack", "output", "--json", "--show-secrets"])).stdout);
      assert.deepEqual(shown, { message: "hello world", token: canary });
      const hidden = JSON.parse((await stack.must(["stack", "output", "--json"])).stdout);
      assert.equal(hidden.token, "[secret]");
      assert.ok(!stack.stateFilesText().includes(canary), "no plaintext secret in the state files");
    });

    it("reports an error in the program", async () => {
      fs.writeFileSync(path.join(stack.workDir, "Pulumi.yaml"), PROGRAM.replace("${greeting}", "${notDeclared}"));
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      assert.match(preview.stdout + preview.stderr, /notDeclared/);
    });
  });
});
