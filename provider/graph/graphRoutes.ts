/**
 * The Graph calls the client makes, each as a method + path template (what errors and logs show) and the concrete
 * path (what is sent). Ids are object ids or app ids, never secrets, so both may be shown.
 */

import type { ApiVersion } from "./apiVersion";

export type TargetKind = "servicePrincipals" | "applications";

/** A service principal or application, by object id. */
export interface Target {
  kind: TargetKind;
  objectId: string;
}

export interface GraphRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** e.g. `POST /v1.0/servicePrincipals/{id}/synchronization/acquireAccessToken`: the same for every id. */
  template: string;
  /** The value substituted for `{id}` or `{appId}`. */
  id: string;
  /** Path and query relative to the Graph root, with the id encoded. */
  path: string;
  /**
   * The application permissions the route's Graph reference page lists, least privileged first, for the 403 hint;
   * absent: the synchronization secrets' (acquireAccessToken, validateCredentials).
   */
  permissions?: readonly string[];
}

export function acquireAccessTokenRoute(target: Target, apiVersion: ApiVersion): GraphRoute {
  return {
    method: "POST",
    template: `/${apiVersion}/${target.kind}/{id}/synchronization/acquireAccessToken`,
    id: target.objectId,
    path: `/${apiVersion}/${target.kind}/${encodeURIComponent(target.objectId)}/synchronization/acquireAccessToken`,
  };
}

/**
 * Tests the saved credentials of one provisioning job, as the portal's "Test Connection" does:
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-validatecredentials
 */
export function validateCredentialsRoute(target: Target, jobId: string, apiVersion: ApiVersion): GraphRoute {
  const base = `/${apiVersion}/${target.kind}/${encodeURIComponent(target.objectId)}/synchronization/jobs`;
  return {
    method: "POST",
    template: `/${apiVersion}/${target.kind}/{id}/synchronization/jobs/${jobId}/validateCredentials`,
    id: target.objectId,
    path: `${base}/${encodeURIComponent(jobId)}/validateCredentials`,
  };
}

/**
 * Refresh's existence probe: the target's synchronization templates. It is allowed by the permissions that
 * authorizing needs (Application.ReadWrite.OwnedBy on an owned object, or Synchronization.Read.All /
 * Synchronization.ReadWrite.All), unlike `GET /servicePrincipals/{id}`, which needs Application.Read.All, and it
 * answers 404 for an object that does not exist.
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronization-list-templates
 */
export function existenceProbeRoute(target: Target, apiVersion: ApiVersion): GraphRoute {
  return {
    method: "GET",
    template: `/${apiVersion}/${target.kind}/{id}/synchronization/templates`,
    id: target.objectId,
    path: `/${apiVersion}/${target.kind}/${encodeURIComponent(target.objectId)}/synchronization/templates`,
  };
}

/** `$filter` rather than the `(appId='…')` alternate key: it answers an empty list instead of a 404 when absent. */
export function appIdLookupRoute(kind: TargetKind, appId: string, apiVersion: ApiVersion): GraphRoute {
  // OData string literals escape a quote by doubling it.
  const filter = `appId eq '${appId.replace(/'/g, "''")}'`;
  return {
    method: "GET",
    template: `/${apiVersion}/${kind}?$filter=appId eq '{appId}'&$select=id,appId`,
    id: appId,
    path: `/${apiVersion}/${kind}?$filter=${encodeURIComponent(filter)}&$select=id,appId`,
  };
}

/** `POST /v1.0/servicePrincipals/{id}/…` with the id: how a route is named in messages. */
export function describeRoute(route: GraphRoute): string {
  return `${route.method} ${route.template} (id ${route.id})`;
}

/**
 * A job's synchronization schema: read (GET), replaced (PUT, "fully replaces the current schema"), reset to the
 * template's default (DELETE), and its expression check (POST parseExpression). Permissions as each page lists them
 * for applications, least privileged first:
 * - https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get
 * - https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-update
 * - https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-delete
 * - https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-parseexpression
 */
export type JobSchemaCall = "get" | "replace" | "parseExpression";

export const SCHEMA_PERMISSIONS: Record<JobSchemaCall, readonly string[]> = {
  get: [
    "CustomSecAttributeProvisioning.Read.All",
    "Application.ReadWrite.OwnedBy",
    "Synchronization.Read.All",
    "Synchronization.ReadWrite.All",
  ],
  replace: [
    "Application.ReadWrite.OwnedBy",
    "CustomSecAttributeProvisioning.ReadWrite.All",
    "Synchronization.ReadWrite.All",
  ],
  parseExpression: ["Application.ReadWrite.OwnedBy", "Synchronization.ReadWrite.All"],
};

const SCHEMA_CALL_METHODS = { get: "GET", replace: "PUT", parseExpression: "POST" } as const;

export function jobSchemaRoute(call: JobSchemaCall, target: Target, jobId: string, apiVersion: ApiVersion): GraphRoute {
  const suffix = call === "parseExpression" ? "/parseExpression" : "";
  return {
    method: SCHEMA_CALL_METHODS[call],
    template: `/${apiVersion}/${target.kind}/{id}/synchronization/jobs/${jobId}/schema${suffix}`,
    id: target.objectId,
    path:
      `/${apiVersion}/${target.kind}/${encodeURIComponent(target.objectId)}/synchronization/jobs/` +
      `${encodeURIComponent(jobId)}/schema${suffix}`,
    permissions: SCHEMA_PERMISSIONS[call],
  };
}

/**
 * The template a job was created from (`templateId` of GET …/jobs/{jobId}), and that template's default schema:
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationjob-get,
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get (template form).
 */
export function jobRoute(target: Target, jobId: string, apiVersion: ApiVersion): GraphRoute {
  return {
    method: "GET",
    template: `/${apiVersion}/${target.kind}/{id}/synchronization/jobs/${jobId}`,
    id: target.objectId,
    path: `/${apiVersion}/${target.kind}/${encodeURIComponent(target.objectId)}/synchronization/jobs/${encodeURIComponent(jobId)}`,
    permissions: ["Application.ReadWrite.OwnedBy", "Synchronization.Read.All", "Synchronization.ReadWrite.All"],
  };
}

export function templateSchemaRoute(target: Target, templateId: string, apiVersion: ApiVersion): GraphRoute {
  return {
    method: "GET",
    template: `/${apiVersion}/${target.kind}/{id}/synchronization/templates/${templateId}/schema`,
    id: target.objectId,
    path:
      `/${apiVersion}/${target.kind}/${encodeURIComponent(target.objectId)}/synchronization/templates/` +
      `${encodeURIComponent(templateId)}/schema`,
    permissions: SCHEMA_PERMISSIONS.get,
  };
}
