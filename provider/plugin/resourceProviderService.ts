import { status } from "@grpc/grpc-js";
import type { sendUnaryData, ServerUnaryCall, StatusObject } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { EngineLog, Severity, stderrLog } from "./engineLog";
import { errorToStatus } from "./errorStatus";
import type { CallContext, ProviderHandlers, ResourceLog } from "./providerHandlers";
import { PropertyMap, secretStrings } from "./propertyValue";
import * as decode from "./requests";
import * as respond from "./responses";
import { structToMap } from "./structs";

export interface ServiceOptions {
  /** The plugin's version (GetPluginInfo). */
  version: string;
  /** Where handler messages go; default: stderr. */
  engineLog?: EngineLog;
  /** Told the engine's address when Handshake or Attach gives one. */
  onEngineAddress?(address: string): void;
  /** Default "nameInReason": no check failure makes the engine print an input's value (see responses.ts). */
  checkFailureStyle?: respond.CheckFailureStyle;
}

/** What a decoded request offers the error mapping: its resource, its secrets, its inputs. */
interface Decoded<D> {
  urn: string;
  request: D;
}

/**
 * The `pulumirpc.ResourceProvider` gRPC service over a set of plain handlers: each RPC decodes its request, calls
 * the handler and encodes the answer (requests.ts, responses.ts); errors become statuses without secrets
 * (errorStatus.ts). The provider accepts secrets and supports preview (responses.ts `CAPABILITIES`); Invoke, Call,
 * Construct, Parameterize, List and the converter mappings answer UNIMPLEMENTED.
 */
export function resourceProviderService(handlers: ProviderHandlers, options: ServiceOptions): IResourceProviderServer {
  const engineLog = options.engineLog ?? stderrLog;
  const cancellation = new AbortController();
  /** Secret strings of the provider's configuration: no error message may carry them either. */
  let configSecrets: string[] = [];

  /**
   * Runs one call: decode, work, then answer once every message the handler logged is delivered (so they show
   * before the resource's result). A failure to decode is answered like a handler's failure.
   */
  function serve<Req, D extends object, Res>(
    call: ServerUnaryCall<Req, Res>,
    callback: sendUnaryData<Res>,
    decodeRequest: (request: Req) => Decoded<D>,
    work: (request: D, context: CallContext) => Promise<Res>,
  ): void {
    const pending: Promise<void>[] = [];
    let urn = "";
    let secrets = configSecrets;
    let inputs: PropertyMap = {};
    const send = (severity: Severity) => (message: string) => void pending.push(engineLog.log(severity, message, urn));
    const log: ResourceLog = { debug: send("debug"), info: send("info"), warn: send("warning"), error: send("error") };
    const answer = async (error: Partial<StatusObject> | null, response?: Res) => {
      await Promise.all(pending);
      callback(error, response);
    };
    (async () => {
      const decoded = decodeRequest(call.request);
      urn = decoded.urn;
      const maps = decode.propertyMapsOf(decoded.request);
      secrets = [...configSecrets, ...maps.flatMap((map) => secretStrings(map))];
      inputs = inputsOf(decoded.request);
      return work(decoded.request, { signal: cancellation.signal, log });
    })().then(
      (response) => answer(null, response),
      (error: unknown) => answer(errorToStatus(error, { secrets, inputs })),
    );
  }

  const resourceCall =
    <Req extends { getUrn(): string }, D extends object>(decoder: (request: Req) => D) =>
    (request: Req): Decoded<D> => ({ urn: request.getUrn(), request: decoder(request) });
  const bare = <Req>(request: Req): Decoded<Req & object> => ({ urn: "", request: request as Req & object });

  const unimplemented =
    (method: string) =>
    (_call: unknown, callback: sendUnaryData<never>): void =>
      callback({ code: status.UNIMPLEMENTED, details: `${method} is not implemented by this provider` });

  return {
    handshake(call, callback) {
      serve(call, callback, bare, async (request) => {
        options.onEngineAddress?.(request.getEngineAddress());
        return respond.handshakeResponse();
      });
    },

    attach(call, callback) {
      serve(call, callback, bare, async (request) => {
        options.onEngineAddress?.(request.getAddress());
        return new Empty();
      });
    },

    getPluginInfo(call, callback) {
      serve(call, callback, bare, async () => new PluginInfo().setVersion(options.version));
    },

    getSchema(call, callback) {
      serve(call, callback, bare, async (request) => {
        if (request.getVersion() !== 0) {
          throw new Error(`schema version ${request.getVersion()} is not supported; only version 0 is`);
        }
        return new proto.GetSchemaResponse().setSchema(await handlers.getSchema());
      });
    },

    checkConfig(call, callback) {
      serve(call, callback, resourceCall(decode.decodeCheckConfigRequest), async (request, context) => {
        configSecrets = secretStrings(request.news);
        const result = handlers.checkConfig ? await handlers.checkConfig(request, context) : { inputs: request.news };
        return respond.checkResponse(result, request.news, options.checkFailureStyle);
      });
    },

    diffConfig(call, callback) {
      serve(call, callback, resourceCall(decode.decodeDiffConfigRequest), async (request, context) =>
        handlers.diffConfig
          ? respond.diffResponse(await handlers.diffConfig(request, context))
          : respond.diffResponse({ changes: undefined }),
      );
    },

    configure(call, callback) {
      const decodeConfigure = (request: proto.ConfigureRequest) => ({
        urn: request.getUrn() ?? "",
        request: { inputs: structToMap(request.getArgs()) },
      });
      serve(call, callback, decodeConfigure, async (request, context) => {
        configSecrets = secretStrings(request.inputs);
        await handlers.configure({ config: request.inputs }, context);
        return respond.configureResponse();
      });
    },

    check(call, callback) {
      serve(call, callback, resourceCall(decode.decodeCheckRequest), async (request, context) =>
        respond.checkResponse(await handlers.check(request, context), request.news, options.checkFailureStyle),
      );
    },

    diff(call, callback) {
      serve(call, callback, resourceCall(decode.decodeDiffRequest), async (request, context) =>
        respond.diffResponse(await handlers.diff(request, context)),
      );
    },

    create(call, callback) {
      serve(call, callback, resourceCall(decode.decodeCreateRequest), async (request, context) =>
        respond.createResponse(await handlers.create(request, context), request.properties),
      );
    },

    read(call, callback) {
      serve(call, callback, resourceCall(decode.decodeReadRequest), async (request, context) =>
        respond.readResponse(await handlers.read(request, context), request),
      );
    },

    update(call, callback) {
      serve(call, callback, resourceCall(decode.decodeUpdateRequest), async (request, context) =>
        respond.updateResponse(await handlers.update(request, context), request.news),
      );
    },

    delete(call, callback) {
      serve(call, callback, resourceCall(decode.decodeDeleteRequest), async (request, context) => {
        await handlers.delete(request, context);
        return new Empty();
      });
    },

    cancel(call, callback) {
      serve(call, callback, bare, async () => {
        cancellation.abort();
        await handlers.cancel?.();
        return new Empty();
      });
    },

    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    parameterize: unimplemented("Parameterize"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
    list(call) {
      call.emit("error", { code: status.UNIMPLEMENTED, details: "List is not implemented by this provider" });
    },
  };
}

/** The inputs a partially created resource's outputs take their secret-ness from. */
function inputsOf(request: object): PropertyMap {
  const fields = request as { properties?: PropertyMap; news?: PropertyMap };
  return fields.properties ?? fields.news ?? {};
}
