/** An assertion is not reused when less than this is left of its life. */
export const ASSERTION_REUSE_MARGIN_MS = 60_000;

/**
 * Wraps an assertion fetcher so that a fetched federated token is reused until shortly before its `exp`.
 * MSAL asks for the assertion more than once per token request; without this every sign-in would make
 * several calls to the CI token service. Concurrent callers share one fetch. Tokens without a readable `exp`
 * are not reused.
 */
export function reusableAssertion(
  fetchAssertion: () => Promise<string>,
  now: () => number = Date.now,
): () => Promise<string> {
  let cached: { assertion: string; reuseUntil: number } | undefined;
  let inFlight: Promise<string> | undefined;
  return () => {
    if (cached && now() < cached.reuseUntil) {
      return Promise.resolve(cached.assertion);
    }
    inFlight ??= fetchAssertion()
      .then((assertion) => {
        const expiresAt = expiryOf(assertion);
        cached = expiresAt === undefined ? undefined : { assertion, reuseUntil: expiresAt - ASSERTION_REUSE_MARGIN_MS };
        return assertion;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

/** The `exp` of a JWT in milliseconds, read without verifying it (Entra verifies). */
export function expiryOf(jwt: string): number | undefined {
  const payload = jwt.split(".")[1];
  if (payload === undefined) {
    return undefined;
  }
  try {
    const exp: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
