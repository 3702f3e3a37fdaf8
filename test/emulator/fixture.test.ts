import { strict as assert } from "node:assert";
import {
  APPLICATION_READWRITE_OWNEDBY,
  DEFAULT_GENERATED_SERVICE_PRINCIPAL_COUNT,
  SYNCHRONIZATION_READWRITE_ALL,
  defaultFixture,
  generateOwnedServicePrincipals,
} from "./fixture";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator: default fixture", () => {
  it("uses valid, unique GUIDs for every tenant, identity and object", () => {
    const fixture = defaultFixture();
    const ids = [
      ...fixture.tenants,
      ...fixture.clients.flatMap((client) => [client.clientId, client.objectId]),
      ...fixture.managedIdentities.flatMap((identity) => [identity.clientId, identity.objectId]),
      ...fixture.objects.map((object) => object.objectId),
      fixture.azurePipelines.organizationId,
      fixture.azurePipelines.serviceConnectionId,
    ];
    for (const id of ids) assert.match(id, GUID);
    assert.equal(new Set(ids).size, ids.length);
  });

  it("is the same on every call, so ids can be written into tests and docs", () => {
    assert.deepEqual(defaultFixture(), defaultFixture());
    assert.equal(defaultFixture().demo.clientId, "de0c11e0-0000-4000-8000-000000000001");
  });

  it("gives the demo client OwnedBy over the owned objects only, and syncAll the broad role", () => {
    const fixture = defaultFixture();
    assert.deepEqual(fixture.demo.roles, [APPLICATION_READWRITE_OWNEDBY]);
    assert.deepEqual(fixture.syncAll.roles, [SYNCHRONIZATION_READWRITE_ALL]);
    assert.deepEqual(fixture.noRoles.roles, []);
    assert.ok(fixture.ownedServicePrincipal.owners.includes(fixture.demo.objectId));
    assert.ok(fixture.ownedApplication.owners.includes(fixture.demo.objectId));
    assert.deepEqual(fixture.foreignServicePrincipal.owners, []);
    assert.equal(fixture.ownedApplication.appId, fixture.ownedServicePrincipal.appId);
    assert.notEqual(fixture.otherTenantClient.tenantId, fixture.tenantId);
    assert.equal(fixture.demo.certificateCount, 1);
    assert.equal(fixture.demo.federatedCredentials.length, 2);
  });

  it("takes canary secrets and a generated service principal count", () => {
    const fixture = defaultFixture({
      clientSecrets: { demo: "canary-1", syncAll: "canary-2" },
      generatedServicePrincipalCount: 3,
      readableSecretValue: "canary-3",
    });
    assert.deepEqual(fixture.demo.clientSecrets, ["canary-1"]);
    assert.deepEqual(fixture.syncAll.clientSecrets, ["canary-2"]);
    assert.equal(fixture.readableSecret.value, "canary-3");
    assert.equal(fixture.generatedServicePrincipals.length, 3);
    assert.equal(fixture.objects.length, 4 + 3);
    assert.equal(defaultFixture().generatedServicePrincipals.length, DEFAULT_GENERATED_SERVICE_PRINCIPAL_COUNT);
  });

  it("generates owned service principals whose index is readable in the id", () => {
    const [first, , third] = generateOwnedServicePrincipals("t", "owner", 3);
    assert.equal(first.objectId, "5e000001-0000-4000-8000-000000000000");
    assert.equal(third.objectId, "5e000001-0000-4000-8000-000000000002");
    assert.equal(third.appId, "5e000002-0000-4000-8000-000000000002");
    assert.deepEqual(third.owners, ["owner"]);
    assert.equal(third.tenantId, "t");
  });
});
