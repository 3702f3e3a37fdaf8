/**
 * Refresh this long before expiry at most. It is below MSAL's own renewal offset (5 minutes) so that when we ask
 * for a new token, MSAL's cache no longer answers with the old one and a token request really goes out.
 */
export const REFRESH_MARGIN_MS = 4 * 60 * 1000;

/** Short-lived tokens (tests, some managed identity hosts) refresh when this fraction of their life is left. */
export const REFRESH_FRACTION_OF_LIFETIME = 0.5;

/**
 * When a token obtained at `obtainedAt` and valid until `expiresOn` should be replaced: the earlier of
 * the server's hint (`refreshAfter`, from Entra's `refresh_in`) and expiry minus min(4 min, half the lifetime).
 */
export function refreshTime(obtainedAt: number, expiresOn: number, refreshAfter?: number): number {
  const lifetime = Math.max(0, expiresOn - obtainedAt);
  const byExpiry = expiresOn - Math.min(REFRESH_MARGIN_MS, lifetime * REFRESH_FRACTION_OF_LIFETIME);
  return refreshAfter !== undefined && refreshAfter < byExpiry ? refreshAfter : byExpiry;
}
