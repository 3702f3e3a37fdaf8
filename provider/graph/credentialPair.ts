/**
 * One credential as `acquireAccessToken` takes it: a `synchronizationSecret` key name and its string value (Graph's
 * `synchronizationSecretKeyStringValuePair`).
 */
export interface CredentialPair {
  key: string;
  value: string;
}

/**
 * Keys whose value works once: an OAuth authorization code is exchanged for tokens and then spent, so a second
 * acquireAccessToken with it fails. The one list; `core/synchronizationSecretKeys` re-exports it.
 */
export const SINGLE_USE_KEYS: ReadonlySet<string> = new Set(["Oauth2AuthorizationCode"]);

/** The single-use keys among `keys`, in their order. */
export function singleUseKeysOf(keys: readonly string[]): string[] {
  return keys.filter((key) => SINGLE_USE_KEYS.has(key));
}
