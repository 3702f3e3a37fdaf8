import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** `node scripts/run-tests.js ARGS…` from the repository root. */
function runTests(...args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts", "run-tests.js"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
}

describe("scripts/run-tests.js: the test command CI and npm test use", function () {
  this.timeout(120_000);

  it("fails when what it was asked to run selects no test, so a renamed test cannot turn a CI step into a no-op", () => {
    const result = runTests("test/scripts/supportedNode.test.ts", "--grep", "a title no test has");
    assert.notEqual(result.status, 0, result.stdout);
    assert.match(result.stdout + result.stderr, /0 passing/);
  });

  it("passes on the status of the tests it runs", () => {
    const result = runTests("test/scripts/supportedNode.test.ts", "--grep", "scripts/lib/supportedNode");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\b[1-9]\d* passing/);
  });
});
