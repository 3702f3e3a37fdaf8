import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const START_PLUGIN = path.resolve(__dirname, "..", "..", "dist", "provider", "plugin", "startPlugin.js");

/** Runs `startPlugin(<factory source>, <this folder>)` in a fresh Node process until it exits (or 20 s pass). */
function startWith(factory: string): { status: number | null; stdout: string; stderr: string } {
  const script = `require(${JSON.stringify(START_PLUGIN)}).startPlugin(${factory}, ${JSON.stringify(__dirname)});`;
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("startPlugin with handlers made after the port is announced", () => {
  it("announces the port first, then makes the handlers (so a failure to make them is said after the port)", () => {
    const result = startWith(
      `() => { process.stderr.write("making the handlers\\n"); throw new Error("no handlers here"); }`,
    );
    assert.match(result.stdout, /^\d+\n$/, "the port, alone on the first line");
    assert.equal(result.stderr, "making the handlers\nthe provider could not start: no handlers here\n");
    assert.equal(result.status, 1);
  });
});
