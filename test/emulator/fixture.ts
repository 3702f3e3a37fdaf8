/**
 * The directory the emulator starts with: tenants, the identities that can sign in, the objects Graph knows, and
 * Key Vault secrets. Every id is a fixed GUID so tests and the standalone emulator can name them; certificates are
 * generated when the emulator starts (see `clientCertificates.ts`) and never stored here.
 */

import { APPLICATION_READ_ALL, APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL } from "./permissions";
import type { SynchronizationJobSeed } from "./synchronization";

export { APPLICATION_READ_ALL, APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL } from "./permissions";
export const FEDERATED_TOKEN_AUDIENCE = "api://AzureADTokenExchange";
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** A federated identity credential registered on a client: Entra accepts an assertion whose iss/sub/aud match. */
export interface FederatedCredential {
  issuer: string;
  subject: string;
  audiences: string[];
}

/** An app registration + service principal that signs in with client credentials. */
export interface ClientIdentity {
  name: string;
  tenantId: string;
  /** The application (client) id. */
  clientId: string;
  /** Object id of the client's service principal: the `oid` of its tokens and what owner lists contain. */
  objectId: string;
  /** Application permissions granted (admin-consented) to the client on Graph. */
  roles: string[];
  clientSecrets: string[];
  /** How many certificates to generate for the client when the emulator starts. */
  certificateCount: number;
  federatedCredentials: FederatedCredential[];
}

/** A managed identity served by the App-Service-style endpoint. */
export interface ManagedIdentity {
  name: string;
  tenantId: string;
  clientId: string;
  objectId: string;
  roles: string[];
  /** The system-assigned identity answers requests that name no client id. */
  systemAssigned: boolean;
}

export type DirectoryObjectKind = "servicePrincipals" | "applications";

export interface DirectoryObject {
  kind: DirectoryObjectKind;
  tenantId: string;
  objectId: string;
  appId: string;
  displayName: string;
  /** Object ids of owners (service principals of clients or managed identities). */
  owners: string[];
}

export interface KeyVaultSecret {
  name: string;
  version: string;
  value: string;
  /** Object ids allowed to read the secret; others get 403 Forbidden. */
  readers: string[];
}

/** The Azure-Pipelines-like issuer: which organization and service connection it mints tokens for. */
export interface AzurePipelinesIssuerSeed {
  organizationId: string;
  organizationName: string;
  projectName: string;
  serviceConnectionId: string;
  serviceConnectionName: string;
}

export interface Fixture {
  tenants: string[];
  clients: ClientIdentity[];
  managedIdentities: ManagedIdentity[];
  objects: DirectoryObject[];
  keyVaultSecrets: KeyVaultSecret[];
  azurePipelines: AzurePipelinesIssuerSeed;
  /** The `sub` the GitHub-Actions-like issuer puts in its ID tokens. */
  githubSubject: string;
  /** Synchronization jobs the objects start with (none when absent). */
  synchronizationJobs?: SynchronizationJobSeed[];
}

/** The default fixture with named handles on the identities and objects tests use most. */
export interface DefaultFixture extends Fixture {
  tenantId: string;
  otherTenantId: string;
  /** `Application.ReadWrite.OwnedBy`; secret, certificate, GitHub and Azure Pipelines federated credentials. */
  demo: ClientIdentity;
  /** `Synchronization.ReadWrite.All`; secret. */
  syncAll: ClientIdentity;
  /** No Graph permissions; secret. */
  noRoles: ClientIdentity;
  /** `Application.Read.All`: reads every service principal and application, authorizes nothing; secret. */
  appReader: ClientIdentity;
  /** `Synchronization.ReadWrite.All` in the other tenant; secret. */
  otherTenantClient: ClientIdentity;
  /** System-assigned managed identity with `Synchronization.ReadWrite.All`. */
  managedIdentity: ManagedIdentity;
  /** User-assigned managed identity with `Application.ReadWrite.OwnedBy`, owner of the owned objects. */
  userAssignedIdentity: ManagedIdentity;
  ownedServicePrincipal: DirectoryObject;
  ownedApplication: DirectoryObject;
  foreignServicePrincipal: DirectoryObject;
  foreignApplication: DirectoryObject;
  /** The synchronization job of the owned service principal, and of the one not owned. */
  ownedServicePrincipalJob: SynchronizationJobSeed;
  foreignServicePrincipalJob: SynchronizationJobSeed;
  /** Service principals owned by the demo client, for stacks with many resources. */
  generatedServicePrincipals: DirectoryObject[];
  /** A secret the demo client may read from Key Vault, and one it may not. */
  readableSecret: KeyVaultSecret;
  forbiddenSecret: KeyVaultSecret;
}

export type DefaultClientName = "demo" | "syncAll" | "noRoles" | "appReader" | "otherTenantClient";

