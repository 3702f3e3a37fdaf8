/**
 * The training run behind the plugin's V8 code cache (scripts/lib/seaPlugin.ts): the target's Node runs the bundle
 * (train.ts), and this sends it the calls an engine sends a fresh plugin before any Graph call — Handshake,
 * GetPluginInfo, CheckConfig, DiffConfig, Configure, Check (of valid and of invalid inputs), Diff, a preview's
 * Create — and GetSchema (what the YAML host starts it for). The cache then holds what they ran, compiled.
 */
import { credentials, type ServiceError } from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SECRET_SIGNATURE, SIGNATURE_KEY } from "../../../provider/plugin/wireSignatures";

const TYPE = "syncauth:index:SynchronizationAuthorization";
const URN = `urn:pulumi:train::train::${TYPE}::train`;
const PROVIDER_URN = "urn:pulumi:train::train::pulumi:providers:syncauth::default";

const secret = <T>(value: T) => ({ [SIGNATURE_KEY]: SECRET_SIGNATURE, value });
const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(value as never);

const CONFIG = {
  tenantId: "00000000-0000-4000-8000-00000000000a",
  clientId: "00000000-0000-4000-8000-00000000000b",
  clientSecret: secret("training-client-secret"),
  version: "0.0.0",
};
const INPUTS = {
  servicePrincipalId: "00000000-0000-4000-8000-000000000001",
  credentials: secret({ BaseAddress: "https://scim.example.com/scim", SecretToken: "training-token" }),
};
const CHANGED = { ...INPUTS, credentials: secret({ ...INPUTS.credentials.value, SecretToken: "training-token-2" }) };

/**
 * Runs `command… trainer` (the target's Node, under an emulator if need be, and train.ts bundled), makes the calls,
 * ends its stdin and waits for it to write the cache to `cacheFile`.
 */
export async function trainCodeCache(command: string[], trainer: string, bundle: string, cacheFile: string) {
  fs.rmSync(cacheFile, { force: true });
  const child = spawn(command[0], [...command.slice(1), trainer], {
    env: { PATH: process.env.PATH, SYNCAUTH_TRAIN_BUNDLE: bundle, SYNCAUTH_TRAIN_CODE_CACHE: cacheFile },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const line = /^(\d+)\r?\n/.exec(stdout);
        if (line) resolve(Number(line[1]));
      });
      child.on("error", reject);
      void exited.then((code) => reject(new Error(`the training run exited (${code}) before its port\n${stderr}`)));
    });
    await makeTrainingCalls(port);
  } catch (error) {
    child.kill();
    throw error;
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0 || !fs.existsSync(cacheFile)) {
    throw new Error(`the training run exited (${code}) without writing its code cache\n${stderr}`);
  }
}

async function makeTrainingCalls(port: number): Promise<void> {
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const call = <Req, Res>(
    method: (request: Req, callback: (error: ServiceError | null, response: Res) => void) => unknown,
    request: Req,
  ) =>
    new Promise<Res>((resolve, reject) =>
      method.call(client, request, (error, response) => (error ? reject(error) : resolve(response))),
    );
  try {
    await call(client.handshake, new proto.ProviderHandshakeRequest().setRootDirectory("").setProgramDirectory(""));
    await call(client.getPluginInfo, new Empty());
    await call(client.getSchema, new proto.GetSchemaRequest().setVersion(0));
    const config = struct(CONFIG);
    await call(client.checkConfig, new proto.CheckRequest().setUrn(PROVIDER_URN).setOlds(struct({})).setNews(config));
    await call(client.diffConfig, new proto.DiffRequest().setUrn(PROVIDER_URN).setOlds(config).setNews(config));
    await call(client.configure, new proto.ConfigureRequest().setArgs(config).setAcceptsecrets(true));
    const check = (news: Record<string, unknown>) =>
      call<proto.CheckRequest, proto.CheckResponse>(
        client.check,
        new proto.CheckRequest().setUrn(URN).setType(TYPE).setNews(struct(news)),
      );
    const checked = await check(INPUTS);
    if (checked.getFailuresList().length > 0) throw new Error("the training run failed a valid Check");
    const refused = await check({ ...INPUTS, servicePrincipalId: "not-an-id" });
    if (refused.getFailuresList().length === 0) throw new Error("the training run passed an invalid Check");
    await call(
      client.diff,
      new proto.DiffRequest()
        .setUrn(URN)
        .setType(TYPE)
        .setId("train")
        .setOlds(struct(INPUTS))
        .setOldInputs(struct(INPUTS))
        .setNews(struct(CHANGED)),
    );
    await call(
      client.create,
      new proto.CreateRequest().setUrn(URN).setType(TYPE).setProperties(struct(INPUTS)).setPreview(true),
    );
  } finally {
    client.close();
  }
}
