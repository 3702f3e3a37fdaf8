import type { PulumiFn } from "@pulumi/pulumi/automation";

/**
 * Hosts a Pulumi program in this process and lets the real CLI run it through `--client=<address>`.
 *
 * This is how the Automation API runs inline programs. We use it for project directories too because the
 * Node.js language host (`pulumi-language-nodejs`) cannot be built here (the module proxy refuses it);
 * the engine, the state, the dynamic-provider host and every CLI command are the real ones.
 */
export interface ProgramHost {
  address: string;
  /** Tells the language server the CLI exited, then stops listening. */
  close(hasError: boolean): void;
}

export async function hostProgram(program: PulumiFn): Promise<ProgramHost> {
  // The same @grpc/grpc-js instance as @pulumi/pulumi's, so the service definitions match.
  const pulumiDir = require.resolve("@pulumi/pulumi/package.json").replace(/package\.json$/, "");
  const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
  const { LanguageServer } = require("@pulumi/pulumi/automation/server");
  const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
  const { grpcChannelOptions } = require("@pulumi/pulumi/runtime");
  // Each command's engine listens on a new port, and the OS hands out recently closed ports again. With grpc-js's
  // process-wide subchannel pool, the program's client for a new engine could pick up the subchannel of a dead
  // engine that had the same address (kept for reuse for a while) and fail with "14 UNAVAILABLE: No connection
  // established". A pool per client keeps every run's connections its own.
  const settings = require("@pulumi/pulumi/runtime/settings");
  settings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;

  const server = new grpc.Server({ ...grpcChannelOptions });
  const languageServer = new LanguageServer(program);
  server.addService(langrpc.LanguageRuntimeService, languageServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    close(hasError: boolean) {
      try {
        languageServer.onPulumiExit(hasError);
      } finally {
        server.forceShutdown();
      }
    },
  };
}

/**
 * A project's program as a function the language server can run: the module is loaded afresh on every run, as the
 * CLI would start a new process, and its exports become the stack outputs.
 */
export function programFromFile(file: string): PulumiFn {
  return async () => {
    const resolved = require.resolve(file);
    delete require.cache[resolved];
    return require(resolved);
  };
}
