import * as assert from "node:assert/strict";
import { credentials, Server, ServerCredentials, ServiceError, status } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { CallContext, ProviderHandlers } from "../../provider/plugin/providerHandlers";
import { isSecret, PropertyMap, reveal, revealMap, secret, unknown } from "../../provider/plugin/propertyValue";
import { ProviderError } from "../../provider/plugin/providerErrors";
import { RunningPlugin, servePlugin } from "../../provider/plugin/servePlugin";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CANARY = `canary-${Math.random().toString(16).slice(2)}`;
const URN = "urn:pulumi:dev::p::test:index:Thing::thing";

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** One unary call as a promise: `rpc<Res>((done) => client.method(request, done))`. */
function rpc<Res>(send: (done: Callback<Res>) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => send((error, response) => (error ? reject(error) : resolve(response))));
}

/** The error a call fails with; fails the test if the call succeeds. */
function rejection(call: Promise<unknown>): Promise<ServiceError> {
  return call.then(
    () => assert.fail("the call should fail"),
    (error: ServiceError) => error,
  );
}

/** A fake engine that only records Log calls: where the plugin's messages for the user go. */
async function fakeEngine(): Promise<{ address: string; logs: LogRequest[]; stop(): void }> {
  const logs: LogRequest[] = [];
  const server = new Server();
  server.addService(EngineService, {
    log: (call: { request: LogRequest }, callback: (e: null, r: Empty) => void) => {
      logs.push(call.request);
      callback(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, logs, stop: () => server.forceShutdown() };
}

describe("the resource provider service over gRPC", () => {
  const calls: { method: string; request: unknown }[] = [];
  let plugin: RunningPlugin;
  let client: ResourceProviderClient;
  let engine: Awaited<ReturnType<typeof fakeEngine>>;
  let releaseSlowCreate: (() => void) | undefined;
  let slowCreateSignal: AbortSignal | undefined;

  const handlers: ProviderHandlers = {
    getSchema: async () => '{"name":"test"}',
    configure: async (request) => void calls.push({ method: "configure", request }),
    check: async (request) => {
      calls.push({ method: "check", request });
      const failures = reveal(request.news.message ?? null) === "" ? [{ property: "message", reason: "empty" }] : [];
      return { inputs: { ...request.news, normalized: true }, failures };
    },
    diff: async () => ({ changes: true, replaces: ["message"], detailedDiff: { message: "update-replace" } }),
    create: async (request, context: CallContext) => {
      calls.push({ method: "create", request });
      if (request.name === "slow") {
        slowCreateSignal = context.signal;
        await new Promise<void>((resolve) => (releaseSlowCreate = resolve));
        return { id: "slow", outputs: {} };
      }
      if (request.name === "failing") throw new Error(`the service rejected ${reveal(request.properties.token)}`);
      if (request.name === "refused") throw new ProviderError("refused on purpose", "failedPrecondition");
      context.log.warn("creating now");
      const outputs: PropertyMap = {
        ...revealMap(request.properties), // echoed in plain form: the host must mark the token secret again
        receipt: secret("derived"),
        length: request.preview ? unknown : 7,
      };
      return { id: request.preview ? "" : "id-1", outputs };
    },
    read: async (request) => (request.id === "gone" ? undefined : { id: request.id, outputs: request.state }),
    update: async (request) => ({ outputs: request.news }),
    delete: async (request) => void calls.push({ method: "delete", request }),
  };

  before(async () => {
    engine = await fakeEngine();
    plugin = await servePlugin(handlers, { version: "1.2.3", argv: [engine.address], announce: () => undefined });
    client = new ResourceProviderClient(`127.0.0.1:${plugin.port}`, credentials.createInsecure());
  });

  after(async () => {
    client?.close();
    await plugin?.stop();
    engine?.stop();
  });

  beforeEach(() => (calls.length = 0));

  it("announces that it accepts secrets and supports preview, at Handshake and Configure", async () => {
    const handshake = await rpc<proto.ProviderHandshakeResponse>((done) =>
      client.handshake(new proto.ProviderHandshakeRequest().setEngineAddress(engine.address), done),
    );
    assert.equal(handshake.getAcceptSecrets(), true);
    assert.equal(handshake.getAcceptResources(), false);
    const configure = await rpc<proto.ConfigureResponse>((done) =>
      client.configure(
        new proto.ConfigureRequest().setArgs(
          Struct.fromJavaScript({ region: "west", clientSecret: { [SIG]: SECRET_SIG, value: CANARY } }),
        ),
        done,
      ),
    );
    assert.equal(configure.getSupportspreview(), true);
    assert.equal(configure.getAcceptsecrets(), true);
    assert.deepEqual(calls[0].request, { config: { region: "west", clientSecret: secret(CANARY) } });
  });

  it("tells its version", async () => {
    assert.equal((await rpc<PluginInfo>((done) => client.getPluginInfo(new Empty(), done))).getVersion(), "1.2.3");
  });

  it("serves the handler's schema", async () => {
    assert.equal(
      (await rpc<proto.GetSchemaResponse>((done) => client.getSchema(new proto.GetSchemaRequest(), done))).getSchema(),
      '{"name":"test"}',
    );
  });

  it("create in preview: outputs with unknowns, secret inputs and secret outputs marked on the wire", async () => {
    const request = new proto.CreateRequest()
      .setUrn(URN)
      .setName("thing")
      .setType("test:index:Thing")
      .setPreview(true)
      .setProperties(Struct.fromJavaScript({ message: "hi", token: { [SIG]: SECRET_SIG, value: CANARY } }));
    const response = await rpc<proto.CreateResponse>((done) => client.create(request, done));
    assert.equal(calls.length, 1);
    const seen = calls[0].request as { preview: boolean; properties: PropertyMap };
    assert.equal(seen.preview, true);
    assert.ok(isSecret(seen.properties.token), "the handler sees the secret as a Secret");
    assert.equal(response.getId(), "");
    assert.deepEqual(response.getProperties()?.toJavaScript(), {
      message: "hi",
      token: { [SIG]: SECRET_SIG, value: CANARY },
      receipt: { [SIG]: SECRET_SIG, value: "derived" },
      length: UNKNOWN,
    });
  });

  it("delivers the handler's log messages to the engine, with the resource, before answering", async () => {
    engine.logs.length = 0;
    const request = new proto.CreateRequest()
      .setUrn(URN)
      .setName("thing")
      .setProperties(Struct.fromJavaScript({ message: "hi" }));
    await rpc<proto.CreateResponse>((done) => client.create(request, done));
    assert.deepEqual(
      engine.logs.map((log) => [log.getSeverity(), log.getMessage(), log.getUrn()]),
      [[2, "creating now", URN]],
    );
  });

  it("returns check failures, the property named in the reason, with the checked inputs", async () => {
    const request = new proto.CheckRequest()
      .setUrn(URN)
      .setNews(Struct.fromJavaScript({ message: "", token: { [SIG]: SECRET_SIG, value: CANARY } }));
    const response = await rpc<proto.CheckResponse>((done) => client.check(request, done));
    assert.deepEqual(
      response.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
      [["", "message: empty"]],
    );
    assert.deepEqual(response.getInputs()?.toJavaScript(), {
      message: "",
      token: { [SIG]: SECRET_SIG, value: CANARY },
      normalized: true,
    });
  });

  it("answers a diff with changes, replaces and the detailed diff", async () => {
    const response = await rpc<proto.DiffResponse>((done) =>
      client.diff(new proto.DiffRequest().setUrn(URN).setId("id-1"), done),
    );
    assert.equal(response.getChanges(), proto.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepEqual(response.getReplacesList(), ["message"]);
    assert.equal(response.getHasdetaileddiff(), true);
    assert.equal(response.getDetaileddiffMap().get("message")?.getKind(), proto.PropertyDiff.Kind.UPDATE_REPLACE);
  });

  it("a failing handler's message reaches the engine without the secret it quoted", async () => {
    const request = new proto.CreateRequest()
      .setUrn(URN)
      .setName("failing")
      .setProperties(Struct.fromJavaScript({ token: { [SIG]: SECRET_SIG, value: CANARY } }));
    const error = await rejection(rpc<proto.CreateResponse>((done) => client.create(request, done)));
    assert.equal(error.code, status.UNKNOWN);
    assert.equal(error.details, "the service rejected [redacted]");
  });

  it("a configuration secret is removed from messages too", async () => {
    const request = new proto.CreateRequest()
      .setUrn(URN)
      .setName("failing")
      .setProperties(Struct.fromJavaScript({ token: CANARY }));
    const error = await rejection(rpc<proto.CreateResponse>((done) => client.create(request, done)));
    assert.equal(error.details, "the service rejected [redacted]", "the configured clientSecret has the same text");
  });

  it("maps a ProviderError to its gRPC code", async () => {
    const request = new proto.CreateRequest().setUrn(URN).setName("refused");
    const error = await rejection(rpc<proto.CreateResponse>((done) => client.create(request, done)));
    assert.equal(error.code, status.FAILED_PRECONDITION);
    assert.equal(error.details, "refused on purpose");
  });

  it("read of a gone resource answers an empty id; otherwise the state, secrets kept", async () => {
    const gone = await rpc<proto.ReadResponse>((done) =>
      client.read(new proto.ReadRequest().setUrn(URN).setId("gone"), done),
    );
    assert.equal(gone.getId(), "");
    const state = Struct.fromJavaScript({ token: { [SIG]: SECRET_SIG, value: CANARY } });
    const read = await rpc<proto.ReadResponse>((done) =>
      client.read(new proto.ReadRequest().setUrn(URN).setId("id-1").setProperties(state), done),
    );
    assert.equal(read.getId(), "id-1");
    assert.deepEqual(read.getProperties()?.toJavaScript(), state.toJavaScript());
  });

  it("calls delete with the id and the state", async () => {
    await rpc<Empty>((done) => client.delete(new proto.DeleteRequest().setUrn(URN).setId("id-1"), done));
    assert.deepEqual(
      calls.map((c) => c.method),
      ["delete"],
    );
    assert.equal((calls[0].request as { id: string }).id, "id-1");
  });

  it("answers UNIMPLEMENTED for what it does not serve", async () => {
    const error = await rejection(rpc<proto.InvokeResponse>((done) => client.invoke(new proto.InvokeRequest(), done)));
    assert.equal(error.code, status.UNIMPLEMENTED);
  });

  it("Cancel aborts the signal of a call in flight", async () => {
    const pending = rpc<proto.CreateResponse>((done) =>
      client.create(new proto.CreateRequest().setUrn(URN).setName("slow"), done),
    );
    while (slowCreateSignal === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(slowCreateSignal.aborted, false);
    await rpc<Empty>((done) => client.cancel(new Empty(), done));
    assert.equal(slowCreateSignal.aborted, true);
    releaseSlowCreate?.();
    assert.equal((await pending).getId(), "slow");
  });
});

describe("servePlugin", () => {
  it("announces its port, which then answers", async () => {
    let announced: number | undefined;
    const running = await servePlugin({} as ProviderHandlers, {
      version: "0.0.1",
      argv: [],
      announce: (p) => (announced = p),
    });
    try {
      assert.equal(announced, running.port);
      const client = new ResourceProviderClient(`127.0.0.1:${announced}`, credentials.createInsecure());
      const info = await rpc<PluginInfo>((done) => client.getPluginInfo(new Empty(), done));
      assert.equal(info.getVersion(), "0.0.1");
      client.close();
    } finally {
      await running.stop();
    }
  });

  it("prints the port as the first line of stdout by default", async () => {
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
    let running: RunningPlugin | undefined;
    try {
      running = await servePlugin({} as ProviderHandlers, { version: "0.0.1", argv: [] });
    } finally {
      process.stdout.write = original;
    }
    await running.stop();
    assert.deepEqual(written, [`${running.port}\n`]);
  });
});
