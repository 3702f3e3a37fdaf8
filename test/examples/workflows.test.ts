import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { EXAMPLES_DIR, REPO_ROOT } from "./typeCheck";

const GITOPS_DIR = path.join(EXAMPLES_DIR, "gitops");
const WORKFLOWS_DIR = path.join(GITOPS_DIR, ".github", "workflows");

type Yaml = Record<string, unknown>;
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  task?: string;
  inputs?: Record<string, unknown>;
  script?: string;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
  environment?: string;
}

function workflowFiles(): string[] {
  return fs
    .readdirSync(WORKFLOWS_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(WORKFLOWS_DIR, file));
}

function readYaml(file: string): Yaml {
  return parse(fs.readFileSync(file, "utf8"));
}

function workflow(name: string): { on: Yaml; env?: Record<string, string>; jobs: Record<string, Job> } {
  return readYaml(path.join(WORKFLOWS_DIR, name)) as never;
}

/**
 * Per action the workflows use: `node24`, its first major whose action.yml says `using: node24` (Node 20 actions
 * are deprecated on GitHub's runners), and `current`, its newest major on its releases page
 * (github.com/<action>/releases) as of 2026-09. checkout v7 refuses to check out a fork's code under
 * pull_request_target and workflow_run, which the comment poster does not do.
 */
const ACTION_MAJORS: Record<string, { node24: number; current: number }> = {
  "actions/checkout": { node24: 5, current: 7 },
  "actions/setup-node": { node24: 5, current: 7 },
  "actions/upload-artifact": { node24: 6, current: 7 },
  "actions/download-artifact": { node24: 7, current: 8 },
  "azure/login": { node24: 3, current: 3 },
  "pulumi/actions": { node24: 7, current: 7 },
};

/** Every step of every workflow that uses an action, with its file name and the action and major it names. */
function actionSteps(): { file: string; step: Step; action: string; major: number }[] {
  return workflowFiles().flatMap((file) =>
    Object.values(workflow(path.basename(file)).jobs).flatMap((job) =>
      job.steps
        .filter((step) => step.uses)
        .map((step) => {
          const [action, major] = step.uses!.split("@v");
          return { file: path.basename(file), step, action, major: Number(major) };
        }),
    ),
  );
}

/** The `with:` of the step that uses pulumi/actions with that command. */
function pulumiStep(job: Job, command: string): Record<string, unknown> {
  const step = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === command);
  assert.ok(step, `a pulumi/actions step runs '${command}'`);
  return step.with!;
}

function actionlint(): string {
  const result = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-actionlint.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  assert.equal(result.status, 0, "scripts/ensure-actionlint.sh failed");
  const binary = result.stdout.trim().split("\n").pop()!;
  assert.ok(fs.existsSync(binary), `actionlint at ${binary}`);
  return binary;
}

