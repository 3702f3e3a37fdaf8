import { strict as assert } from "node:assert";
import { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import axios from "axios";
import { startEmulator, type ClientIdentity, type Emulator } from "./index";
import { defaultFixture } from "./fixture";

describe("emulator: Key Vault secrets behind the bearer challenge", () => {
  let emu: Emulator;
  const canary = `kv-canary-${Math.random().toString(36).slice(2)}`;

  before(async () => {
    emu = await startEmulator({ fixture: defaultFixture({ readableSecretValue: canary }) });
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearLog());

  function secretClient(client: ClientIdentity, cloud: "global" | "china" = "global"): SecretClient {
    const endpoints = emu.endpoints(cloud);
    const credential = new ClientSecretCredential(client.tenantId, client.clientId, client.clientSecrets[0], {
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: true,
    });
    // The vault is a loopback URL, which the SDK's resource-vs-host check cannot match.
    return new SecretClient(endpoints.keyVaultUrl, credential, { disableChallengeResourceVerification: true });
  }

  it("challenges an anonymous request with the authority and resource", async () => {
    const { keyVaultUrl, authorityHost } = emu.endpoints("global");
    const response = await axios.get(`${keyVaultUrl}/secrets/${emu.fixture.readableSecret.name}?api-version=7.5`, {
      validateStatus: () => true,
    });
    assert.equal(response.status, 401);
    assert.equal(
      response.headers["www-authenticate"],
      `Bearer authorization="${authorityHost}/${emu.fixture.tenantId}", resource="${keyVaultUrl}"`,
    );
    assert.equal(response.data.error.code, "Unauthorized");
  });

  it("reads a seeded secret through @azure/keyvault-secrets: challenge, token for the vault, then the value", async () => {
    const secret = await secretClient(emu.fixture.demo).getSecret(emu.fixture.readableSecret.name);
    assert.equal(secret.value, canary);
    assert.equal(secret.properties.version, emu.fixture.readableSecret.version);
    assert.equal(emu.count({ route: "keyVaultSecret", status: 401 }), 1);
    assert.equal(emu.count({ route: "keyVaultSecret", status: 200 }), 1);
    assert.equal(emu.count({ route: "token", status: 200 }), 1);
    const [tokenRequest] = emu.log.filter((entry) => entry.route === "token");
    assert.equal((tokenRequest.body as Record<string, string>).scope, emu.endpoints("global").keyVaultScope);
  });

  it("reads a named version and answers 404 SecretNotFound for unknown names and versions", async () => {
    const client = secretClient(emu.fixture.syncAll);
    const { name, version } = emu.fixture.readableSecret;
    assert.equal((await client.getSecret(name, { version })).value, canary);
    await assert.rejects(client.getSecret("no-such-secret"), (error: { statusCode?: number; code?: string }) => {
      assert.equal(error.statusCode, 404);
      assert.equal(error.code, "SecretNotFound");
      return true;
    });
    await assert.rejects(
      client.getSecret(name, { version: "ffffffffffffffffffffffffffffffff" }),
      /SecretNotFound|not found/,
    );
  });

  it("answers 403 Forbidden to a caller without access", async () => {
    await assert.rejects(
      secretClient(emu.fixture.demo).getSecret(emu.fixture.forbiddenSecret.name),
      (error: { statusCode?: number; code?: string }) => {
        assert.equal(error.statusCode, 403);
        assert.equal(error.code, "Forbidden");
        return true;
      },
    );
    await assert.rejects(
      secretClient(emu.fixture.noRoles).getSecret(emu.fixture.readableSecret.name),
      /Forbidden|not authorized/,
    );
  });

  it("rejects a Graph token and another cloud's vault token", async () => {
    const demo = emu.fixture.demo;
    const global = emu.endpoints("global");
    const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, demo.clientSecrets[0], {
      authorityHost: global.authorityHost,
      disableInstanceDiscovery: true,
    });
    const graphToken = (await credential.getToken(global.graphScope)).token;
    const secretUrl = `${global.keyVaultUrl}/secrets/${emu.fixture.readableSecret.name}?api-version=7.5`;
    const withGraphToken = await axios.get(secretUrl, {
      headers: { authorization: `Bearer ${graphToken}` },
      validateStatus: () => true,
    });
    assert.equal(withGraphToken.status, 401);
    assert.match(withGraphToken.data.error.message, /Invalid audience/);
    assert.equal((await secretClient(demo, "china").getSecret(emu.fixture.readableSecret.name)).value, canary);
    assert.notEqual(emu.endpoints("china").keyVaultUrl, global.keyVaultUrl);
  });
});
