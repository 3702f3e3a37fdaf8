import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BUNDLED_VERSION } from "../config/bundledPackage";

const PACKAGE_NAME = "pulumi-syncauth";

/**
 * The package's own version, found by walking up from this file: the same code runs from `provider/graph` (tests)
 * and from `dist/provider/graph` (published), at different depths below package.json. A bundled plugin (a single
 * executable, where no package.json is near) carries the version it was built from.
 */
export function packageVersion(startDirectory?: string): string {
  if (startDirectory === undefined && BUNDLED_VERSION !== undefined) return BUNDLED_VERSION;
  let directory = startDirectory ?? __dirname;
  for (;;) {
    const version = versionIfOurs(join(directory, "package.json"));
    if (version !== undefined) {
      return version;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      return "unknown";
    }
    directory = parent;
  }
}

function versionIfOurs(manifestPath: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { name?: unknown; version?: unknown };
    return manifest.name === PACKAGE_NAME && typeof manifest.version === "string" ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** `pulumi-syncauth/0.1.0 (node 20.19.0)`: lets Graph and proxies tell this client's traffic apart. */
export function userAgent(version: string = packageVersion(), nodeVersion: string = process.versions.node): string {
  return `${PACKAGE_NAME}/${version} (node ${nodeVersion})`;
}
