import type { AccessTokenClaims } from "./accessTokens";
import type { DirectoryObject, DirectoryObjectKind } from "./fixture";
import type { RouteName } from "./requestLog";

/**
 * Who may call each route the emulator serves. Graph routes accept application permissions (the `roles` claim of
 * an app-only token), listed least privileged first as on each reference page; `ownedOnly` names the ones that
 * count only on an object the caller owns. Every row names the pages it was read from, so a rule the emulator
 * enforces can be checked against Graph's documentation rather than against our own client.
 */

export const APPLICATION_READ_ALL = "Application.Read.All";
export const CUSTOM_SEC_ATTRIBUTE_PROVISIONING_READ_ALL = "CustomSecAttributeProvisioning.Read.All";
export const CUSTOM_SEC_ATTRIBUTE_PROVISIONING_READWRITE_ALL = "CustomSecAttributeProvisioning.ReadWrite.All";
export const APPLICATION_READWRITE_ALL = "Application.ReadWrite.All";
export const APPLICATION_READWRITE_OWNEDBY = "Application.ReadWrite.OwnedBy";
export const DIRECTORY_READ_ALL = "Directory.Read.All";
export const DIRECTORY_READWRITE_ALL = "Directory.ReadWrite.All";
export const SYNCHRONIZATION_READ_ALL = "Synchronization.Read.All";
export const SYNCHRONIZATION_READWRITE_ALL = "Synchronization.ReadWrite.All";

/**
 * "The Application.ReadWrite.OwnedBy permission allows the same operations as Application.ReadWrite.All but only on
 * applications and service principals that the calling app is an owner of", except that it may list all of them.
 */
const OWNED_BY_REFERENCE = "https://learn.microsoft.com/en-us/graph/permissions-reference#applicationreadwriteownedby";

export interface GraphPermissionRow {
  /** The requests the row covers, as the reference pages write them. */
  requests: readonly string[];
  /** Accepted application permissions, least privileged first. */
  roles: readonly string[];
  /** Of `roles`, those accepted only when the caller's object id is among the target's owners. */
  ownedOnly: readonly string[];
  /** "A service principal can retrieve its own application and service principal details without ... permissions." */
  selfWithoutRoles: boolean;
  references: readonly string[];
}

const SCHEMA_READ_ROLES = [
  CUSTOM_SEC_ATTRIBUTE_PROVISIONING_READ_ALL,
  APPLICATION_READWRITE_OWNEDBY,
  CUSTOM_SEC_ATTRIBUTE_PROVISIONING_READWRITE_ALL,
  SYNCHRONIZATION_READ_ALL,
  SYNCHRONIZATION_READWRITE_ALL,
] as const;

const SCHEMA_WRITE_ROLES = [
  APPLICATION_READWRITE_OWNEDBY,
  CUSTOM_SEC_ATTRIBUTE_PROVISIONING_READWRITE_ALL,
  SYNCHRONIZATION_READWRITE_ALL,
] as const;

