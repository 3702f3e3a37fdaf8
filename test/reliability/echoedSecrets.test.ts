import { strict as assert } from "node:assert";
import fc from "fast-check";
import type * as pulumi from "@pulumi/pulumi";
import { newSharedClients } from "../../provider/core/session";
import * as dynamicProvider from "../../provider/dynamic/resourceProvider";
import type { CallContext, ProviderHandlers } from "../../provider/plugin/providerHandlers";
import { ResourceInitError } from "../../provider/plugin/providerErrors";
import { secret, type PropertyMap } from "../../provider/plugin/propertyValue";
import { syncauthProvider } from "../../provider/pluginAdapter/syncauthProvider";
import { MIN_REDACTED_LENGTH } from "../../provider/secrets/redaction";
import { startEmulator, type Emulator } from "../emulator";
import { ECHOES, awkwardValue, holdsEcho } from "../secrets/echoes";

/**
 * A target that quotes the credentials back — raw, JSON-escaped, HTML-escaped, URL-encoded, in base64 — when its
 * connection test fails, driven through both front doors (the plugin's handlers and the dynamic provider's
 * functions) over random credential values: quotes, backslashes, non-ASCII, 1 to 3 characters, values inside each
 * other. Whatever reaches a person or state (outputs, warnings, errors) holds no echo of any value.
 */

const KEYS = ["SecretToken", "Password", "ClientSecret"] as const;

const VALUE = awkwardValue(MIN_REDACTED_LENGTH);

/** Up to three values; the later ones may contain an earlier one, as a password may contain a user name. */
const VALUES = fc
  .tuple(VALUE, VALUE, VALUE, fc.boolean())
  .map(([a, b, c, nested]) => [a, nested ? `${b}${a}` : b, c].filter((v) => v.trim() !== ""))
  .filter((values) => new Set(values).size === values.length && values.length > 0);

const FORMS = fc.array(fc.constantFrom(...Object.keys(ECHOES)), { minLength: 3, maxLength: 3 });

/** What the target says: each value in the context "with <echo>;", so that a short value's leak is recognizable. */
function echoOf(values: readonly string[], forms: readonly string[]): string {
  return `Failed to reach the service ${values.map((v, i) => `with ${ECHOES[forms[i]](v)};`).join(" ")}`;
}

/** No echo of a value: anywhere for a value long enough to search for, and in the target's own words for any. */
function assertNoEcho(shown: string, values: readonly string[], forms: readonly string[]): void {
  values.forEach((value, i) => {
    if (value.length >= MIN_REDACTED_LENGTH) {
      assert.ok(!holdsEcho(shown, value), `${JSON.stringify(value)} shown in ${shown}`);
    }
    assert.ok(!shown.includes(`with ${ECHOES[forms[i]](value)};`), `${JSON.stringify(value)} echoed in ${shown}`);
  });
}

function credentialsOf(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((value, i) => [KEYS[i], value]));
}

/** One lifecycle through a front door; what it showed or kept. */
interface FrontDoorRun {
  (sp: string, jobs: [string, string], credentials: Record<string, string>, revoke: () => void): Promise<string>;
}

