import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { decodeJwt } from "jose";
import { SignInError } from "../../provider/auth/signInError";
import { TokenSources } from "../../provider/auth/tokenSource";
import { CLOUD_NAMES, type CloudName } from "../../provider/config/clouds";
import { ConfigError } from "../../provider/config/configError";
import {
  resolveEndpointSettings,
  resolveSignInSettings,
  type ConfigSource,
  type Env,
} from "../../provider/config/providerSettings";
import { startEmulator, type Emulator } from "../emulator";

/** Config as the provider sees it in configure(): the emulator's endpoints plus the keys under test. */
function configFor(emu: Emulator, values: Record<string, string>, cloud: CloudName = "global"): ConfigSource {
  const { graphRoot, authorityHost, graphScope } = emu.endpoints(cloud);
  const all: Record<string, string> = {
    "syncauth:cloud": cloud,
    "syncauth:graphEndpoint": graphRoot,
    "syncauth:authorityHost": authorityHost,
    "syncauth:graphScope": graphScope,
    ...values,
  };
  return { get: (key) => all[key] };
}

/** The token sources of this test process, shared like a provider process shares its own. */
const tokenSources = new TokenSources();

/** Resolves settings exactly as the provider does and asks the shared token source for a Graph token. */
async function tokenFor(emu: Emulator, values: Record<string, string>, env: Env = {}, cloud: CloudName = "global") {
  const config = configFor(emu, values, cloud);
  const endpoints = resolveEndpointSettings(config, env);
  const settings = resolveSignInSettings(config, env, fs.readFileSync);
  const token = await tokenSources.tokenSourceFor(settings, endpoints).getToken();
  return { token, claims: decodeJwt(token), settings };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}

