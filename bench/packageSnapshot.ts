import * as fs from "node:fs";
import * as path from "node:path";
import { LOCAL_DIR, PROJECT_ROOT } from "../scripts/lib/pulumiCli";

/**
 * A private copy of the built package (package.json + dist/provider) that the benchmark's provider processes load.
 *
 * The dynamic-provider host resolves `require("pulumi-syncauth/…")` from the project directory of the stack, and the
 * repository's own `node_modules/pulumi-syncauth` points at dist/, which anyone working in the same tree may rebuild
 * at any moment; a rebuild in the middle of a run would change or break the code being measured. Linking this copy
 * into each stack's project directory pins the code for the whole run. Its dependencies still resolve from the
 * repository's node_modules, as the copy lives below it.
 */
export class PackageSnapshot {
  private constructor(readonly directory: string) {}

  static take(): PackageSnapshot {
    fs.mkdirSync(LOCAL_DIR, { recursive: true });
    const directory = path.join(fs.mkdtempSync(path.join(LOCAL_DIR, "bench-package-")), "pulumi-syncauth");
    fs.mkdirSync(directory);
    fs.copyFileSync(path.join(PROJECT_ROOT, "package.json"), path.join(directory, "package.json"));
    fs.cpSync(path.join(PROJECT_ROOT, "dist", "provider"), path.join(directory, "dist", "provider"), {
      recursive: true,
    });
    return new PackageSnapshot(directory);
  }

  /** Makes `require("pulumi-syncauth/…")` from `projectDir` load this copy. */
  linkInto(projectDir: string): void {
    const modules = path.join(projectDir, "node_modules");
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(this.directory, path.join(modules, "pulumi-syncauth"), "dir");
  }

  dispose(): void {
    fs.rmSync(path.dirname(this.directory), { recursive: true, force: true });
  }
}
