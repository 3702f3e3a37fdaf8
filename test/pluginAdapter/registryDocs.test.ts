import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";
import { projectManifest } from "../../scripts/lib/seaPlugin";

const DOCS = path.join(__dirname, "..", "..", "docs");
const read = (file: string) => fs.readFileSync(path.join(DOCS, file), "utf8");

/** docs/_index.md and docs/installation-configuration.md, the pages the Pulumi Registry shows, kept to the schema. */
describe("the Pulumi Registry pages in docs/", () => {
  const schema = syncauthSchema(projectManifest().version) as {
    config: { variables: Record<string, { type: string; secret?: boolean }> };
    pluginDownloadURL: string;
  };

  for (const file of ["_index.md", "installation-configuration.md"]) {
    it(`${file} has the registry's front matter: title, meta_desc, layout: package`, () => {
      const front = /^---\n([\s\S]*?)\n---\n/.exec(read(file));
      assert.ok(front, "front matter");
      assert.match(front[1], /^title: \S/m);
      assert.match(front[1], /^meta_desc: \S/m);
      assert.match(front[1], /^layout: package$/m);
    });
  }

  it("the configuration reference lists every config key of the schema, with its type and secret-ness, and no other", () => {
    // Columns padded as prettier lays out a markdown table.
    const rows = [...read("installation-configuration.md").matchAll(/^\| `syncauth:(\w+)` +\| (\w+)(, secret)? +\|/gm)];
    assert.deepEqual(
      rows.map(([, key, type, secret]) => [key, type, Boolean(secret)]),
      Object.entries(schema.config.variables).map(([key, spec]) => [key, spec.type, Boolean(spec.secret)]),
    );
  });

  it("the install commands and the YAML example name the schema's download URL and the package's version", () => {
    const version = projectManifest().version;
    const install = read("installation-configuration.md");
    assert.ok(install.includes(`--server ${schema.pluginDownloadURL}\n`));
    assert.ok(install.includes(`pulumi-resource-syncauth-v${version}-linux-amd64.tar.gz`));
    assert.ok(
      read("_index.md").includes(`version: ${version}\n      pluginDownloadURL: ${schema.pluginDownloadURL}\n`),
    );
  });
});
