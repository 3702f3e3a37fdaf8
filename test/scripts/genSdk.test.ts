import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { projectManifest } from "../../scripts/lib/seaPlugin";

const VERSION = projectManifest().version;
const DOWNLOAD_URL = syncauthSchema(VERSION).pluginDownloadURL as string;

/** `npm run gen-sdk -- <language> --out <dir>`, exactly as the README gives it (with a scratch --out). */
function genSdk(language: string, out: string): { status: number | null; output: string } {
  const result = spawnSync("npm", ["run", "--silent", "gen-sdk", "--", language, "--out", out], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

/**
 * Each SDK the generators here can write, and what makes the engine fetch the plugin by itself from a program on
 * it: the plugin's version and download URL (pulumi-plugin.json for Python, resource defaults for Go).
 */
describe("npm run gen-sdk", function () {
  this.timeout(600_000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-gen-sdk-"));
  });
  after(() => out && fs.rmSync(out, { recursive: true, force: true }));

  it("python: a package of the plugin's version whose pulumi-plugin.json names the download URL", () => {
    const { status, output } = genSdk("python", out);
    assert.equal(status, 0, output);
    const plugin = JSON.parse(
      fs.readFileSync(path.join(out, "python", "pulumi_syncauth", "pulumi-plugin.json"), "utf8"),
    );
    assert.deepEqual(plugin, { resource: true, name: "syncauth", version: VERSION, server: DOWNLOAD_URL });
    assert.match(
      fs.readFileSync(path.join(out, "python", "pyproject.toml"), "utf8"),
      new RegExp(`version = "${VERSION}"`),
    );
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "schema.json"), "utf8")), syncauthSchema(VERSION));
  });

  it("go: the module the schema's import path names, with the plugin's version and download URL as defaults", () => {
    const { status, output } = genSdk("go", out);
    assert.equal(status, 0, output);
    assert.match(
      fs.readFileSync(path.join(out, "go", "go.mod"), "utf8"),
      /^module github\.com\/pulumi-syncauth\/pulumi-syncauth\/sdk\/go\n/,
    );
    const utilities = fs.readFileSync(path.join(out, "go", "syncauth", "internal", "pulumiUtilities.go"), "utf8");
    assert.ok(utilities.includes(`pulumi.PluginDownloadURL("${DOWNLOAD_URL}")`));
    assert.ok(utilities.includes(`semver.MustParse("${VERSION}")`));
  });

  it("dotnet and java: refused, naming the command that writes them with a released CLI", () => {
    for (const language of ["dotnet", "java"]) {
      const { status, output } = genSdk(language, out);
      assert.equal(status, 1, output);
      assert.match(output, new RegExp(`pulumi package gen-sdk \\S+ --language ${language}`));
    }
  });
});
