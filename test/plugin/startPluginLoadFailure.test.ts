import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const START_PLUGIN = path.resolve(__dirname, "..", "..", "dist", "provider", "plugin", "startPlugin.js");
const PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:syncauth::default";

/**
 * Review of the start-up change (3963f96): the port is printed before the provider's code is loaded, so a failure
 * to load it now happens after the engine has read the port. The engine (pulumi/pulumi
 * sdk/go/common/resource/plugin/plugin.go, dialPlugin) then waits for the connection for
 * pluginRPCConnectionTimeout (10 s), retrying UNAVAILABLE, and reports "did not begin responding to RPC connections"
 * / "did not come alive", the reason only in the dump of the plugin's output headed "exited prematurely ... always a
 * bug in the provider". Before the change the same failure was reported at once ("could not read plugin: exit
 * status 1"). A plugin that stays up and answers the calls that need the handlers with the failure gives the engine
 * the reason as the error of its first configuration call, without the wait.
 */
describe("startPlugin when the handlers cannot be made after the port (review)", function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  let stderr = "";
  after(() => child?.kill());

  it("answers the engine's first calls, those that need the handlers with the failure, instead of exiting", async () => {
    const factory = `() => { throw new Error("no handlers here"); }`;
    const script = `require(${JSON.stringify(START_PLUGIN)}).startPlugin(${factory}, ${JSON.stringify(__dirname)});`;
    const started = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    started.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      started.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const line = /^(\d+)\r?\n/.exec(stdout);
        if (line) resolve(Number(line[1]));
      });
      started.on("exit", (code) => reject(new Error(`exited (${code}) before the port\n${stderr}`)));
    });

    const client = new ResourceProviderClient(`127.0.0.1:${port}`, credentials.createInsecure());
    const deadline = () => ({ deadline: Date.now() + 5_000 });
    try {
      // What the engine's dialPlugin/Handshake and GetPluginInfo need: no handlers.
      const info = await new Promise<{ error: ServiceError | null }>((resolve) =>
        client.getPluginInfo(new Empty(), new Metadata(), deadline(), (error) => resolve({ error })),
      );
      assert.ok(
        info.error === null,
        `GetPluginInfo failed (${info.error?.code}: ${info.error?.details}); the plugin's stderr: ${stderr}`,
      );

      // The first call that needs the handlers carries the reason, as an error the engine reports (not UNAVAILABLE,
      // which the engine's dial loop retries until its timeout).
      const checked = await new Promise<ServiceError | null>((resolve) =>
        client.checkConfig(
          new proto.CheckRequest().setUrn(PROVIDER_URN).setOlds(new Struct()).setNews(new Struct()),
          new Metadata(),
          deadline(),
          (error) => resolve(error),
        ),
      );
      assert.ok(checked !== null, "CheckConfig succeeded without handlers");
      assert.notEqual(checked.code, status.UNAVAILABLE, `the plugin is gone: ${checked.details}; stderr: ${stderr}`);
      assert.match(checked.details, /the provider could not start: no handlers here/);
    } finally {
      client.close();
    }
  });
});
