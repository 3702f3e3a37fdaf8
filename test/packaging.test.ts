import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { SERIALIZED_PROVIDER } from "../provider/dynamic/serializedProvider";

const ROOT = path.resolve(__dirname, "..");

/** What every method of the serialized provider of 0.1.0 requires: stacks written by it need it forever. */
const RELEASED_PROVIDER_MODULE = "dist/provider/lifecycle/operations";

/** What `npm pack` ships is what a user's Pulumi program and its provider process load. */
describe("the npm package", function () {
  this.timeout(120_000);
  let files: string[];

  before(() => {
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" }),
    );
    files = packed[0].files.map((file: { path: string }) => file.path);
  });

  it("ships the built library with type declarations", () => {
    for (const file of ["dist/provider/index.js", "dist/provider/index.d.ts", "package.json", "README.md"]) {
      assert.ok(files.includes(file), `${file} is packed`);
    }
  });

  it("ships the modules serialized providers require, the current and 0.1.0's", () => {
    const required = [...SERIALIZED_PROVIDER.matchAll(/require\("pulumi-syncauth\/(dist\/[^"]+)"\)/g)].map(
      (m: RegExpMatchArray) => m[1],
    );
    assert.ok(required.length > 0, "the provider requires the package by name");
    for (const module of new Set([...required, RELEASED_PROVIDER_MODULE])) {
      assert.ok(files.includes(`${module}.js`), `${module}.js is packed`);
      assert.equal(require.resolve(`pulumi-syncauth/${module}`), path.join(ROOT, `${module}.js`));
    }
  });

  it("leaves tests, examples, scripts and the emulator out", () => {
    const strays = files.filter(
      (file) =>
        /^(test|examples|scripts|bench|provider)\//.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts")),
    );
    assert.deepEqual(strays, []);
  });
});
