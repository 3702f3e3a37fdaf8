import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLES_DIR, exampleProjects, REPO_ROOT } from "./typeCheck";

type PackageJson = Record<string, unknown> & { dependencies?: Record<string, string> };

function readJson(file: string): PackageJson {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

const PACKAGE = readJson(path.join(REPO_ROOT, "package.json"));

/**
 * The package's install-script decisions that reach a user: not those about its own devDependencies (esbuild, which
 * only builds the plugin's release), which an example never installs.
 */
const RUNTIME_DECISIONS = Object.fromEntries(
  Object.entries(PACKAGE.allowScripts as Record<string, boolean>).filter(
    ([name]) => !(name in (PACKAGE.devDependencies as Record<string, string>)),
  ),
);

/**
 * The package.json of a user's copy of an example, as npm sees it when pulumi-syncauth comes from the registry:
 * pulumi-syncauth itself runs no install script there, so what it brings in is its own dependencies. (This
 * repository's package is not published, and a tarball would count as a non-registry source whose `prepare`
 * npm lists among install scripts to review.)
 */
function asInstalledFromRegistry(example: PackageJson): PackageJson {
  const { "pulumi-syncauth": ours, ...others } = example.dependencies ?? {};
  assert.ok(ours, "the example depends on pulumi-syncauth");
  return { ...example, dependencies: { ...(PACKAGE.dependencies as Record<string, string>), ...others } };
}

/**
 * `npm install --dry-run` in a scratch directory: resolves the whole tree and prints npm's warnings (engines,
 * install scripts to review), installs nothing. The project's own scripts are left out: npm runs them even then.
 */
function dryRunInstall(manifest: PackageJson): Promise<{ code: number | null; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "example-install-"));
  const withoutScripts: PackageJson = { ...manifest };
  delete withoutScripts.scripts;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(withoutScripts, null, 2));
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["install", "--dry-run", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: dir,
      env: { ...process.env, npm_config_loglevel: "warn", npm_config_color: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}

function warnings(output: string): string[] {
  return output.split("\n").filter((line) => /^npm warn/i.test(line));
}

describe("installing the package and the examples on a supported Node", function () {
  // Resolves each tree against the npm registry (from npm's cache when it can).
  this.timeout(300_000);

  it("needs the same Node as the package and decides every dependency install script as the package does", () => {
    for (const example of exampleProjects()) {
      const manifest = readJson(path.join(EXAMPLES_DIR, example, "package.json"));
      assert.deepEqual(manifest.engines, PACKAGE.engines, `examples/${example}/package.json engines`);
      assert.deepEqual(manifest.allowScripts, RUNTIME_DECISIONS, `examples/${example}/package.json allowScripts`);
    }
  });

  it("the package's own install is quiet: no engine warning, no install script left to review", async () => {
    const { code, output } = await dryRunInstall(PACKAGE);
    assert.equal(code, 0, output);
    assert.deepEqual(warnings(output), [], output);
  });

  for (const example of exampleProjects()) {
    it(`examples/${example} installs quietly`, async () => {
      const manifest = asInstalledFromRegistry(readJson(path.join(EXAMPLES_DIR, example, "package.json")));
      const { code, output } = await dryRunInstall(manifest);
      assert.equal(code, 0, output);
      assert.deepEqual(warnings(output), [], output);
    });
  }

  it("without the allowScripts decision, npm names protobufjs's postinstall as a script to review", async () => {
    const manifest = asInstalledFromRegistry(readJson(path.join(EXAMPLES_DIR, "quickstart", "package.json")));
    delete manifest.allowScripts;
    const { code, output } = await dryRunInstall(manifest);
    assert.equal(code, 0, output);
    assert.ok(
      warnings(output).some((line) => /install-scripts\s+protobufjs@\S+ \(postinstall:/.test(line)),
      output,
    );
  });
});
