import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT } from "./pulumiCli";

const paths = new Map<string, string>();

/**
 * The path printed by `scripts/<script>`, one of the scripts that build or fetch a tool into the shared cache and
 * print where it is; run once per process and script. Their progress goes to this process's stderr, so a cold
 * build is visible. `versionEnv` picks the version where the script takes one from the environment.
 */
export function ensuredBinary(script: string, versionEnv: Record<string, string> = {}): string {
  const key = `${script} ${JSON.stringify(versionEnv)}`;
  let found = paths.get(key);
  if (found === undefined) {
    found = execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", script)], {
      encoding: "utf8",
      env: { ...process.env, ...versionEnv },
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    paths.set(key, found);
  }
  return found;
}
