import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as semver from "semver";
import { FALLBACK_NODE_MAJOR, isSupportedNode, runOnSupportedNode, RunOptions } from "../../scripts/lib/supportedNode";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const ENGINES: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).engines.node;

describe("scripts/lib/supportedNode: npm test and npm run demo on whatever node a machine has", () => {
  let scratch: string;
  let fakeNode: string;

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "supported-node-"));
    // Stands in for a fetched Node: the test only needs to see which `node` the command finds first on PATH.
    fs.mkdirSync(path.join(scratch, "bin"));
    fakeNode = path.join(scratch, "bin", "node");
    fs.writeFileSync(fakeNode, "#!/bin/sh\necho fetched-node\n", { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Runs a shell snippet through runOnSupportedNode, recording notices and fetches. */
  function run(version: string, script: string, extra: Partial<RunOptions> = {}) {
    const said: string[] = [];
    let fetches = 0;
    const out = path.join(scratch, "out");
    const status = runOnSupportedNode({
      version,
      range: ENGINES,
      command: "sh",
      args: ["-c", script],
      env: { ...process.env, OUT: out },
      fetchNode: () => {
        fetches++;
        return fakeNode;
      },
      say: (line) => said.push(line),
      ...extra,
    });
    const written = fs.existsSync(out) ? fs.readFileSync(out, "utf8").split("\n").filter(Boolean) : [];
    return { status, said, fetches, written };
  }

  it("supports Node 22 from 22.13 and Node 24 and later: not 20, 21, 22.0 to 22.12 or 23", () => {
    for (const version of ["20.20.2", "21.7.3", "22.0.0", "22.12.0", "23.11.1"])
      assert.equal(isSupportedNode(version, ENGINES), false, version);
    for (const version of ["22.13.0", "22.23.5", "v24.22.3", "24.0.0", "26.12.1"])
      assert.equal(isSupportedNode(version, ENGINES), true, version);
    assert.throws(() => isSupportedNode("lts", ENGINES), /"lts" is not a Node version/);
    assert.throws(() => isSupportedNode("22.0.0", "twenty-two"), /engines\.node "twenty-two" is not a version range/);
  });

  it("the fallback is a major that ensure-node.sh pins, at a release the claim covers", () => {
    const pinned = new RegExp(`^\\s+${FALLBACK_NODE_MAJOR}\\) echo (\\S+) ;;$`, "m").exec(
      fs.readFileSync(path.join(REPO_ROOT, "scripts", "ensure-node.sh"), "utf8"),
    )?.[1];
    assert.ok(pinned, `scripts/ensure-node.sh pins no release of Node ${FALLBACK_NODE_MAJOR}`);
    assert.ok(semver.satisfies(pinned, ENGINES), `${pinned} against "${ENGINES}"`);
  });

  it("on a supported Node runs the command as it is: no notice, no fetch, its exit status", () => {
    const result = run("22.23.5", 'command -v node > "$OUT"; exit 3');
    assert.equal(result.status, 3);
    assert.deepEqual(result.said, []);
    assert.equal(result.fetches, 0);
    assert.equal(result.written.length, 1);
    assert.notEqual(result.written[0], fakeNode);
  });

  it("on Node 20 says so in one line, fetches once and runs the command with the fetched node first on PATH", () => {
    const result = run("20.20.2", 'command -v node > "$OUT"; node >> "$OUT"; echo "$NODE" >> "$OUT"');
    assert.equal(result.status, 0);
    assert.equal(result.fetches, 1);
    assert.equal(result.said.length, 1);
    assert.equal(result.said[0].split(":")[0], "[node] Node v20.20.2 is not one this project supports (engines.node");
    assert.ok(result.said[0].includes(`(engines.node: ${ENGINES}): running`), result.said[0]);
    assert.match(result.said[0], /running `sh -c command -v node > "\$OUT"; .*` under Node 24 from the npm registry/);
    assert.deepEqual(result.written, [fakeNode, "fetched-node", fakeNode]);
  });

  it("passes on the status of a command killed by a signal as 128 + its number", () => {
    assert.equal(run("24.22.3", "kill -TERM $$").status, 128 + os.constants.signals.SIGTERM);
    assert.equal(run("20.20.2", "kill -INT $$").status, 128 + os.constants.signals.SIGINT);
  });

  it("when no supported Node can be fetched, says so in one more line and fails without running the command", () => {
    const result = run("20.20.2", 'echo ran > "$OUT"', {
      fetchNode: () => {
        throw new Error("Command failed: bash scripts/ensure-node.sh 24");
      },
    });
    assert.equal(result.status, 1);
    assert.deepEqual(result.written, []);
    assert.equal(result.said.length, 2);
    assert.match(
      result.said[1],
      /^\[node\] could not get Node 24 \(Command failed: bash scripts\/ensure-node\.sh 24\)/,
    );
  });

  it("a command that cannot be started is an error, not a silent exit", () => {
    assert.throws(() => run("24.22.3", "", { command: path.join(scratch, "no-such-command") }), /ENOENT/);
  });
});
