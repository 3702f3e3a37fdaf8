import { Server, ServerCredentials } from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { engineLog } from "./engineLog";
import { parsePluginArguments } from "./pluginArguments";
import type { ProviderHandlers } from "./providerHandlers";
import { resourceProviderService } from "./resourceProviderService";
import type { CheckFailureStyle } from "./responses";

export interface ServeOptions {
  /** The plugin's version (GetPluginInfo). */
  version: string;
  /** The command line after the script name; default: `process.argv.slice(2)`. */
  argv?: readonly string[];
  /** Where the port is announced; default: stdout, where the engine reads it. */
  announce?(port: number): void;
  /** How check failures name their property; default "nameInReason" (see responses.ts). */
  checkFailureStyle?: CheckFailureStyle;
}

/** The gRPC limit the engine itself uses (400 MB; the default 4 MB is too small for large states and schemas). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export interface RunningPlugin {
  port: number;
  /** Stops accepting calls and ends the calls in flight. */
  stop(): Promise<void>;
}

/**
 * Serves the handlers as a Pulumi resource plugin: a gRPC server on a free loopback port whose number is printed
 * on stdout as the first line (how the engine finds a plugin), the engine's address taken from the command line
 * or the Handshake call. The process stays up until the engine ends it.
 */
export async function servePlugin(handlers: ProviderHandlers, options: ServeOptions): Promise<RunningPlugin> {
  let engineAddress = parsePluginArguments(options.argv ?? process.argv.slice(2)).engineAddress;
  const server = new Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  server.addService(
    ResourceProviderService,
    resourceProviderService(handlers, {
      version: options.version,
      checkFailureStyle: options.checkFailureStyle,
      engineLog: engineLog(() => engineAddress),
      onEngineAddress: (address) => {
        if (address !== "") engineAddress = address;
      },
    }),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  (options.announce ?? ((p: number) => process.stdout.write(`${p}\n`)))(port);
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