describe("echoed secrets: no form of any credential value reaches outputs, warnings or errors (property)", function () {
  this.timeout(300_000);
  let emu: Emulator;
  let sp: string;
  let jobs: [string, string];

  before(async () => {
    emu = await startEmulator();
    sp = emu.fixture.generatedServicePrincipals[2].objectId;
    jobs = [emu.synchronization.addJob(sp).id, emu.synchronization.addJob(sp).id];
  });
  after(() => emu?.stop());

  function configValues(): Record<string, string> {
    const endpoints = emu.endpoints("global");
    const client = emu.fixture.demo;
    return {
      graphEndpoint: endpoints.graphRoot,
      authorityHost: endpoints.authorityHost,
      graphScope: endpoints.graphScope,
      tenantId: client.tenantId,
      clientId: client.clientId,
      clientSecret: client.clientSecrets[0],
    };
  }

  async function property(run: FrontDoorRun): Promise<void> {
    await fc.assert(
      fc.asyncProperty(VALUES, FORMS, async (values, forms) => {
        const credentials = credentialsOf(values);
        const revoke = () => assert.ok(emu.synchronization.revoke(sp, echoOf(values, forms)));
        assertNoEcho(await run(sp, jobs, credentials, revoke), values, forms);
      }),
      { numRuns: 25 },
    );
  }

  it("through the plugin: create, refresh (with the inputs), an update that only re-tests", async () => {
    const messages: string[] = [];
    const context: CallContext = {
      signal: new AbortController().signal,
      log: {
        debug: (m) => messages.push(m),
        info: (m) => messages.push(m),
        warn: (m) => messages.push(m),
        error: (m) => messages.push(m),
      },
    };
    const provider: ProviderHandlers = syncauthProvider({}, newSharedClients());
    const config = configValues();
    await provider.configure({ config: { ...config, clientSecret: secret(config.clientSecret) } }, context);
    const identity = {
      urn: "urn:pulumi:s::p::syncauth:index:SynchronizationAuthorization::r",
      type: "syncauth:index:SynchronizationAuthorization",
      name: "r",
    };
    await property(async (target, [job, otherJob], credentials, revoke) => {
      messages.length = 0;
      const shown: string[] = [];
      const news = (jobId: string): PropertyMap => ({
        servicePrincipalId: target,
        credentials: secret(credentials),
        testConnection: { jobId },
      });
      const checked = await provider.check(
        { ...identity, olds: {}, news: news(job), randomSeed: new Uint8Array() },
        context,
      );
      const created = await provider.create(
        { ...identity, properties: checked.inputs, preview: false, timeoutSeconds: 0 },
        context,
      );
      shown.push(JSON.stringify(created.outputs));
      revoke();
      const read = await provider.read(
        { ...identity, id: created.id, state: created.outputs, inputs: checked.inputs },
        context,
      );
      shown.push(JSON.stringify(read?.outputs));
      const again = await provider.check(
        { ...identity, olds: checked.inputs, news: news(otherJob), randomSeed: new Uint8Array() },
        context,
      );
      const updated = await provider
        .update(
          {
            ...identity,
            id: created.id,
            olds: read?.outputs ?? created.outputs,
            news: again.inputs,
            oldInputs: checked.inputs,
            preview: false,
            timeoutSeconds: 0,
            ignoreChanges: [],
          },
          context,
        )
        .then(
          (result) => JSON.stringify(result.outputs),
          (error: unknown) =>
            error instanceof ResourceInitError ? `${error.message} ${JSON.stringify(error.outputs)}` : String(error),
        );
      shown.push(updated, ...messages);
      return shown.join("\n");
    });
  });

  it("through the dynamic provider: create, refresh (state only), an update that only re-tests", async () => {
    const config = Object.fromEntries(Object.entries(configValues()).map(([key, value]) => [`syncauth:${key}`, value]));
    await dynamicProvider.configure({
      config: { get: (key: string) => config[key] },
    } as unknown as pulumi.dynamic.ConfigureRequest);
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args.map(String).join(" "));
    try {
      await property(async (target, [job, otherJob], credentials, revoke) => {
        printed.length = 0;
        const shown: string[] = [];
        const news = (jobId: string) => ({ servicePrincipalId: target, credentials, testConnection: { jobId } });
        const checked = await dynamicProvider.check({}, news(job));
        const created = await dynamicProvider.create(checked.inputs ?? {});
        shown.push(JSON.stringify(created.outs));
        revoke();
        const read = await dynamicProvider.read(created.id, created.outs);
        shown.push(JSON.stringify(read.props));
        const again = await dynamicProvider.check(checked.inputs ?? {}, news(otherJob));
        const updated = await dynamicProvider.update(created.id, read.props ?? {}, again.inputs ?? {}).then(
          (result) => JSON.stringify(result.outs),
          (error: unknown) => String(error instanceof Error ? error.message : error),
        );
        shown.push(updated, ...printed);
        return shown.join("\n");
      });
    } finally {
      console.log = log;
      await dynamicProvider.configure({
        config: { get: () => undefined },
      } as unknown as pulumi.dynamic.ConfigureRequest);
    }
  });
});
