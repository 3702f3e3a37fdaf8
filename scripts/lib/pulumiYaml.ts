import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT, pulumiCliPath } from "./pulumiCli";

let yamlHostPath: string | undefined;

/**
 * Path of the YAML language host `pulumi-language-yaml`: the one `scripts/ensure-pulumi-yaml.sh` builds (and
 * caches). Its progress goes to this process's stderr, so a cold build is visible.
 */
export function pulumiYamlPath(): string {
  if (yamlHostPath === undefined) {
    yamlHostPath = execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", "ensure-pulumi-yaml.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  }
  return yamlHostPath;
}

/**
 * A PATH on which the CLI finds the YAML language host (it looks up `pulumi-language-<runtime>` there), the CLI
 * itself and then `extraDirs` (e.g. a directory of provider plugins) in front of the inherited PATH.
 */
export function pathWithYamlHost(...extraDirs: string[]): string {
  return [path.dirname(pulumiYamlPath()), path.dirname(pulumiCliPath()), ...extraDirs, process.env.PATH ?? ""].join(
    path.delimiter,
  );
}
