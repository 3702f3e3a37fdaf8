import { strict as assert } from "node:assert";
import axios, { type AxiosResponse } from "axios";
import { startEmulator, type ClientIdentity, type DefaultFixture, type Emulator } from "./index";
import { defaultFixture } from "./fixture";
import { credentialsBody, getGraph, postAcquireAccessToken } from "./graphCalls";
import { GRAPH_PERMISSIONS, OTHER_ROUTE_AUTHORIZATION } from "./permissions";
import { SERVICE_ROUTES } from "./requestLog";
import { graphToken } from "./testClients";

/**
 * One block per row of permissions.ts. The expectations are written out here from the reference pages, not read
 * from the table, so a wrong row fails.
 */
describe("emulator: Graph permission table", () => {
  const roleClients = new Map<string, ClientIdentity>();
  let emu: Emulator<DefaultFixture>;
  const tokens = new Map<string, string>();

  /** A client holding exactly `roles`, with ids derived from its index. */
  function clientWith(index: number, roles: string[], tenantId: string): ClientIdentity {
    const hex = (index + 0x100).toString(16).padStart(12, "0");
    return {
      name: `roles:${roles.join("+")}`,
      tenantId,
      clientId: `c0de0000-0000-4000-8000-${hex}`,
      objectId: `c0de0001-0000-4000-8000-${hex}`,
      roles,
      clientSecrets: [`role-client-secret-${index}`],
      certificateCount: 0,
      federatedCredentials: [],
    };
  }

  const ROLES = [
    "Application.Read.All",
    "CustomSecAttributeProvisioning.Read.All",
    "CustomSecAttributeProvisioning.ReadWrite.All",
    "Application.ReadWrite.All",
    "Application.ReadWrite.OwnedBy",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Synchronization.Read.All",
    "Synchronization.ReadWrite.All",
  ];

  before(async () => {
    const fixture = defaultFixture({ generatedServicePrincipalCount: 0 });
    ROLES.forEach((role, index) => {
      const client = clientWith(index, [role], fixture.tenantId);
      roleClients.set(role, client);
      fixture.clients.push(client);
    });
    const owner = roleClients.get("Application.ReadWrite.OwnedBy")!;
    fixture.ownedServicePrincipal.owners.push(owner.objectId);
    fixture.ownedApplication.owners.push(owner.objectId);
    // The noRoles client's own service principal and app registration, for the self-read note.
    fixture.objects.push(
      {
        kind: "servicePrincipals",
        tenantId: fixture.tenantId,
        objectId: fixture.noRoles.objectId,
        appId: fixture.noRoles.clientId,
        displayName: "noRoles itself",
        owners: [],
      },
      {
        kind: "applications",
        tenantId: fixture.tenantId,
        objectId: "0a0c11e0-0000-4000-8000-0000000000b3",
        appId: fixture.noRoles.clientId,
        displayName: "noRoles itself",
        owners: [],
      },
    );
    emu = await startEmulator({ fixture });
  });
  after(() => emu.stop());

  async function tokenOf(client: ClientIdentity): Promise<string> {
    const cached = tokens.get(client.clientId);
    if (cached) return cached;
    const token = await graphToken(emu, client);
    tokens.set(client.clientId, token);
    return token;
  }

  const withRole = (role: string): Promise<string> => tokenOf(roleClients.get(role)!);

  function assertDenied(response: AxiosResponse): void {
    assert.equal(response.status, 403, JSON.stringify(response.data));
    assert.equal(response.data.error.code, "Authorization_RequestDenied");
    assert.equal(response.data.error.message, "Insufficient privileges to complete the operation.");
    assert.equal(response.data.error.innerError["request-id"], response.headers["request-id"]);
    assert.ok(response.data.error.innerError.date);
  }

  const graph = (token: string, path: string): Promise<AxiosResponse> =>
    getGraph(emu.endpoints("global").graphRoot, token, path);

  it("has a row, naming a learn.microsoft.com or docs.github.com page, for every route the emulator serves", () => {
    const graphRoutes = new Set<string>([
      "acquireAccessToken",
      "getObject",
      "lookupByAppId",
      ...Object.keys(GRAPH_PERMISSIONS),
    ]);
    for (const route of SERVICE_ROUTES) {
      assert.ok(graphRoutes.has(route) || route in OTHER_ROUTE_AUTHORIZATION, `no permission row for '${route}'`);
    }
    for (const row of Object.values(GRAPH_PERMISSIONS)) {
      assert.ok(row.references.length > 0);
      for (const reference of row.references) assert.match(reference, /^https:\/\/learn\.microsoft\.com\//);
      assert.ok(row.ownedOnly.every((role) => (row.roles as readonly string[]).includes(role)));
    }
    for (const row of Object.values(OTHER_ROUTE_AUTHORIZATION)) {
      assert.match(row.reference, /^https:\/\/(learn\.microsoft\.com|docs\.github\.com)\//);
    }
  });

  describe("acquireAccessToken: Application.ReadWrite.OwnedBy (owner), Synchronization.ReadWrite.All", () => {
    const post = async (token: string, objectId: string): Promise<AxiosResponse> =>
      postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        token,
        `servicePrincipals/${objectId}`,
        credentialsBody({ SecretToken: "x" }),
      );

    it("lets the owner with OwnedBy and Synchronization.ReadWrite.All on any object authorize", async () => {
      assert.equal((await post(await withRole("Application.ReadWrite.OwnedBy"), ownedSp())).status, 204);
      assert.equal((await post(await withRole("Synchronization.ReadWrite.All"), foreignSp())).status, 204);
    });

    it("refuses OwnedBy without ownership, and roles outside the row", async () => {
      assertDenied(await post(await withRole("Application.ReadWrite.OwnedBy"), foreignSp()));
      assertDenied(await post(await withRole("Application.ReadWrite.All"), ownedSp()));
      assertDenied(await post(await withRole("Synchronization.Read.All"), ownedSp()));
    });
  });

  describe("GET servicePrincipals/{id} and (appId=): Application.Read.All, OwnedBy (owner), Application.ReadWrite.All, Directory.Read.All", () => {
    const byId = (): string => `/v1.0/servicePrincipals/${foreignSp()}`;
    const byKey = (): string => `/beta/servicePrincipals(appId='${emu.fixture.foreignServicePrincipal.appId}')`;

    it("answers the read roles, by object id and by alternate key", async () => {
      for (const role of ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"]) {
        const token = await withRole(role);
        assert.equal((await graph(token, byId())).status, 200, role);
        assert.equal((await graph(token, byKey())).data.id, foreignSp(), role);
      }
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      assert.equal((await graph(owner, `/v1.0/servicePrincipals/${ownedSp()}`)).status, 200);
    });

    it("refuses OwnedBy on an object it does not own, and Synchronization.* (which can authorize but not read)", async () => {
      assertDenied(await graph(await withRole("Application.ReadWrite.OwnedBy"), byId()));
      assertDenied(await graph(await withRole("Application.ReadWrite.OwnedBy"), byKey()));
      assertDenied(await graph(await withRole("Synchronization.ReadWrite.All"), byId()));
      assertDenied(await graph(await withRole("Synchronization.Read.All"), byKey()));
      assertDenied(await graph(await tokenOf(emu.fixture.noRoles), byId()));
    });

    it("lets a service principal read itself without any permission", async () => {
      const response = await graph(
        await tokenOf(emu.fixture.noRoles),
        `/v1.0/servicePrincipals/${emu.fixture.noRoles.objectId}`,
      );
      assert.equal(response.status, 200);
    });
  });

  describe("GET applications/{id} and (appId=): Application.Read.All, OwnedBy (owner), Application.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All", () => {
    const byId = (): string => `/v1.0/applications/${emu.fixture.foreignApplication.objectId}`;

    it("answers the read roles", async () => {
      for (const role of [
        "Application.Read.All",
        "Application.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
      ]) {
        assert.equal((await graph(await withRole(role), byId())).status, 200, role);
      }
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      assert.equal((await graph(owner, `/beta/applications/${emu.fixture.ownedApplication.objectId}`)).status, 200);
      assert.equal(
        (await graph(owner, `/v1.0/applications(appId='${emu.fixture.ownedApplication.appId}')`)).status,
        200,
      );
    });

    it("refuses OwnedBy on an application it does not own, and Synchronization.ReadWrite.All", async () => {
      assertDenied(await graph(await withRole("Application.ReadWrite.OwnedBy"), byId()));
      assertDenied(
        await graph(
          await withRole("Application.ReadWrite.OwnedBy"),
          `/v1.0/applications(appId='${emu.fixture.foreignApplication.appId}')`,
        ),
      );
      assertDenied(await graph(await withRole("Synchronization.ReadWrite.All"), byId()));
    });

    it("lets a client read its own app registration without any permission", async () => {
      const response = await graph(
        await tokenOf(emu.fixture.noRoles),
        `/v1.0/applications(appId='${emu.fixture.noRoles.clientId}')`,
      );
      assert.equal(response.status, 200);
    });
  });

  describe("GET servicePrincipals|applications?$filter=appId eq: Application.Read.All, OwnedBy (every object), Application.ReadWrite.All, Directory.Read.All", () => {
    const filter = (kind: string, appId: string): string =>
      `/v1.0/${kind}?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`;

    it("lists objects the caller does not own for OwnedBy, as the permissions reference allows", async () => {
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      const sps = await graph(owner, filter("servicePrincipals", emu.fixture.foreignServicePrincipal.appId));
      assert.equal(sps.status, 200);
      assert.deepEqual(
        sps.data.value.map((object: { id: string }) => object.id),
        [foreignSp()],
      );
      const apps = await graph(owner, filter("applications", emu.fixture.foreignApplication.appId));
      assert.equal(apps.data.value.length, 1);
      for (const role of ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"]) {
        assert.equal((await graph(await withRole(role), filter("applications", randomAppId()))).status, 200, role);
      }
    });

    it("refuses Synchronization.* and no roles, even when nothing matches", async () => {
      assertDenied(
        await graph(await withRole("Synchronization.ReadWrite.All"), filter("servicePrincipals", randomAppId())),
      );
      assertDenied(await graph(await withRole("Synchronization.Read.All"), filter("applications", randomAppId())));
      assertDenied(
        await graph(await tokenOf(emu.fixture.noRoles), filter("servicePrincipals", emu.fixture.noRoles.clientId)),
      );
    });
  });

  describe("synchronization reads (jobs, one job, templates): OwnedBy (owner), Synchronization.Read.All, Synchronization.ReadWrite.All", () => {
    const reads = (objectId: string, jobId: string): string[] => [
      `/v1.0/servicePrincipals/${objectId}/synchronization/jobs`,
      `/beta/servicePrincipals/${objectId}/synchronization/jobs/${jobId}`,
      `/v1.0/servicePrincipals/${objectId}/synchronization/templates`,
    ];
    const foreignReads = (): string[] => reads(foreignSp(), emu.fixture.foreignServicePrincipalJob.id);

    it("answers the owner with OwnedBy and both Synchronization roles on any object", async () => {
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      for (const path of reads(ownedSp(), emu.fixture.ownedServicePrincipalJob.id)) {
        assert.equal((await graph(owner, path)).status, 200, path);
      }
      for (const role of ["Synchronization.Read.All", "Synchronization.ReadWrite.All"]) {
        for (const path of foreignReads()) assert.equal((await graph(await withRole(role), path)).status, 200, path);
      }
    });

    it("refuses OwnedBy without ownership, and the Application and Directory read roles", async () => {
      for (const path of foreignReads()) {
        assertDenied(await graph(await withRole("Application.ReadWrite.OwnedBy"), path));
        assertDenied(await graph(await withRole("Application.Read.All"), path));
        assertDenied(await graph(await withRole("Directory.Read.All"), path));
      }
    });
  });

  describe("validateCredentials: OwnedBy (owner), Synchronization.ReadWrite.All", () => {
    const validate = (token: string, objectId: string, jobId: string): Promise<AxiosResponse> =>
      axios.post(
        `${emu.endpoints("global").graphRoot}/v1.0/servicePrincipals/${objectId}/synchronization/jobs/${jobId}/validateCredentials`,
        credentialsBody({ SecretToken: "x" }),
        { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true },
      );

    it("lets the owner with OwnedBy and Synchronization.ReadWrite.All on any object test credentials", async () => {
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      assert.equal((await validate(owner, ownedSp(), emu.fixture.ownedServicePrincipalJob.id)).status, 204);
      const syncAll = await withRole("Synchronization.ReadWrite.All");
      assert.equal((await validate(syncAll, foreignSp(), emu.fixture.foreignServicePrincipalJob.id)).status, 204);
    });

    it("refuses OwnedBy without ownership, Synchronization.Read.All and Application.ReadWrite.All", async () => {
      const foreignJob = emu.fixture.foreignServicePrincipalJob.id;
      assertDenied(await validate(await withRole("Application.ReadWrite.OwnedBy"), foreignSp(), foreignJob));
      assertDenied(await validate(await withRole("Synchronization.Read.All"), foreignSp(), foreignJob));
      assertDenied(await validate(await withRole("Application.ReadWrite.All"), foreignSp(), foreignJob));
    });
  });

  describe("schema routes: reads, writes, parseExpression and functions, each as its page lists", () => {
    const ownedJob = (): string =>
      `servicePrincipals/${ownedSp()}/synchronization/jobs/${emu.fixture.ownedServicePrincipalJob.id}`;
    const foreignJob = (): string =>
      `servicePrincipals/${foreignSp()}/synchronization/jobs/${emu.fixture.foreignServicePrincipalJob.id}`;
    const send = (token: string, method: string, path: string, body?: unknown): Promise<AxiosResponse> =>
      axios.request({
        method,
        url: `${emu.endpoints("global").graphRoot}/v1.0/${path}`,
        data: body,
        headers: { authorization: `Bearer ${token}` },
        validateStatus: () => true,
      });
    const read = (token: string, job: string): Promise<AxiosResponse[]> =>
      Promise.all([
        send(token, "GET", `${job}/schema`),
        send(token, "GET", `${job.replace(/jobs\/.*$/, "templates/scim")}/schema`),
      ]);
    const check = (token: string, job: string): Promise<AxiosResponse[]> =>
      Promise.all([
        send(token, "POST", `${job}/schema/parseExpression`, { expression: "Guid()" }),
        send(token, "GET", `${job}/schema/functions`),
      ]);
    const write = async (token: string, job: string): Promise<AxiosResponse[]> => {
      const schema = emu.synchronization.schema(job.split("/")[1], job.split("/").pop()!);
      return [await send(token, "PUT", `${job}/schema`, schema), await send(token, "DELETE", `${job}/schema`)];
    };

    it("GET job/template schema: CustomSecAttributeProvisioning.Read.All, OwnedBy (owner), CustomSec…ReadWrite.All, Synchronization.Read.All, Synchronization.ReadWrite.All", async () => {
      for (const role of [
        "CustomSecAttributeProvisioning.Read.All",
        "CustomSecAttributeProvisioning.ReadWrite.All",
        "Synchronization.Read.All",
        "Synchronization.ReadWrite.All",
      ]) {
        for (const response of await read(await withRole(role), foreignJob())) assert.equal(response.status, 200, role);
      }
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      for (const response of await read(owner, ownedJob())) assert.equal(response.status, 200);
      for (const response of await read(owner, foreignJob())) assertDenied(response);
      for (const role of ["Application.ReadWrite.All", "Directory.Read.All", "Application.Read.All"]) {
        for (const response of await read(await withRole(role), foreignJob())) assertDenied(response);
      }
    });

    it("PUT and DELETE job schema: OwnedBy (owner), CustomSecAttributeProvisioning.ReadWrite.All, Synchronization.ReadWrite.All", async () => {
      for (const role of ["CustomSecAttributeProvisioning.ReadWrite.All", "Synchronization.ReadWrite.All"]) {
        for (const response of await write(await withRole(role), foreignJob()))
          assert.equal(response.status, 204, role);
      }
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      for (const response of await write(owner, ownedJob())) assert.equal(response.status, 204);
      for (const response of await write(owner, foreignJob())) assertDenied(response);
      for (const role of [
        "Synchronization.Read.All",
        "CustomSecAttributeProvisioning.Read.All",
        "Application.ReadWrite.All",
      ]) {
        for (const response of await write(await withRole(role), foreignJob())) assertDenied(response);
      }
    });

    it("parseExpression and functions: only OwnedBy (owner) and Synchronization.ReadWrite.All; a read-only identity cannot check", async () => {
      for (const response of await check(await withRole("Synchronization.ReadWrite.All"), foreignJob())) {
        assert.equal(response.status, 200);
      }
      const owner = await withRole("Application.ReadWrite.OwnedBy");
      for (const response of await check(owner, ownedJob())) assert.equal(response.status, 200);
      for (const response of await check(owner, foreignJob())) assertDenied(response);
      for (const role of [
        "Synchronization.Read.All",
        "CustomSecAttributeProvisioning.Read.All",
        "CustomSecAttributeProvisioning.ReadWrite.All",
        "Application.ReadWrite.All",
      ]) {
        for (const response of await check(await withRole(role), foreignJob())) assertDenied(response);
      }
    });
  });

  const ownedSp = (): string => emu.fixture.ownedServicePrincipal.objectId;
  const foreignSp = (): string => emu.fixture.foreignServicePrincipal.objectId;
  const randomAppId = (): string => "00000000-0000-4000-8000-0000000000ff";
});
