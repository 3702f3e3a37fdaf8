import * as fs from "node:fs";
import * as path from "node:path";

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * The installed directories of `names` and everything they depend on at run time (dependencies, and optional and
 * peer dependencies that are installed), found the way Node's `require` finds them: in `node_modules` of the
 * requiring package, then of each directory above it. `shallow` packages are included without following their
 * dependencies (a package the plugin uses only a self-contained part of).
 */
export function dependencyClosure(
  names: readonly string[],
  fromDir: string,
  shallow: ReadonlySet<string> = new Set(),
): string[] {
  const found = new Set<string>();
  const visit = (name: string, requiredFrom: string, optional: boolean) => {
    const dir = locate(name, requiredFrom);
    if (dir === undefined) {
      if (optional) return;
      throw new Error(`${name} (needed by ${requiredFrom}) is not installed: run 'npm ci'`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    if (shallow.has(name)) return;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
    for (const dep of Object.keys(manifest.peerDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, fromDir, false);
  return [...found].sort();
}

function locate(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}
