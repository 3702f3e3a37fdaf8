import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { probeSyncauthPlugin } from "../../scripts/lib/pluginProbe";
import { codeCacheState } from "../../scripts/lib/sea/codeCacheReport";
import {
  hostReleaseAsset,
  projectManifest,
  releaseAssetName,
  SEA_FUSE,
  type ReleaseAsset,
} from "../../scripts/lib/seaPlugin";

/**
 * This machine's release tarball as scripts/build-plugin.ts builds it: named as the engine asks for it, holding
 * only the executable, listed in the checksums file, and running with no Node anywhere: an empty PATH, from a folder
 * with no package.json above it (inside a SEA `__dirname` is the binary's folder).
 */
describe("the self-contained syncauth plugin (Node single executable) for this machine", function () {
  this.timeout(300_000);
  let asset: ReleaseAsset;
  let outside: string;

  before(async () => {
    asset = await hostReleaseAsset();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-sea-"));
  });
  after(() => outside && fs.rmSync(outside, { recursive: true, force: true }));

  it("is named as the engine names plugin archives and holds only the executable, at its root", () => {
    const { version } = projectManifest();
    assert.equal(path.basename(asset.tarball), releaseAssetName(version, asset.target));
    assert.match(path.basename(asset.tarball), /^pulumi-resource-syncauth-v\d+\.\d+\.\d+-linux-amd64\.tar\.gz$/);
    const listed = execFileSync("tar", ["--numeric-owner", "-tzvf", asset.tarball], { encoding: "utf8" })
      .trim()
      .split("\n");
    assert.equal(listed.length, 1, listed.join("\n"));
    assert.match(listed[0], /^-rwxr-xr-x 0\/0 .* pulumi-resource-syncauth$/);
  });

  it("is listed with its SHA-256 in the checksums file, in sha256sum's format", () => {
    const dir = path.dirname(asset.tarball);
    const checksums = path.join(dir, `pulumi-resource-syncauth_${projectManifest().version}_checksums.txt`);
    const sha = crypto.createHash("sha256").update(fs.readFileSync(asset.tarball)).digest("hex");
    assert.ok(fs.readFileSync(checksums, "utf8").includes(`${sha}  ${path.basename(asset.tarball)}\n`));
    execFileSync("sha256sum", ["--check", "--ignore-missing", "--quiet", checksums], { cwd: dir });
  });

  it("carries a V8 code cache made by this machine's Node, which it uses when it starts; the SEA fuse is blown", async () => {
    assert.equal(asset.codeCache, "host");
    assert.ok(fs.readFileSync(asset.executable).includes(SEA_FUSE));
    assert.equal(await codeCacheState(asset.executable, [], { PATH: path.join(outside, "no-such-dir") }), "accepted");
  });

  it("unpacked where no package.json is and run with no node on PATH: answers GetPluginInfo and Check", async () => {
    execFileSync("tar", ["-xzf", asset.tarball, "-C", outside]);
    const binary = path.join(outside, "pulumi-resource-syncauth");
    const probe = await probeSyncauthPlugin(binary, [], { PATH: path.join(outside, "no-such-dir"), HOME: outside });
    assert.equal(probe.version, projectManifest().version);
    assert.deepEqual(probe.validFailures, []);
    assert.equal(probe.invalidFailures.length, 1);
    assert.match(probe.invalidFailures[0], /servicePrincipalId: must be an object id/);
  });
});
