/**
 * Builds the syncauth plugin's release: for each target a self-contained executable (no Node needed where it runs)
 * in `pulumi-resource-syncauth-v<version>-<os>-<arch>.tar.gz`, the name the engine downloads from the schema's
 * pluginDownloadURL, and `pulumi-resource-syncauth_<version>_checksums.txt` (SHA-256, `sha256sum -c` format).
 *
 * Usage: ts-node scripts/build-plugin.ts [--targets host|all|<target>,<target>…] [--out <dir>]
 *   targets: linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64 (default: host, this machine's)
 *   out:     default dist/release
 * Prints each tarball's path on stdout, one a line; sizes and code caches on stderr.
 */
import * as path from "node:path";
import { PROJECT_ROOT } from "./lib/pulumiCli";
import { ALL_TARGETS, buildRelease, hostTarget, isTarget, type Target } from "./lib/seaPlugin";

function parseTargets(value: string): Target[] {
  if (value === "all") return [...ALL_TARGETS];
  if (value === "host") {
    const host = hostTarget();
    if (host === undefined) throw new Error(`this machine (${process.platform}-${process.arch}) is no plugin target`);
    return [host];
  }
  return value.split(",").map((name) => {
    if (!isTarget(name)) throw new Error(`unknown target ${name}: one of ${ALL_TARGETS.join(", ")}, host or all`);
    return name;
  });
}

async function main(argv: string[]): Promise<void> {
  const values: Record<string, string> = { targets: "host", out: path.join(PROJECT_ROOT, "dist", "release") };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i].replace(/^--/, "");
    if (!argv[i].startsWith("--") || !(flag in values) || argv[i + 1] === undefined) {
      throw new Error(`usage: build-plugin.ts [--targets host|all|<target>,…] [--out <dir>] (got ${argv[i]})`);
    }
    values[flag] = argv[i + 1];
  }
  for (const asset of await buildRelease(parseTargets(values.targets), path.resolve(values.out))) {
    process.stderr.write(
      `[build-plugin] ${path.basename(asset.tarball)}: ${(asset.bytes / 1e6).toFixed(1)} MB ` +
        `(${(asset.unpackedBytes / 1e6).toFixed(1)} MB unpacked), code cache: ${asset.codeCache}\n`,
    );
    process.stdout.write(`${asset.tarball}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A wrong flag or target is the user's to fix: one line, no stack.
  process.stderr.write(`build-plugin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
