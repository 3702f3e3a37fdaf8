import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";

const START_PLUGIN = path.resolve(__dirname, "..", "..", "dist", "provider", "plugin", "startPlugin.js");

/**
 * Runs `startPlugin(<factory source>, <this folder>)` in a fresh Node process until its stderr holds `until` (or 20 s
 * pass), then stops it: what it printed, and whether it was still running.
 */
async function startUntil(
  factory: string,
  until: RegExp,
): Promise<{ stdout: string; stderr: string; running: boolean }> {
  const script = `require(${JSON.stringify(START_PLUGIN)}).startPlugin(${factory}, ${JSON.stringify(__dirname)});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.on("exit", () => (exited = true));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (until.test(stderr)) {
        clearTimeout(timer);
        // Long enough for an exit right after the message to be seen.
        setTimeout(resolve, 300);
      }
    });
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const running = !exited;
  child.kill();
  return { stdout, stderr, running };
}

describe("startPlugin with handlers made after the port is announced", function () {
  this.timeout(30_000);

  it("announces the port first, then makes the handlers; a failure to make them is said, and the plugin stays up", async () => {
    const result = await startUntil(
      `() => { process.stderr.write("making the handlers\\n"); throw new Error("no handlers here"); }`,
      /could not start/,
    );
    assert.match(result.stdout, /^\d+\n$/, "the port, alone on the first line");
    assert.equal(result.stderr, "making the handlers\nthe provider could not start: no handlers here\n");
    assert.equal(result.running, true, "the engine has the port: a plugin gone now leaves it retrying for 10 s");
  });
});
