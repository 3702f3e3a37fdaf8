import type { AccessTokenAuthority, AccessTokenClaims, TokenRejection } from "./accessTokens";
import { headerValue, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { graphError } from "./graphResponses";

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
