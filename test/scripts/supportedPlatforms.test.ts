import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

/** `NAME=value` assigned at the start of a line of a shell script. */
function shellAssignment(script: string, name: string): string {
  const value = new RegExp(`^${name}=([\\d.]+)$`, "m").exec(read(script))?.[1];
  assert.ok(value, `${script} assigns ${name}`);
  return value;
}

/** The Node majors scripts/ensure-node.sh pins (`22) echo 22.23.5 ;;`). */
function pinnedNodeMajors(): number[] {
  return [...read("scripts/ensure-node.sh").matchAll(/^\s+(\d+)\) echo \1\.\d+\.\d+ ;;$/gm)].map((m) => Number(m[1]));
}

/** Every `engines.node` that a package installed by package-lock.json declares, with the packages declaring it. */
function lockedEngines(): Map<string, string[]> {
  const lock: { packages: Record<string, { engines?: { node?: unknown } }> } = JSON.parse(read("package-lock.json"));
  const engines = new Map<string, string[]>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    const range = entry.engines?.node;
    if (where === "" || typeof range !== "string") continue;
    engines.set(range, [...(engines.get(range) ?? []), where.replace(/^.*node_modules\//, "")]);
  }
  return engines;
}

describe("supported platforms: the Node the package claims is one its dependencies accept", () => {
  const claimed: string = JSON.parse(read("package.json")).engines.node;

  it("the lowest release of every Node line engines.node admits satisfies every installed package's engines", () => {
    const refusals: string[] = [];
    for (let major = semver.minVersion(claimed)!.major; major <= Math.max(...pinnedNodeMajors()); major++) {
      // The lowest X.Y.0 of this major that the claim admits, if any.
      const minor = Array.from({ length: 60 }, (_, m) => m).find((m) => semver.satisfies(`${major}.${m}.0`, claimed));
      if (minor === undefined) continue;
      const lowest = `${major}.${minor}.0`;
      for (const [range, packages] of lockedEngines())
        if (!semver.satisfies(lowest, range)) refusals.push(`Node ${lowest}: ${packages.join(", ")} want ${range}`);
    }
    assert.deepEqual(refusals, [], `engines.node "${claimed}" admits Nodes the dependencies refuse`);
  });

  it("the Node releases CI tests are ones the package claims", () => {
    const pinned = [...read("scripts/ensure-node.sh").matchAll(/^\s+\d+\) echo (\d+\.\d+\.\d+) ;;$/gm)].map(
      (m) => m[1],
    );
    assert.equal(pinned.length, 3);
    for (const version of pinned) assert.ok(semver.satisfies(version, claimed), `${version} against "${claimed}"`);
  });
});

describe("supported platforms: what the README claims is what CI tests", () => {
  const readme = read("README.md");
  const ci = read(".ci/run");
  const newest = shellAssignment("scripts/ensure-pulumi.sh", "PULUMI_NEWEST");
  const oldest = shellAssignment("scripts/ensure-pulumi.sh", "PULUMI_OLDEST");

  it("the README claims the oldest CLI CI tests, and names both tested versions", () => {
    assert.ok(readme.includes(`**Pulumi CLI ${oldest} or later**, tested on ${oldest} and ${newest}`), oldest);
    assert.ok(readme.includes(`\`PULUMI_VERSION=newest\` (the default, v${newest},`), newest);
    assert.ok(readme.includes(`\`oldest\` (v${oldest}, the oldest supported)`), oldest);
    // What the README says .ci/run does on the oldest CLI is what it does: the engine tests, not the whole suite.
    assert.ok(readme.includes("the engine tests (`test/engine`) on Node 24 with the oldest CLI"));
    assert.doesNotMatch(readme, /`npm test` on Node \d+ with the oldest CLI/);
  });

  it("CI builds both CLIs and runs npm test on each", () => {
    assert.match(ci, /^PULUMI_VERSION=newest bash scripts\/ensure-pulumi\.sh$/m);
    assert.match(ci, /^PULUMI_VERSION=oldest bash scripts\/ensure-pulumi\.sh$/m);
    assert.match(ci, /^PULUMI_VERSION=newest on_node \d+ npm test$/m);
    // On the oldest CLI, the engine tests (but the provider-only scenarios): both resources through both front doors.
    assert.match(
      ci,
      /^PULUMI_VERSION=oldest on_node \d+ node scripts\/run-tests\.js "test\/engine\/\*\*\/\*\.test\.ts"( \\)?$/m,
    );
  });

  it("the README's Node versions are the ones ensure-node.sh pins and CI runs", () => {
    const majors = pinnedNodeMajors();
    assert.deepEqual(majors, [22, 24, 26]);
    const claimed: string = JSON.parse(read("package.json")).engines.node;
    const lowest = semver.minVersion(claimed)!;
    assert.equal(lowest.major, majors[0]);
    const floor = `${lowest.major}.${lowest.minor}`;
    assert.ok(readme.includes(`**Node.js ${floor} or later** (\`engines\`: \`${claimed}\`), tested on 22, 24 and 26.`));
    assert.ok(readme.includes(`Node ${floor} or later (tested on 22, 24 and 26)`));
    assert.match(ci, /^for major in 22 24 26; do$/m);
    // Each Node runs tests: npm test, the demo, or (Node 22) every test but the engine suites.
    for (const major of majors)
      assert.match(
        ci,
        new RegExp(`on_node ${major} (npm test|npm run demo|node scripts/run-tests\\.js)`),
        `Node ${major}`,
      );
  });
});