/** Runs `body` with process environment variables set (for code that reads process.env itself), then restores them. */
async function withProcessEnv<T>(values: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("tokenSource against the emulator (real @azure/identity)", () => {
  let emu: Emulator;
  let tempDir: string;

  before(async () => {
    emu = await startEmulator();
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-auth-test-"));
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  const demo = () => emu.fixture.demo;
  const identityOf = (client = demo()) => ({
    "syncauth:tenantId": client.tenantId,
    "syncauth:clientId": client.clientId,
  });

  describe("client secret", () => {
    it("signs in with syncauth:clientSecret and gets a Graph token for the client", async () => {
      const { claims } = await tokenFor(emu, { ...identityOf(), "syncauth:clientSecret": demo().clientSecrets[0] });
      assert.equal(claims.aud, emu.endpoints("global").graphRoot);
      assert.equal(claims.appid, demo().clientId);
      assert.equal(claims.tid, demo().tenantId);
    });

    it("signs in with ARM_* environment variables only", async () => {
      const client = emu.fixture.syncAll;
      const { claims, settings } = await tokenFor(
        emu,
        {},
        {
          ARM_TENANT_ID: client.tenantId,
          ARM_CLIENT_ID: client.clientId,
          ARM_CLIENT_SECRET: client.clientSecrets[0],
        },
      );
      assert.equal(settings.chosenBy, "ARM_CLIENT_SECRET");
      assert.equal(claims.appid, client.clientId);
    });

    it("reads the secret and client id from files named by azuread:*FilePath", async () => {
      const client = emu.fixture.noRoles;
      const secretPath = path.join(tempDir, "secret.txt");
      const clientIdPath = path.join(tempDir, "client-id.txt");
      fs.writeFileSync(secretPath, `${client.clientSecrets[0]}\n`);
      fs.writeFileSync(clientIdPath, `${client.clientId}\n`);
      const { claims, settings } = await tokenFor(emu, {
        "azuread:tenantId": client.tenantId,
        "azuread:clientIdFilePath": clientIdPath,
        "azuread:clientSecretFilePath": secretPath,
      });
      assert.equal(settings.chosenBy, "azuread:clientSecretFilePath");
      assert.equal(claims.appid, client.clientId);
    });

    it("explains a wrong secret with Entra's code, the key that set it, and without the secret", async () => {
      const wrong = `wrong-secret-${Date.now()}`;
      const error = await rejection(tokenFor(emu, { ...identityOf(), "syncauth:clientSecret": wrong }));
      assert.ok(error instanceof SignInError, String(error));
      assert.equal(error.aadstsCode, "AADSTS7000215");
      assert.match(error.message, /client secret \(chosen by syncauth:clientSecret\)/);
      assert.match(error.message, /set a current secret in syncauth:clientSecret/);
      assert.ok(!error.message.includes(wrong));
    });

    it("explains an unknown tenant, pointing at the tenant key, without the secret", async () => {
      const secret = demo().clientSecrets[0];
      const error = await rejection(
        tokenFor(
          emu,
          { "syncauth:clientId": demo().clientId, "syncauth:clientSecret": secret },
          {
            AZURE_TENANT_ID: "00000000-0000-4000-8000-00000000dead",
          },
        ),
      );
      assert.ok(error instanceof SignInError, String(error));
      assert.match(error.message, /tenant 00000000-0000-4000-8000-00000000dead \(from AZURE_TENANT_ID\)/);
      assert.match(error.message, /check the tenant id \(AZURE_TENANT_ID\), the cloud \(syncauth:cloud: global\)/);
      assert.ok(!error.message.includes(secret));
    });

    it("refuses to start without a client id, listing where to set it", () => {
      const config = configFor(emu, { "syncauth:tenantId": demo().tenantId, "syncauth:clientSecret": "x-secret-x" });
      assert.throws(
        () => resolveSignInSettings(config, {}, fs.readFileSync),
        (error: unknown) =>
          error instanceof ConfigError &&
          /syncauth:clientId, syncauth:clientIdFilePath, azuread:clientId/.test(error.message) &&
          !error.message.includes("x-secret-x"),
      );
    });
  });

  describe("client certificate", () => {
    const certificate = () => emu.clientCertificates(demo().clientId)[0];

    it("signs in with a PEM file (key and certificate)", async () => {
      const { claims } = await tokenFor(emu, {
        ...identityOf(),
        "syncauth:clientCertificatePath": certificate().combinedPemPath,
      });
      assert.equal(claims.appid, demo().clientId);
    });

    it("signs in with a PEM whose key is encrypted, given its password", async () => {
      const { claims } = await tokenFor(emu, identityOf(), {
        AZURE_CLIENT_CERTIFICATE_PATH: certificate().encryptedPemPath,
        AZURE_CLIENT_CERTIFICATE_PASSWORD: certificate().password,
      });
      assert.equal(claims.appid, demo().clientId);
    });

    it("signs in with a password-protected PFX given inline as base64 (azuread:clientCertificate)", async () => {
      const { claims, settings } = await tokenFor(emu, {
        ...identityOf(),
        "azuread:clientCertificate": fs.readFileSync(certificate().pfxPath).toString("base64"),
        "azuread:clientCertificatePassword": certificate().password,
      });
      assert.equal(settings.chosenBy, "azuread:clientCertificate");
      assert.equal(claims.appid, demo().clientId);
    });

    it("signs in with a password-protected PFX file (ARM_CLIENT_CERTIFICATE_PATH)", async () => {
      const { claims } = await tokenFor(emu, identityOf(), {
        ARM_CLIENT_CERTIFICATE_PATH: certificate().pfxPath,
        ARM_CLIENT_CERTIFICATE_PASSWORD: certificate().password,
      });
      assert.equal(claims.appid, demo().clientId);
    });

    it("names the password keys when the PFX does not open, without the password", async () => {
      const tokenRequestsBefore = emu.count({ route: "token" });
      const error = await rejection(
        tokenFor(emu, identityOf(), {
          ARM_CLIENT_CERTIFICATE_PATH: certificate().pfxPath,
          ARM_CLIENT_CERTIFICATE_PASSWORD: "not-the-pfx-password",
        }),
      );
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.source, "ARM_CLIENT_CERTIFICATE_PATH");
      assert.match(error.message, /ARM_CLIENT_CERTIFICATE_PASSWORD/);
      assert.ok(!error.message.includes("not-the-pfx-password"));
      assert.equal(emu.count({ route: "token" }), tokenRequestsBefore, "nothing is sent to Entra");
    });
  });

  describe("OIDC (workload identity federation)", () => {
    it("signs in with a federated token given directly (ARM_OIDC_TOKEN)", async () => {
      const federated = await emu.mintFederatedToken();
      const { claims } = await tokenFor(emu, identityOf(), { ARM_OIDC_TOKEN: federated });
      assert.equal(claims.appid, demo().clientId);
    });

    it("signs in with a token file (AZURE_FEDERATED_TOKEN_FILE)", async () => {
      const tokenPath = path.join(tempDir, "federated-token");
      fs.writeFileSync(tokenPath, await emu.mintFederatedToken());
      const { claims, settings } = await tokenFor(emu, identityOf(), { AZURE_FEDERATED_TOKEN_FILE: tokenPath });
      assert.ok(settings.method.kind === "oidcToken" && settings.method.getAssertion === "file");
      assert.equal(claims.appid, demo().clientId);
    });

    it("fetches the ID token from the GitHub Actions request URL with the Entra audience", async () => {
      const before = emu.count({ route: "githubIdToken", status: 200 });
      const { claims, settings } = await tokenFor(
        emu,
        { ...identityOf(), "syncauth:useOidc": "true" },
        { ...emu.githubActionsEnvironment },
      );
      assert.equal(settings.chosenBy, "syncauth:useOidc with ACTIONS_ID_TOKEN_REQUEST_URL");
      assert.equal(claims.appid, demo().clientId);
      assert.equal(emu.count({ route: "githubIdToken", status: 200 }), before + 1);
    });

    it("signs in through an Azure Pipelines service connection (AzurePipelinesCredential)", async () => {
      const pipelines = emu.azurePipelinesEnvironment;
      const env = {
        SYSTEM_OIDCREQUESTURI: pipelines.SYSTEM_OIDCREQUESTURI,
        SYSTEM_ACCESSTOKEN: pipelines.systemAccessToken,
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: pipelines.serviceConnectionId,
      };
      const before = emu.count({ route: "azurePipelinesIdToken", status: 200 });
      const tokensBefore = emu.count({ route: "token", clientId: demo().clientId, status: 200 });
      const { claims } = await withProcessEnv({ SYSTEM_OIDCREQUESTURI: pipelines.SYSTEM_OIDCREQUESTURI }, () =>
        tokenFor(emu, identityOf(), env),
      );
      assert.equal(claims.appid, demo().clientId);
      // MSAL resolves the assertion twice per token request (app configuration, then the request itself).
      assert.equal(emu.count({ route: "azurePipelinesIdToken", status: 200 }), before + 2);
      assert.equal(emu.count({ route: "token", clientId: demo().clientId, status: 200 }), tokensBefore + 1);
    });

    it("explains an expired federated token without showing it", async () => {
      const expired = await emu.mintFederatedToken({ expiresInSeconds: -900 });
      const error = await rejection(tokenFor(emu, identityOf(), { ARM_OIDC_TOKEN: expired }));
      assert.ok(error instanceof SignInError, String(error));
      assert.equal(error.aadstsCode, "AADSTS700024");
      assert.match(error.message, /OIDC token \(chosen by ARM_OIDC_TOKEN\)/);
      assert.match(error.message, /federated token has expired/);
      assert.ok(!error.message.includes(expired));
      assert.ok(!error.message.includes(expired.split(".")[1]), "not even the claims part");
    });
  });

  describe("managed identity (only with useMsi)", () => {
    it("uses the App-Service-style endpoint from IDENTITY_ENDPOINT/IDENTITY_HEADER on loopback", async () => {
      const environment = emu.managedIdentityEnvironment;
      assert.match(environment.IDENTITY_ENDPOINT, /^http:\/\/127\.0\.0\.1:/);
      const { claims } = await withProcessEnv({ ...environment }, () =>
        tokenFor(emu, { "syncauth:useMsi": "true" }, { ...environment }),
      );
      assert.equal(claims.oid, emu.fixture.managedIdentity.objectId);
      assert.equal(claims.aud, emu.endpoints("global").graphRoot);
    });

    it("uses a user-assigned identity named by its client id", async () => {
      const environment = emu.managedIdentityEnvironment;
      const userAssigned = emu.fixture.userAssignedIdentity;
      const { claims } = await withProcessEnv({ ...environment }, () =>
        tokenFor(emu, { "azuread:useMsi": "true", "azuread:clientId": userAssigned.clientId }, { ...environment }),
      );
      assert.equal(claims.oid, userAssigned.objectId);
    });

    it("speaks IMDS to a configured msiEndpoint (azuread's meaning)", async () => {
      const relay = await startImdsRelay(emu.managedIdentityEnvironment);
      try {
        const { claims } = await tokenFor(emu, { "syncauth:useMsi": "true", "syncauth:msiEndpoint": relay.url });
        assert.equal(claims.oid, emu.fixture.managedIdentity.objectId);
        assert.deepEqual(relay.requests, [
          { metadata: "true", apiVersion: "2018-02-01", resource: emu.endpoints("global").graphRoot },
        ]);
      } finally {
        await relay.close();
      }
    });
  });

  describe("clouds", () => {
    for (const cloud of CLOUD_NAMES) {
      it(`gets a token whose audience is the ${cloud} Graph root`, async () => {
        const client = emu.fixture.syncAll;
        const { claims } = await tokenFor(
          emu,
          { ...identityOf(client), "syncauth:clientSecret": client.clientSecrets[0] },
          {},
          cloud,
        );
        assert.equal(claims.aud, emu.endpoints(cloud).graphRoot);
        assert.equal(emu.count({ route: "token", cloud, clientId: client.clientId, status: 200 }), 1);
      });
    }
  });

  describe("Azure CLI (a fake `az` on PATH that emulates the CLI with a token from the emulator)", () => {
    it("runs `az account get-access-token` for the Graph resource and uses its token", async () => {
      const client = emu.fixture.syncAll;
      const bin = writeFakeAz(tempDir);
      const { claims, settings } = await withProcessEnv(
        {
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
          FAKE_AZ_AUTHORITY: emu.endpoints("global").authorityHost,
          FAKE_AZ_CLIENT_ID: client.clientId,
          FAKE_AZ_CLIENT_SECRET: client.clientSecrets[0],
          FAKE_AZ_ARGS_FILE: path.join(tempDir, "az-args.json"),
        },
        () => tokenFor(emu, { "syncauth:tenantId": client.tenantId }),
      );
      assert.equal(settings.method.kind, "azureCli");
      assert.equal(claims.appid, client.clientId);
      const args = JSON.parse(fs.readFileSync(path.join(tempDir, "az-args.json"), "utf8")) as string[];
      assert.deepEqual(args.slice(0, 2), ["account", "get-access-token"]);
      assert.equal(args[args.indexOf("--resource") + 1], emu.endpoints("global").graphRoot);
      assert.equal(args[args.indexOf("--tenant") + 1], client.tenantId);
    });

    it("tells the user to run az login when the CLI is not signed in", async () => {
      const client = emu.fixture.syncAll;
      const bin = writeFakeAz(tempDir);
      const error = await withProcessEnv(
        {
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
          FAKE_AZ_AUTHORITY: emu.endpoints("global").authorityHost,
          FAKE_AZ_CLIENT_ID: client.clientId,
          FAKE_AZ_CLIENT_SECRET: "not-signed-in",
          FAKE_AZ_ARGS_FILE: path.join(tempDir, "az-args-2.json"),
        },
        // Another tenant than the signed-in test above: the CLI identity is memoized per tenant.
        () => rejection(tokenFor(emu, { "syncauth:useCli": "true", "syncauth:tenantId": emu.fixture.otherTenantId })),
      );
      assert.ok(error instanceof SignInError, String(error));
      assert.match(error.message, /Azure CLI \(chosen by syncauth:useCli\)/);
      assert.match(error.message, /az login/);
    });
  });
});

describe("tokenSource sharing and refresh (emulator request counts)", () => {
  let emu: Emulator;
  afterEach(async () => {
    await emu?.stop();
  });

  function secretSource(emulator: Emulator) {
    const client = emulator.fixture.demo;
    const config = configFor(emulator, {
      "syncauth:tenantId": client.tenantId,
      "syncauth:clientId": client.clientId,
      "syncauth:clientSecret": client.clientSecrets[0],
    });
    const endpoints = resolveEndpointSettings(config, {});
    return () => tokenSources.tokenSourceFor(resolveSignInSettings(config, {}, fs.readFileSync), endpoints);
  }

  it("20 concurrent first getToken() calls, each resolving settings anew, make exactly 1 token request", async () => {
    emu = await startEmulator();
    const source = secretSource(emu);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source().getToken()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(emu.count({ route: "token" }), 1);
    assert.equal(emu.count({ route: "openidConfiguration" }), 1);
    await source().getToken();
    assert.equal(emu.count({ route: "token" }), 1, "later calls are served from the cache");
  });

  it("renews a near-expiry token with exactly one new token request, even under concurrency", async () => {
    emu = await startEmulator({ tokenLifetimeSeconds: 4 });
    const source = secretSource(emu);
    const first = await source().getToken();
    assert.equal(emu.count({ route: "token" }), 1);
    // Past half of the 4-second life: the policy renews, while the old token would still be valid.
    await sleep(2_500);
    const renewed = await Promise.all(Array.from({ length: 10 }, () => source().getToken()));
    assert.equal(new Set(renewed).size, 1);
    assert.notEqual(renewed[0], first);
    assert.equal(emu.count({ route: "token" }), 2);
    await source().getToken();
    assert.equal(emu.count({ route: "token" }), 2);
  });

  it("does not cache a failure: the next call asks again", async () => {
    emu = await startEmulator();
    emu.faults.add({ route: "token", times: 1, action: { malformed: "empty-200" } });
    const source = secretSource(emu);
    await rejection(source().getToken());
    const token = await source().getToken();
    assert.ok(decodeJwt(token).appid, "the second call got a real token");
    assert.equal(emu.count({ route: "token" }), 2, "one faulted answer, then one fresh request");
  });
});

interface ImdsRelay {
  url: string;
  requests: Array<{ metadata?: string; apiVersion: string | null; resource: string | null }>;
  close(): Promise<void>;
}

/**
 * An IMDS-protocol front for the emulator's App-Service-style managed identity endpoint: it checks the IMDS
 * request shape and relays to the emulator, which mints the token.
 */
async function startImdsRelay(target: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string }): Promise<ImdsRelay> {
  const requests: ImdsRelay["requests"] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push({
      metadata: request.headers.metadata as string | undefined,
      apiVersion: url.searchParams.get("api-version"),
      resource: url.searchParams.get("resource"),
    });
    const upstream = new URL(target.IDENTITY_ENDPOINT);
    upstream.searchParams.set("api-version", "2019-08-01");
    upstream.searchParams.set("resource", url.searchParams.get("resource") ?? "");
    const clientId = url.searchParams.get("client_id");
    if (clientId) upstream.searchParams.set("client_id", clientId);
    fetch(upstream, { headers: { "X-IDENTITY-HEADER": target.IDENTITY_HEADER } })
      .then(async (answer) => {
        response.writeHead(answer.status, { "content-type": "application/json" });
        response.end(await answer.text());
      })
      .catch(() => {
        response.writeHead(502);
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metadata/identity/oauth2/token`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Writes an `az` executable that emulates the Azure CLI's `account get-access-token`: it records its arguments
 * and prints the CLI's JSON with a token the emulator issues to a client-secret sign-in.
 */
function writeFakeAz(dir: string): string {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const script = `#!/usr/bin/env node
"use strict";
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.writeFileSync(process.env.FAKE_AZ_ARGS_FILE, JSON.stringify(args));
const option = (name) => args[args.indexOf(name) + 1];
const body = new URLSearchParams({
  grant_type: "client_credentials",
  client_id: process.env.FAKE_AZ_CLIENT_ID,
  client_secret: process.env.FAKE_AZ_CLIENT_SECRET,
  scope: option("--resource") + "/.default",
});
fetch(process.env.FAKE_AZ_AUTHORITY + "/" + option("--tenant") + "/oauth2/v2.0/token", { method: "POST", body })
  .then((response) => response.json())
  .then((answer) => {
    if (!answer.access_token) {
      process.stderr.write("ERROR: Please run 'az login' to setup account.\\n");
      process.exit(1);
    }
    const expiresOn = Math.floor(Date.now() / 1000) + answer.expires_in;
    process.stdout.write(JSON.stringify({
      accessToken: answer.access_token,
      expiresOn: new Date(expiresOn * 1000).toISOString().replace("T", " ").slice(0, 19),
      expires_on: expiresOn,
      tenant: option("--tenant"),
      tokenType: "Bearer",
    }));
  });
`;
  const azPath = path.join(bin, "az");
  fs.writeFileSync(azPath, script, { mode: 0o755 });
  return bin;
}