export interface DefaultFixtureOverrides {
  /** Replace a client's secret (e.g. a random canary a test then searches outputs and logs for). */
  clientSecrets?: Partial<Record<DefaultClientName, string>>;
  /** How many service principals owned by the demo client to generate (default 250). */
  generatedServicePrincipalCount?: number;
  /** Values of the two seeded Key Vault secrets. */
  readableSecretValue?: string;
  forbiddenSecretValue?: string;
}

export const DEFAULT_GENERATED_SERVICE_PRINCIPAL_COUNT = 250;

const TENANT_ID = "9b2d1f3e-5a41-4c6e-8f0a-1b2c3d4e5f60";
const OTHER_TENANT_ID = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d";

/** Deterministic GUIDs for generated objects: the index, in hex, is readable in the last group. */
export function generatedObjectId(prefix: string, index: number): string {
  return `${prefix}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
}

/** Service principals owned by `ownerObjectId`, with object ids `5e000001-…-<hex index>` and app ids `5e000002-…`. */
export function generateOwnedServicePrincipals(
  tenantId: string,
  ownerObjectId: string,
  count: number,
): DirectoryObject[] {
  return Array.from({ length: count }, (_, index) => ({
    kind: "servicePrincipals" as const,
    tenantId,
    objectId: generatedObjectId("5e000001", index),
    appId: generatedObjectId("5e000002", index),
    displayName: `Generated provisioning app ${index}`,
    owners: [ownerObjectId],
  }));
}

export function defaultFixture(overrides: DefaultFixtureOverrides = {}): DefaultFixture {
  const secrets = overrides.clientSecrets ?? {};
  const azurePipelines: AzurePipelinesIssuerSeed = {
    organizationId: "6c8e0a2b-4d6f-4801-9a3c-5e7f9b1d3f50",
    organizationName: "contoso",
    projectName: "identity",
    serviceConnectionId: "2f4e6a8c-0b1d-4f3e-9a5c-7e9b1d3f5a70",
    serviceConnectionName: "syncauth-connection",
  };
  const githubSubject = "repo:contoso/provisioning:ref:refs/heads/main";
  const demo: ClientIdentity = {
    name: "demo",
    tenantId: TENANT_ID,
    clientId: "de0c11e0-0000-4000-8000-000000000001",
    objectId: "de0c11e0-0000-4000-8000-0000000000a1",
    roles: [APPLICATION_READWRITE_OWNEDBY],
    clientSecrets: [secrets.demo ?? "demo-client-secret~Xq8Q"],
    certificateCount: 1,
    federatedCredentials: [
      { issuer: GITHUB_ACTIONS_ISSUER, subject: githubSubject, audiences: [FEDERATED_TOKEN_AUDIENCE] },
      {
        issuer: azurePipelinesIssuer(azurePipelines.organizationId),
        subject: azurePipelinesSubject(azurePipelines),
        audiences: [FEDERATED_TOKEN_AUDIENCE],
      },
    ],
  };
  const syncAll: ClientIdentity = {
    name: "syncAll",
    tenantId: TENANT_ID,
    clientId: "5a11c11e-0000-4000-8000-000000000002",
    objectId: "5a11c11e-0000-4000-8000-0000000000a2",
    roles: [SYNCHRONIZATION_READWRITE_ALL],
    clientSecrets: [secrets.syncAll ?? "sync-all-client-secret~Hk3P"],
    certificateCount: 0,
    federatedCredentials: [],
  };
  const noRoles: ClientIdentity = {
    name: "noRoles",
    tenantId: TENANT_ID,
    clientId: "0a0c11e0-0000-4000-8000-000000000003",
    objectId: "0a0c11e0-0000-4000-8000-0000000000a3",
    roles: [],
    clientSecrets: [secrets.noRoles ?? "no-roles-client-secret~Lm2R"],
    certificateCount: 0,
    federatedCredentials: [],
  };
  const appReader: ClientIdentity = {
    name: "appReader",
    tenantId: TENANT_ID,
    clientId: "a9914ead-0000-4000-8000-000000000007",
    objectId: "a9914ead-0000-4000-8000-0000000000a7",
    roles: [APPLICATION_READ_ALL],
    clientSecrets: [secrets.appReader ?? "app-reader-client-secret~Nb5S"],
    certificateCount: 0,
    federatedCredentials: [],
  };
  const otherTenantClient: ClientIdentity = {
    name: "otherTenantClient",
    tenantId: OTHER_TENANT_ID,
    clientId: "07e4c11e-0000-4000-8000-000000000004",
    objectId: "07e4c11e-0000-4000-8000-0000000000a4",
    roles: [SYNCHRONIZATION_READWRITE_ALL],
    clientSecrets: [secrets.otherTenantClient ?? "other-tenant-client-secret~Vw7T"],
    certificateCount: 0,
    federatedCredentials: [],
  };
  const managedIdentity: ManagedIdentity = {
    name: "managedIdentity",
    tenantId: TENANT_ID,
    clientId: "3a1d0000-0000-4000-8000-000000000005",
    objectId: "3a1d0000-0000-4000-8000-0000000000a5",
    roles: [SYNCHRONIZATION_READWRITE_ALL],
    systemAssigned: true,
  };
  const userAssignedIdentity: ManagedIdentity = {
    name: "userAssignedIdentity",
    tenantId: TENANT_ID,
    clientId: "3a1d0000-0000-4000-8000-000000000006",
    objectId: "3a1d0000-0000-4000-8000-0000000000a6",
    roles: [APPLICATION_READWRITE_OWNEDBY],
    systemAssigned: false,
  };
  const ownedServicePrincipal: DirectoryObject = {
    kind: "servicePrincipals",
    tenantId: TENANT_ID,
    objectId: "5b000000-0000-4000-8000-000000000101",
    appId: "a0000000-0000-4000-8000-000000000101",
    displayName: "SCIM provisioning (owned)",
    owners: [demo.objectId, userAssignedIdentity.objectId],
  };
  const ownedApplication: DirectoryObject = {
    kind: "applications",
    tenantId: TENANT_ID,
    objectId: "a9900000-0000-4000-8000-000000000102",
    appId: ownedServicePrincipal.appId,
    displayName: ownedServicePrincipal.displayName,
    owners: [demo.objectId, userAssignedIdentity.objectId],
  };
  const foreignServicePrincipal: DirectoryObject = {
    kind: "servicePrincipals",
    tenantId: TENANT_ID,
    objectId: "5b000000-0000-4000-8000-000000000201",
    appId: "a0000000-0000-4000-8000-000000000201",
    displayName: "SCIM provisioning (not owned)",
    owners: [],
  };
  const foreignApplication: DirectoryObject = {
    kind: "applications",
    tenantId: TENANT_ID,
    objectId: "a9900000-0000-4000-8000-000000000202",
    appId: foreignServicePrincipal.appId,
    displayName: foreignServicePrincipal.displayName,
    owners: [],
  };
  const ownedServicePrincipalJob = scimJob(ownedServicePrincipal);
  const foreignServicePrincipalJob = scimJob(foreignServicePrincipal);
  const generatedServicePrincipals = generateOwnedServicePrincipals(
    TENANT_ID,
    demo.objectId,
    overrides.generatedServicePrincipalCount ?? DEFAULT_GENERATED_SERVICE_PRINCIPAL_COUNT,
  );
  const readableSecret: KeyVaultSecret = {
    name: "scim-secret-token",
    version: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    value: overrides.readableSecretValue ?? "scim-token-from-key-vault~Pq4Z",
    readers: [demo.objectId, syncAll.objectId, managedIdentity.objectId],
  };
  const forbiddenSecret: KeyVaultSecret = {
    name: "restricted-secret",
    version: "1a2b3c4d5e6f70819293a4b5c6d7e8f9",
    value: overrides.forbiddenSecretValue ?? "restricted-value~Jr6N",
    readers: [],
  };
  return {
    tenants: [TENANT_ID, OTHER_TENANT_ID],
    clients: [demo, syncAll, noRoles, appReader, otherTenantClient],
    managedIdentities: [managedIdentity, userAssignedIdentity],
    objects: [
      ownedServicePrincipal,
      ownedApplication,
      foreignServicePrincipal,
      foreignApplication,
      ...generatedServicePrincipals,
    ],
    keyVaultSecrets: [readableSecret, forbiddenSecret],
    synchronizationJobs: [ownedServicePrincipalJob, foreignServicePrincipalJob],
    azurePipelines,
    githubSubject,
    tenantId: TENANT_ID,
    otherTenantId: OTHER_TENANT_ID,
    demo,
    syncAll,
    noRoles,
    appReader,
    otherTenantClient,
    managedIdentity,
    userAssignedIdentity,
    ownedServicePrincipal,
    ownedApplication,
    foreignServicePrincipal,
    foreignApplication,
    ownedServicePrincipalJob,
    foreignServicePrincipalJob,
    generatedServicePrincipals,
    readableSecret,
    forbiddenSecret,
  };
}

/** A custom SCIM job whose id reads `scim.<tenant id>.<object id>` without dashes, like Graph's job ids. */
function scimJob(object: DirectoryObject): SynchronizationJobSeed {
  const hex = (id: string): string => id.replace(/-/g, "");
  return { objectId: object.objectId, templateId: "scim", id: `scim.${hex(object.tenantId)}.${hex(object.objectId)}` };
}

/** Azure DevOps issues service-connection tokens from a per-organization issuer. */
export function azurePipelinesIssuer(organizationId: string): string {
  return `https://vstoken.dev.azure.com/${organizationId}`;
}

export function azurePipelinesSubject(seed: AzurePipelinesIssuerSeed): string {
  return `sc://${seed.organizationName}/${seed.projectName}/${seed.serviceConnectionName}`;
}
