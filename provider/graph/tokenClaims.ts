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
  const segments = token.split(".");
  if (segments.length !== 3) {
    return undefined;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(segments[1], "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return undefined;
  }
  const { aud, tid, exp } = payload as { aud?: unknown; tid?: unknown; exp?: unknown };
  return {
    audience: typeof aud === "string" ? aud : undefined,
    tenantId: typeof tid === "string" ? tid : undefined,
    expiresAt: typeof exp === "number" && Number.isFinite(exp) ? new Date(exp * 1000).toISOString() : undefined,
  };
}