/** The Graph rows, named by route and, where the rule differs, by object kind or addressing form. */
export const GRAPH_PERMISSIONS = {
  acquireAccessToken: {
    requests: [
      "POST /{v1.0|beta}/servicePrincipals/{id}/synchronization/acquireAccessToken",
      "POST /{v1.0|beta}/applications/{id}/synchronization/acquireAccessToken",
    ],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-acquireaccesstoken",
      OWNED_BY_REFERENCE,
    ],
  },
  getServicePrincipal: {
    requests: ["GET /{v1.0|beta}/servicePrincipals/{id}", "GET /{v1.0|beta}/servicePrincipals(appId='{appId}')"],
    roles: [APPLICATION_READ_ALL, APPLICATION_READWRITE_OWNEDBY, APPLICATION_READWRITE_ALL, DIRECTORY_READ_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: true,
    references: ["https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get", OWNED_BY_REFERENCE],
  },
  getApplication: {
    requests: ["GET /{v1.0|beta}/applications/{id}", "GET /{v1.0|beta}/applications(appId='{appId}')"],
    roles: [
      APPLICATION_READ_ALL,
      APPLICATION_READWRITE_OWNEDBY,
      APPLICATION_READWRITE_ALL,
      DIRECTORY_READ_ALL,
      DIRECTORY_READWRITE_ALL,
    ],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: true,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/application-get",
      // The self-read note is on the service principal page and names "its own application" too.
      "https://learn.microsoft.com/en-us/graph/api/serviceprincipal-get",
      OWNED_BY_REFERENCE,
    ],
  },
  listServicePrincipals: {
    requests: ["GET /{v1.0|beta}/servicePrincipals?$filter=appId eq '{appId}'"],
    roles: [APPLICATION_READ_ALL, APPLICATION_READWRITE_OWNEDBY, APPLICATION_READWRITE_ALL, DIRECTORY_READ_ALL],
    // "allows an app to call GET /applications and GET /servicePrincipals to list all applications and service
    // principals in the tenant": listing is not limited to owned objects.
    ownedOnly: [],
    selfWithoutRoles: false,
    references: ["https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list", OWNED_BY_REFERENCE],
  },
  listApplications: {
    requests: ["GET /{v1.0|beta}/applications?$filter=appId eq '{appId}'"],
    roles: [APPLICATION_READ_ALL, APPLICATION_READWRITE_OWNEDBY, APPLICATION_READWRITE_ALL, DIRECTORY_READ_ALL],
    ownedOnly: [],
    selfWithoutRoles: false,
    references: ["https://learn.microsoft.com/en-us/graph/api/application-list", OWNED_BY_REFERENCE],
  },
  listSynchronizationJobs: {
    requests: ["GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs"],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READ_ALL, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-list-jobs",
      // The applications/{id} form is in Graph's metadata, as this generated cmdlet shows.
      "https://learn.microsoft.com/en-us/powershell/module/microsoft.graph.applications/get-mgapplicationsynchronizationjob",
      OWNED_BY_REFERENCE,
    ],
  },
  getSynchronizationJob: {
    requests: ["GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}"],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READ_ALL, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-get",
      "https://learn.microsoft.com/en-us/powershell/module/microsoft.graph.applications/get-mgapplicationsynchronizationjob",
      OWNED_BY_REFERENCE,
    ],
  },
  listSynchronizationTemplates: {
    requests: ["GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/templates"],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READ_ALL, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-list-templates",
      OWNED_BY_REFERENCE,
    ],
  },
  validateCredentials: {
    requests: [
      "POST /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}/validateCredentials",
    ],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials",
      "https://learn.microsoft.com/en-us/powershell/module/microsoft.graph.applications/test-mgapplicationsynchronizationjobcredential",
      OWNED_BY_REFERENCE,
    ],
  },
  // Job and template schema reads: the permissions include of the get page lists CustomSecAttributeProvisioning.Read.All
  // as least privileged, then Application.ReadWrite.OwnedBy, CustomSecAttributeProvisioning.ReadWrite.All,
  // Synchronization.Read.All, Synchronization.ReadWrite.All.
  getJobSchema: {
    requests: ["GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}/schema"],
    roles: SCHEMA_READ_ROLES,
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get",
      OWNED_BY_REFERENCE,
    ],
  },
  getTemplateSchema: {
    requests: ["GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/templates/{templateId}/schema"],
    roles: SCHEMA_READ_ROLES,
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get",
      OWNED_BY_REFERENCE,
    ],
  },
  // Writes: Application.ReadWrite.OwnedBy least privileged, then CustomSecAttributeProvisioning.ReadWrite.All,
  // Synchronization.ReadWrite.All (update and delete pages alike).
  putJobSchema: {
    requests: ["PUT /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}/schema"],
    roles: SCHEMA_WRITE_ROLES,
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update",
      OWNED_BY_REFERENCE,
    ],
  },
  deleteJobSchema: {
    requests: ["DELETE /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}/schema"],
    roles: SCHEMA_WRITE_ROLES,
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-delete",
      OWNED_BY_REFERENCE,
    ],
  },
  // parseExpression and functions take only these two: a read-only identity cannot check an expression.
  parseExpression: {
    requests: [
      "POST /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}/schema/parseExpression",
      "POST /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/templates/{templateId}/schema/parseExpression",
    ],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-parseexpression",
      OWNED_BY_REFERENCE,
    ],
  },
  listSchemaFunctions: {
    requests: [
      "GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/jobs/{jobId}/schema/functions",
      "GET /{v1.0|beta}/{servicePrincipals|applications}/{id}/synchronization/templates/{templateId}/schema/functions",
    ],
    roles: [APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL],
    ownedOnly: [APPLICATION_READWRITE_OWNEDBY],
    selfWithoutRoles: false,
    references: [
      "https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-functions",
      OWNED_BY_REFERENCE,
    ],
  },
} as const satisfies Record<string, GraphPermissionRow>;

