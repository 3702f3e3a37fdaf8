import * as path from "node:path";
import { ensuredBinary } from "./ensuredBinary";
import { pulumiCliPath } from "./pulumiCli";

/** Path of the YAML language host `pulumi-language-yaml`, built and cached by `scripts/ensure-pulumi-yaml.sh`. */
export function pulumiYamlPath(): string {
  return ensuredBinary("ensure-pulumi-yaml.sh");
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
