import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { ALL_TARGETS, TARGETS } from "../../scripts/lib/seaPlugin";

const FILE = path.join(PROJECT_ROOT, ".github", "workflows", "release.yml");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: { target: string; runner: string; executable: string }[] } };
  steps: Step[];
}

/** .github/workflows/release.yml: what a tag publishes, checked without GitHub (actionlint, and its structure). */
describe("the release workflow", function () {
  this.timeout(600_000); // the first run builds actionlint from the Go module proxy
  const workflow = parse(fs.readFileSync(FILE, "utf8")) as {
    on: { push: { tags: string[] } };
    jobs: Record<string, Job>;
  };
  const runs = (job: string) => workflow.jobs[job].steps.map((step) => step.run ?? "").join("\n");

  it("passes actionlint", () => {
    const ensured = spawnSync("bash", [path.join(PROJECT_ROOT, "scripts", "ensure-actionlint.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    assert.equal(ensured.status, 0);
    const result = spawnSync(ensured.stdout.trim(), ["-no-color", FILE], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it("runs on a version tag only", () => {
    assert.deepEqual(workflow.on, { push: { tags: ["v*.*.*"] } });
  });

  it("builds and smoke-tests every target on a runner of that target, with that target's executable name", () => {
    const matrix = workflow.jobs.plugin.strategy!.matrix.include;
    assert.deepEqual(
      matrix.map((entry) => entry.target),
      ALL_TARGETS,
    );
    for (const entry of matrix) {
      assert.equal(entry.executable, TARGETS[entry.target as keyof typeof TARGETS].executable);
      const arm = entry.target.endsWith("arm64");
      const os = { linux: /^ubuntu-/, darwin: /^macos-/, win32: /^windows-/ }[entry.target.split("-")[0]]!;
      assert.match(entry.runner, os, entry.target);
      // GitHub's arm64 Linux runners end in -arm; its macos-15 is arm64 and macos-15-intel x64.
      if (entry.target.startsWith("linux")) assert.equal(entry.runner.endsWith("-arm"), arm, entry.runner);
      if (entry.target.startsWith("darwin")) assert.equal(!entry.runner.endsWith("-intel"), arm, entry.runner);
    }
    assert.match(runs("plugin"), /scripts\/build-plugin\.ts --targets \$\{\{ matrix\.target \}\}/);
    assert.match(
      runs("plugin"),
      /scripts\/smoke-plugin\.ts dist\/release\/\$\{\{ matrix\.target \}\}\/\$\{\{ matrix\.executable \}\}/,
    );
  });

  it("publishes one GitHub release with every tarball and a SHA-256 checksums file, after every target passed", () => {
    assert.equal(workflow.jobs["github-release"].needs, "plugin");
    assert.equal(workflow.jobs["github-release"].permissions?.contents, "write");
    assert.match(
      runs("github-release"),
      /sha256sum pulumi-resource-syncauth-v"\$version"-\*\.tar\.gz > "pulumi-resource-syncauth_\$\{version\}_checksums\.txt"/,
    );
    assert.match(runs("github-release"), /gh release create "\$GITHUB_REF_NAME" dist\/release\/\*/);
  });

  it("publishes the npm package with provenance (an OIDC token), and the SDKs to PyPI, NuGet, Maven and a Go tag", () => {
    assert.equal(workflow.jobs.npm.permissions?.["id-token"], "write");
    assert.match(runs("npm"), /npm publish --provenance/);
    assert.match(runs("sdks"), /pulumi package gen-sdk sdk\/schema\.json --language "\$language"/);
    assert.equal(workflow.jobs.pypi.permissions?.["id-token"], "write");
    assert.ok(workflow.jobs.pypi.steps.some((step) => step.uses?.startsWith("pypa/gh-action-pypi-publish@")));
    assert.match(runs("nuget"), /dotnet nuget push/);
    assert.match(runs("maven"), /publishToSonatype/);
    assert.match(runs("go-module"), /git tag "sdk\/go\/\$GITHUB_REF_NAME"/);
  });
});
