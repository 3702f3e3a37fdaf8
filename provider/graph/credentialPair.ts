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

const FOLDED_SINGLE_USE_KEYS: ReadonlySet<string> = new Set([...SINGLE_USE_KEYS].map((key) => key.toLowerCase()));

/**
 * True for a single-use key in any case (`oauth2AuthorizationCode` too): Graph reads enum members such as the
 * synchronizationSecret names without regard to case, so a code sent under another spelling is still spent.
 * Treating it as single-use only ever withholds a repeat.
 */
export function isSingleUseKey(key: string): boolean {
  return FOLDED_SINGLE_USE_KEYS.has(key.toLowerCase());
}

/** The single-use keys among `keys` (in any case), in their order. */
export function singleUseKeysOf(keys: readonly string[]): string[] {
  return keys.filter(isSingleUseKey);
}
