import { strict as assert } from "node:assert";
import { ClientSecretCredential } from "@azure/identity";
import axios from "axios";
import { decodeJwt } from "jose";
import { startEmulator, type Emulator } from "./index";
import { APPLICATION_READWRITE_OWNEDBY, defaultFixture } from "./fixture";

describe("emulator: Entra token endpoint with ClientSecretCredential", () => {
  let emu: Emulator;
  const canary = `canary-${Math.random().toString(36).slice(2)}`;

  before(async () => {
    emu = await startEmulator({ fixture: defaultFixture({ clientSecrets: { demo: canary } }) });
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearLog());

  function secretCredential(tenantId: string, clientId: string, secret: string): ClientSecretCredential {
    return new ClientSecretCredential(tenantId, clientId, secret, {
      authorityHost: emu.endpoints("global").authorityHost,
      disableInstanceDiscovery: true,
    });
  }

  it("serves OpenID metadata whose issuer and endpoints sit on the authority's own origin", async () => {
    const { authorityHost } = emu.endpoints("global");
    const tenant = emu.fixture.tenantId;
    const response = await axios.get(`${authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`);
    assert.equal(response.data.issuer, `${authorityHost}/${tenant}/v2.0`);
    assert.equal(response.data.token_endpoint, `${authorityHost}/${tenant}/oauth2/v2.0/token`);
    assert.equal(response.data.authorization_endpoint, `${authorityHost}/${tenant}/oauth2/v2.0/authorize`);
    const keys = await axios.get(response.data.jwks_uri);
    assert.equal(keys.data.keys.length, 1);
    assert.equal(keys.data.keys[0].kty, "RSA");
  });

  it("mints an Entra-shaped access token for the replaced secret, one metadata and one token request", async () => {
    const { graphRoot, graphScope } = emu.endpoints("global");
    const demo = emu.fixture.demo;
    const credential = secretCredential(demo.tenantId, demo.clientId, canary);
    const token = await credential.getToken(graphScope);
    const claims = decodeJwt(token.token);
    assert.equal(claims.aud, graphRoot);
    assert.equal(claims.iss, `https://sts.windows.net/${demo.tenantId}/`);
    assert.equal(claims.tid, demo.tenantId);
    assert.equal(claims.appid, demo.clientId);
    assert.equal(claims.oid, demo.objectId);
    assert.deepEqual(claims.roles, [APPLICATION_READWRITE_OWNEDBY]);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3599);
    await credential.getToken(graphScope);
    assert.equal(emu.count({ route: "openidConfiguration" }), 1);
    assert.equal(emu.count({ route: "token" }), 1, "the second getToken is served from MSAL's cache");
    const [tokenRequest] = emu.log.filter((entry) => entry.route === "token");
    assert.equal(tokenRequest.clientId, demo.clientId);
    assert.equal((tokenRequest.body as Record<string, string>).client_secret, "<redacted>");
    assert.ok(!JSON.stringify(emu.log).includes(canary), "the secret never reaches the log");
  });

  it("rejects a wrong secret with 401 invalid_client AADSTS7000215", async () => {
    const demo = emu.fixture.demo;
    const credential = secretCredential(demo.tenantId, demo.clientId, "not-the-secret");
    await assert.rejects(
      credential.getToken(emu.endpoints("global").graphScope),
      /AADSTS7000215: Invalid client secret/,
    );
    assert.equal(emu.count({ route: "token", status: 401 }), 1);
  });

  it("answers an unknown tenant with AADSTS90002 on both the metadata and the token endpoint", async () => {
    const { authorityHost } = emu.endpoints("global");
    const unknownTenant = "00000000-0000-4000-8000-00000000dead";
    const metadata = await axios.get(`${authorityHost}/${unknownTenant}/v2.0/.well-known/openid-configuration`, {
      validateStatus: () => true,
    });
    assert.equal(metadata.status, 400);
    assert.equal(metadata.data.error, "invalid_request");
    assert.deepEqual(metadata.data.error_codes, [90002]);
    const token = await axios.post(
      `${authorityHost}/${unknownTenant}/oauth2/v2.0/token`,
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: emu.fixture.demo.clientId,
        client_secret: "x",
      }),
      { validateStatus: () => true },
    );
    assert.equal(token.status, 400);
    assert.match(token.data.error_description, /^AADSTS90002: Tenant '00000000-0000-4000-8000-00000000dead' not found/);
    for (const field of ["timestamp", "trace_id", "correlation_id"]) assert.equal(typeof token.data[field], "string");
  });

  it("answers an unknown client with 400 unauthorized_client AADSTS700016", async () => {
    const credential = secretCredential(emu.fixture.tenantId, "00000000-0000-4000-8000-0000000000ff", "x");
    await assert.rejects(
      credential.getToken(emu.endpoints("global").graphScope),
      /unauthorized_client[\s\S]*AADSTS700016/,
    );
    assert.equal(emu.count({ route: "token", status: 400 }), 1);
  });

  it("does not know a client of another tenant", async () => {
    const other = emu.fixture.otherTenantClient;
    const credential = secretCredential(emu.fixture.tenantId, other.clientId, other.clientSecrets[0]);
    await assert.rejects(credential.getToken(emu.endpoints("global").graphScope), /AADSTS700016/);
    const right = secretCredential(other.tenantId, other.clientId, other.clientSecrets[0]);
    const claims = decodeJwt((await right.getToken(emu.endpoints("global").graphScope)).token);
    assert.equal(claims.tid, other.tenantId);
  });

  it("refuses a scope that is not this cloud's Graph or Key Vault with AADSTS500011", async () => {
    const demo = emu.fixture.demo;
    const credential = secretCredential(demo.tenantId, demo.clientId, canary);
    await assert.rejects(credential.getToken("https://graph.microsoft.com/.default"), /AADSTS500011/);
    await assert.rejects(credential.getToken(emu.endpoints("china").graphScope), /AADSTS500011/);
  });

  it("serves every cloud on its own port with tokens for that cloud's Graph", async () => {
    const demo = emu.fixture.demo;
    const ports = new Set<string>();
    for (const cloud of ["global", "usgovernmentl4", "usgovernmentl5", "china"] as const) {
      const endpoints = emu.endpoints(cloud);
      ports.add(new URL(endpoints.graphRoot).port);
      const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, canary, {
        authorityHost: endpoints.authorityHost,
        disableInstanceDiscovery: true,
      });
      assert.equal(decodeJwt((await credential.getToken(endpoints.graphScope)).token).aud, endpoints.graphRoot);
      assert.equal(emu.count({ route: "token", cloud, status: 200 }), 1);
    }
    assert.equal(ports.size, 4);
  });

  it("honours tokenLifetimeSeconds in expires_in and exp", async () => {
    const shortLived = await startEmulator({ tokenLifetimeSeconds: 5 });
    try {
      const { authorityHost, graphScope } = shortLived.endpoints("global");
      const demo = shortLived.fixture.demo;
      const response = await axios.post(
        `${authorityHost}/${demo.tenantId}/oauth2/v2.0/token`,
        new URLSearchParams({
          grant_type: "client_credentials",
          client_id: demo.clientId,
          client_secret: demo.clientSecrets[0],
          scope: graphScope,
        }),
      );
      assert.equal(response.data.token_type, "Bearer");
      assert.equal(response.data.expires_in, 5);
      assert.equal(response.data.ext_expires_in, 5);
      const claims = decodeJwt(response.data.access_token);
      assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 5);
    } finally {
      await shortLived.stop();
    }
  });
});
