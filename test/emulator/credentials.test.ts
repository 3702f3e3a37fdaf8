import { strict as assert } from "node:assert";
import { createPrivateKey, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import axios from "axios";
import { SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import forge from "node-forge";
import { startEmulator, type Emulator } from "./index";
import { generateClientCertificates } from "./clientCertificates";
import { credentialsBody, postAcquireAccessToken } from "./graphCalls";
import { APPLICATION_READWRITE_OWNEDBY, FEDERATED_TOKEN_AUDIENCE, GITHUB_ACTIONS_ISSUER } from "./fixture";

describe("emulator: certificate, federated, Azure Pipelines and managed identity sign-in", () => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearLog());

  const identityOptions = () => ({
    authorityHost: emu.endpoints("global").authorityHost,
    disableInstanceDiscovery: true,
  });

  /** Gets a Graph token with the credential, then proves it works with a 204 on an object the identity may use. */
  async function assertAuthorizes(credential: TokenCredential, expectedOid: string, target?: string): Promise<void> {
    const { graphRoot, graphScope } = emu.endpoints("global");
    const token = await credential.getToken(graphScope);
    assert.ok(token, "a token");
    assert.equal(decodeJwt(token.token).oid, expectedOid);
    const response = await postAcquireAccessToken(
      graphRoot,
      token.token,
      target ?? `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
      credentialsBody({ SecretToken: "t" }),
    );
    assert.equal(response.status, 204);
  }

  describe("ClientCertificateCredential", () => {
    it("signs in with a PEM file (PS256 assertion with x5t#S256)", async () => {
      const demo = emu.fixture.demo;
      const [certificate] = emu.clientCertificates(demo.clientId);
      const credential = new ClientCertificateCredential(
        demo.tenantId,
        demo.clientId,
        { certificatePath: certificate.combinedPemPath },
        identityOptions(),
      );
      await assertAuthorizes(credential, demo.objectId);
      assert.equal(emu.count({ route: "token", status: 200 }), 1);
      const [tokenRequest] = emu.log.filter((entry) => entry.route === "token");
      const form = tokenRequest.body as Record<string, string>;
      assert.equal(form.client_assertion, "<redacted>");
      assert.equal(form.client_assertion_type, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    });

    it("signs in with PEM contents whose key is encrypted, given the password", async () => {
      const demo = emu.fixture.demo;
      const [certificate] = emu.clientCertificates(demo.clientId);
      assert.match(certificate.encryptedPem, /BEGIN ENCRYPTED PRIVATE KEY/);
      const credential = new ClientCertificateCredential(
        demo.tenantId,
        demo.clientId,
        { certificate: certificate.encryptedPem, certificatePassword: certificate.password },
        identityOptions(),
      );
      await assertAuthorizes(credential, demo.objectId);
    });

    it("provides a password-protected PFX that converts to a PEM Entra accepts", async () => {
      const demo = emu.fixture.demo;
      const [certificate] = emu.clientCertificates(demo.clientId);
      const pfx = forge.pkcs12.pkcs12FromAsn1(
        forge.asn1.fromDer(fs.readFileSync(certificate.pfxPath).toString("binary")),
        certificate.password,
      );
      const keyBag = pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag];
      const certBag = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag];
      const key = keyBag?.[0]?.key;
      const cert = certBag?.[0]?.cert;
      assert.ok(key && cert, "the PFX holds a key and a certificate");
      const pem = forge.pki.privateKeyToPem(key) + forge.pki.certificateToPem(cert);
      const credential = new ClientCertificateCredential(
        demo.tenantId,
        demo.clientId,
        { certificate: pem },
        identityOptions(),
      );
      await assertAuthorizes(credential, demo.objectId);
      assert.throws(() =>
        forge.pkcs12.pkcs12FromAsn1(
          forge.asn1.fromDer(fs.readFileSync(certificate.pfxPath).toString("binary")),
          "wrong-password",
        ),
      );
    });

    it("rejects a certificate not registered on the client with AADSTS700027", async () => {
      const demo = emu.fixture.demo;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-unregistered-"));
      try {
        const [stranger] = generateClientCertificates(dir, "stranger", 1);
        const credential = new ClientCertificateCredential(
          demo.tenantId,
          demo.clientId,
          { certificatePath: stranger.combinedPemPath },
          identityOptions(),
        );
        await assert.rejects(credential.getToken(emu.endpoints("global").graphScope), /AADSTS700027/);
        assert.equal(emu.count({ route: "token", status: 401 }), 1);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("rejects a registered certificate presented for another client", async () => {
      const [certificate] = emu.clientCertificates(emu.fixture.demo.clientId);
      const syncAll = emu.fixture.syncAll;
      assert.deepEqual(emu.clientCertificates(syncAll.clientId), []);
      const credential = new ClientCertificateCredential(
        syncAll.tenantId,
        syncAll.clientId,
        { certificatePath: certificate.combinedPemPath },
        identityOptions(),
      );
      await assert.rejects(credential.getToken(emu.endpoints("global").graphScope), /AADSTS700027/);
    });

    it("signs in at another cloud's token endpoint, getting that cloud's audience", async () => {
      const demo = emu.fixture.demo;
      const [certificate] = emu.clientCertificates(demo.clientId);
      const china = new ClientCertificateCredential(
        demo.tenantId,
        demo.clientId,
        { certificatePath: certificate.combinedPemPath },
        { authorityHost: emu.endpoints("china").authorityHost, disableInstanceDiscovery: true },
      );
      const token = await china.getToken(emu.endpoints("china").graphScope);
      assert.equal(decodeJwt(token.token).aud, emu.endpoints("china").graphRoot);
      assert.equal(emu.count({ route: "token", cloud: "china", status: 200 }), 1);
    });
  });

  describe("hand-made certificate assertions at the token endpoint", () => {
    async function assertionFor(claims: {
      aud?: string;
      iss?: string;
      expiresIn?: number;
      thumbprintHeader?: "x5t#S256" | "x5t";
    }): Promise<string> {
      const demo = emu.fixture.demo;
      const [certificate] = emu.clientCertificates(demo.clientId);
      const key = createPrivateKey(certificate.combinedPem);
      const thumbprintHeader = claims.thumbprintHeader ?? "x5t#S256";
      const thumbprint = thumbprintHeader === "x5t" ? certificate.thumbprintSha1 : certificate.thumbprintSha256;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({
          alg: thumbprintHeader === "x5t" ? "RS256" : "PS256",
          typ: "JWT",
          [thumbprintHeader]: Buffer.from(thumbprint, "hex").toString("base64url"),
        })
        .setIssuer(claims.iss ?? demo.clientId)
        .setSubject(demo.clientId)
        .setAudience(claims.aud ?? `${emu.endpoints("global").authorityHost}/${demo.tenantId}/oauth2/v2.0/token`)
        .setNotBefore(now + (claims.expiresIn ?? 600) - 1200)
        .setExpirationTime(now + (claims.expiresIn ?? 600))
        .sign(key);
    }

    async function postAssertion(assertion: string) {
      const demo = emu.fixture.demo;
      const { authorityHost, graphScope } = emu.endpoints("global");
      return axios.post(
        `${authorityHost}/${demo.tenantId}/oauth2/v2.0/token`,
        new URLSearchParams({
          grant_type: "client_credentials",
          client_id: demo.clientId,
          scope: graphScope,
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: assertion,
        }),
        { validateStatus: () => true },
      );
    }

    it("accepts PS256 with x5t#S256 and RS256 with a SHA-1 x5t", async () => {
      assert.equal((await postAssertion(await assertionFor({}))).status, 200);
      assert.equal((await postAssertion(await assertionFor({ thumbprintHeader: "x5t" }))).status, 200);
    });

    it("answers an expired assertion with AADSTS700024", async () => {
      const response = await postAssertion(await assertionFor({ expiresIn: -900 }));
      assert.equal(response.status, 401);
      assert.deepEqual(response.data.error_codes, [700024]);
    });

    it("answers a wrong audience with AADSTS700027, and an issuer other than the client with AADSTS70021", async () => {
      for (const claims of [{ aud: "https://login.example.test/token" }, { iss: emu.fixture.syncAll.clientId }]) {
        const response = await postAssertion(await assertionFor(claims));
        assert.equal(response.status, claims.iss ? 400 : 401, JSON.stringify(response.data));
        assert.deepEqual(response.data.error_codes, claims.iss ? [70021] : [700027]);
      }
    });

    it("answers a signature that does not verify with AADSTS700027", async () => {
      const [header, payload] = (await assertionFor({})).split(".");
      // A valid signature, but over another assertion's payload.
      const other = (await assertionFor({})).split(".")[2];
      const response = await postAssertion(`${header}.${payload}.${other}`);
      assert.equal(response.status, 401);
      assert.match(response.data.error_description, /^AADSTS700027: Client assertion failed signature validation/);
    });

    it("requires client_assertion_type and some credential", async () => {
      const demo = emu.fixture.demo;
      const { authorityHost, graphScope } = emu.endpoints("global");
      const post = (fields: Record<string, string>) =>
        axios.post(
          `${authorityHost}/${demo.tenantId}/oauth2/v2.0/token`,
          new URLSearchParams({
            grant_type: "client_credentials",
            client_id: demo.clientId,
            scope: graphScope,
            ...fields,
          }),
          { validateStatus: () => true },
        );
      const noCredential = await post({});
      assert.equal(noCredential.status, 401);
      assert.deepEqual(noCredential.data.error_codes, [7000218]);
      const noType = await post({ client_assertion: await assertionFor({}) });
      assert.equal(noType.status, 400);
      assert.deepEqual(noType.data.error_codes, [900144]);
      const wrongGrant = await post({ grant_type: "password" });
      assert.equal(wrongGrant.data.error, "unsupported_grant_type");
    });
  });

  describe("ClientAssertionCredential with federated tokens", () => {
    const assertionCredential = (assertion: () => Promise<string>) =>
      new ClientAssertionCredential(emu.fixture.demo.tenantId, emu.fixture.demo.clientId, assertion, identityOptions());

    it("accepts a GitHub-Actions-like token matching a federated credential", async () => {
      const assertion = await emu.mintFederatedToken();
      const claims = decodeJwt(assertion);
      assert.equal(claims.iss, GITHUB_ACTIONS_ISSUER);
      assert.equal(claims.sub, "repo:contoso/provisioning:ref:refs/heads/main");
      assert.equal(claims.aud, FEDERATED_TOKEN_AUDIENCE);
      await assertAuthorizes(
        assertionCredential(async () => assertion),
        emu.fixture.demo.objectId,
      );
    });

    it("gets the token from the GitHub-like ID token endpoint with the request token", async () => {
      const { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN } = emu.githubActionsEnvironment;
      const url = `${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(FEDERATED_TOKEN_AUDIENCE)}`;
      const refused = await axios.get(url, { headers: { authorization: "Bearer wrong" }, validateStatus: () => true });
      assert.equal(refused.status, 401);
      let fetched = 0;
      const credential = assertionCredential(async () => {
        fetched += 1;
        const response = await axios.get(url, {
          headers: { authorization: `Bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
        });
        return response.data.value as string;
      });
      await assertAuthorizes(credential, emu.fixture.demo.objectId);
      // msal-node asks for the assertion more than once per token; each ask is one request to the issuer.
      assert.ok(fetched >= 1);
      assert.equal(emu.count({ route: "githubIdToken", status: 200 }), fetched);
      assert.equal(emu.count({ route: "token", status: 200 }), 1);
      assert.equal(emu.count({ route: "githubIdToken", status: 401 }), 1);
    });

    it("rejects an expired assertion with AADSTS700024", async () => {
      const assertion = await emu.mintFederatedToken({ expiresInSeconds: -600 });
      await assert.rejects(
        assertionCredential(async () => assertion).getToken(emu.endpoints("global").graphScope),
        /AADSTS700024: Client assertion is not within its valid time range/,
      );
    });

    it("rejects a wrong audience or subject with AADSTS70021", async () => {
      for (const request of [
        { audience: "api://SomethingElse" },
        { subject: "repo:contoso/provisioning:ref:refs/heads/feature" },
      ]) {
        const assertion = await emu.mintFederatedToken(request);
        await assert.rejects(
          assertionCredential(async () => assertion).getToken(emu.endpoints("global").graphScope),
          /AADSTS70021: No matching federated identity record found/,
        );
      }
      assert.equal(emu.count({ route: "token", status: 400 }), 2);
    });

    it("rejects an unknown issuer with AADSTS70021 and a bad signature with AADSTS700027", async () => {
      const unknownIssuer = await emu.mintFederatedToken({ issuer: "https://issuer.example.test" });
      await assert.rejects(
        assertionCredential(async () => unknownIssuer).getToken(emu.endpoints("global").graphScope),
        /AADSTS70021/,
      );
      const forged = await emu.mintFederatedToken({ untrustedSignature: true });
      await assert.rejects(
        assertionCredential(async () => forged).getToken(emu.endpoints("global").graphScope),
        /AADSTS700027/,
      );
    });

    it("rejects a federated token for a client without that federated credential", async () => {
      const assertion = await emu.mintFederatedToken();
      const credential = new ClientAssertionCredential(
        emu.fixture.syncAll.tenantId,
        emu.fixture.syncAll.clientId,
        async () => assertion,
        identityOptions(),
      );
      await assert.rejects(credential.getToken(emu.endpoints("global").graphScope), /AADSTS70021/);
    });
  });

  describe("AzurePipelinesCredential", () => {
    const previous = process.env.SYSTEM_OIDCREQUESTURI;
    afterEach(() => {
      if (previous === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = previous;
    });

    it("exchanges the system access token for an OIDC token and signs in", async () => {
      const pipelines = emu.azurePipelinesEnvironment;
      process.env.SYSTEM_OIDCREQUESTURI = pipelines.SYSTEM_OIDCREQUESTURI;
      const credential = new AzurePipelinesCredential(
        emu.fixture.demo.tenantId,
        emu.fixture.demo.clientId,
        pipelines.serviceConnectionId,
        pipelines.systemAccessToken,
        identityOptions(),
      );
      await assertAuthorizes(credential, emu.fixture.demo.objectId);
      assert.ok(emu.count({ route: "azurePipelinesIdToken", status: 200 }) >= 1);
      assert.equal(
        emu.count({ route: "azurePipelinesIdToken" }),
        emu.count({ route: "azurePipelinesIdToken", status: 200 }),
      );
      assert.equal(emu.count({ route: "token", status: 200 }), 1);
      const [oidcRequest] = emu.log.filter((entry) => entry.route === "azurePipelinesIdToken");
      assert.match(oidcRequest.path, /\?api-version=7\.1&serviceConnectionId=/);
      assert.equal(oidcRequest.headers.authorization, "<redacted>");
    });

    it("fails for a wrong system access token or service connection", async () => {
      const pipelines = emu.azurePipelinesEnvironment;
      process.env.SYSTEM_OIDCREQUESTURI = pipelines.SYSTEM_OIDCREQUESTURI;
      const wrongToken = new AzurePipelinesCredential(
        emu.fixture.demo.tenantId,
        emu.fixture.demo.clientId,
        pipelines.serviceConnectionId,
        "not-the-system-token",
        identityOptions(),
      );
      await assert.rejects(wrongToken.getToken(emu.endpoints("global").graphScope));
      const wrongConnection = new AzurePipelinesCredential(
        emu.fixture.demo.tenantId,
        emu.fixture.demo.clientId,
        "00000000-0000-4000-8000-000000000000",
        pipelines.systemAccessToken,
        identityOptions(),
      );
      await assert.rejects(wrongConnection.getToken(emu.endpoints("global").graphScope));
      assert.equal(emu.count({ route: "azurePipelinesIdToken", status: 401 }), 1);
      assert.equal(emu.count({ route: "azurePipelinesIdToken", status: 404 }), 1);
      assert.equal(emu.count({ route: "token" }), 0);
    });
  });

  describe("ManagedIdentityCredential (App Service endpoint on loopback)", () => {
    const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
    beforeEach(() => Object.assign(process.env, emu.managedIdentityEnvironment));
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it("points at 127.0.0.1 over http", () => {
      const endpoint = new URL(emu.managedIdentityEnvironment.IDENTITY_ENDPOINT);
      assert.equal(endpoint.protocol, "http:");
      assert.equal(endpoint.hostname, "127.0.0.1");
    });

    it("mints a token for the system-assigned identity", async () => {
      await assertAuthorizes(new ManagedIdentityCredential(), emu.fixture.managedIdentity.objectId);
      assert.equal(emu.count({ route: "managedIdentity", status: 200 }), 1);
      const [request] = emu.log.filter((entry) => entry.route === "managedIdentity");
      assert.equal(request.headers["x-identity-header"], "<redacted>");
      assert.equal(request.clientId, emu.fixture.managedIdentity.clientId);
    });

    it("mints a token for a user-assigned identity chosen by client id (OwnedBy on owned objects)", async () => {
      const identity = emu.fixture.userAssignedIdentity;
      const credential = new ManagedIdentityCredential({ clientId: identity.clientId });
      const token = await credential.getToken(emu.endpoints("global").graphScope);
      assert.deepEqual(decodeJwt(token.token).roles, [APPLICATION_READWRITE_OWNEDBY]);
      await assertAuthorizes(credential, identity.objectId, `applications/${emu.fixture.ownedApplication.objectId}`);
    });

    it("answers for other clouds' resources with that cloud's audience", async () => {
      const token = await new ManagedIdentityCredential().getToken(emu.endpoints("usgovernmentl5").graphScope);
      assert.equal(decodeJwt(token.token).aud, emu.endpoints("usgovernmentl5").graphRoot);
      assert.equal(decodeProtectedHeader(token.token).alg, "RS256");
    });

    it("shares one endpoint between emulators in a process and routes by resource", async () => {
      const second = await startEmulator();
      try {
        assert.deepEqual(second.managedIdentityEnvironment, emu.managedIdentityEnvironment);
        const token = await new ManagedIdentityCredential().getToken(second.endpoints("china").graphScope);
        assert.equal(decodeJwt(token.token).aud, second.endpoints("china").graphRoot);
        assert.equal(second.count({ route: "managedIdentity", cloud: "china", status: 200 }), 1);
        assert.equal(emu.count({ route: "managedIdentity" }), 0);
        const response = await postAcquireAccessToken(
          second.endpoints("china").graphRoot,
          token.token,
          `servicePrincipals/${second.fixture.ownedServicePrincipal.objectId}`,
          credentialsBody({ SecretToken: "t" }),
        );
        assert.equal(response.status, 204);
      } finally {
        await second.stop();
      }
      await assertAuthorizes(new ManagedIdentityCredential(), emu.fixture.managedIdentity.objectId);
    });

    it("refuses a wrong secret header and an unknown identity", async () => {
      const url = new URL(emu.managedIdentityEnvironment.IDENTITY_ENDPOINT);
      url.searchParams.set("api-version", "2019-08-01");
      url.searchParams.set("resource", emu.endpoints("global").graphRoot);
      const wrongHeader = await axios.get(url.toString(), {
        headers: { "x-identity-header": "nope" },
        validateStatus: () => true,
      });
      assert.equal(wrongHeader.status, 401);
      url.searchParams.set("client_id", "00000000-0000-4000-8000-000000000000");
      const unknown = await axios.get(url.toString(), {
        headers: { "x-identity-header": emu.managedIdentityEnvironment.IDENTITY_HEADER },
        validateStatus: () => true,
      });
      assert.equal(unknown.status, 400);
    });
  });
});
