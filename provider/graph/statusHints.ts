/**
 * The hints for an error status Graph answered with its own error JSON (400, 401, 403, 404): what to change, from
 * the facts of the call. Pure; inputs are already scrubbed (graphErrorHints.ts).
 */
import { SETTINGS, configKey } from "../config/configKeys";
import type { FailureFacts } from "./failureFacts";
import type { GraphRoute, TargetKind } from "./graphRoutes";
import { isKnownSynchronizationSecretKey } from "./synchronizationSecretKeys";

const GRAPH_ENDPOINT_KEY = configKey(SETTINGS.graphEndpoint);
const CLOUD_KEY = configKey(SETTINGS.cloud);
const TENANT_ID_KEY = configKey(SETTINGS.tenantId);
const GRAPH_SCOPE_KEY = configKey(SETTINGS.graphScope);

export function statusHint(facts: FailureFacts): string {
  switch (facts.status) {
    case 400:
      return badRequestHint(facts);
    case 401:
      return unauthorizedHint(facts);
    case 403:
      return facts.route.permissions === undefined ? secretsForbiddenHint(facts) : routeForbiddenHint(facts);
    case 404:
      return notFoundHint(facts);
    default:
      return `Quote the request-id, client-request-id and date below when asking Microsoft support.`;
  }
}

/** A route that names its permissions (the schema's): the page's list, and what Application.ReadWrite.OwnedBy needs. */
function routeForbiddenHint(facts: FailureFacts): string {
  const permissions = facts.route.permissions ?? [];
  const ownedBy = permissions.includes("Application.ReadWrite.OwnedBy")
    ? ` (Application.ReadWrite.OwnedBy only with the signing-in application's service principal as an owner of ` +
      `${objectNoun(facts.route)} ${facts.route.id})`
    : "";
  return (
    `The signed-in identity lacks permission for ${facts.route.method} ${facts.route.template}. Grant its app ` +
    `registration one of the Microsoft Graph application permissions ${permissions.join(", ")}${ownedBy}, then ` +
    `grant admin consent (Entra admin center → App registrations → API permissions → Grant admin consent).`
  );
}

function secretsForbiddenHint(facts: FailureFacts): string {
  return (
    `The signed-in identity lacks permission. Grant its app registration the Microsoft Graph application ` +
    `permission Synchronization.ReadWrite.All, or Application.ReadWrite.OwnedBy and add the signing-in ` +
    `application's service principal as an owner of ${objectNoun(facts.route)} ${facts.route.id}; then grant ` +
    `admin consent (Entra admin center → App registrations → API permissions → Grant admin consent). Signed in ` +
    `as a user (Azure CLI), the user needs a role such as Application Administrator or Cloud Application ` +
    `Administrator.`
  );
}

function unauthorizedHint(facts: FailureFacts): string {
  const general =
    `Graph refused the access token. It was requested for the ${facts.cloud} cloud (Graph root ` +
    `${facts.graphRoot}, scope ${facts.graphScope}, chosen by ${facts.cloudSource}); Graph refuses a token for ` +
    `another cloud or audience, an expired token, and a token from a tenant other than the object's. Check ` +
    `${CLOUD_KEY}, ${GRAPH_ENDPOINT_KEY} or ${GRAPH_SCOPE_KEY}, and that ${TENANT_ID_KEY} is the tenant that ` +
    `holds the object.`;
  const claims = facts.tokenClaims;
  if (claims === undefined) {
    return general;
  }
  const audience = claims.audience ?? "(none)";
  // The audience is the scope's resource, not the Graph root: a proxy in front of Graph is sent Graph's own token.
  const resource = facts.graphScope.replace(/\/\.default$/, "");
  const foreign = isOtherOrigin(claims.audience, resource)
    ? ` That audience is not ${resource}: the token is for another cloud or API.`
    : "";
  return (
    `${general} The token sent is for audience ${audience}, from tenant ${claims.tenantId ?? "(unknown)"}, ` +
    `valid until ${claims.expiresAt ?? "(unknown)"}.${foreign}`
  );
}

/** Graph also accepts its app id as audience, so only URL audiences are compared. */
function isOtherOrigin(audience: string | undefined, resource: string): boolean {
  if (audience === undefined || !audience.startsWith("https://")) {
    return false;
  }
  try {
    return new URL(audience).origin !== new URL(resource).origin;
  } catch {
    return false;
  }
}

function badRequestHint(facts: FailureFacts): string {
  const keys = facts.credentialKeys;
  if (keys === undefined) {
    return `Graph rejected the request as malformed; quote the request-id below when asking Microsoft support.`;
  }
  const message = facts.graphMessage ?? "";
  // Only known names are shown: any other "key" may be a secret value typed into the key's place.
  const shown = keys.filter(isKnownSynchronizationSecretKey);
  const hidden = keys.length - shown.length;
  const named = shown.filter((key) => new RegExp(`\\b${escapeRegExp(key)}\\b`, "i").test(message));
  const rejected = named.length > 0 ? `Graph names the credential key ${named.join(", ")}. ` : "";
  const notShown = hidden === 0 ? "" : `${hidden} ${hidden === 1 ? "key" : "keys"} not shown (not a known name)`;
  const sent = keys.length === 0 ? "(none)" : [shown.join(", "), notShown].filter((part) => part !== "").join(" and ");
  return (
    `${rejected}Keys sent: ${sent} (values are never shown). Check that each key is one the ` +
    `provisioning connector expects and that its value is current: an OAuth authorization code is single-use ` +
    `and expires within minutes.`
  );
}

function notFoundHint(facts: FailureFacts): string {
  const lookup = facts.appIdLookup;
  if (lookup?.outcome === "isAppId") {
    const property = lookup.kind === "servicePrincipals" ? "servicePrincipalId" : "applicationId";
    return (
      `${facts.route.id} is an appId; the object id of the ${kindNoun(lookup.kind)} is ${lookup.objectId}: ` +
      `set ${property} to it.`
    );
  }
  const unchecked =
    lookup?.outcome === "lookupFailed"
      ? " (whether it is an appId could not be checked)"
      : lookup?.outcome === "lookupNotPermitted"
        ? " (whether it is an appId was not checked: looking an appId up needs the Graph application permission " +
          "Application.Read.All, which the signed-in identity lacks; the service principal's Overview page in " +
          "the Entra admin center shows both ids)"
        : "";
  if (facts.route.template.includes("/synchronization/jobs/")) {
    return (
      `Graph found no such provisioning job of ${objectNoun(facts.route)} ${facts.route.id}, or no such ` +
      `${objectNoun(facts.route)}, in the signed-in tenant of the ${facts.cloud} cloud (${facts.graphRoot}): check ` +
      `jobId (the job's id, as Provisioning shows it or azuread.SynchronizationJob outputs it), the object id, ` +
      `${TENANT_ID_KEY} and ${CLOUD_KEY}.`
    );
  }
  return (
    `No ${objectNoun(facts.route)} with object id ${facts.route.id} exists in the signed-in tenant of the ` +
    `${facts.cloud} cloud (${facts.graphRoot})${unchecked}. Check the id (an object id, not an appId), ` +
    `${TENANT_ID_KEY} and ${CLOUD_KEY}.`
  );
}

export function objectNoun(route: GraphRoute): string {
  return route.template.includes("/applications") ? "application" : "service principal";
}

function kindNoun(kind: TargetKind): string {
  return kind === "servicePrincipals" ? "service principal" : "application";
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
