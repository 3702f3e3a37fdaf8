import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";

/** Where the project keeps everything a local run writes (ignored by git). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const LOCAL_DIR = path.join(PROJECT_ROOT, ".pulumi-local");

let cliPath: string | undefined;

/**
 * Path of a working `pulumi` CLI: the one `scripts/ensure-pulumi.sh` finds or builds (and caches).
 * Its progress goes to this process's stderr, so a cold build is visible.
 */
export function pulumiCliPath(): string {
  if (cliPath === undefined) {
    cliPath = execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", "ensure-pulumi.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  }
  return cliPath;
}

export interface CommandResult {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Stream output while the command runs (the demo shows it live). */
  echo?: boolean;
  /** Called once the process has started (tests use it to kill the CLI mid-run). */
  onSpawn?: (pid: number) => void;
}

/** Runs the real `pulumi` CLI and collects its output. Never throws for a non-zero exit. */
export function runPulumi(args: string[], options: RunOptions): Promise<CommandResult> {
  const bin = pulumiCliPath();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (options.echo) process.stdout.write(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (options.echo) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ command: ["pulumi", ...args].join(" "), code: code ?? (signal ? 128 : 1), stdout, stderr }),
    );
  });
}
