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
  method: "GET" | "POST";
  /** e.g. `POST /v1.0/servicePrincipals/{id}/synchronization/acquireAccessToken`: the same for every id. */
  template: string;
  /** The value substituted for `{id}` or `{appId}`. */
  id: string;
  /** Path and query relative to the Graph root, with the id encoded. */
  path: string;
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
