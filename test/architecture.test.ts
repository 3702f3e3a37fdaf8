import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * docs/ARCHITECTURE.md names folders, not files, so that it stays true as files come and go: every folder it names
 * exists, and every folder of provider/ (each resource's included) is named there.
 */
const ROOT = path.resolve(__dirname, "..");
const DOC = fs.readFileSync(path.join(ROOT, "docs", "ARCHITECTURE.md"), "utf8");

function foldersOf(dir: string, depth: number): string[] {
  return fs
    .readdirSync(path.join(ROOT, "provider", dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const folder = dir === "" ? entry.name : `${dir}/${entry.name}`;
      return depth > 1 ? [folder, ...foldersOf(folder, depth - 1)] : [folder];
    });
}

/** The folders of the table of "Folders and their one rule", as written in its first column. */
function tableFolders(): string[] {
  const section = DOC.slice(DOC.indexOf("## Folders and their one rule"), DOC.indexOf("## The resource definition"));
  return [...section.matchAll(/^\| `([^`]+)\/` /gm)].map((match) => match[1]);
}

describe("docs/ARCHITECTURE.md", () => {
  it("names in its folder table every folder of provider/ that holds code, and no other", () => {
    const named = tableFolders();
    const actual = foldersOf("", 1).filter((folder) => folder !== "resources");
    for (const folder of actual) assert.ok(named.includes(folder), `provider/${folder} is not in the folder table`);
    for (const folder of named.filter((f) => !f.includes("<"))) {
      assert.ok(
        fs.existsSync(path.join(ROOT, "provider", folder)),
        `the table names provider/${folder}, which is gone`,
      );
    }
    assert.ok(named.includes("resources") && named.includes("resources/<resource>"));
  });

  /**
   * A resource whose definition is still being built (its pure parts land first): named here, with its issue, until
   * its definition.ts and program.ts exist; then it must be registered like every other.
   */
  const IN_PROGRESS: Record<string, string> = {};

  it("an in-progress folder is still unregistered; once it has a definition it leaves that list", () => {
    for (const resource of Object.keys(IN_PROGRESS)) {
      const folder = path.join(ROOT, "provider", "resources", resource);
      assert.ok(fs.existsSync(folder), `${resource} is listed as in progress but has no folder`);
      assert.ok(!fs.existsSync(path.join(folder, "definition.ts")), `${resource} has a definition: register it`);
    }
  });

  it("every resource folder is served by the registry and exported by programs.ts", () => {
    const registry = fs.readFileSync(path.join(ROOT, "provider", "resources", "registry.ts"), "utf8");
    const programs = fs.readFileSync(path.join(ROOT, "provider", "resources", "programs.ts"), "utf8");
    const resources = foldersOf("resources", 1)
      .map((folder) => folder.slice("resources/".length))
      .filter((resource) => !(resource in IN_PROGRESS));
    assert.ok(resources.length > 0);
    for (const resource of resources) {
      assert.ok(registry.includes(`./${resource}/definition`), `registry.ts does not list ${resource}`);
      assert.ok(programs.includes(`./${resource}/program`), `programs.ts does not export ${resource}`);
    }
  });

  it("every folder path the text names in backquotes exists", () => {
    const mentioned = [...DOC.matchAll(/`((?:provider|test)\/[A-Za-z/]+)\/`/g)].map((match) => match[1]);
    for (const folder of mentioned) assert.ok(fs.existsSync(path.join(ROOT, folder)), `${folder} does not exist`);
  });
});
