import { credentials } from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const URN = "urn:pulumi:probe::probe::syncauth:index:SynchronizationAuthorization::probe";

export interface ProbeResult {
  /** What GetPluginInfo answered. */
  version: string;
  /** The Check failures for a valid resource (none expected) and for an invalid one (one expected). */
  validFailures: string[];
  invalidFailures: string[];
  /** Spawn → the port read from stdout (what the engine waits for), in ms (a figure for the bench, never asserted on). */
  startToPortMs: number;
  /** Spawn → first Check answered, in ms (a figure for the bench, never asserted on). */
  startToFirstCheckMs: number;
}

/**
 * Starts a syncauth plugin as the engine does (`command args…`, the port read from the first line of stdout) and
 * asks it what a start-up needs: one Check of valid inputs, then GetPluginInfo and one Check of an invalid
 * servicePrincipalId. `command` may be an emulator with the binary as its first argument.
 */
export async function probeSyncauthPlugin(
  command: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProbeResult> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const line = /^(\d+)\r?\n/.exec(stdout);
        if (line) resolve(Number(line[1]));
      });
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before announcing a port\n${stderr}`)));
    });
    const startToPortMs = Number(process.hrtime.bigint() - started) / 1e6;
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, credentials.createInsecure());
    try {
      const check = (news: Record<string, unknown>) =>
        new Promise<string[]>((resolve, reject) =>
          client.check(
            new proto.CheckRequest().setUrn(URN).setNews(Struct.fromJavaScript(news as never)),
            (error, response) =>
              error
                ? reject(error)
                : resolve(response.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`)),
          ),
        );
      const valid = {
        servicePrincipalId: "00000000-0000-4000-8000-000000000001",
        credentials: { BaseAddress: "https://scim.example.com/scim", SecretToken: "probe-token" },
      };
      const validFailures = await check(valid);
      const startToFirstCheckMs = Number(process.hrtime.bigint() - started) / 1e6;
      const version = await new Promise<string>((resolve, reject) =>
        client.getPluginInfo(new Empty(), (error, info: plugin.PluginInfo) =>
          error ? reject(error) : resolve(info.getVersion()),
        ),
      );
      const invalidFailures = await check({ ...valid, servicePrincipalId: "not-an-id" });
      return { version, validFailures, invalidFailures, startToPortMs, startToFirstCheckMs };
    } finally {
      client.close();
    }
  } finally {
    child.kill();
  }
}
