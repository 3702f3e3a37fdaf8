import { credentials } from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

export type Severity = "debug" | "info" | "warning" | "error";

/** Where a provider's messages for the user go. */
export interface EngineLog {
  /** Resolves once the message is delivered (or could not be); never rejects. */
  log(severity: Severity, message: string, urn: string): Promise<void>;
}

const SEVERITIES: Record<Severity, LogSeverity> = {
  debug: LogSeverity.DEBUG,
  info: LogSeverity.INFO,
  warning: LogSeverity.WARNING,
  error: LogSeverity.ERROR,
};

/**
 * Messages through the engine's `Log` service, which the CLI prints with the resource they concern. The engine's
 * address comes with the plugin's start (its last argument) or the Handshake call; it can change later (Attach),
 * hence the getter.
 */
export function engineLog(engineAddress: () => string | undefined): EngineLog {
  let client: EngineClient | undefined;
  let clientAddress: string | undefined;
  return {
    log(severity, message, urn) {
      const address = engineAddress();
      if (address === undefined) return stderrLog.log(severity, message, urn);
      if (client === undefined || clientAddress !== address) {
        client?.close();
        client = new EngineClient(address, credentials.createInsecure());
        clientAddress = address;
      }
      const request = new LogRequest();
      request.setSeverity(SEVERITIES[severity]);
      request.setMessage(message);
      request.setUrn(urn);
      const engine = client;
      return new Promise((resolve) => engine.log(request, () => resolve()));
    },
  };
}

/** Without an engine (a plugin started by hand): plain lines on stderr, which the CLI also shows. */
export const stderrLog: EngineLog = {
  async log(severity, message) {
    process.stderr.write(`${severity}: ${message}\n`);
  },
};
