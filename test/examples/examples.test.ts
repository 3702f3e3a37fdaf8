import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { assertPackageBuilt, EXAMPLES_DIR, exampleProjects, readProjectConfig, typeCheckExample } from "./typeCheck";

/** The config keys a program reads through `config.require("x")`, `config.getSecret("x")` and the like. */
function configKeysRead(source: string): string[] {
  const keys = new Set<string>();
  for (const match of source.matchAll(/config\.(?:require|get)(?:Secret)?(?:Number|Boolean|Object)?\(\s*"([^"]+)"/g)) {
    keys.add(match[1]);
  }
  return [...keys].sort();
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

describe("examples", function () {
  this.timeout(300_000);
  const examples = exampleProjects();

  before(() => assertPackageBuilt());

  it("are all found, including the ones a user is told about", () => {
    for (const name of ["quickstart", "oauth-connector", "with-azuread", "rotation", "sovereign-cloud"]) {
      assert.ok(examples.includes(name), `examples/${name} has no index.ts`);
    }
  });

  for (const example of exampleProjects()) {
    describe(example, () => {
      const dir = path.join(EXAMPLES_DIR, example);

      it("is a complete project a user can copy", () => {
        for (const file of ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json", "README.md"]) {
          assert.ok(fs.existsSync(path.join(dir, file)), `examples/${example}/${file} is missing`);
        }
        const pkg = readJson(path.join(dir, "package.json"));
        const dependencies = (pkg.dependencies ?? {}) as Record<string, string>;
        assert.ok(dependencies["pulumi-syncauth"], "package.json depends on pulumi-syncauth");
        assert.ok(dependencies["@pulumi/pulumi"], "package.json depends on @pulumi/pulumi");
        const source = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
        assert.match(source, /from "pulumi-syncauth"/, "imports the package by name, as a user would");
        assert.doesNotMatch(source, /from "\.\.?\//, "imports nothing by relative path");
        for (const match of source.matchAll(/from "((?:@[^/"]+\/)?[^/".][^/"]*)/g)) {
          const name = match[1];
          if (name.startsWith("node:")) continue;
          assert.ok(dependencies[name], `index.ts imports ${name}, which package.json does not list`);
        }
      });

      it("declares in Pulumi.yaml every config key the program reads", () => {
        const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
        assert.equal(project.runtime, "nodejs");
        assert.match(String(project.name), /^syncauth-/);
        const declared = Object.keys(project.config ?? {}).sort();
        const read = configKeysRead(fs.readFileSync(path.join(dir, "index.ts"), "utf8"));
        assert.ok(read.length > 0, "the program reads its settings from config");
        assert.deepEqual(
          read.filter((key) => !declared.includes(key)),
          [],
          "keys read but not declared",
        );
        assert.deepEqual(
          declared.filter((key) => !read.includes(key)),
          [],
          "keys declared but never read",
        );
      });

      it("is compiled strictly", () => {
        const options = readProjectConfig(path.join(dir, "tsconfig.json")).options;
        assert.equal(options.strict, true);
        assert.equal(options.noUnusedLocals, true);
      });

      it("type-checks against the built package", () => {
        const diagnostics = typeCheckExample(example);
        assert.equal(diagnostics, "", `examples/${example} does not type-check:\n${diagnostics}`);
      });
    });
  }

  it("a type error in an example fails the check", () => {
    const file = path.join(EXAMPLES_DIR, "quickstart", "index.ts");
    const broken = fs
      .readFileSync(file, "utf8")
      .replace(/servicePrincipalId: config\.require\("servicePrincipalId"\)/, "servicePrincipalId: 42");
    assert.notEqual(broken, fs.readFileSync(file, "utf8"), "the replacement applied");
    const diagnostics = typeCheckExample("quickstart", new Map([[file, broken]]));
    assert.match(diagnostics, /index\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable/);
  });

  it("an unknown export of the package fails the check", () => {
    const file = path.join(EXAMPLES_DIR, "rotation", "index.ts");
    const broken = fs
      .readFileSync(file, "utf8")
      .replace("import { SynchronizationAuthorization }", "import { SynchronizationAuthorisation }");
    const diagnostics = typeCheckExample("rotation", new Map([[file, broken]]));
    assert.match(diagnostics, /has no exported member named 'SynchronizationAuthorisation'/);
  });
});
