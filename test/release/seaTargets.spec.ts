import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { probeSyncauthPlugin } from "../../scripts/lib/pluginProbe";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { codeCacheState } from "../../scripts/lib/sea/codeCacheReport";
import {
  ALL_TARGETS,
  arm64Runner,
  buildRelease,
  bundleSyncauth,
  hostTarget,
  projectManifest,
  SEA_FUSE,
  seaBlob,
  targetNode,
  type ReleaseAsset,
  type Target,
} from "../../scripts/lib/seaPlugin";

/** What `file` must say of each target's executable. */
const FORMAT: Record<Target, RegExp> = {
  "linux-x64": /^ELF 64-bit LSB (pie )?executable, x86-64/,
  "linux-arm64": /^ELF 64-bit LSB (pie )?executable, ARM aarch64/,
  "darwin-x64": /^Mach-O 64-bit x86_64 executable/,
  "darwin-arm64": /^Mach-O 64-bit arm64 executable/,
  "win32-x64": /^PE32\+ executable \(console\) x86-64, for MS Windows/,
};

/**
 * Every target but this machine's (test/scripts/seaPlugin.test.ts runs that one), built here from the Node binaries
 * the npm registry serves. Run once per CI run (`npm run test:release`), not in `npm test`: it fetches four Node
 * builds (about 200 MB, cached after) and builds for two minutes. The Windows and macOS executables cannot run
 * here: each is checked for its format, its size and an intact blob (the exact bytes the bundle makes, after the
 * fuse Node checks at start). linux-arm64 runs under Debian's qemu-user-static when it is installed.
 */
describe("the self-contained plugin for the other targets", function () {
  this.timeout(1_200_000);
  const targets = ALL_TARGETS.filter((target) => target !== hostTarget());
  const outDir = path.join(PROJECT_ROOT, ".pulumi-local", "release-targets");
  let assets: ReleaseAsset[];
  let blob: Buffer;
  let bundleEnd: Buffer;

  before(async () => {
    fs.rmSync(outDir, { recursive: true, force: true });
    assets = await buildRelease(targets, outDir);
    fs.mkdirSync(path.join(outDir, "bundle"));
    const bundle = path.join(outDir, "bundle", "pulumi-resource-syncauth.cjs");
    bundleSyncauth(bundle);
    blob = seaBlob(bundle);
    bundleEnd = fs.readFileSync(bundle).subarray(-4096);
  });

  for (const target of targets) {
    describe(target, () => {
      const asset = () => assets.find((a) => a.target === target)!;

      it("is an executable of the target's format", () => {
        const said = execFileSync("file", ["-b", asset().executable], { encoding: "utf8" });
        assert.match(said, FORMAT[target]);
      });

      it("is the target's Node with the bundle injected: its size plus the blob's, within 3 MB", () => {
        // Within 3 MB, not exactly: the injection adds a section and its alignment, and on macOS drops the Node
        // binary's code signature (about 2 MB), which the release runner's codesign puts back.
        const node = fs.statSync(targetNode(target)).size;
        const size = fs.statSync(asset().executable).size;
        assert.ok(Math.abs(size - (node + blob.length)) < 3e6, `${size} vs ${node} + ${blob.length}`);
      });

      it("holds the blob intact and the SEA fuse blown", function () {
        const executable = fs.readFileSync(asset().executable);
        assert.ok(executable.includes(SEA_FUSE), "the fuse is blown");
        if (asset().codeCache !== "none") {
          // The code cache is an asset of the blob, so the blob without one is not in it byte for byte; it holds
          // the bundle (another asset) all the same.
          assert.ok(executable.includes(bundleEnd), "the bundle's end is in the executable");
          return;
        }
        assert.ok(executable.includes(blob), "the blob, byte for byte");
      });
    });
  }

  describe("linux-arm64 under emulation", () => {
    it("answers GetPluginInfo with the package's version and a Check, run by qemu-user-static", async function () {
      const runner = arm64Runner();
      if (runner === undefined || !targets.includes("linux-arm64")) {
        // Said, not hidden: CI installs qemu-user-static (.ci/run), so there this never skips.
        this.skip();
      }
      const asset = assets.find((a) => a.target === "linux-arm64")!;
      assert.equal(asset.codeCache, "qemu", "the code cache was made by the arm64 Node");
      assert.equal(await codeCacheState(runner![0], [...runner!.slice(1), asset.executable]), "accepted");
      const probe = await probeSyncauthPlugin(runner![0], [...runner!.slice(1), asset.executable], {
        PATH: path.join(outDir, "no-such-dir"),
      });
      assert.equal(probe.version, projectManifest().version);
      assert.deepEqual(probe.validFailures, []);
      assert.match(probe.invalidFailures.join("\n"), /servicePrincipalId: must be an object id/);
    });
  });
});
