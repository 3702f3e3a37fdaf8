import type { DirectoryObjectKind } from "./fixture";
import type { RouteName } from "./requestLog";

/**
 * Which kind of listener a request arrived on: Entra + Graph + issuers, Key Vault, the managed identity host, or a
 * hostile vault (hostileVault.ts).
 */
export type ListenerKind = "main" | "keyVault" | "managedIdentity" | "hostileVault";

export interface RouteMatch {
  route: RouteName;
  tenantId?: string;
  apiVersion?: string;
  targetKind?: DirectoryObjectKind;
  targetId?: string;
  appId?: string;
  /** `$filter=appId eq '…'` answers a `{ value: [...] }` list; the `(appId='…')` alternate key answers one object. */
  asCollection?: boolean;
  /** The synchronization job addressed by `…/synchronization/jobs/{jobId}[/validateCredentials|/schema…]`. */
  jobId?: string;
  /** The template addressed by `…/synchronization/templates/{templateId}/schema…`. */
  templateId?: string;
  secretName?: string;
  secretVersion?: string;
  adminAction?: string;
}

export const ADMIN_PREFIX = "/_emulator/";
export const MANAGED_IDENTITY_PATH = "/msi/token";
export const GITHUB_ID_TOKEN_PATH = "/_actions/idtoken";

const GRAPH_VERSION = "(v1\\.0|beta)";
const GRAPH_KIND = "(servicePrincipals|applications)";
const SEGMENT = "([^/()]+)";

const TENANT_ROUTES: [RegExp, string, RouteName][] = [
  [/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, "GET", "openidConfiguration"],
  [/^\/([^/]+)\/discovery\/v2\.0\/keys$/, "GET", "jwks"],
  [/^\/([^/]+)\/oauth2\/v2\.0\/token$/, "POST", "token"],
];

const ACQUIRE_ACCESS_TOKEN = new RegExp(
  `^/${GRAPH_VERSION}/${GRAPH_KIND}/${SEGMENT}/synchronization/acquireAccessToken$`,
);
const GET_OBJECT = new RegExp(`^/${GRAPH_VERSION}/${GRAPH_KIND}/${SEGMENT}$`);
const SYNCHRONIZATION = `^/${GRAPH_VERSION}/${GRAPH_KIND}/${SEGMENT}/synchronization`;
// The reference pages write the job paths with and without a trailing slash.
const SYNCHRONIZATION_GET_ROUTES: [RegExp, RouteName][] = [
  [new RegExp(`${SYNCHRONIZATION}/jobs/?$`), "listSynchronizationJobs"],
  [new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/?$`), "getSynchronizationJob"],
  [new RegExp(`${SYNCHRONIZATION}/templates/?$`), "listSynchronizationTemplates"],
];
const VALIDATE_CREDENTIALS = new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/validateCredentials$`);
/**
 * Schema routes (synchronization-synchronizationschema-get, -update, -delete, -parseexpression, -functions): the job
 * form for all, the template form for GET, parseExpression and functions. A template's PUT and DELETE are
 * documented on `applications/{id}` only and change the template itself: not emulated (answered as unknown).
 */
const SCHEMA_ROUTES: [RegExp, string, RouteName, "job" | "template"][] = [
  [new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/schema/?$`), "GET", "getJobSchema", "job"],
  [new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/schema/?$`), "PUT", "putJobSchema", "job"],
  [new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/schema/?$`), "DELETE", "deleteJobSchema", "job"],
  [new RegExp(`${SYNCHRONIZATION}/templates/${SEGMENT}/schema/?$`), "GET", "getTemplateSchema", "template"],
  [new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/schema/parseExpression$`), "POST", "parseExpression", "job"],
  [
    new RegExp(`${SYNCHRONIZATION}/templates/${SEGMENT}/schema/parseExpression$`),
    "POST",
    "parseExpression",
    "template",
  ],
  [new RegExp(`${SYNCHRONIZATION}/jobs/${SEGMENT}/schema/functions$`), "GET", "listSchemaFunctions", "job"],
  [new RegExp(`${SYNCHRONIZATION}/templates/${SEGMENT}/schema/functions$`), "GET", "listSchemaFunctions", "template"],
];
const ALTERNATE_KEY = new RegExp(`^/${GRAPH_VERSION}/${GRAPH_KIND}\\(appId='([^']*)'\\)$`);
const COLLECTION = new RegExp(`^/${GRAPH_VERSION}/${GRAPH_KIND}$`);
const APP_ID_FILTER = /^\s*appId\s+eq\s+'([^']*)'\s*$/;
const AZURE_PIPELINES_OIDC =
  /^\/[^/]+\/[^/]+\/_apis\/distributedtask\/hubs\/build\/plans\/[^/]+\/jobs\/[^/]+\/oidctoken$/;
