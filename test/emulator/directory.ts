import type {
  ClientIdentity,
  DirectoryObject,
  DirectoryObjectKind,
  Fixture,
  KeyVaultSecret,
  ManagedIdentity,
} from "./fixture";

/** Who a token was issued to: a client identity or a managed identity. */
export type Principal = ClientIdentity | ManagedIdentity;

/**
 * The emulator's live directory: starts as a copy of the fixture, and tests add or delete objects while it runs
 * (e.g. delete a service principal to see a refresh notice it is gone).
 */
export class Directory {
  private readonly tenants: Set<string>;
  private readonly clients = new Map<string, ClientIdentity>();
  private readonly managedIdentities: ManagedIdentity[];
  private readonly objects = new Map<string, DirectoryObject>();
  private readonly secrets = new Map<string, KeyVaultSecret[]>();

  constructor(fixture: Fixture) {
    this.tenants = new Set(fixture.tenants.map((tenant) => tenant.toLowerCase()));
    for (const client of fixture.clients) this.clients.set(client.clientId.toLowerCase(), client);
    this.managedIdentities = [...fixture.managedIdentities];
    for (const object of fixture.objects) this.add(object);
    for (const secret of fixture.keyVaultSecrets) this.addSecret(secret);
  }

  hasTenant(tenantId: string): boolean {
    return this.tenants.has(tenantId.toLowerCase());
  }

  client(tenantId: string, clientId: string): ClientIdentity | undefined {
    const client = this.clients.get(clientId.toLowerCase());
    return client && client.tenantId.toLowerCase() === tenantId.toLowerCase() ? client : undefined;
  }

  /** The system-assigned identity when no id is given; otherwise the one whose client or object id matches. */
  managedIdentity(id?: { clientId?: string; objectId?: string }): ManagedIdentity | undefined {
    if (id?.clientId) return this.managedIdentities.find((mi) => sameId(mi.clientId, id.clientId));
    if (id?.objectId) return this.managedIdentities.find((mi) => sameId(mi.objectId, id.objectId));
    return this.managedIdentities.find((mi) => mi.systemAssigned);
  }

  /** Adds (or replaces) a service principal or application; object ids are unique across both kinds. */
  add(object: DirectoryObject): void {
    this.objects.set(object.objectId.toLowerCase(), { ...object, owners: [...object.owners] });
  }

  /** Returns whether something was deleted. */
  delete(objectId: string): boolean {
    return this.objects.delete(objectId.toLowerCase());
  }

  get(objectId: string): DirectoryObject | undefined {
    return this.objects.get(objectId.toLowerCase());
  }

  /** The object as a caller of `tenantId` sees it under `/{kind}/{id}`: other tenants' objects do not exist. */
  object(tenantId: string, kind: DirectoryObjectKind, objectId: string): DirectoryObject | undefined {
    const object = this.get(objectId);
    return object && object.kind === kind && sameId(object.tenantId, tenantId) ? object : undefined;
  }

  objectsByAppId(tenantId: string, kind: DirectoryObjectKind, appId: string): DirectoryObject[] {
    return [...this.objects.values()].filter(
      (object) => object.kind === kind && sameId(object.tenantId, tenantId) && sameId(object.appId, appId),
    );
  }

  addSecret(secret: KeyVaultSecret): void {
    const versions = this.secrets.get(secret.name.toLowerCase()) ?? [];
    versions.push({ ...secret, readers: [...secret.readers] });
    this.secrets.set(secret.name.toLowerCase(), versions);
  }

  /** The latest version when none is named. */
  secret(name: string, version?: string): KeyVaultSecret | undefined {
    const versions = this.secrets.get(name.toLowerCase()) ?? [];
    if (!version) return versions[versions.length - 1];
    return versions.find((candidate) => candidate.version.toLowerCase() === version.toLowerCase());
  }
}

function sameId(left: string, right: string | undefined): boolean {
  return right !== undefined && left.toLowerCase() === right.toLowerCase();
}
