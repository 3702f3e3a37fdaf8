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

/**
 * A key name folded as a case-insensitive comparison may read it: upper-cased then lower-cased, so that letters whose
 * upper case is ASCII (dotless ı → I, long ſ → S) fold with the ASCII ones, as .NET's OrdinalIgnoreCase reads them.
 */
export function foldedKeyName(key: string): string {
  return key.toUpperCase().toLowerCase();
}

const FOLDED_SINGLE_USE_KEYS: ReadonlySet<string> = new Set([...SINGLE_USE_KEYS].map(foldedKeyName));

/**
 * True for a single-use key in any spelling Graph may read as it (`oauth2AuthorizationCode`, a dotless ı): Graph
 * reads enum members such as the synchronizationSecret names without regard to case, so a code sent under another
 * spelling is still spent. Treating it as single-use only ever withholds a repeat.
 */
export function isSingleUseKey(key: string): boolean {
  return FOLDED_SINGLE_USE_KEYS.has(foldedKeyName(key));
}

/** The single-use keys among `keys` (in any case), in their order. */
export function singleUseKeysOf(keys: readonly string[]): string[] {
  return keys.filter(isSingleUseKey);
}
