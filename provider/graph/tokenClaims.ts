import { expiryMs, jwtPayload } from "../auth/jwtPayload";

/**
 * The few claims of an access token that explain a 401: who it is for, which tenant issued it, until when it is
 * valid. None of them is a secret; the token itself is never kept. Read without verifying the signature: Graph has
 * already refused the token, this only says why.
 */
export interface TokenClaims {
  /** `aud`: the API the token is for, e.g. `https://graph.microsoft.us`. */
  audience?: string;
  /** `tid`: the tenant that issued it. */
  tenantId?: string;
  /** `exp`, as an ISO-8601 time. */
  expiresAt?: string;
}

/** @returns undefined when the token is not a JWT with a JSON payload. */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const payload = jwtPayload(token);
  if (payload === undefined) {
    return undefined;
  }
  const expiresAt = expiryMs(payload);
  return {
    audience: typeof payload.aud === "string" ? payload.aud : undefined,
    tenantId: typeof payload.tid === "string" ? payload.tid : undefined,
    expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt).toISOString(),
  };
}
