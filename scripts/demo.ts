/**
 * `npm run demo`: the quickstart program (root Pulumi.yaml) on the real Pulumi CLI against the local Graph + Entra
 * emulator — preview, up, a no-change up, a credential rotation, refresh and destroy — then the Graph calls each
 * step made, read from the emulator's log. Exits non-zero unless every step behaved as expected.
 */
import * as crypto from "node:crypto";
import * as path from "node:path";
import { startEmulator } from "../test/emulator";
import type { RouteName } from "../test/emulator/requestLog";
import { LocalStack } from "./lib/localStack";
import { programFromFile } from "./lib/programHost";
import { CommandResult, PROJECT_ROOT, pulumiCliPath } from "./lib/pulumiCli";

interface Calls {
  token: number;
  acquireAccessToken: number;
  getObject: number;
}

interface Step {
  title: string;
  args: string[];
  expected: Calls;
  /** Extra check of the command's output; returns a problem or undefined. */
  check?: (result: CommandResult) => string | undefined;
}

/** Flags that make a changing command run without prompting, as a pipeline runs it. */
const UNATTENDED = ["--yes", "--skip-preview", "--non-interactive"];

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function heading(text: string): void {
  console.log(`\n${bold(`== ${text}`)}\n`);
}

async function main(): Promise<number> {
  const started = Date.now();
  heading("Pulumi CLI");
  const cli = pulumiCliPath();
  console.log(`using ${cli}`);

  heading("Local Graph + Entra emulator");
  const emulator = await startEmulator();
  const endpoints = emulator.endpoints("global");
  const client = emulator.fixture.demo;
  const servicePrincipal = emulator.fixture.ownedServicePrincipal;
  console.log(`Graph and Entra at ${endpoints.graphRoot} (CA ${emulator.caCertPath})`);
  console.log(`signing in as client ${client.clientId} in tenant ${client.tenantId}`);
  console.log(`authorizing service principal ${servicePrincipal.objectId} ("${servicePrincipal.displayName}")`);

  const stack = await LocalStack.create({
    projectName: "syncauth-quickstart",
    stackName: "demo",
    workDir: PROJECT_ROOT,
    program: programFromFile(path.join(PROJECT_ROOT, "examples", "quickstart", "index.ts")),
    env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath },
  });
  const problems: string[] = [];
  const summary: { title: string; calls: Calls; expected: Calls }[] = [];
  try {
    const secretToken = `demo-token-${crypto.randomBytes(12).toString("hex")}`;
    const rotatedToken = `demo-token-${crypto.randomBytes(12).toString("hex")}`;
    heading("Stack configuration (secrets set with --secret, stored encrypted)");
    const config: [string, string, boolean][] = [
      ["syncauth:graphEndpoint", endpoints.graphRoot, false],
      ["syncauth:authorityHost", endpoints.authorityHost, false],
      ["syncauth:graphScope", endpoints.graphScope, false],
      ["syncauth:tenantId", client.tenantId, false],
      ["syncauth:clientId", client.clientId, false],
      ["syncauth:clientSecret", client.clientSecrets[0], true],
      ["servicePrincipalId", servicePrincipal.objectId, false],
      ["scimBaseAddress", "https://scim.example.com/v2", false],
      ["scimSecretToken", secretToken, true],
    ];
    for (const [key, value, secret] of config) {
      await stack.setConfig(key, value, { secret });
      console.log(`$ pulumi config set ${key} ${secret ? "--secret ********" : value}`);
    }

    const steps: Step[] = [
      {
        title: "Preview: what a pull request shows",
        args: ["preview", "--diff", "--non-interactive"],
        expected: calls(0, 0, 0),
      },
      {
        title: "Up: authorize",
        args: ["up", ...UNATTENDED],
        expected: calls(1, 1, 0),
        check: (r) => (/lastAuthorizedAt\s*:\s*"\d{4}-/.test(r.stdout) ? undefined : "up printed no lastAuthorizedAt"),
      },
      {
        title: "Up again: nothing changed, nothing sent",
        args: ["up", ...UNATTENDED],
        expected: calls(0, 0, 0),
      },
      {
        title: "Rotate the SCIM token: one update",
        args: ["up", ...UNATTENDED],
        expected: calls(1, 1, 0),
        check: (r) => (/1 updated/.test(r.stdout) ? undefined : "rotation did not update the resource"),
      },
      {
        title: "Refresh: the target still exists",
        args: ["refresh", ...UNATTENDED],
        expected: calls(1, 0, 1),
      },
      {
        title: "Destroy: forget the authorization (Graph has no revoke)",
        args: ["destroy", ...UNATTENDED],
        expected: calls(0, 0, 0),
      },
    ];

    for (const step of steps) {
      if (step.title.startsWith("Rotate")) {
        heading("Rotate the SCIM token in config");
        await stack.setConfig("scimSecretToken", rotatedToken, { secret: true });
        console.log("$ pulumi config set scimSecretToken --secret ********");
      }
      heading(step.title);
      console.log(`$ pulumi ${step.args.join(" ")}\n`);
      emulator.clearLog();
      stack.echo = true;
      const result = await stack.pulumi(step.args);
      stack.echo = false;
      const observed = countCalls(emulator.count.bind(emulator));
      summary.push({ title: step.title, calls: observed, expected: step.expected });
      if (result.code !== 0) problems.push(`${step.title}: pulumi exited ${result.code}`);
      if (!sameCalls(observed, step.expected))
        problems.push(
          `${step.title}: Graph calls ${JSON.stringify(observed)}, expected ${JSON.stringify(step.expected)}`,
        );
      const problem = step.check?.(result);
      if (problem) problems.push(`${step.title}: ${problem}`);
    }

    const exported = await stack.exportText({ showSecrets: false });
    if (exported.includes(secretToken) || exported.includes(rotatedToken))
      problems.push("stack export holds a SCIM token in plaintext");
  } finally {
    stack.dispose();
    await emulator.stop();
  }

  heading("Graph calls per step (from the emulator's request log)");
  console.log(formatSummary(summary));
  console.log(`\nwall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (problems.length > 0) {
    console.log(`\n${bold("FAILED")}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }
  console.log(`\n${bold("OK")}: every step made exactly the calls expected.`);
  return 0;
}

function calls(token: number, acquireAccessToken: number, getObject: number): Calls {
  return { token, acquireAccessToken, getObject };
}

function countCalls(count: (filter: { route: RouteName }) => number): Calls {
  return calls(
    count({ route: "token" }),
    count({ route: "acquireAccessToken" }),
    count({ route: "listSynchronizationTemplates" }),
  );
}

function sameCalls(a: Calls, b: Calls): boolean {
  return a.token === b.token && a.acquireAccessToken === b.acquireAccessToken && a.getObject === b.getObject;
}

function formatSummary(rows: { title: string; calls: Calls; expected: Calls }[]): string {
  const header = ["step", "token requests", "acquireAccessToken POSTs", "GET target", "as expected"];
  const lines = rows.map((r) => [
    r.title,
    String(r.calls.token),
    String(r.calls.acquireAccessToken),
    String(r.calls.getObject),
    sameCalls(r.calls, r.expected) ? "yes" : "NO",
  ]);
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
