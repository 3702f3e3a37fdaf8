/**
 * `npm run demo`: the quickstart program (root Pulumi.yaml) on the real Pulumi CLI against the local Graph + Entra
 * emulator — preview, up, a no-change up, a credential rotation, refresh and destroy — then the Graph calls each
 * step made, read from the emulator's log. Exits non-zero unless every step behaved as expected.
 *
 * `npm run demo -- attribute-mappings` does the same with examples/attribute-mappings: preview, up, a no-change
 * preview and up, a portal edit seen by refresh and put back by up, and destroy giving back the template's defaults.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../test/emulator";
import type { RouteName } from "../test/emulator/requestLog";
import { LocalStack } from "./lib/localStack";
import { programFromFile } from "./lib/programHost";
import { CommandResult, LOCAL_DIR, PROJECT_ROOT, pulumiCliPath } from "./lib/pulumiCli";

/** Calls per column of the summary, in the scenario's column order. */
type Calls = number[];

interface Step {
  title: string;
  args: string[];
  expected: Calls;
  /** What happens before the command (a config change, an edit in the portal), shown under its own heading. */
  before?: { title: string; run: (stack: LocalStack) => Promise<string> };
  /** Extra check of the command's output; returns a problem or undefined. */
  check?: (result: CommandResult) => string | undefined;
}

interface Scenario {
  projectName: string;
  /** The example whose index.ts the stack runs. */
  example: string;
  /**
   * The project directory: the repository's root (its Pulumi.yaml is the quickstart's), or, when unset, a fresh
   * directory under .pulumi-local holding a copy of the example's Pulumi.yaml (inside the repository, because the
   * dynamic-provider host resolves @pulumi/pulumi from the project directory).
   */
  workDir?: string;
  /** What the emulator is asked to do in this run, for the "Local Graph + Entra emulator" heading. */
  describe: string;
  /** The program's config (key, value, secret). */
  config: [string, string, boolean][];
  /** The summary's columns: a header and the routes it counts. */
  columns: { header: string; routes: RouteName[] }[];
  steps: Step[];
  /** Checks after the last step (the state holds no secret, Graph holds the template again); returns problems. */
  finally?: (stack: LocalStack) => Promise<string[]>;
}

/** Flags that make a changing command run without prompting, as a pipeline runs it. */
const UNATTENDED = ["--yes", "--skip-preview", "--non-interactive"];

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function heading(text: string): void {
  console.log(`\n${bold(`== ${text}`)}\n`);
}