export type GraphPermissionRowName = keyof typeof GRAPH_PERMISSIONS;

/** Routes that accept no Graph permission: who may call them, and the page that says so. */
export interface OtherAuthorizationRow {
  authorization: string;
  reference: string;
}

export const OTHER_ROUTE_AUTHORIZATION = {
  openidConfiguration: {
    authorization: "anonymous",
    reference: "https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc",
  },
  jwks: {
    authorization: "anonymous",
    reference: "https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc",
  },
  token: {
    authorization: "the client's own credential: secret, certificate assertion or federated assertion",
    reference: "https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow",
  },
  managedIdentity: {
    authorization: "the X-IDENTITY-HEADER secret of the hosting environment",
    reference: "https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity#rest-endpoint-reference",
  },
  githubIdToken: {
    authorization: "the ACTIONS_ID_TOKEN_REQUEST_TOKEN bearer",
    reference:
      "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect",
  },
  azurePipelinesIdToken: {
    authorization: "the pipeline's System.AccessToken bearer",
    reference: "https://learn.microsoft.com/en-us/rest/api/azure/devops/distributedtask/oidctoken/create",
  },
  keyVaultSecret: {
    authorization: "a Key Vault token whose oid the secret lists as a reader (Key Vault Secrets User)",
    reference: "https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-guide",
  },
  hostileVault: {
    authorization: "nobody: it challenges for another resource than Key Vault and records any bearer token sent",
    reference: "https://learn.microsoft.com/en-us/azure/key-vault/general/authentication-requests-and-responses",
  },
} as const satisfies Partial<Record<RouteName, OtherAuthorizationRow>>;

/** The row that decides a Graph request; lookups by appId follow the get page (alternate key) or the list page. */
export function graphPermissionRow(
  route: RouteName,
  kind: DirectoryObjectKind | undefined,
  asCollection = false,
): GraphPermissionRow {
  switch (route) {
    case "getObject":
      return kind === "applications" ? GRAPH_PERMISSIONS.getApplication : GRAPH_PERMISSIONS.getServicePrincipal;
    case "lookupByAppId":
      if (kind === "applications") {
        return asCollection ? GRAPH_PERMISSIONS.listApplications : GRAPH_PERMISSIONS.getApplication;
      }
      return asCollection ? GRAPH_PERMISSIONS.listServicePrincipals : GRAPH_PERMISSIONS.getServicePrincipal;
    default:
      if (route in GRAPH_PERMISSIONS) return GRAPH_PERMISSIONS[route as GraphPermissionRowName];
      throw new Error(`route '${route}' takes no Graph permission`);
  }
}

export type Caller = Pick<AccessTokenClaims, "roles" | "oid" | "appid">;

/** Whether the row lets the caller act; `target` is the addressed object (absent for a list). */
export function isPermitted(row: GraphPermissionRow, caller: Caller, target?: DirectoryObject): boolean {
  if (row.selfWithoutRoles && target && isCallersOwn(caller, target)) return true;
  const roles = caller.roles ?? [];
  return row.roles.some(
    (role) => roles.includes(role) && (!row.ownedOnly.includes(role) || (target?.owners.includes(caller.oid) ?? false)),
  );
}

/** The caller's own service principal (its oid) or its own application registration (its appid). */
function isCallersOwn(caller: Caller, target: DirectoryObject): boolean {
  const same = (left: string, right: string): boolean => left.toLowerCase() === right.toLowerCase();
  return target.kind === "servicePrincipals" ? same(target.objectId, caller.oid) : same(target.appId, caller.appid);
}
