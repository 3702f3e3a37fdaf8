import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

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

describe("supported platforms: what the README claims is what CI tests", () => {
  const readme = read("README.md");
  const ci = read(".ci/run");
  const newest = shellAssignment("scripts/ensure-pulumi.sh", "PULUMI_NEWEST");
  const oldest = shellAssignment("scripts/ensure-pulumi.sh", "PULUMI_OLDEST");

  it("the README claims the oldest CLI CI tests, and names both tested versions", () => {
    assert.ok(readme.includes(`**Pulumi CLI ${oldest} or later**, tested on ${oldest} and ${newest}`), oldest);
    assert.ok(readme.includes(`\`PULUMI_VERSION=newest\` (the default, v${newest},`), newest);
    assert.ok(readme.includes(`\`oldest\` (v${oldest}, the oldest supported)`), oldest);
  });

  it("CI builds both CLIs and runs npm test on each", () => {
    assert.match(ci, /^PULUMI_VERSION=newest bash scripts\/ensure-pulumi\.sh$/m);
    assert.match(ci, /^PULUMI_VERSION=oldest bash scripts\/ensure-pulumi\.sh$/m);
    assert.match(ci, /^PULUMI_VERSION=newest on_node \d+ npm test$/m);
    // On the oldest CLI, the engine tests: the dynamic resource's lifecycle through the real engine.
    assert.match(
      ci,
      /^PULUMI_VERSION=oldest on_node \d+ node scripts\/run-tests\.js "test\/engine\/\*\*\/\*\.test\.ts"$/m,
    );
  });

  it("the README's Node versions are the ones ensure-node.sh pins and CI runs", () => {
    const majors = pinnedNodeMajors();
    assert.deepEqual(majors, [22, 24, 26]);
    assert.ok(readme.includes(`**Node.js ${majors[0]} or later** (\`engines\`), tested on 22, 24 and 26.`));
    assert.match(readme, /Node 22 or later \(tested on 22, 24 and 26\)/);
    assert.match(ci, /^for major in 22 24 26; do$/m);
    for (const major of majors)
      assert.match(ci, new RegExp(`on_node ${major} (npm test|npm run demo)`), `Node ${major}`);
  });
});