function quickstart(emulator: Emulator): Scenario {
  const servicePrincipal = emulator.fixture.ownedServicePrincipal;
  const secretToken = `demo-token-${crypto.randomBytes(12).toString("hex")}`;
  const rotatedToken = `demo-token-${crypto.randomBytes(12).toString("hex")}`;
  return {
    projectName: "syncauth-quickstart",
    example: "quickstart",
    workDir: PROJECT_ROOT,
    describe: `authorizing service principal ${servicePrincipal.objectId} ("${servicePrincipal.displayName}")`,
    config: [
      ["servicePrincipalId", servicePrincipal.objectId, false],
      ["scimBaseAddress", "https://scim.example.com/v2", false],
      ["scimSecretToken", secretToken, true],
    ],
    columns: [
      { header: "token requests", routes: ["token"] },
      { header: "acquireAccessToken POSTs", routes: ["acquireAccessToken"] },
      { header: "GET target", routes: ["listSynchronizationTemplates"] },
    ],
    steps: [
      {
        title: "Preview: what a pull request shows",
        args: ["preview", "--diff", "--non-interactive"],
        expected: [0, 0, 0],
      },
      {
        title: "Up: authorize",
        args: ["up", ...UNATTENDED],
        expected: [1, 1, 0],
        check: (r) => (/lastAuthorizedAt\s*:\s*"\d{4}-/.test(r.stdout) ? undefined : "up printed no lastAuthorizedAt"),
      },
      {
        title: "Up again: nothing changed, nothing sent",
        args: ["up", ...UNATTENDED],
        expected: [0, 0, 0],
      },
      {
        title: "Rotate the SCIM token: one update",
        args: ["up", ...UNATTENDED],
        expected: [1, 1, 0],
        before: {
          title: "Rotate the SCIM token in config",
          run: async (stack) => {
            await stack.setConfig("scimSecretToken", rotatedToken, { secret: true });
            return "$ pulumi config set scimSecretToken --secret ********";
          },
        },
        check: (r) => (/1 updated/.test(r.stdout) ? undefined : "rotation did not update the resource"),
      },
      {
        title: "Refresh: the target still exists",
        args: ["refresh", ...UNATTENDED],
        expected: [1, 0, 1],
      },
      {
        title: "Destroy: forget the authorization (Graph has no revoke)",
        args: ["destroy", ...UNATTENDED],
        expected: [0, 0, 0],
      },
    ],
    finally: async (stack) => {
      const exported = await stack.exportText({ showSecrets: false });
      return exported.includes(secretToken) || exported.includes(rotatedToken)
        ? ["stack export holds a SCIM token in plaintext"]
        : [];
    },
  };
}

function attributeMappings(emulator: Emulator): Scenario {
  const servicePrincipal = emulator.fixture.ownedServicePrincipal;
  const job = emulator.fixture.ownedServicePrincipalJob;
  type Json = Record<string, unknown>;
  const userMappings = (schema: Json | undefined): Json[] =>
    (((schema?.synchronizationRules as Json[])[0].objectMappings as Json[])[0].attributeMappings as Json[]) ?? [];
  return {
    projectName: "syncauth-attribute-mappings",
    example: "attribute-mappings",
    describe: `the mappings of job ${job.id} of service principal ${servicePrincipal.objectId}`,
    config: [
      ["servicePrincipalId", servicePrincipal.objectId, false],
      ["jobId", job.id, false],
      ["department", "Sales", false],
    ],
    columns: [
      { header: "token requests", routes: ["token"] },
      { header: "GET schema", routes: ["getJobSchema"] },
      { header: "parseExpression", routes: ["parseExpression"] },
      { header: "PUT schema", routes: ["putJobSchema"] },
      { header: "GET job / template schema", routes: ["getSynchronizationJob", "getTemplateSchema"] },
    ],
    steps: [
      {
        title: "Preview: every expression checked locally, nothing sent",
        args: ["preview", "--diff", "--non-interactive"],
        expected: [0, 0, 0, 0, 0],
      },
      {
        title: "Up: read, Graph parses the one function, one write, one confirming read",
        args: ["up", ...UNATTENDED],
        expected: [1, 2, 1, 1, 0],
      },
      {
        title: "Preview again: no change",
        args: ["preview", "--diff", "--non-interactive"],
        expected: [0, 0, 0, 0, 0],
        check: (r) => (/~ pulumi-nodejs/.test(r.stdout) ? "the preview plans a change" : undefined),
      },
      {
        title: "Up again: nothing changed, nothing sent",
        args: ["up", ...UNATTENDED],
        expected: [0, 0, 0, 0, 0],
      },
      {
        title: "Refresh: the portal's edit shows as drift",
        args: ["refresh", ...UNATTENDED],
        expected: [1, 1, 0, 0, 0],
        before: {
          title: "Someone maps externalId back to mailNickname in the portal",
          run: async () => {
            emulator.synchronization.editSchema(servicePrincipal.objectId, job.id, (schema) => {
              const externalId = userMappings(schema).find((mapping) => mapping.targetAttributeName === "externalId");
              externalId!.source = {
                expression: "[mailNickname]",
                name: "mailNickname",
                parameters: [],
                type: "Attribute",
              };
            });
            return "(Provisioning → Mappings → externalId → Source attribute: mailNickname → Save)";
          },
        },
      },
      {
        title: "Up: the declared mapping is written back (no function changed: no parse)",
        args: ["up", ...UNATTENDED],
        expected: [1, 2, 0, 1, 0],
        check: (r) => (/1 updated/.test(r.stdout) ? undefined : "up did not update the resource"),
      },
      {
        title: "Destroy: give back the template's defaults",
        args: ["destroy", ...UNATTENDED],
        expected: [1, 1, 0, 1, 2],
      },
    ],
    finally: async () => {
      const held = userMappings(emulator.synchronization.schema(servicePrincipal.objectId, job.id));
      const template = userMappings(emulator.synchronization.templateSchema("scim"));
      return JSON.stringify(held) === JSON.stringify(template)
        ? []
        : ["after destroy, the job's User mappings are not the template's"];
    },
  };
}

const SCENARIOS: Record<string, (emulator: Emulator) => Scenario> = {
  quickstart,
  "attribute-mappings": attributeMappings,
};

async function main(): Promise<number> {
  const started = Date.now();
  const chosen = process.argv[2] ?? "quickstart";
  const scenarioOf = SCENARIOS[chosen];
  if (scenarioOf === undefined) {
    console.error(`usage: npm run demo [-- ${Object.keys(SCENARIOS).join("|")}] (got ${JSON.stringify(chosen)})`);
    return 2;
  }
  heading("Pulumi CLI");
  const cli = pulumiCliPath();
  console.log(`using ${cli}`);

  heading("Local Graph + Entra emulator");
  const emulator = await startEmulator();
  const endpoints = emulator.endpoints("global");
  const client = emulator.fixture.demo;
  const scenario = scenarioOf(emulator);
  console.log(`Graph and Entra at ${endpoints.graphRoot} (CA ${emulator.caCertPath})`);
  console.log(`signing in as client ${client.clientId} in tenant ${client.tenantId}`);
  console.log(scenario.describe);

  const workDir = scenario.workDir ?? exampleProjectDir(scenario.example);
  const stack = await LocalStack.create({
    projectName: scenario.projectName,
    stackName: "demo",
    workDir,
    program: programFromFile(path.join(PROJECT_ROOT, "examples", scenario.example, "index.ts")),
    env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath },
  });
  const problems: string[] = [];
  const summary: { title: string; calls: Calls; expected: Calls }[] = [];
  try {
    heading("Stack configuration (secrets set with --secret, stored encrypted)");
    const config: [string, string, boolean][] = [
      ["syncauth:graphEndpoint", endpoints.graphRoot, false],
      ["syncauth:authorityHost", endpoints.authorityHost, false],
      ["syncauth:graphScope", endpoints.graphScope, false],
      ["syncauth:tenantId", client.tenantId, false],
      ["syncauth:clientId", client.clientId, false],
      ["syncauth:clientSecret", client.clientSecrets[0], true],
      ...scenario.config,
    ];
    for (const [key, value, secret] of config) {
      await stack.setConfig(key, value, { secret });
      console.log(`$ pulumi config set ${key} ${secret ? "--secret ********" : value}`);
    }

    for (const step of scenario.steps) {
      if (step.before) {
        heading(step.before.title);
        console.log(await step.before.run(stack));
      }
      heading(step.title);
      console.log(`$ pulumi ${step.args.join(" ")}\n`);
      emulator.clearLog();
      stack.echo = true;
      const result = await stack.pulumi(step.args);
      stack.echo = false;
      const observed = scenario.columns.map(({ routes }) =>
        routes.reduce((sum, route) => sum + emulator.count({ route }), 0),
      );
      summary.push({ title: step.title, calls: observed, expected: step.expected });
      if (result.code !== 0) problems.push(`${step.title}: pulumi exited ${result.code}`);
      if (!sameCalls(observed, step.expected))
        problems.push(
          `${step.title}: Graph calls ${JSON.stringify(observed)}, expected ${JSON.stringify(step.expected)}`,
        );
      const problem = step.check?.(result);
      if (problem) problems.push(`${step.title}: ${problem}`);
    }

    problems.push(...((await scenario.finally?.(stack)) ?? []));
  } finally {
    stack.dispose();
    if (workDir !== PROJECT_ROOT) fs.rmSync(workDir, { recursive: true, force: true });
    await emulator.stop();
  }

  heading("Graph calls per step (from the emulator's request log)");
  console.log(formatSummary(scenario.columns, summary));
  console.log(`\nwall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (problems.length > 0) {
    console.log(`\n${bold("FAILED")}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }
  console.log(`\n${bold("OK")}: every step made exactly the calls expected.`);
  return 0;
}

/** A fresh project directory with the example's Pulumi.yaml, so that the CLI checks the config it declares. */
function exampleProjectDir(example: string): string {
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  const dir = fs.mkdtempSync(path.join(LOCAL_DIR, `demo-${example}-`));
  fs.copyFileSync(path.join(PROJECT_ROOT, "examples", example, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  return dir;
}

function sameCalls(a: Calls, b: Calls): boolean {
  return a.length === b.length && a.every((count, i) => count === b[i]);
}

function formatSummary(columns: Scenario["columns"], rows: { title: string; calls: Calls; expected: Calls }[]): string {
  const header = ["step", ...columns.map((column) => column.header), "as expected"];
  const lines = rows.map((r) => [r.title, ...r.calls.map(String), sameCalls(r.calls, r.expected) ? "yes" : "NO"]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [row(header), row(widths.map((w) => "-".repeat(w))), ...lines.map(row)].join("\n");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
