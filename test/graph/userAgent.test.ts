import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import packageJson from "../../package.json";
import { packageVersion, userAgent } from "../../provider/graph/userAgent";

describe("userAgent", () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "syncauth-user-agent-"));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("reads this package's version from the source tree", () => {
    assert.equal(packageVersion(), packageJson.version);
  });

  it("walks up past other packages' manifests to its own, as from dist/provider/graph", () => {
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "pulumi-syncauth", version: "9.8.7" }));
    const nested = join(root, "dist", "provider", "graph");
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(root, "dist", "package.json"), JSON.stringify({ name: "something-else", version: "1.0.0" }));
    writeFileSync(join(nested, "package.json"), "not json");
    assert.equal(packageVersion(nested), "9.8.7");
  });

  it("says unknown when no manifest of this package is found", () => {
    assert.equal(packageVersion(root), "unknown");
  });

  it("names the package, its version and Node's", () => {
    assert.equal(userAgent("1.2.3", "20.19.0"), "pulumi-syncauth/1.2.3 (node 20.19.0)");
    assert.equal(userAgent(), `pulumi-syncauth/${packageJson.version} (node ${process.versions.node})`);
  });
});
