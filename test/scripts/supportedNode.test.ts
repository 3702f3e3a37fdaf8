import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  FALLBACK_NODE_MAJOR,
  isSupportedNode,
  minimumNodeMajor,
  runOnSupportedNode,
  RunOptions,
} from "../../scripts/lib/supportedNode";

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
      range: ">=22",
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

  it("reads the minimum major from engines.node and refuses a range it does not understand", () => {
    assert.equal(minimumNodeMajor(">=22"), 22);
    assert.equal(minimumNodeMajor(">= 24.0.0"), 24);
    assert.throws(() => minimumNodeMajor("^22 || ^24"), /engines\.node "\^22 \|\| \^24" is not of the form ">=N"/);
  });

  it("supports Node 22 and later, not 20 or 21", () => {
    assert.equal(isSupportedNode("20.20.2", ">=22"), false);
    assert.equal(isSupportedNode("21.7.3", ">=22"), false);
    assert.equal(isSupportedNode("22.0.0", ">=22"), true);
    assert.equal(isSupportedNode("v24.22.3", ">=22"), true);
    assert.equal(isSupportedNode("26.12.1", ">=22"), true);
    assert.throws(() => isSupportedNode("lts", ">=22"), /"lts" is not a Node version/);
  });

  it("the package claims Node 22 or later, and the fallback is a major that ensure-node.sh pins and the claim covers", () => {
    assert.equal(ENGINES, ">=22");
    assert.ok(FALLBACK_NODE_MAJOR >= minimumNodeMajor(ENGINES));
    const pinned = spawnSync("grep", ["-E", `^\\s+${FALLBACK_NODE_MAJOR}\\) echo `, "scripts/ensure-node.sh"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    assert.equal(pinned.status, 0, `scripts/ensure-node.sh pins no release of Node ${FALLBACK_NODE_MAJOR}`);
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
    assert.match(result.said[0], /^\[node\] Node v20\.20\.2 is older than this project supports \(Node 22 or later\)/);
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
