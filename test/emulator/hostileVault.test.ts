import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import type { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import axios from "axios";
import { startEmulator, type Emulator } from "./index";
import { secretCredential } from "./testClients";

describe("emulator: a hostile vault whose challenge names another resource", () => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearLog());

  const demoCredential = (): ClientSecretCredential => secretCredential(emu, emu.fixture.demo);

  it("challenges an anonymous request for the emulator's Graph audience, on a port of its own", async () => {
    const vault = await emu.startHostileVault();
    const { graphRoot, authorityHost, keyVaultUrl } = emu.endpoints("global");
    assert.notEqual(vault.url, keyVaultUrl);
    assert.notEqual(vault.url, graphRoot);
    assert.equal(vault.challengeResource, graphRoot);
    const response = await axios.get(`${vault.url}/secrets/scim-token?api-version=7.5`, { validateStatus: () => true });
    assert.equal(response.status, 401);
    assert.equal(
      response.headers["www-authenticate"],
      `Bearer authorization="${authorityHost}/${emu.fixture.tenantId}", resource="${graphRoot}"`,
    );
    assert.equal(response.data.error.code, "Unauthorized");
    assert.deepEqual(vault.received, []);
    assert.equal(emu.count({ route: "hostileVault", status: 401 }), 1);
  });

  it("records a bearer token it is sent by audience and digest, never the token", async () => {
    const vault = await emu.startHostileVault();
    const { graphScope, graphRoot } = emu.endpoints("global");
    const token = (await demoCredential().getToken(graphScope)).token;
    const response = await axios.get(`${vault.url}/secrets/scim-token`, {
      headers: { authorization: `Bearer ${token}` },
      validateStatus: () => true,
    });
    assert.equal(response.status, 401);
    assert.equal(vault.received.length, 1);
    const [received] = vault.received;
    assert.equal(received.audience, graphRoot);
    assert.equal(received.appid, emu.fixture.demo.clientId);
    assert.equal(received.oid, emu.fixture.demo.objectId);
    assert.equal(received.issuedByEmulator, true, "a working Graph token was handed over");
    assert.equal(received.tokenSha256, createHash("sha256").update(token).digest("hex"));
    assert.equal(received.path, "/secrets/scim-token");
    assert.ok(!JSON.stringify(vault.received).includes(token));
    assert.ok(!JSON.stringify(emu.log).includes(token));
    assert.equal(emu.count({ route: "hostileVault", clientId: emu.fixture.demo.clientId }), 1);
  });

  it("gets a Graph token from a SecretClient that does not check the challenge's resource", async () => {
    const vault = await emu.startHostileVault();
    const client = new SecretClient(vault.url, demoCredential(), { disableChallengeResourceVerification: true });
    await assert.rejects(client.getSecret("scim-token"));
    assert.deepEqual(
      vault.received.map((received) => received.audience),
      [emu.endpoints("global").graphRoot],
    );
  });

  it("gets nothing from a SecretClient that checks the resource against the vault host", async () => {
    const vault = await emu.startHostileVault({ hostname: "localhost" });
    assert.match(vault.url, /^https:\/\/localhost:\d+$/);
    const client = new SecretClient(vault.url, demoCredential());
    await assert.rejects(client.getSecret("scim-token"));
    assert.deepEqual(vault.received, []);
    assert.equal(emu.count({ route: "hostileVault" }), 1, "only the anonymous first request arrived");
  });

  it("is started and read through the admin API, with the real Graph resource in its challenge", async () => {
    const admin = `${emu.endpoints("global").graphRoot}/_emulator`;
    const created = await axios.post(`${admin}/hostile-vaults`, {
      challengeResource: "https://graph.microsoft.com",
      cloud: "usgovernmentl4",
    });
    assert.equal(created.status, 201);
    assert.equal(created.data.cloud, "usgovernmentl4");
    const challenge = await axios.get(`${created.data.url}/secrets/x`, { validateStatus: () => true });
    assert.match(String(challenge.headers["www-authenticate"]), /resource="https:\/\/graph\.microsoft\.com"$/);
    assert.match(
      String(challenge.headers["www-authenticate"]),
      new RegExp(`authorization="${emu.endpoints("usgovernmentl4").authorityHost}/`),
    );
    const listed = await axios.get(`${admin}/hostile-vaults`);
    const vault = listed.data.vaults.find((candidate: { url: string }) => candidate.url === created.data.url);
    assert.deepEqual(vault.received, []);
    const refused = await axios.post(`${admin}/hostile-vaults`, { cloud: "mars" }, { validateStatus: () => true });
    assert.equal(refused.status, 400);
  });

  it("stops with the emulator", async () => {
    const local = await startEmulator();
    const vault = await local.startHostileVault();
    await local.stop();
    await assert.rejects(axios.get(`${vault.url}/secrets/x`, { timeout: 2000 }));
  });
});
