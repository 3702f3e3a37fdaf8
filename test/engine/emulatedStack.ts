import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { CloudName } from "../../provider/config/clouds";
import { LocalStack } from "../../scripts/lib/localStack";
import type { Emulator } from "../emulator";
import type { ClientIdentity } from "../emulator/fixture";

export interface EmulatedStackOptions {
  emulator: Emulator;
  projectName: string;
  /** The program the CLI runs through this process (a `nodejs` project); or give `projectFile`. */
  program?: PulumiFn;
  /** Pulumi.yaml of a project whose language host runs the program (e.g. `runtime: yaml`). */
  projectFile?: string;
  /** Default "global". */
  cloud?: CloudName;
  /** Default: the fixture's `demo` client (Application.ReadWrite.OwnedBy) signing in with its client secret. */
  client?: ClientIdentity;
  /** More stack config, e.g. `{ "syncauth:maxRetries": { value: "2" } }`. */
  config?: Record<string, { value: string; secret?: boolean }>;
  env?: NodeJS.ProcessEnv;
}

/**
 * A LocalStack whose provider signs in to, and calls, the emulator: the same stack config a user sets for
 * real Graph, with custom endpoints pointing at loopback.
 */
export async function emulatedStack(options: EmulatedStackOptions): Promise<LocalStack> {
  const emulator = options.emulator;
  const endpoints = emulator.endpoints(options.cloud ?? "global");
  const client = options.client ?? emulator.fixture.demo;
  const stack = await LocalStack.create({
    projectName: options.projectName,
    program: options.program,
    projectFile: options.projectFile,
    env: { NODE_EXTRA_CA_CERTS: emulator.caCertPath, ...options.env },
  });
  const config: Record<string, { value: string; secret?: boolean }> = {
    "syncauth:graphEndpoint": { value: endpoints.graphRoot },
    "syncauth:authorityHost": { value: endpoints.authorityHost },
    // The emulator is not Microsoft's Graph: its tokens are for its own audience, and its vault is its own host.
    "syncauth:graphScope": { value: endpoints.graphScope },
    "syncauth:keyVaultHosts": { value: new URL(endpoints.keyVaultUrl).host },
    "syncauth:tenantId": { value: client.tenantId },
    "syncauth:clientId": { value: client.clientId },
    "syncauth:clientSecret": { value: client.clientSecrets[0], secret: true },
    ...(options.cloud !== undefined && { "syncauth:cloud": { value: options.cloud } }),
    ...options.config,
  };
  for (const [key, { value, secret }] of Object.entries(config)) {
    await stack.setConfig(key, value, { secret });
  }
  return stack;
}
