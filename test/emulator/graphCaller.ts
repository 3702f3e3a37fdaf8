import type { AccessTokenAuthority, AccessTokenClaims, TokenRejection } from "./accessTokens";
import type { Directory } from "./directory";
import { headerValue, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import type { DirectoryObject } from "./fixture";
import { graphError, insufficientPrivileges, notFound } from "./graphResponses";
import { isPermitted, type GraphPermissionRow } from "./permissions";

const TOKEN_MESSAGES: Record<TokenRejection, string> = {
  missing: "Access token is empty.",
  malformed: "IDX14100: JWT is not well formed, there are no dots (.).",
  signature: "Access token validation failure.",
  expired: "Access token has expired or is not yet valid.",
  audience: "Access token validation failure. Invalid audience.",
};

/** The caller's claims, or Graph's 401 in the shape for the reason the token was refused. */
export async function authenticateGraphCaller(
  tokens: AccessTokenAuthority,
  request: EmulatorRequest,
  details: LogDetails,
): Promise<AccessTokenClaims | EmulatorResponse> {
  const verification = await tokens.verify(headerValue(request.headers, "authorization"), request.origin);
  if (!verification.ok) {
    // Graph names its authority in the challenge; here that is this cloud's emulated Entra.
    return graphError(request, 401, "InvalidAuthenticationToken", TOKEN_MESSAGES[verification.reason], {
      "www-authenticate": `Bearer realm="", authorization_uri="${request.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
  }
  details.tenantId = verification.claims.tid;
  details.clientId = verification.claims.appid;
  return verification.claims;
}

/**
 * The first checks of every route addressed to one object, in Graph's order: the token (401), the object in the
 * caller's tenant (404), then the route's permission row (403).
 */
export async function authorizeTarget(
  tokens: AccessTokenAuthority,
  directory: Directory,
  request: EmulatorRequest,
  details: LogDetails,
  row: GraphPermissionRow,
): Promise<{ caller: AccessTokenClaims; target: DirectoryObject } | { refusal: EmulatorResponse }> {
  const caller = await authenticateGraphCaller(tokens, request, details);
  if ("status" in caller) return { refusal: caller };
  const { targetKind, targetId } = request.match;
  const target = targetKind && targetId ? directory.object(caller.tid, targetKind, targetId) : undefined;
  if (!target) return { refusal: notFound(request, targetId ?? "") };
  if (!isPermitted(row, caller, target)) return { refusal: insufficientPrivileges(request) };
  return { caller, target };
}