function lint(binary: string, files: string[]): { code: number | null; output: string } {
  const result = spawnSync(binary, ["-no-color", ...files], { encoding: "utf8", cwd: GITOPS_DIR });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("GitOps pipelines (examples/gitops)", function () {
  // The first run builds actionlint from the Go module proxy.
  this.timeout(600_000);

  describe("GitHub Actions workflows", () => {
    let binary: string;

    before(() => {
      binary = actionlint();
    });

    it("are there: preview on pull requests, its fork comment, up on main", () => {
      assert.deepEqual(
        workflowFiles().map((file) => path.basename(file)),
        ["pulumi-preview-comment.yml", "pulumi-preview.yml", "pulumi-up.yml"],
      );
    });

    for (const file of workflowFiles()) {
      it(`${path.basename(file)} passes actionlint`, () => {
        const { code, output } = lint(binary, [file]);
        assert.equal(code, 0, `actionlint found problems:\n${output}`);
      });
    }

    it("actionlint fails a broken workflow, so a pass means something", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-actionlint-"));
      try {
        const broken = path.join(dir, "broken.yml");
        const good = fs.readFileSync(path.join(WORKFLOWS_DIR, "pulumi-up.yml"), "utf8");
        fs.writeFileSync(broken, good.replace("id-token: write", "id-token: writ").replace("runs-on:", "runs-onn:"));
        const { code, output } = lint(binary, [broken]);
        assert.equal(code, 1, output);
        assert.match(output, /id-token/);
        assert.match(output, /runs-onn/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("pin every action by major version", () => {
      for (const file of workflowFiles()) {
        for (const job of Object.values(workflow(path.basename(file)).jobs)) {
          for (const uses of job.steps.flatMap((step) => (step.uses ? [step.uses] : []))) {
            assert.match(uses, /^[\w.-]+\/[\w.-]+@v\d+$/, `${path.basename(file)}: ${uses}`);
          }
        }
      }
    });

    it("use the current major of each action, and the README names the ones the workflows use", () => {
      const readme = fs.readFileSync(path.join(GITOPS_DIR, "README.md"), "utf8");
      for (const { file, step, action, major } of actionSteps()) {
        assert.equal(major, ACTION_MAJORS[action]?.current, `${file}: ${step.uses}`);
        assert.ok(readme.includes(`\`${step.uses}\``), `examples/gitops/README.md names ${step.uses}`);
      }
    });

    it("use the majors of the actions that run on Node 24, and run the program on Node 24", () => {
      let setupNodeSteps = 0;
      for (const { file, step, action, major } of actionSteps()) {
        assert.ok(action in ACTION_MAJORS, `${file}: ${action} is not a known action`);
        assert.ok(major >= ACTION_MAJORS[action].node24, `${file}: ${step.uses} runs on Node 20`);
        if (action === "actions/setup-node") {
          setupNodeSteps++;
          assert.equal(String(step.with?.["node-version"]), "24", `${file}: setup-node version`);
        }
      }
      assert.ok(setupNodeSteps >= 3, "every job that runs the program sets up Node");
    });

    it("store no secret: the only secret referenced is the job's own GITHUB_TOKEN", () => {
      for (const file of workflowFiles()) {
        const text = fs.readFileSync(file, "utf8");
        const names = [...text.matchAll(/secrets\.([A-Za-z_][\w]*)/g)].map((m) => m[1]);
        assert.deepEqual(
          [...new Set(names)].filter((n) => n !== "GITHUB_TOKEN"),
          [],
          path.basename(file),
        );
        assert.doesNotMatch(text, /PULUMI_ACCESS_TOKEN|ARM_CLIENT_SECRET|clientSecret|client-secret/);
      }
    });

    it("preview: pull requests from this repository preview the real stack with the diff as a comment, by OIDC", () => {
      const preview = workflow("pulumi-preview.yml");
      assert.ok("pull_request" in preview.on, "runs on pull_request");
      assert.ok(!("pull_request_target" in preview.on), "never runs fork code with this repository's secrets");
      const job = preview.jobs.preview;
      assert.match(String(job.if), /head\.repo\.full_name == github\.repository/);
      assert.equal(job.permissions?.["id-token"], "write");
      assert.equal(job.permissions?.["pull-requests"], "write");
      assert.equal(job.env?.ARM_USE_OIDC, "true");
      const pulumi = pulumiStep(job, "preview");
      assert.equal(pulumi.diff, true);
      assert.equal(pulumi["comment-on-pr"], true);
    });

    it("preview: forks run without id-token, secrets or write access, and hand the comment to a trusted workflow", () => {
      const preview = workflow("pulumi-preview.yml");
      const job = preview.jobs["fork-preview"];
      assert.match(String(job.if), /head\.repo\.full_name != github\.repository/);
      assert.deepEqual(job.permissions, { contents: "read" });
      assert.doesNotMatch(JSON.stringify(job), /secrets\.|vars\.|azure\/login/);
      const script = job.steps.map((step) => step.run ?? "").join("\n");
      assert.match(script, /pulumi stack init "\$FORK_STACK" --secrets-provider passphrase/);
      assert.match(script, /pulumi preview --diff --stack "\$FORK_STACK"/);
      assert.match(script, /scripts\/fork-preview-config\.mjs/);
      assert.ok(job.steps.some((step) => step.uses?.startsWith("actions/upload-artifact@")));

      const comment = workflow("pulumi-preview-comment.yml");
      assert.deepEqual((comment.on.workflow_run as Yaml).workflows, ["pulumi preview"]);
      const poster = comment.jobs.comment;
      assert.equal(poster.permissions?.["pull-requests"], "write");
      assert.ok(
        !poster.steps.some((step) => step.uses?.startsWith("actions/checkout@")),
        "the privileged job must not check out the fork's code",
      );
      assert.match(poster.steps.map((step) => step.run ?? "").join("\n"), /\^\[0-9\]\+\$/, "validates the PR number");
    });

    it("up: pushes to main (and a daily schedule for reauthorizeAfter) run pulumi up signed in by OIDC", () => {
      const up = workflow("pulumi-up.yml");
      assert.deepEqual((up.on.push as Yaml).branches, ["main"]);
      assert.ok(Array.isArray(up.on.schedule) && up.on.schedule.length === 1);
      const job = up.jobs.up;
      assert.equal(job.permissions?.["id-token"], "write");
      assert.equal(job.env?.ARM_USE_OIDC, "true");
      assert.ok(job.env?.ARM_CLIENT_ID && job.env?.ARM_TENANT_ID);
      pulumiStep(job, "up");
    });
  });

  describe("the fork preview's config script", () => {
    it("copies plain values and replaces every secret, keeping the throwaway stack's own encryption", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-fork-preview-"));
      try {
        const real = path.join(dir, "Pulumi.prod.yaml");
        const throwaway = path.join(dir, "Pulumi.fork-preview.yaml");
        fs.writeFileSync(
          real,
          [
            "secretsprovider: azurekeyvault://vault.example/keys/pulumi",
            "encryptedkey: ZW5jcnlwdGVk",
            "config:",
            "  app:servicePrincipalId: 22222222-2222-2222-2222-222222222222",
            "  app:scimSecretToken:",
            "    secure: v1:cipher-one",
            "  app:nested:",
            "    list: [a, { secure: v1:cipher-two }]",
            "    plain: 3",
            "  syncauth:useOidc: 'true'",
            "",
          ].join("\n"),
        );
        fs.writeFileSync(throwaway, "encryptionsalt: v1:salt\n");
        const script = path.join(GITOPS_DIR, "scripts", "fork-preview-config.mjs");
        const result = spawnSync(process.execPath, [script, real, throwaway], { encoding: "utf8" });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(parse(fs.readFileSync(throwaway, "utf8")), {
          encryptionsalt: "v1:salt",
          config: {
            "app:servicePrincipalId": "22222222-2222-2222-2222-222222222222",
            "app:scimSecretToken": "fork-preview-placeholder",
            "app:nested": { list: ["a", "fork-preview-placeholder"], plain: 3 },
            "syncauth:useOidc": "true",
          },
        });
        assert.match(result.stdout, /2 secret\(s\) replaced/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("Azure Pipelines (azure-pipelines.yml)", () => {
    const pipeline = () => readYaml(path.join(GITOPS_DIR, "azure-pipelines.yml")) as Yaml & { steps: Step[] };

    it("runs on pushes to main, on pull requests into main, and daily", () => {
      const p = pipeline();
      assert.deepEqual((p.trigger as Yaml).branches, { include: ["main"] });
      assert.deepEqual((p.pr as Yaml).branches, { include: ["main"] });
      const schedules = p.schedules as Yaml[];
      assert.equal(schedules.length, 1);
      assert.equal(schedules[0].always, true, "runs even without new commits, so reauthorizeAfter is checked");
    });

    it("runs the program on Node 24", () => {
      const useNode = pipeline().steps.filter((step) => step.task?.startsWith("UseNode@"));
      assert.equal(useNode.length, 1);
      assert.equal(useNode[0].inputs?.version, "24.x");
    });

    it("previews pull requests and updates everything else", () => {
      const variables = pipeline().variables as Yaml;
      const [prBranch, otherBranch] = Object.entries(variables).filter(([key]) => key.startsWith("${{"));
      assert.match(prBranch[0], /if eq\(variables\['Build\.Reason'\], 'PullRequest'\)/);
      assert.match(String((prBranch[1] as Yaml).PULUMI_COMMAND), /^preview --diff/);
      assert.equal(otherBranch[0], "${{ else }}");
      assert.match(String((otherBranch[1] as Yaml).PULUMI_COMMAND), /^up --yes/);
    });

    it("signs in through a workload-identity service connection with no stored secret", () => {
      const p = pipeline();
      const text = fs.readFileSync(path.join(GITOPS_DIR, "azure-pipelines.yml"), "utf8");
      assert.doesNotMatch(text, /ARM_CLIENT_SECRET|clientSecret|PULUMI_ACCESS_TOKEN|PULUMI_CONFIG_PASSPHRASE/);
      const step = p.steps.find((s) => s.task === "AzureCLI@2");
      assert.ok(step, "an AzureCLI@2 step");
      assert.equal(step.inputs?.azureSubscription, "$(serviceConnectionName)");
      assert.equal(step.inputs?.addSpnToEnvironment, true);
      assert.equal(step.env?.ARM_USE_OIDC, "true");
      assert.equal(step.env?.ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID, "$(serviceConnectionId)");
      assert.equal(step.env?.SYSTEM_ACCESSTOKEN, "$(System.AccessToken)");
      const script = String(step.inputs?.inlineScript);
      assert.match(script, /ARM_CLIENT_ID="\$servicePrincipalId"/);
      assert.match(script, /ARM_TENANT_ID="\$tenantId"/);
      assert.match(script, /pulumi \$PULUMI_COMMAND --stack "\$PULUMI_STACK"/);
      const order = p.steps.map((s) => s.task ?? s.script ?? "");
      assert.ok(order.indexOf("npm ci") < order.indexOf("AzureCLI@2"), "dependencies are installed first");
    });
  });
});
