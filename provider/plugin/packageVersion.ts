import * as fs from "node:fs";
import * as path from "node:path";

/** What a plugin reads from its package: the version it reports, and the repository its releases come from. */
export interface PluginPackage {
  version: string;
  /** package.json's `repository` (a URL, or npm's `{ url }` form), when it has one. */
  repository?: string;
}

/**
 * Set by esbuild when the plugin is bundled (scripts/lib/bundlePlugin.ts): a single executable has no package.json
 * beside it, and inside one `__dirname` is the binary's folder, so the bundle carries what it was built from.
 */
declare const __SYNCAUTH_BUNDLED_PACKAGE__: PluginPackage | undefined;

export const BUNDLED_PACKAGE: PluginPackage | undefined =
  typeof __SYNCAUTH_BUNDLED_PACKAGE__ === "object" ? __SYNCAUTH_BUNDLED_PACKAGE__ : undefined;

/**
 * The nearest package.json at or above `dir` (the project's in a checkout, the one written into a staged plugin
 * otherwise), or what the bundle was built from. Its version is what GetPluginInfo reports and what the engine
 * compares with the version a program asks for.
 */
export function pluginPackage(dir: string): PluginPackage {
  if (BUNDLED_PACKAGE !== undefined) return BUNDLED_PACKAGE;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, "package.json");
    if (fs.existsSync(candidate)) {
      const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as { version?: unknown; repository?: unknown };
      if (typeof manifest.version !== "string" || manifest.version === "")
        throw new Error(`${candidate} has no version`);
      return { version: manifest.version, repository: repositoryUrl(manifest.repository) };
    }
    if (path.dirname(current) === current) throw new Error(`no package.json at or above ${dir}`);
  }
}

export function packageVersion(dir: string): string {
  return pluginPackage(dir).version;
}

function repositoryUrl(repository: unknown): string | undefined {
  if (typeof repository === "string") return repository;
  if (typeof repository === "object" && repository !== null && "url" in repository) {
    const { url } = repository as { url: unknown };
    return typeof url === "string" ? url : undefined;
  }
  return undefined;
}
