/**
 * Builds a provider plugin tarball that `pulumi plugin install resource <name> <version> --file <tarball>` installs:
 *
 *   pulumi-resource-<name>   the launcher (runs the entry on Node.js >= 22; see scripts/lib/pluginLauncher.ts)
 *   package.json             name and version (the version GetPluginInfo reports)
 *   dist/                    the compiled entry and what it imports
 *   node_modules/            the packages the plugin needs at run time, with their dependencies; of
 *                            @pulumi/pulumi only the protocol stubs (proto/), the rest is the program SDK
 *
 * Usage: ts-node scripts/package-plugin.ts --name <name> --version <x.y.z> --tsconfig <path> --entry <path.ts>
 *        [--out <dir>] [--packages a,b,c]   (default packages: the project's dependencies)
 * Prints the tarball's path on stdout.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dependencyClosure } from "./lib/dependencyClosure";
import { PROJECT_ROOT } from "./lib/pulumiCli";
import { PluginSource, stagePlugin } from "./lib/stagePlugin";

/** Of these packages only the listed entries are shipped, and their dependencies are not followed. */
const PARTIAL_PACKAGES: Record<string, string[]> = {
  "@pulumi/pulumi": ["package.json", "LICENSE", "proto"],
};

export interface PackageOptions extends PluginSource {
  /** Where the tarball goes. */
  outDir: string;
  /** The packages the plugin's code requires at run time; default: the project's dependencies. */
  packages?: string[];
  /** The platform the name states; default: this machine's. */
  platform?: NodeJS.Platform;
  arch?: string;
}

export interface PackagedPlugin {
  tarball: string;
  /** Size of the tarball. */
  bytes: number;
  /** Size of what it unpacks to. */
  unpackedBytes: number;
}

/**
 * `pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz` with the engine's os and arch names (Go's GOOS and
 * GOARCH: amd64, not x64), the name it asks a `pluginDownloadURL` for (`standardAssetName` in pulumi/pulumi
 * sdk/go/common/workspace/plugins.go).
 */
export function pluginArchiveName(name: string, version: string, platform: NodeJS.Platform, arch: string): string {
  const goArch: Record<string, string> = { x64: "amd64", arm64: "arm64" };
  const goOs: Partial<Record<NodeJS.Platform, string>> = { linux: "linux", darwin: "darwin", win32: "windows" };
  if (!goArch[arch] || !goOs[platform]) throw new Error(`no Pulumi plugin name for ${platform}-${arch}`);
  return `pulumi-resource-${name}-v${version}-${goOs[platform]}-${goArch[arch]}.tar.gz`;
}

export function packagePlugin(options: PackageOptions): PackagedPlugin {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), `plugin-${options.name}-`));
  try {
    stagePlugin(options, stage);
    const packages = options.packages ?? Object.keys(readManifest(PROJECT_ROOT).dependencies ?? {});
    const shallow = new Set(Object.keys(PARTIAL_PACKAGES));
    for (const dir of dependencyClosure(packages, PROJECT_ROOT, shallow)) copyPackage(dir, stage);
    fs.mkdirSync(options.outDir, { recursive: true });
    const name = pluginArchiveName(
      options.name,
      options.version,
      options.platform ?? process.platform,
      options.arch ?? process.arch,
    );
    const tarball = path.join(path.resolve(options.outDir), name);
    execFileSync("tar", ["-czf", tarball, "-C", stage, "."]);
    return { tarball, bytes: fs.statSync(tarball).size, unpackedBytes: directorySize(stage) };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Copies one installed package to the same place under the stage, without its nested node_modules (those
 * packages are in the closure themselves when they are needed). */
function copyPackage(dir: string, stage: string): void {
  const relative = path.relative(PROJECT_ROOT, dir);
  if (relative.startsWith("..")) throw new Error(`${dir} is outside the project`);
  const target = path.join(stage, relative);
  const manifest = readManifest(dir) as { name: string };
  const only = PARTIAL_PACKAGES[manifest.name];
  const entries = only ?? fs.readdirSync(dir).filter((entry) => entry !== "node_modules");
  fs.mkdirSync(target, { recursive: true });
  for (const entry of entries) {
    if (fs.existsSync(path.join(dir, entry))) {
      fs.cpSync(path.join(dir, entry), path.join(target, entry), { recursive: true, dereference: true });
    }
  }
}

function readManifest(dir: string): { dependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(full) : fs.statSync(full).size;
  }
  return total;
}

function parseArguments(argv: string[]): PackageOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined)
      throw new Error(`expected --flag value, got ${argv[i]}`);
    values[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ["name", "version", "tsconfig", "entry"]) {
    if (!values[required]) throw new Error(`--${required} is required`);
  }
  return {
    name: values.name,
    version: values.version,
    tsconfig: values.tsconfig,
    entry: values.entry,
    outDir: values.out ?? path.join(PROJECT_ROOT, "dist", "plugins"),
    packages: values.packages?.split(",").filter(Boolean),
  };
}

if (require.main === module) {
  const packaged = packagePlugin(parseArguments(process.argv.slice(2)));
  process.stderr.write(
    `[package-plugin] ${path.basename(packaged.tarball)}: ${(packaged.bytes / 1e6).toFixed(1)} MB ` +
      `(${(packaged.unpackedBytes / 1e6).toFixed(1)} MB unpacked)\n`,
  );
  process.stdout.write(`${packaged.tarball}\n`);
}
