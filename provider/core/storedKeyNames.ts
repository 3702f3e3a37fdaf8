import { credentialFingerprint } from "./credentialFingerprint";
import { isKnownSynchronizationSecretKey } from "./synchronizationSecretKeys";

/**
 * What the `credentialKeys` output holds for a key: a known name as it is; any other name as a salted fingerprint,
 * since it may be a secret value typed into the key's place (the list form with key and value swapped), and outputs
 * other than `credentialFingerprint` are stored and shown in plain text.
 */
export function storedKeyName(salt: string, key: string): string {
  return isKnownSynchronizationSecretKey(key) ? key : `not shown: ${credentialFingerprint(salt, [{ key, value: "" }])}`;
}

/** Whether an entry of a stored `credentialKeys` stands for `key`: its stored form, or the plain name 0.1.0 stored. */
export function storedKeyMatches(entry: string, salt: string | undefined, key: string): boolean {
  return entry === key || (salt !== undefined && entry === storedKeyName(salt, key));
}
