import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import { decodeJwt } from "jose";
import { startEmulator, type CloudName, type ClientIdentity, type Emulator } from "./index";
import { credentialsBody, getGraph, postAcquireAccessToken } from "./graphCalls";
import { SECRET_KEY_VALUE_PAIR_TYPE } from "./credentialPairs";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator: Graph acquireAccessToken and reads", () => {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearLog());

  async function tokenFor(client: ClientIdentity, cloud: CloudName = "global"): Promise<string> {
    const endpoints = emu.endpoints(cloud);
    const credential = new ClientSecretCredential(client.tenantId, client.clientId, client.clientSecrets[0], {
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: true,
    });
    return (await credential.getToken(endpoints.graphScope)).token;
  }

  function assertGraphError(
    response: { status: number; data: unknown; headers: Record<string, unknown> },
    status: number,
    code: string,
    message: string | RegExp,
  ): void {
    assert.equal(response.status, status);
    const body = response.data as { error: { code: string; message: string; innerError: Record<string, string> } };
    assert.equal(body.error.code, code);
    if (typeof message === "string") assert.equal(body.error.message, message);
    else assert.match(body.error.message, message);
    assert.match(String(response.headers["request-id"]), GUID);
    assert.equal(body.error.innerError["request-id"], response.headers["request-id"]);
    assert.equal(body.error.innerError["client-request-id"], response.headers["client-request-id"]);
    assert.ok(!Number.isNaN(Date.parse(`${body.error.innerError.date}Z`)));
    assert.ok(!Number.isNaN(Date.parse(String(response.headers.date))));
  }

  it("answers 204 with request-id, the echoed client-request-id and date, and logs the exact body", async () => {
    const { graphRoot } = emu.endpoints("global");
    const target = emu.fixture.ownedServicePrincipal.objectId;
    const clientRequestId = randomUUID();
    const body = credentialsBody({ BaseAddress: "https://scim.example.test/v2", SecretToken: "s3cret" });
    const response = await postAcquireAccessToken(
      graphRoot,
      await tokenFor(emu.fixture.demo),
      `servicePrincipals/${target}`,
      body,
      { "client-request-id": clientRequestId },
    );
    assert.equal(response.status, 204);
    assert.equal(response.data, "");
    assert.match(String(response.headers["request-id"]), GUID);
    assert.equal(response.headers["client-request-id"], clientRequestId);
    assert.ok(!Number.isNaN(Date.parse(String(response.headers.date))));
    const [entry] = emu.log.filter((logged) => logged.route === "acquireAccessToken");
    assert.deepEqual(entry.body, body);
    assert.equal(entry.status, 204);
    assert.equal(entry.targetKind, "servicePrincipals");
    assert.equal(entry.targetId, target);
    assert.equal(entry.apiVersion, "v1.0");
    assert.equal(entry.clientId, emu.fixture.demo.clientId);
    assert.equal(entry.tenantId, emu.fixture.tenantId);
    assert.equal(entry.headers.authorization, "<redacted>");
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
  });

  it("gives fresh request ids per call", async () => {
    const token = await tokenFor(emu.fixture.demo);
    const { graphRoot } = emu.endpoints("global");
    const target = `applications/${emu.fixture.ownedApplication.objectId}`;
    const first = await postAcquireAccessToken(
      graphRoot,
      token,
      target,
      credentialsBody({ SecretToken: "a" }),
      {},
      "beta",
    );
    const second = await postAcquireAccessToken(
      graphRoot,
      token,
      target,
      credentialsBody({ SecretToken: "a" }),
      {},
      "beta",
    );
    assert.equal(first.status, 204);
    assert.equal(second.status, 204);
    assert.notEqual(first.headers["request-id"], second.headers["request-id"]);
    assert.equal(
      emu.count({ route: "acquireAccessToken", apiVersion: "beta", targetId: emu.fixture.ownedApplication.objectId }),
      2,
    );
  });

  it("answers 200 concurrent calls for 200 owned service principals, one log entry each", async () => {
    const token = await tokenFor(emu.fixture.demo);
    const { graphRoot } = emu.endpoints("global");
    const targets = emu.fixture.generatedServicePrincipals.slice(0, 200);
    const responses = await Promise.all(
      targets.map((sp) =>
        postAcquireAccessToken(
          graphRoot,
          token,
          `servicePrincipals/${sp.objectId}`,
          credentialsBody({ SecretToken: sp.appId }),
        ),
      ),
    );
    assert.ok(responses.every((response) => response.status === 204));
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204, clientId: emu.fixture.demo.clientId }), 200);
    assert.equal(
      emu.count({ route: "acquireAccessToken", targetKind: "servicePrincipals", tenantId: emu.fixture.tenantId }),
      200,
    );
    for (const sp of targets) assert.equal(emu.count({ route: "acquireAccessToken", targetId: sp.objectId }), 1);
  });

  it("lets Synchronization.ReadWrite.All authorize objects it does not own", async () => {
    const { graphRoot } = emu.endpoints("global");
    const response = await postAcquireAccessToken(
      graphRoot,
      await tokenFor(emu.fixture.syncAll),
      `servicePrincipals/${emu.fixture.foreignServicePrincipal.objectId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    assert.equal(response.status, 204);
  });

  it("refuses Application.ReadWrite.OwnedBy on an object the caller does not own (403)", async () => {
    const { graphRoot } = emu.endpoints("global");
    const response = await postAcquireAccessToken(
      graphRoot,
      await tokenFor(emu.fixture.demo),
      `applications/${emu.fixture.foreignApplication.objectId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    assertGraphError(
      response,
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  });

  it("refuses a caller without any Graph role (403), whose token carries no roles claim", async () => {
    const { graphRoot } = emu.endpoints("global");
    const token = await tokenFor(emu.fixture.noRoles);
    assert.equal("roles" in decodeJwt(token), false);
    const response = await postAcquireAccessToken(
      graphRoot,
      token,
      `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    assertGraphError(
      response,
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  });

  it("answers 404 Request_ResourceNotFound for an app id used as object id, and for another tenant's caller", async () => {
    const { graphRoot } = emu.endpoints("global");
    const appId = emu.fixture.ownedServicePrincipal.appId;
    const response = await postAcquireAccessToken(
      graphRoot,
      await tokenFor(emu.fixture.demo),
      `servicePrincipals/${appId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    assertGraphError(
      response,
      404,
      "Request_ResourceNotFound",
      `Resource '${appId}' does not exist or one of its queried reference-property objects are not present.`,
    );
    const otherTenant = await postAcquireAccessToken(
      graphRoot,
      await tokenFor(emu.fixture.otherTenantClient),
      `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    assert.equal(otherTenant.status, 404);
  });

  it("answers 404 for a servicePrincipals path holding an application's object id", async () => {
    const response = await postAcquireAccessToken(
      emu.endpoints("global").graphRoot,
      await tokenFor(emu.fixture.syncAll),
      `servicePrincipals/${emu.fixture.ownedApplication.objectId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    assert.equal(response.status, 404);
  });

  describe("bearer token checks (401 InvalidAuthenticationToken)", () => {
    const target = (): string => `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`;

    it("rejects a missing token", async () => {
      const response = await postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        undefined,
        target(),
        credentialsBody({ A: "b" }),
      );
      assertGraphError(response, 401, "InvalidAuthenticationToken", "Access token is empty.");
    });

    it("rejects a token minted for another cloud with Invalid audience", async () => {
      const chinaToken = await tokenFor(emu.fixture.demo, "china");
      const response = await postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        chinaToken,
        target(),
        credentialsBody({ A: "b" }),
      );
      assertGraphError(
        response,
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid audience.",
      );
      const accepted = await postAcquireAccessToken(
        emu.endpoints("china").graphRoot,
        chinaToken,
        target(),
        credentialsBody({ A: "b" }),
      );
      assert.equal(accepted.status, 204);
      assert.equal(emu.count({ route: "acquireAccessToken", cloud: "global", status: 401 }), 1);
      assert.equal(emu.count({ route: "acquireAccessToken", cloud: "china", status: 204 }), 1);
    });

    it("rejects a Key Vault token at Graph", async () => {
      const demo = emu.fixture.demo;
      const endpoints = emu.endpoints("global");
      const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, demo.clientSecrets[0], {
        authorityHost: endpoints.authorityHost,
        disableInstanceDiscovery: true,
      });
      const vaultToken = (await credential.getToken(endpoints.keyVaultScope)).token;
      const response = await postAcquireAccessToken(
        endpoints.graphRoot,
        vaultToken,
        target(),
        credentialsBody({ A: "b" }),
      );
      assertGraphError(
        response,
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid audience.",
      );
    });

    it("rejects a token with a tampered signature", async () => {
      const token = await tokenFor(emu.fixture.demo);
      const [header, payload, signature] = token.split(".");
      const tampered = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
      const response = await postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        tampered,
        target(),
        credentialsBody({ A: "b" }),
      );
      assertGraphError(response, 401, "InvalidAuthenticationToken", /^Access token validation failure/);
    });

    it("rejects an expired token", async () => {
      const shortLived = await startEmulator({ tokenLifetimeSeconds: 1 });
      try {
        const demo = shortLived.fixture.demo;
        const endpoints = shortLived.endpoints("global");
        const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, demo.clientSecrets[0], {
          authorityHost: endpoints.authorityHost,
          disableInstanceDiscovery: true,
        });
        const token = (await credential.getToken(endpoints.graphScope)).token;
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const response = await postAcquireAccessToken(
          endpoints.graphRoot,
          token,
          `servicePrincipals/${shortLived.fixture.ownedServicePrincipal.objectId}`,
          credentialsBody({ A: "b" }),
        );
        assertGraphError(response, 401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
      } finally {
        await shortLived.stop();
      }
    });
  });

  describe("body validation (400 BadRequest naming the problem)", () => {
    const pair = (overrides: Record<string, unknown>): Record<string, unknown> => ({
      "@odata.type": SECRET_KEY_VALUE_PAIR_TYPE,
      key: "SecretToken",
      value: "x",
      ...overrides,
    });
    const cases: [string, unknown, RegExp][] = [
      ["an empty body", undefined, /Request body is empty/],
      ["a JSON string", "", /must be a JSON object/],
      ["a JSON array", [], /must be a JSON object/],
      ["no credentials", {}, /'credentials' is required/],
      [
        "credentials that are not an array",
        { credentials: { key: "a" } },
        /'credentials' is required and must be an array/,
      ],
      ["an empty credentials array", { credentials: [] }, /at least one/],
      ["an extra top-level property", { credentials: [pair({})], secrets: [] }, /Property 'secrets' does not exist/],
      ["a pair that is not an object", { credentials: ["SecretToken=x"] }, /credentials\[0\] must be an object/],
      ["a missing @odata.type", { credentials: [{ key: "a", value: "b" }] }, /credentials\[0\]: '@odata.type' must be/],
      [
        "a wrong @odata.type",
        { credentials: [pair({}), pair({ "@odata.type": "microsoft.graph.keyValue" })] },
        /credentials\[1\]: '@odata.type'/,
      ],
      ["a numeric key", { credentials: [pair({ key: 7 })] }, /credentials\[0\]: 'key' must be a string/],
      [
        "a missing value",
        { credentials: [{ "@odata.type": SECRET_KEY_VALUE_PAIR_TYPE, key: "a" }] },
        /'value' must be a string/,
      ],
      ["a non-string value", { credentials: [pair({ value: true })] }, /'value' must be a string/],
      ["an unknown pair property", { credentials: [pair({ secret: "y" })] }, /property 'secret' does not exist/],
    ];
    for (const [description, body, message] of cases) {
      it(`rejects ${description}`, async () => {
        const response = await postAcquireAccessToken(
          emu.endpoints("global").graphRoot,
          await tokenFor(emu.fixture.syncAll),
          `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
          body,
          { "content-type": "application/json" },
        );
        assertGraphError(response, 400, "BadRequest", message);
      });
    }

    it("rejects a body that is not JSON", async () => {
      const response = await postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        await tokenFor(emu.fixture.syncAll),
        `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
        // A Buffer, because axios would JSON-encode a string into a valid JSON string.
        Buffer.from("{credentials:"),
        { "content-type": "application/json" },
      );
      assertGraphError(response, 400, "BadRequest", "Request body is not valid JSON.");
      assert.equal(emu.log[emu.log.length - 1].body, "{credentials:");
    });
  });

  describe("reads", () => {
    it("gets a service principal and an application by object id, 404 otherwise", async () => {
      const token = await tokenFor(emu.fixture.appReader);
      const { graphRoot } = emu.endpoints("global");
      const sp = emu.fixture.ownedServicePrincipal;
      const got = await getGraph(graphRoot, token, `/v1.0/servicePrincipals/${sp.objectId}`);
      assert.equal(got.status, 200);
      assert.equal(got.data.id, sp.objectId);
      assert.equal(got.data.appId, sp.appId);
      assert.equal(got.data.displayName, sp.displayName);
      const app = await getGraph(graphRoot, token, `/beta/applications/${emu.fixture.ownedApplication.objectId}`);
      assert.equal(app.data.id, emu.fixture.ownedApplication.objectId);
      const missing = await getGraph(graphRoot, token, `/v1.0/servicePrincipals/${sp.appId}`);
      assertGraphError(missing, 404, "Request_ResourceNotFound", new RegExp(`^Resource '${sp.appId}' does not exist`));
      assert.equal(emu.count({ route: "getObject", status: 200 }), 2);
      assert.equal(emu.count({ route: "getObject", status: 404 }), 1);
    });

    it("finds objects by appId through the alternate key and $filter", async () => {
      const token = await tokenFor(emu.fixture.demo);
      const { graphRoot } = emu.endpoints("global");
      const sp = emu.fixture.ownedServicePrincipal;
      const byKey = await getGraph(graphRoot, token, `/v1.0/servicePrincipals(appId='${sp.appId}')`);
      assert.equal(byKey.status, 200);
      assert.equal(byKey.data.id, sp.objectId);
      const appByKey = await getGraph(graphRoot, token, `/v1.0/applications(appId='${sp.appId}')`);
      assert.equal(appByKey.data.id, emu.fixture.ownedApplication.objectId);
      const filtered = await getGraph(
        graphRoot,
        token,
        `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${sp.appId}'`)}`,
      );
      assert.equal(filtered.status, 200);
      assert.deepEqual(
        filtered.data.value.map((item: { id: string }) => item.id),
        [sp.objectId],
      );
      const none = await getGraph(graphRoot, token, `/v1.0/servicePrincipals?$filter=appId eq '${randomUUID()}'`);
      assert.deepEqual(none.data.value, []);
      const missingKey = await getGraph(graphRoot, token, `/v1.0/applications(appId='${randomUUID()}')`);
      assert.equal(missingKey.status, 404);
      assert.equal(emu.count({ route: "lookupByAppId" }), 5);
    });

    it("requires a valid token for reads too", async () => {
      const response = await getGraph(
        emu.endpoints("global").graphRoot,
        "not-a-jwt",
        `/v1.0/servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
      );
      assert.equal(response.status, 401);
      assert.equal(response.data.error.code, "InvalidAuthenticationToken");
    });

    it("reflects objects added and deleted at run time", async () => {
      const token = await tokenFor(emu.fixture.demo);
      const { graphRoot } = emu.endpoints("global");
      const added = {
        kind: "servicePrincipals" as const,
        tenantId: emu.fixture.tenantId,
        objectId: randomUUID(),
        appId: randomUUID(),
        displayName: "added at run time",
        owners: [emu.fixture.demo.objectId],
      };
      emu.directory.add(added);
      const target = `servicePrincipals/${added.objectId}`;
      assert.equal((await postAcquireAccessToken(graphRoot, token, target, credentialsBody({ A: "b" }))).status, 204);
      assert.equal(emu.directory.delete(added.objectId), true);
      assert.equal(emu.directory.get(added.objectId), undefined);
      assert.equal((await postAcquireAccessToken(graphRoot, token, target, credentialsBody({ A: "b" }))).status, 404);
      assert.equal((await getGraph(graphRoot, token, `/v1.0/${target}`)).status, 404);
    });

    it("seeds enough owned service principals for large stacks", async () => {
      const generated = emu.fixture.generatedServicePrincipals;
      assert.ok(generated.length >= 200);
      assert.equal(new Set(generated.map((sp) => sp.objectId)).size, generated.length);
      const last = generated[generated.length - 1];
      const response = await postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        await tokenFor(emu.fixture.demo),
        `servicePrincipals/${last.objectId}`,
        credentialsBody({ A: "b" }),
      );
      assert.equal(response.status, 204);
    });

    it("answers an unknown Graph path with 400 naming the segment", async () => {
      const response = await getGraph(
        emu.endpoints("global").graphRoot,
        await tokenFor(emu.fixture.demo),
        "/v1.0/me/unknownThing",
      );
      assertGraphError(response, 400, "BadRequest", "Resource not found for the segment 'unknownThing'.");
      assert.equal(emu.count({ route: "unknown" }), 1);
    });
  });
});
