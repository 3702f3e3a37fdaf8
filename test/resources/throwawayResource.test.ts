import * as assert from "node:assert/strict";
import { credentials, type ServiceError } from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import type * as pulumi from "@pulumi/pulumi";
import { newSharedClients } from "../../provider/core/session";
import { dynamicProviderFor } from "../../provider/dynamic/dynamicProvider";
import { dynamicProviders } from "../../provider/dynamic/resourceProviders";
import {
  PROVIDER_MODULE,
  RESOURCE_PROVIDERS_MODULE,
  SERIALIZED_PROVIDER,
  serializedProviderFor,
} from "../../provider/dynamic/serializedProvider";
import { servePlugin, type RunningPlugin } from "../../provider/plugin/servePlugin";
import { syncauthSchema } from "../../provider/pluginAdapter/schema";
import { syncauthProvider } from "../../provider/pluginAdapter/syncauthProvider";
import { RESOURCES } from "../../provider/resources/registry";
import { note } from "./throwaway/definition";

/**
 * The seam a new resource is added on: a throwaway definition (test/resources/throwaway/, never shipped) added to
 * the registry's list is served by both front doors — the plugin's schema and its gRPC handlers, and the dynamic
 * adapter — with no change to either. Adding it for real is its folder plus one line of resources/registry.ts.
 */

const SERVED = [...RESOURCES, note];
const URN = "urn:pulumi:dev::p::syncauth:index:Note::n";

function rpc<Res>(send: (done: (error: ServiceError | null, response: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => send((error, response) => (error ? reject(error) : resolve(response))));
}

describe("a new resource is one folder and one registry line: both front doors serve a throwaway definition", () => {
  it("the schema lists it, with its properties, beside the authorization", () => {
    const schema = syncauthSchema("1.0.0", undefined, SERVED) as { resources: Record<string, Record<string, unknown>> };
    assert.deepEqual(
      Object.keys(schema.resources).sort(),
      [...RESOURCES.map((resource) => resource.pluginType), "syncauth:index:Note"].sort(),
    );
    assert.deepEqual(schema.resources["syncauth:index:Note"], {
      description: "A note (test only).",
      inputProperties: { text: { type: "string", description: "What the note says." } },
      properties: {
        text: { type: "string", description: "What the note says." },
        length: { type: "integer", description: "Its length in characters." },
      },
      required: ["text", "length"],
    });
  });

  describe("through the plugin's gRPC service", () => {
    let plugin: RunningPlugin;
    let client: ResourceProviderClient;

    before(async () => {
      plugin = await servePlugin(syncauthProvider({}, newSharedClients(), SERVED), {
        version: "1.0.0",
        argv: [],
        announce: () => undefined,
      });
      client = new ResourceProviderClient(`127.0.0.1:${plugin.port}`, credentials.createInsecure());
    });
    after(async () => {
      client?.close();
      await plugin?.stop();
    });

    it("GetSchema, Check (a failure naming the property), Check, Create, Diff with the changed path", async () => {
      const schema = JSON.parse(
        (
          await rpc<proto.GetSchemaResponse>((done) => client.getSchema(new proto.GetSchemaRequest(), done))
        ).getSchema(),
      ) as { resources: Record<string, unknown> };
      assert.ok(schema.resources["syncauth:index:Note"]);

      const check = (news: Parameters<typeof Struct.fromJavaScript>[0]) =>
        rpc<proto.CheckResponse>((done) =>
          client.check(
            new proto.CheckRequest()
              .setUrn(URN)
              .setType("syncauth:index:Note")
              .setName("n")
              .setNews(Struct.fromJavaScript(news))
              .setOlds(Struct.fromJavaScript({})),
            done,
          ),
        );
      const refused = await check({ text: "" });
      assert.deepEqual(
        refused.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
        [["", "text: missing: give the note's text"]], // the host names the property in the reason
      );
      const checked = await check({ text: "hello" });
      assert.deepEqual(checked.getFailuresList(), []);

      const created = await rpc<proto.CreateResponse>((done) =>
        client.create(
          new proto.CreateRequest()
            .setUrn(URN)
            .setType("syncauth:index:Note")
            .setName("n")
            .setProperties(checked.getInputs()),
          done,
        ),
      );
      assert.equal(created.getId(), "note-5");
      assert.deepEqual(created.getProperties()?.toJavaScript(), { text: "hello", length: 5 });

      const diff = await rpc<proto.DiffResponse>((done) =>
        client.diff(
          new proto.DiffRequest()
            .setUrn(URN)
            .setType("syncauth:index:Note")
            .setName("n")
            .setId("note-5")
            .setOlds(created.getProperties())
            .setNews(Struct.fromJavaScript({ text: "hello there" })),
          done,
        ),
      );
      assert.equal(diff.getChanges(), proto.DiffResponse.DiffChanges.DIFF_SOME);
      assert.equal(diff.getHasdetaileddiff(), true);
      assert.deepEqual([...diff.getDetaileddiffMap().keys()], ["text"]);
    });
  });

  it("through the dynamic adapter: check, create, diff, read", async () => {
    const provider = dynamicProviderFor(note);
    await provider.configure({ config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest);
    assert.deepEqual((await provider.check({}, { text: " " })).failures, [
      { property: "text", reason: "missing: give the note's text" },
    ]);
    const checked = await provider.check({}, { text: "hi!" });
    assert.equal(checked.failures, undefined);
    const created = await provider.create(checked.inputs ?? {});
    assert.deepEqual(created, { id: "note-3", outs: { text: "hi!", length: 3 } });
    assert.equal((await provider.diff("note-3", created.outs, { text: "hi!" })).changes, false);
    assert.equal((await provider.diff("note-3", created.outs, { text: "bye" })).changes, true);
    assert.deepEqual(await provider.read("note-3", created.outs), { id: "note-3", props: created.outs });
  });

  it("the serialized provider a new resource's program stores names its entry of resourceProviders, by name", () => {
    const text = serializedProviderFor(RESOURCE_PROVIDERS_MODULE, "SynchronizationAuthorization");
    const handler = new Function("exports", "require", text);
    const exported: { handler?: () => unknown } = {};
    const modules: Record<string, unknown> = { [RESOURCE_PROVIDERS_MODULE]: { dynamicProviders } };
    handler(exported, (name: string) => modules[name]);
    assert.equal(exported.handler?.(), dynamicProviders.SynchronizationAuthorization);
    assert.equal(SERIALIZED_PROVIDER, serializedProviderFor(PROVIDER_MODULE), "the released text is unchanged");
  });
});
