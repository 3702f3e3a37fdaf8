import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { ensuredBinary } from "./ensuredBinary";
import { pulumiCliPath } from "./pulumiCli";

let cliVersion: string | undefined;

/** The version of the CLI the tests use, without the "v" (e.g. "3.276.0"). */
export function pulumiCliVersion(): string {
  cliVersion ??= execFileSync(pulumiCliPath(), ["version"], { encoding: "utf8" }).trim().replace(/^v/, "");
  return cliVersion;
}

/**
 * Path of `pulumi-sdkgen` (scripts/sdkgen/main.go), built by scripts/ensure-sdkgen.sh against the code generators
 * of the CLI's own version, so an SDK is what that CLI's language hosts would write.
 */
export function sdkgenPath(): string {
  return ensuredBinary("ensure-sdkgen.sh", { PULUMI_VERSION: pulumiCliVersion() });
}

/** Writes `<out>/<language>/` from the schema file. */
export function generateSdk(schemaFile: string, language: "python" | "go" | "nodejs", out: string): string {
  execFileSync(sdkgenPath(), ["--language", language, "--out", out, schemaFile], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return path.join(out, language);
}
