/**
 * The payload of a JWT as a JSON object, read without verifying the signature: only for claims that explain or
 * schedule something (audience, tenant, expiry), never for a decision about trust.
 *
 * @returns undefined when the text is not three dot-separated parts whose middle one is base64url JSON of an object.
 */
export function jwtPayload(token: string): Record<string, unknown> | undefined {
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
  return typeof payload === "object" && payload !== null && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : undefined;
}

/** The `exp` claim in epoch milliseconds, when it is a finite number. */
export function expiryMs(payload: Record<string, unknown> | undefined): number | undefined {
  const exp = payload?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
}