const KEY_VAULT_SECRET = /^\/secrets\/([^/]+)(?:\/([^/]+))?\/?$/;

/** Maps a request to a route; `unknown` when nothing matches (answered 404 in the listener's error shape). */
export function matchRoute(listener: ListenerKind, method: string, url: URL): RouteMatch {
  // Clients percent-encode the quotes and parentheses of alternate keys differently; compare decoded paths.
  const path = safeDecode(url.pathname);
  if (path.startsWith(ADMIN_PREFIX)) return { route: "admin", adminAction: path.slice(ADMIN_PREFIX.length) };
  if (listener === "managedIdentity") {
    return method === "GET" && path === MANAGED_IDENTITY_PATH ? { route: "managedIdentity" } : { route: "unknown" };
  }
  if (listener === "hostileVault") return { route: "hostileVault" };
  if (listener === "keyVault") {
    const secret = KEY_VAULT_SECRET.exec(path);
    return method === "GET" && secret
      ? { route: "keyVaultSecret", secretName: secret[1], secretVersion: secret[2] }
      : { route: "unknown" };
  }
  for (const [pattern, routeMethod, route] of TENANT_ROUTES) {
    const match = pattern.exec(path);
    if (match && method === routeMethod) return { route, tenantId: match[1] };
  }
  if (method === "GET" && path === GITHUB_ID_TOKEN_PATH) return { route: "githubIdToken" };
  if (method === "POST" && AZURE_PIPELINES_OIDC.test(path)) return { route: "azurePipelinesIdToken" };
  const acquire = ACQUIRE_ACCESS_TOKEN.exec(path);
  if (acquire && method === "POST") {
    return {
      route: "acquireAccessToken",
      apiVersion: acquire[1],
      targetKind: acquire[2] as DirectoryObjectKind,
      targetId: acquire[3],
    };
  }
  const validate = VALIDATE_CREDENTIALS.exec(path);
  if (validate && method === "POST") return synchronizationMatch("validateCredentials", validate);
  for (const [pattern, routeMethod, route, addressed] of SCHEMA_ROUTES) {
    const match = pattern.exec(path);
    if (match && method === routeMethod) {
      if (addressed === "job") return synchronizationMatch(route, match);
      const { jobId: templateId, ...rest } = synchronizationMatch(route, match);
      return { ...rest, templateId };
    }
  }
  if (method !== "GET") return { route: "unknown" };
  for (const [pattern, route] of SYNCHRONIZATION_GET_ROUTES) {
    const match = pattern.exec(path);
    if (match) return synchronizationMatch(route, match);
  }
  const object = GET_OBJECT.exec(path);
  if (object) {
    return {
      route: "getObject",
      apiVersion: object[1],
      targetKind: object[2] as DirectoryObjectKind,
      targetId: object[3],
    };
  }
  const alternateKey = ALTERNATE_KEY.exec(path);
  if (alternateKey) {
    return {
      route: "lookupByAppId",
      apiVersion: alternateKey[1],
      targetKind: alternateKey[2] as DirectoryObjectKind,
      appId: alternateKey[3],
    };
  }
  const collection = COLLECTION.exec(path);
  const filter = APP_ID_FILTER.exec(url.searchParams.get("$filter") ?? "");
  if (collection && filter) {
    return {
      route: "lookupByAppId",
      apiVersion: collection[1],
      targetKind: collection[2] as DirectoryObjectKind,
      appId: filter[1],
      asCollection: true,
    };
  }
  return { route: "unknown" };
}

function synchronizationMatch(route: RouteName, match: RegExpExecArray): RouteMatch {
  return {
    route,
    apiVersion: match[1],
    targetKind: match[2] as DirectoryObjectKind,
    targetId: match[3],
    ...(match[4] !== undefined && { jobId: match[4] }),
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
