import { expiryMs, jwtPayload } from "./jwtPayload";

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
        const expiresAt = expiryMs(jwtPayload(assertion));
        cached = expiresAt === undefined ? undefined : { assertion, reuseUntil: expiresAt - ASSERTION_REUSE_MARGIN_MS };
        return assertion;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}
