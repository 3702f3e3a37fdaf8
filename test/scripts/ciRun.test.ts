import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CI_RUN = fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8");

/** A shell function as `.ci/run` defines it (`name() {` … `}` at the start of a line). */
function shellFunction(name: string): string {
  const definition = new RegExp(`^${name}\\(\\) \\{\\n[\\s\\S]*?^\\}$`, "m").exec(CI_RUN)?.[0];
  assert.ok(definition, `.ci/run defines ${name}()`);
  return definition;
}

/** Runs `script` after the given definitions, under the options `.ci/run` sets, from the repository root. */
function runWithCiOptions(definitions: string[], script: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync("bash", ["-c", `set -euo pipefail\n${definitions.join("\n")}\n${script}`], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

describe(".ci/run: each step runs where it says, or CI stops", () => {
  let cache: string;
  beforeEach(() => (cache = fs.mkdtempSync(path.join(os.tmpdir(), "ci-run-cache-"))));
  afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

  it("on_node stops when the Node it names cannot be had, instead of running the step on the machine's own node", () => {
    // No release of Node 23 is pinned, so ensure-node.sh refuses it at once, without the network.
    const result = runWithCiOptions([shellFunction("on_node")], 'on_node 23 node --version\necho "next step"', {
      PULUMI_SYNCAUTH_CACHE: cache,
    });
    assert.notEqual(result.status, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /next step/);
    assert.doesNotMatch(result.stdout, /^v\d+\./m, "the command ran on another node");
    assert.match(result.stderr, /\[ensure-node\] no pinned release for Node 23/);
  });

  it("on_node puts the Node it names first on PATH for the command", () => {
    const fetched = spawnSync("bash", ["scripts/ensure-node.sh", "24"], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(fetched.status, 0, fetched.stderr);
    const result = runWithCiOptions([shellFunction("on_node")], "on_node 24 node --version");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${spawnSync(fetched.stdout.trim(), ["--version"], { encoding: "utf8" }).stdout}`);
  });

  it("installs with npm ci on each Node that runs npm test, and stops if npm warns there", () => {
    for (const major of [...CI_RUN.matchAll(/^PULUMI_VERSION=\w+ on_node (\d+) npm test$/gm)].map((m) => m[1])) {
      const install = CI_RUN.search(new RegExp(`^quiet_npm_ci ${major}$`, "m"));
      const test = CI_RUN.search(new RegExp(`^PULUMI_VERSION=\\w+ on_node ${major} npm test$`, "m"));
      assert.ok(install >= 0 && install < test, `.ci/run runs quiet_npm_ci ${major} before npm test on Node ${major}`);
    }
    // A fake npm that warns: quiet_npm_ci must fail and say so, not pass the warning by.
    const bin = path.join(cache, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "npm"), '#!/bin/sh\necho "npm warn EBADENGINE Unsupported engine" >&2\n', {
      mode: 0o755,
    });
    const result = runWithCiOptions(
      [shellFunction("on_node"), shellFunction("quiet_npm_ci")],
      `PATH="${bin}:$PATH"\nquiet_npm_ci 24\necho "next step"`,
    );
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stdout, /next step/);
    assert.match(result.stderr, /npm ci warned on Node 24/);
  });
});
