import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { launcherScript } from "./pluginLauncher";
import { PROJECT_ROOT } from "./pulumiCli";

export interface PluginSource {
  /** The package name: the plugin is `pulumi-resource-<name>`, its types `<name>:…`. */
  name: string;
  version: string;
  /** A tsconfig that compiles the plugin's entry (and what it imports), relative to the project root. */
  tsconfig: string;
  /** The entry file, relative to the project root (e.g. `test/plugin/synctest/main.ts`). */
  entry: string;
  /** package.json's repository: the plugin's schema names its downloads after it. */
  repository?: string;
}

/**
 * Lays out a plugin directory the engine can run: `pulumi-resource-<name>` (the launcher), `dist/` (the entry
 * and what it imports, compiled without declarations or source maps) and a package.json whose version the
 * plugin reports. Without `node_modules` of its own the plugin resolves its packages from the project's, which is
 * what a checkout needs; packagePlugin adds them for a tarball.
 */
export function stagePlugin(source: PluginSource, dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "-p",
      path.join(PROJECT_ROOT, source.tsconfig),
      "--outDir",
      path.join(dir, "dist"),
      "--declaration",
      "false",
      "--sourceMap",
      "false",
    ],
    { cwd: PROJECT_ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  const entry = path.posix.join("dist", source.entry.replace(/\.ts$/, ".js"));
  if (!fs.existsSync(path.join(dir, entry))) throw new Error(`compiling ${source.tsconfig} did not produce ${entry}`);
  const packageJson = {
    name: `pulumi-resource-${source.name}`,
    version: source.version,
    private: true,
    ...(source.repository === undefined ? {} : { repository: source.repository }),
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson, null, 2) + "\n");
  const launcher = path.join(dir, `pulumi-resource-${source.name}`);
  fs.writeFileSync(launcher, launcherScript(source.name, entry), { mode: 0o755 });
  return launcher;
}
