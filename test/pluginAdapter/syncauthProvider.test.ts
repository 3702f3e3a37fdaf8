import { strict as assert } from "node:assert";
import * as crypto from "node:crypto";
import { TokenSources } from "../../provider/auth/tokenSource";
import { newSharedClients } from "../../provider/core/session";
import { keepSecretness } from "../../provider/plugin/keepSecretness";
import type { ProviderHandlers } from "../../provider/plugin/providerHandlers";
import { isSecret, isUnknown, reveal, secret, unknown, type PropertyMap } from "../../provider/plugin/propertyValue";
import { ProviderError, ResourceInitError } from "../../provider/plugin/providerErrors";
import { syncauthProvider } from "../../provider/pluginAdapter/syncauthProvider";
import { startEmulator, type Emulator } from "../emulator";
import { pluginOnEmulator, recordingContext } from "./pluginOnEmulator";

const IDENTITY = {
  urn: "urn:pulumi:s::p::syncauth:index:SynchronizationAuthorization::a",
  type: "syncauth:index:SynchronizationAuthorization",
  name: "a",
};

describe("the syncauth plugin's handlers over the core, against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let provider: ProviderHandlers;
  const canary = `canary-${crypto.randomBytes(8).toString("hex")}`;

  before(async () => {
    emu = await startEmulator();
    provider = await pluginOnEmulator(emu, recordingContext(), { maxRetries: 2 }); // a typed provider input becomes its text
  });

  after(() => emu?.stop());
  beforeEach(() => emu.clearLog());

  const news = (): PropertyMap => ({
    servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
    credentials: secret({ BaseAddress: "https://scim.example.com/scim", SecretToken: canary }),
  });

  it("a request for a type the provider does not serve is refused, naming the types it serves", async () => {
    const request = {
      ...IDENTITY,
      type: "syncauth:index:NoSuchThing",
      olds: {},
      news: news(),
      randomSeed: new Uint8Array(),
    };
    await assert.rejects(provider.check(request, recordingContext()), (error: unknown) => {
      assert.ok(error instanceof ProviderError);
      assert.equal(error.code, "invalidArgument");
      assert.match(
        error.message,
        /unknown resource type "syncauth:index:NoSuchThing": this provider serves syncauth:index:SynchronizationAuthorization/,
      );
      return true;
    });
    assert.equal(emu.log.length, 0);
  });

  it("a request whose type field is empty is routed by the type its URN names, as the engine's URN always carries it", async () => {
    // The type field of Check/Diff/Create/Read/Update/Delete requests is newer than the URN (engines before it leave
    // it empty); e6ab62c's handlers never read it, so a destroy or check from such an engine worked. Pulumi's own
    // provider SDKs route by the URN's type.
    const checked = await provider.check(
      { ...IDENTITY, type: "", olds: {}, news: news(), randomSeed: new Uint8Array() },
      recordingContext(),
    );
    assert.equal(checked.failures, undefined);
    await provider.delete(
      { ...IDENTITY, type: "", id: "servicePrincipals/x", state: {}, oldInputs: {}, timeoutSeconds: 0 },
      recordingContext(),
    );
    assert.equal(emu.log.length, 0);
  });

  it("checkConfig: the sign-in secrets are secret however they were given, so the provider's state never holds them", async () => {
    const given: PropertyMap = {
      tenantId: emu.fixture.demo.tenantId,
      clientSecret: canary,
      clientCertificatePassword: `${canary}-password`,
      oidcToken: unknown,
      maxRetries: "2",
    };
    assert.ok(provider.checkConfig, "the provider checks its configuration");
    const checked = await provider.checkConfig({ ...IDENTITY, olds: {}, news: given }, recordingContext());
    assert.deepEqual(checked.failures ?? [], []);
    assert.ok(isSecret(checked.inputs.clientSecret) && isSecret(checked.inputs.clientCertificatePassword));
    assert.equal(reveal(checked.inputs.clientSecret), canary);
    assert.ok(isUnknown(checked.inputs.oidcToken), "an unknown stays unknown");
    assert.equal(checked.inputs.tenantId, emu.fixture.demo.tenantId, "what is not secret stays plain");
    assert.equal(checked.inputs.maxRetries, "2");
  });

  it("checkConfig: a key that is no syncauth setting is warned about by name and kept secret (it may be a misspelt secret)", async () => {
    assert.ok(provider.checkConfig, "the provider checks its configuration");
    const context = recordingContext();
    const given: PropertyMap = { clientSecert: canary, version: "0.1.0", tenantId: emu.fixture.demo.tenantId };
    const checked = await provider.checkConfig({ ...IDENTITY, olds: {}, news: given }, context);
    assert.deepEqual(checked.failures ?? [], []);
    assert.ok(isSecret(checked.inputs.clientSecert), "the misspelt key's value is secret");
    assert.equal(checked.inputs.version, "0.1.0", "the engine's own version key is left alone");
    assert.deepEqual(context.messages, [
      'warn: syncauth:clientSecert is not a setting of this provider (did you mean "clientSecret"?); ' +
        "it is ignored, and its value is kept secret in case it is one",
    ]);
    assert.ok(!context.messages.join("\n").includes(canary));
  });

  it("check: a property-named failure without the value, and no call", async () => {
    const context = recordingContext();
    const result = await provider.check(
      {
        ...IDENTITY,
        olds: {},
        news: { servicePrincipalId: 42, credentials: secret([{ value: canary }]) },
        randomSeed: new Uint8Array(),
      },
      context,
    );
    assert.ok((result.failures ?? []).length > 0);
    assert.deepEqual(
      result.failures?.map((f) => f.property),
      ["servicePrincipalId", "credentials[0].key"],
    );
    assert.ok(!JSON.stringify(result.failures).includes(canary), "no failure quotes the secret value");
    assert.equal(emu.log.length, 0);
  });

  it("check: warnings become diagnostics; credentials leave as a secret; unknowns stay unknown", async () => {
    const context = recordingContext();
    const result = await provider.check(
      {
        ...IDENTITY,
        olds: {},
        news: { ...news(), credentials: { SecretToken: canary, NotAKey: "x" }, triggers: { rotation: unknown } },
        randomSeed: new Uint8Array(),
      },
      context,
    );
    assert.deepEqual(result.failures ?? [], []);
    assert.ok(isSecret(result.inputs.credentials), "credentials are secret");
    assert.ok(isUnknown((result.inputs.triggers as PropertyMap).rotation));
    assert.equal(context.messages.length, 1);
    assert.match(context.messages[0], /^warn: credentials\[entry \d+\] is not a known key name/);
    assert.ok(!context.messages[0].includes("NotAKey"), "an unknown key name is never shown");
    assert.ok(!context.messages[0].includes(canary));
  });

  it("check: hands the inputs back in the shape the program sent, which ignoreChanges paths resolve against", async () => {
    const given = {
      ...news(),
      writeOnlyCredentials: { Oauth2AuthorizationCode: { fromEnv: "CODE" } },
    };
    const result = await provider.check(
      { ...IDENTITY, olds: {}, news: given, randomSeed: new Uint8Array() },
      recordingContext(),
    );
    assert.deepEqual(result.failures ?? [], []);
    assert.deepEqual(result.inputs, given, "a map stays a map, nothing added");
  });

  it("check: keeps a key that ignoreChanges dropped because state holds the list form", async () => {
    const listState: PropertyMap = {
      target: `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
      servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
      credentials: secret([
        { key: "BaseAddress", value: "https://scim.example.com/scim" },
        { key: "SecretToken", value: canary },
      ]),
    };
    const context = recordingContext();
    const result = await provider.check(
      {
        ...IDENTITY,
        olds: listState,
        news: { ...news(), credentials: secret({ BaseAddress: "https://scim.example.com/scim" }) },
        randomSeed: new Uint8Array(),
      },
      context,
    );
    assert.deepEqual(result.failures ?? [], []);
    assert.ok(isSecret(result.inputs.credentials), "credentials are secret");
    assert.deepEqual(reveal(result.inputs.credentials), {
      BaseAddress: "https://scim.example.com/scim",
      SecretToken: canary,
    });
    assert.match(context.messages.join("\n"), /warn: credentials: kept "SecretToken" from state/);
    assert.ok(!context.messages.join("\n").includes(canary));
  });

  it("create in preview: unknown outputs, no sign-in, no Graph call", async () => {
    const checked = (
      await provider.check({ ...IDENTITY, olds: {}, news: news(), randomSeed: new Uint8Array() }, recordingContext())
    ).inputs;
    const result = await provider.create(
      { ...IDENTITY, properties: checked, preview: true, timeoutSeconds: 0 },
      recordingContext(),
    );
    assert.equal(result.outputs.target, `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`);
    assert.ok(isUnknown(result.outputs.credentialFingerprint));
    assert.ok(isUnknown(result.outputs.lastAuthorizedAt));
    assert.equal(emu.log.length, 0);
  });

  it("create, diff, update, read, delete: one token request and one POST; the fingerprint is secret", async () => {
    const context = recordingContext();
    const checked = (
      await provider.check({ ...IDENTITY, olds: {}, news: news(), randomSeed: new Uint8Array() }, context)
    ).inputs;
    const created = await provider.create(
      { ...IDENTITY, properties: checked, preview: false, timeoutSeconds: 0 },
      context,
    );
    assert.equal(created.id, `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`);
    assert.ok(isSecret(created.outputs.credentialFingerprint));
    assert.deepEqual(reveal(created.outputs.credentialKeys), ["BaseAddress", "SecretToken"]);
    assert.ok(!JSON.stringify(reveal(created.outputs)).includes(canary), "no output holds the value");
    assert.equal(emu.count({ route: "token" }), 1);
    assert.equal(emu.count({ route: "acquireAccessToken", method: "POST" }), 1);

    const same = await provider.diff(
      { ...IDENTITY, id: created.id, olds: created.outputs, oldInputs: checked, news: checked, ignoreChanges: [] },
      context,
    );
    assert.equal(same.changes, false);
    const update = await provider.update(
      {
        ...IDENTITY,
        id: created.id,
        olds: created.outputs,
        oldInputs: checked,
        news: checked,
        preview: false,
        ignoreChanges: [],
        timeoutSeconds: 0,
      },
      context,
    );
    assert.equal(reveal(update.outputs.lastAuthorizedAt), reveal(created.outputs.lastAuthorizedAt), "nothing sent");
    const read = await provider.read({ ...IDENTITY, id: created.id, state: created.outputs, inputs: checked }, context);
    assert.equal(read?.id, created.id);
    await provider.delete(
      { ...IDENTITY, id: created.id, state: created.outputs, oldInputs: checked, timeoutSeconds: 0 },
      context,
    );
    assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    assert.equal(emu.count({ route: "listSynchronizationTemplates" }), 1);
    assert.equal(emu.count({ route: "token" }), 1, "one sign-in serves the whole session");
  });

  it("diff: quotes writeOnlyCredentialsVersion only when it is not secret, old or new", async () => {
    const versionCanary = `version-${crypto.randomBytes(9).toString("hex")}`;
    const target = `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`;
    const diffWith = async (oldVersion: PropertyMap[string], newVersion: PropertyMap[string]) => {
      const context = recordingContext();
      const given = { ...news(), writeOnlyCredentials: { Oauth2ClientSecret: { fromEnv: "SCIM_CLIENT_SECRET" } } };
      // The plugin host gives check's answer the secret-ness of the inputs (keepSecretness), as the engine does.
      const newsGiven = { ...given, writeOnlyCredentialsVersion: newVersion };
      const checkedNews = keepSecretness(
        (await provider.check({ ...IDENTITY, olds: {}, news: newsGiven, randomSeed: new Uint8Array() }, context))
          .inputs,
        newsGiven,
      );
      const olds: PropertyMap = {
        target,
        servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
        writeOnlyCredentials: checkedNews.writeOnlyCredentials,
        writeOnlyCredentialsVersion: oldVersion,
      };
      await provider.diff(
        { ...IDENTITY, id: target, olds, oldInputs: checkedNews, news: checkedNews, ignoreChanges: [] },
        context,
      );
      return context.messages.join("\n");
    };
    assert.match(await diffWith("1", "2"), /writeOnlyCredentialsVersion changed from "1" to "2"/);
    const secretNew = await diffWith("1", secret(versionCanary));
    assert.match(secretNew, /writeOnlyCredentialsVersion changed \(its values are not shown/);
    assert.ok(!secretNew.includes(versionCanary));
    const secretOld = await diffWith(secret(versionCanary), "2");
    assert.match(secretOld, /writeOnlyCredentialsVersion changed \(its values are not shown/);
    assert.ok(!secretOld.includes(versionCanary));
    assert.equal(emu.log.length, 0, "diff calls nothing");
  });

  it("read with no state (pulumi import): refused with what to do instead, no Graph call, the id not echoed", async () => {
    const context = recordingContext();
    for (const id of [`servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`, canary]) {
      const refused = await provider.read({ ...IDENTITY, id, state: {}, inputs: {} }, context).then(
        () => assert.fail("the import succeeded with nothing to import"),
        (error: unknown) => error as Error,
      );
      assert.match(refused.message, /cannot be imported: .*declare .* in the program and run `pulumi up`/);
      assert.ok(!refused.message.includes(canary));
    }
    assert.equal(emu.log.length, 0);
  });

  it("read: undefined when the target is gone", async () => {
    const context = recordingContext();
    const id = `servicePrincipals/${crypto.randomUUID()}`;
    const state = { target: id, apiVersion: "v1.0", cloud: "global", graphEndpoint: emu.endpoints("global").graphRoot };
    assert.equal(await provider.read({ ...IDENTITY, id, state, inputs: {} }, context), undefined);
  });

  it("create with a strict test that fails: a ResourceInitError carrying the outputs, fingerprint secret", async () => {
    const context = recordingContext();
    const missingJob = `scim.${"0".repeat(32)}.${"2".repeat(32)}`;
    const checked = (
      await provider.check(
        {
          ...IDENTITY,
          olds: {},
          news: { ...news(), testConnection: { jobId: missingJob, failUpOnFailure: true } },
          randomSeed: new Uint8Array(),
        },
        context,
      )
    ).inputs;
    const failure = await provider
      .create({ ...IDENTITY, properties: checked, preview: false, timeoutSeconds: 0 }, context)
      .then(
        () => assert.fail("create succeeded"),
        (error: unknown) => error,
      );
    assert.ok(failure instanceof ResourceInitError, String(failure));
    assert.equal(failure.id, `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`);
    assert.match(failure.message, /was authorized, but the connection test .* could not run: Request_ResourceNotFound/);
    assert.ok(isSecret(failure.outputs.credentialFingerprint));
    assert.equal((reveal(failure.outputs.connectionTest) as Record<string, unknown>).status, "error");
    assert.ok(!JSON.stringify(reveal(failure.outputs)).includes(canary));
    assert.deepEqual(context.messages, [], "the failure is the message; no warning besides");
    assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    assert.equal(emu.count({ route: "validateCredentials" }), 1);
  });

  it("create whose sign-in fails between the authorization and its test: the authorization is kept", async () => {
    // The token is renewed before expiry, so the test after an authorization may sign in again, and that can fail.
    const tokens = new TokenSources();
    let signIns = 0;
    const realSourceFor = tokens.tokenSourceFor.bind(tokens);
    tokens.tokenSourceFor = (settings, endpoints, scope) => {
      const real = realSourceFor(settings, endpoints, scope);
      return {
        getToken: () => {
          signIns += 1;
          return signIns === 1 ? real.getToken() : Promise.reject(new Error("sign-in failed: the network is down"));
        },
      };
    };
    const flaky = syncauthProvider({}, { ...newSharedClients(), tokens });
    const endpoints = emu.endpoints("global");
    await flaky.configure(
      {
        config: {
          graphEndpoint: endpoints.graphRoot,
          authorityHost: endpoints.authorityHost,
          graphScope: endpoints.graphScope,
          tenantId: emu.fixture.demo.tenantId,
          clientId: emu.fixture.demo.clientId,
          clientSecret: secret(emu.fixture.demo.clientSecrets[0]),
        },
      },
      recordingContext(),
    );
    const jobId = emu.fixture.ownedServicePrincipalJob.id;
    for (const failUpOnFailure of [false, true]) {
      signIns = 0;
      emu.clearLog();
      const context = recordingContext();
      const properties = (
        await flaky.check(
          {
            ...IDENTITY,
            olds: {},
            news: { ...news(), testConnection: { jobId, failUpOnFailure } },
            randomSeed: new Uint8Array(),
          },
          context,
        )
      ).inputs;
      const outcome = await flaky.create({ ...IDENTITY, properties, preview: false, timeoutSeconds: 0 }, context).then(
        (created) => ({ outputs: created.outputs, said: context.messages.join("\n") }),
        (error: unknown) => {
          assert.ok(error instanceof ResourceInitError, `the authorization is lost: ${String(error)}`);
          return { outputs: error.outputs, said: error.message };
        },
      );
      assert.equal(emu.count({ route: "acquireAccessToken", method: "POST" }), 1);
      assert.equal(typeof reveal(outcome.outputs.lastAuthorizedAt), "string", "the authorization is recorded");
      const test = reveal(outcome.outputs.connectionTest) as Record<string, unknown>;
      assert.equal(test.status, "error");
      assert.match(outcome.said, /sign-in failed/, "the warning or the failure says why");
    }
  });

  it("create with a token typed into testConnection.jobId: the test's warning and result never show it", async () => {
    const context = recordingContext();
    const misplaced = `token-${crypto.randomBytes(12).toString("hex")}`;
    const properties = (
      await provider.check(
        {
          ...IDENTITY,
          olds: {},
          news: { ...news(), testConnection: { jobId: misplaced } },
          randomSeed: new Uint8Array(),
        },
        context,
      )
    ).inputs;
    const created = await provider.create({ ...IDENTITY, properties, preview: false, timeoutSeconds: 0 }, context);
    const test = reveal(created.outputs.connectionTest) as Record<string, unknown>;
    assert.equal(test.status, "error");
    assert.equal(test.code, "Request_ResourceNotFound");
    assert.equal(context.messages.length, 1);
    assert.match(context.messages[0], /^warn: .*the connection test with job \(a 30-character string, not shown/);
    assert.ok(!context.messages[0].includes(misplaced), "the warning does not show it");
    assert.ok(!String(test.message).includes(misplaced), "Graph's message echoing it is redacted");
  });

  it("create and read with a secret testConnection: the test's result, which repeats the job id, is secret too", async () => {
    const context = recordingContext();
    const jobId = emu.fixture.ownedServicePrincipalJob.id;
    const given = { ...news(), testConnection: secret({ jobId }) };
    const properties = keepSecretness(
      (await provider.check({ ...IDENTITY, olds: {}, news: given, randomSeed: new Uint8Array() }, context)).inputs,
      given,
    );
    const created = await provider.create({ ...IDENTITY, properties, preview: false, timeoutSeconds: 0 }, context);
    assert.ok(isSecret(created.outputs.connectionTest), "connectionTest is secret after create");
    const read = await provider.read(
      { ...IDENTITY, id: created.id, state: keepSecretness(created.outputs, properties), inputs: properties },
      context,
    );
    assert.ok(read !== undefined && isSecret(read.outputs.connectionTest), "connectionTest is secret after refresh");
  });

  it("read with testConnection: one test with the saved credentials, a refusal recorded and warned", async () => {
    const context = recordingContext();
    const target = `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`;
    const jobId = emu.fixture.ownedServicePrincipalJob.id;
    const state: PropertyMap = {
      target,
      apiVersion: "v1.0",
      cloud: "global",
      graphEndpoint: emu.endpoints("global").graphRoot,
      credentialFingerprint: secret("fingerprint"),
      testConnection: { jobId },
      connectionTest: { status: "passed", jobId, during: "up" },
    };
    assert.equal(emu.synchronization.revoke(emu.fixture.ownedServicePrincipal.objectId), true);
    const read = await provider.read({ ...IDENTITY, id: target, state, inputs: {} }, context);
    assert.ok(read !== undefined, "the target is still there");
    const test = reveal(read.outputs.connectionTest) as Record<string, unknown>;
    assert.equal(test.status, "failed");
    assert.equal(test.during, "refresh");
    assert.ok(isSecret(read.outputs.credentialFingerprint), "the stored fingerprint stays secret");
    assert.equal(context.messages.length, 1);
    assert.match(context.messages[0], /^warn: servicePrincipals\/.*: the connection test .* at refresh failed: /);
    assert.equal(emu.count({ route: "validateCredentials" }), 1);
    assert.deepEqual(emu.log.find((e) => e.route === "validateCredentials")?.body, { useSavedCredentials: true });
  });
});
