import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import * as dynamicProvider from "../../provider/dynamic/resourceProvider";
import { newSharedClients } from "../../provider/core/session";
import type { CallContext } from "../../provider/plugin/providerHandlers";
import { reveal, secret, type PropertyMap } from "../../provider/plugin/propertyValue";
import { syncauthProvider } from "../../provider/pluginAdapter/syncauthProvider";
import { startEmulator, type Emulator } from "../emulator";

/** What one step of a scenario gives as inputs; the first creates, each next one updates. */
type Scenario = { name: string; steps: (emu: Emulator) => Record<string, unknown>[] };

const SCENARIOS: Scenario[] = [
  {
    name: "a service principal, then a rotated token",
    steps: (emu) => [
      { servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId, credentials: { SecretToken: "one" } },
      { servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId, credentials: { SecretToken: "two" } },
    ],
  },
  {
    name: "an application on beta with a list of pairs, then a trigger",
    steps: (emu) => [
      {
        applicationId: emu.fixture.ownedApplication.objectId,
        apiVersion: "beta",
        credentials: [
          { key: "BaseAddress", value: "https://scim.example.com" },
          { key: "SecretToken", value: "t" },
        ],
      },
      {
        applicationId: emu.fixture.ownedApplication.objectId,
        apiVersion: "beta",
        credentials: [
          { key: "BaseAddress", value: "https://scim.example.com" },
          { key: "SecretToken", value: "t" },
        ],
        triggers: { rotation: "2" },
      },
    ],
  },
  {
    name: "a connection test after each authorization, then a rotated token",
    steps: (emu) =>
      ["one", "two"].map((token) => ({
        servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
        credentials: { SecretToken: token },
        testConnection: { jobId: emu.fixture.ownedServicePrincipalJob.id },
      })),
  },
  {
    name: "unchanged inputs: no second call",
    steps: (emu) => [
      { servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId, credentials: { SecretToken: "same" } },
      { servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId, credentials: { SecretToken: "same" } },
    ],
  },
];

/** Outputs that differ between any two runs by design: a fresh salt (and so fingerprint) and the times. */
const PER_RUN = ["fingerprintSalt", "credentialFingerprint", "lastAuthorizedAt", "lastTestedAt"];

interface Run {
  requests: { method: string; path: string; body: unknown }[];
  outputs: Record<string, unknown>[];
}

const QUIET: CallContext = {
  signal: new AbortController().signal,
  log: { debug() {}, info() {}, warn() {}, error() {} },
};
const IDENTITY = {
  urn: "urn:pulumi:s::p::syncauth:index:SynchronizationAuthorization::a",
  type: "syncauth:index:SynchronizationAuthorization",
  name: "a",
};

function stable(outputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).filter(([name]) => !PER_RUN.includes(name)));
}

describe("the dynamic resource and the plugin make the same Graph requests and outputs", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let config: Record<string, string>;

  before(async () => {
    emu = await startEmulator();
    const endpoints = emu.endpoints("global");
    config = {
      graphEndpoint: endpoints.graphRoot,
      authorityHost: endpoints.authorityHost,
      graphScope: endpoints.graphScope,
      tenantId: emu.fixture.demo.tenantId,
      clientId: emu.fixture.demo.clientId,
      clientSecret: emu.fixture.demo.clientSecrets[0],
    };
  });
  after(async () => {
    await dynamicProvider.configure({ config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest);
    emu?.stop();
  });

  const graphRequests = (): Run["requests"] => {
    const requests = emu.log
      .filter((entry) => entry.route !== "token" && entry.route !== "openidConfiguration")
      .map((entry) => ({ method: entry.method, path: entry.path, body: entry.body }));
    emu.clearLog();
    return requests;
  };

  async function throughDynamicResource(steps: Record<string, unknown>[]): Promise<Run> {
    await dynamicProvider.configure({
      config: { get: (key: string) => config[key.replace(/^syncauth:/, "")] },
    } as unknown as pulumi.dynamic.ConfigureRequest);
    emu.clearLog();
    const outputs: Record<string, unknown>[] = [];
    let state: Record<string, unknown> | undefined;
    for (const step of steps) {
      const checked = (await dynamicProvider.check({}, step)).inputs as Record<string, unknown>;
      if (state === undefined) {
        state = (await dynamicProvider.create(checked)).outs as Record<string, unknown>;
      } else {
        const plan = await dynamicProvider.diff(String(state.target), state, checked);
        if (plan.changes) state = (await dynamicProvider.update(String(state.target), state, checked)).outs;
      }
      outputs.push(stable(state as Record<string, unknown>));
    }
    return { requests: graphRequests(), outputs };
  }

  async function throughPlugin(steps: Record<string, unknown>[]): Promise<Run> {
    const provider = syncauthProvider({}, newSharedClients());
    await provider.configure({ config: { ...config, clientSecret: secret(config.clientSecret) } }, QUIET);
    emu.clearLog();
    const outputs: Record<string, unknown>[] = [];
    let state: PropertyMap | undefined;
    let id = "";
    for (const step of steps) {
      const news = { ...step, credentials: secret(step.credentials as PropertyMap) } as PropertyMap;
      const checked = (await provider.check({ ...IDENTITY, olds: {}, news, randomSeed: new Uint8Array() }, QUIET))
        .inputs;
      if (state === undefined) {
        const created = await provider.create(
          { ...IDENTITY, properties: checked, preview: false, timeoutSeconds: 0 },
          QUIET,
        );
        [id, state] = [created.id, created.outputs];
      } else {
        const request = { ...IDENTITY, id, olds: state, oldInputs: {}, news: checked, ignoreChanges: [] };
        const plan = await provider.diff(request, QUIET);
        if (plan.changes)
          state = (await provider.update({ ...request, preview: false, timeoutSeconds: 0 }, QUIET)).outputs;
      }
      outputs.push(stable(reveal(state) as Record<string, unknown>));
    }
    return { requests: graphRequests(), outputs };
  }

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const dynamic = await throughDynamicResource(scenario.steps(emu));
      const plugin = await throughPlugin(scenario.steps(emu));
      assert.ok(dynamic.requests.length > 0, "the scenario calls Graph");
      assert.deepEqual(plugin.requests, dynamic.requests);
      assert.deepEqual(plugin.outputs, dynamic.outputs);
    });
  }
});
