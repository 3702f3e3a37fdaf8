import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import { LocalStack } from "../../scripts/lib/localStack";
import { nodeVariable } from "../../scripts/lib/pluginLauncher";
import type { Emulator } from "../emulator";

/**
 * What the end-to-end runs of the syncauth plugin from other languages (examples/yaml, examples/go) share: the
 * stack settings of their one SynchronizationAuthorization, the emulator's Graph calls per step, and the secrets
 * that must never show.
 */

export const RESOURCE_TYPE = "syncauth:index:SynchronizationAuthorization";
export const SCIM_BASE_ADDRESS = "https://scim.example.com/scim";

export interface GraphCalls {
  tokens: number;
  posts: number;
  gets: number;
}

/** Sign-ins, acquireAccessToken POSTs and template reads since the last call; then forgets them. */
export function takeGraphCalls(emu: Emulator): GraphCalls {
  const found = {
    tokens: emu.count({ route: "token" }),
    posts: emu.count({ route: "acquireAccessToken", method: "POST" }),
    gets: emu.count({ method: "GET", route: "listSynchronizationTemplates" }),
  };
  emu.clearLog();
  return found;
}

/** Random secret SCIM tokens: the first one sent, and the one a rotation sends. */
export function scimTokenCanaries(): [string, string] {
  return [1, 2].map(() => `canary-${crypto.randomBytes(12).toString("hex")}`) as [string, string];
}

/** What the CLI and the plugin process need to trust the emulator, with a PATH on which the CLI finds the plugin. */
export function pluginEnv(emu: Emulator, searchPath: string): NodeJS.ProcessEnv {
  return { PATH: searchPath, NODE_EXTRA_CA_CERTS: emu.caCertPath, [nodeVariable("syncauth")]: process.execPath };
}

/** The program's settings: the emulator's owned service principal, the SCIM endpoint and its secret token. */
export async function setProgramConfig(stack: LocalStack, emu: Emulator, scimToken: string): Promise<void> {
  await stack.setConfig("servicePrincipalId", emu.fixture.ownedServicePrincipal.objectId);
  await stack.setConfig("scimBaseAddress", SCIM_BASE_ADDRESS);
  await stack.setConfig("scimToken", scimToken, { secret: true });
}

/** The client secret the provider signs in with. */
export function clientSecret(emu: Emulator): string {
  return emu.fixture.demo.clientSecrets[0];
}

/** The provider's sign-in to the emulator's global cloud, as config keys under `prefix` ("syncauth:" or ""). */
export async function setProviderConfig(stack: LocalStack, emu: Emulator, prefix: string): Promise<void> {
  const endpoints = emu.endpoints("global");
  await stack.setConfig(`${prefix}graphEndpoint`, endpoints.graphRoot);
  await stack.setConfig(`${prefix}authorityHost`, endpoints.authorityHost);
  await stack.setConfig(`${prefix}graphScope`, endpoints.graphScope);
  await stack.setConfig(`${prefix}tenantId`, emu.fixture.demo.tenantId);
  await stack.setConfig(`${prefix}clientId`, emu.fixture.demo.clientId);
  await stack.setConfig(`${prefix}clientSecret`, clientSecret(emu), { secret: true });
}

/** The body of the acquireAccessToken POST that sends `scimToken`. */
export function expectedPostBody(scimToken: string): unknown {
  const pair = "microsoft.graph.synchronizationSecretKeyStringValuePair";
  return {
    credentials: [
      { "@odata.type": pair, key: "BaseAddress", value: SCIM_BASE_ADDRESS },
      { "@odata.type": pair, key: "SecretToken", value: scimToken },
    ],
  };
}

/** Fails when any secret shows in `printed` (a process's output) or in any state file of the stack. */
export function assertNoSecretShown(stack: LocalStack, printed: string, secrets: string[]): void {
  for (const secretText of secrets) {
    assert.ok(!printed.includes(secretText), "no secret in the output");
    assert.ok(!stack.stateFilesText().includes(secretText), "no secret in any state file");
  }
}

/** The line examples/go prints for one operation. */
export interface GoResult {
  operation: string;
  changes?: Record<string, number>;
  outputs?: Record<string, { value?: unknown; secret: boolean }>;
  log: string;
  error?: string;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process without blocking this one, which serves the emulator the process calls. */
export function runProcess(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
