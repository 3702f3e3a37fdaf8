import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ENSURE_NODE = path.resolve(__dirname, "..", "..", "scripts", "ensure-node.sh");
const VERSION = "24.99.1";

/**
 * Stands in for `npm pack --silent node-<os>-<arch>@X.Y.Z`: writes the package's tarball, whose bin/node prints
 * vX.Y.Z, into the current directory after FAKE_NPM_DELAY seconds, and counts its calls in FAKE_NPM_CALLS.
 */
const FAKE_NPM = `#!/bin/sh
set -e
echo "$*" >> "$FAKE_NPM_CALLS"
spec="$3"; name="\${spec%@*}"; version="\${spec##*@}"
sleep "\${FAKE_NPM_DELAY:-0}"
staging="$(mktemp -d)"
mkdir -p "$staging/package/bin"
printf '#!/bin/sh\\necho v%s\\n' "$version" > "$staging/package/bin/node"
chmod +x "$staging/package/bin/node"
tar -czf "$name-$version.tgz" -C "$staging" package
rm -rf "$staging"
`;

describe("scripts/ensure-node.sh: a Node from the npm registry, fetched once and cached", function () {
  this.timeout(60_000);
  let scratch: string;
  let cache: string;
  let calls: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-node-"));
    cache = path.join(scratch, "cache");
    calls = path.join(scratch, "npm-calls");
    fs.mkdirSync(path.join(scratch, "bin"));
    fs.writeFileSync(path.join(scratch, "bin", "npm"), FAKE_NPM, { mode: 0o755 });
    env = {
      ...process.env,
      PATH: `${path.join(scratch, "bin")}${path.delimiter}${process.env.PATH}`,
      PULUMI_SYNCAUTH_CACHE: cache,
      FAKE_NPM_CALLS: calls,
    };
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const fetches = () => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").split("\n").filter(Boolean) : []);
  const ensureNode = (extra: NodeJS.ProcessEnv = {}) =>
    spawnSync("bash", [ENSURE_NODE, VERSION], { encoding: "utf8", env: { ...env, ...extra } });
  const ensureNodeAsync = (extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("bash", [ENSURE_NODE, VERSION], { env: { ...env, ...extra } });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  /** What the cache holds beside the cached Node and its lock: leftovers of fetches. */
  const leftovers = () =>
    fs.readdirSync(cache).filter((entry) => !/^node-[a-z0-9]+-[a-z0-9]+-24\.99\.1(\.lock)?$/.test(entry));
  const runs = (node: string) => spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();

  it("fetches once, prints the binary's path, and uses the cache after that", () => {
    const first = ensureNode();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(runs(first.stdout.trim()), `v${VERSION}`);
    const again = ensureNode();
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, first.stdout);
    assert.equal(fetches().length, 1);
    assert.deepEqual(leftovers(), []);
  });

  it("runs started together fetch once, and each gets a working Node", async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureNodeAsync({ FAKE_NPM_DELAY: "1" })));
    for (const result of results) {
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, results[0].stdout);
    }
    assert.equal(runs(results[0].stdout.trim()), `v${VERSION}`);
    assert.equal(fetches().length, 1, fetches().join("\n"));
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(fs.readdirSync(path.dirname(path.dirname(results[0].stdout.trim()))).sort(), ["bin"]);
  });

  it("fetches again over a cached Node that does not run as its version (a half-written cache)", () => {
    const first = ensureNode();
    assert.equal(first.status, 0, first.stderr);
    fs.writeFileSync(first.stdout.trim(), "#!/bin/sh\nexit 1\n");
    const again = ensureNode();
    assert.equal(again.status, 0, again.stderr);
    assert.equal(runs(again.stdout.trim()), `v${VERSION}`);
    assert.equal(fetches().length, 2);
  });

  it("after a fetch killed mid-way, the next run fetches and leaves nothing of the killed one behind", async () => {
    const killed = spawn("bash", [ENSURE_NODE, VERSION], {
      env: { ...env, FAKE_NPM_DELAY: "30" },
      detached: true,
      stdio: "ignore",
    });
    const closed = new Promise((resolve) => killed.on("close", resolve));
    while (fetches().length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(-killed.pid!, "SIGKILL");
    await closed;
    const next = ensureNode();
    assert.equal(next.status, 0, next.stderr);
    assert.equal(runs(next.stdout.trim()), `v${VERSION}`);
    assert.deepEqual(leftovers(), []);
  });
});
