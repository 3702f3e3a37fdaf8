import { credentialFingerprint } from "./credentialFingerprint";
import { graphSpelling, isKnownSynchronizationSecretKey } from "../../core/synchronizationSecretKeys";

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

/**
 * The spellings state was written with, by Graph's spelling, for keys whose spelling was not yet Graph's: the plain
 * names of `credentialKeys` (0.1.0 stored every name as typed) and the keys of `singleUseFingerprints`. Later state
 * stores another spelling of a known name only as a fingerprint; then only the single-use keys are known.
 */
export function previousKeySpellings(old: Record<string, unknown>): Map<string, string> {
  const names = [
    ...(Array.isArray(old.credentialKeys) ? old.credentialKeys : []),
    ...(typeof old.singleUseFingerprints === "object" && old.singleUseFingerprints !== null
      ? Object.keys(old.singleUseFingerprints)
      : []),
  ].filter((name): name is string => typeof name === "string");
  const spellings = new Map<string, string>();
  for (const name of names) {
    const spelled = graphSpelling(name);
    if (spelled !== undefined && spelled !== name) spellings.set(spelled, name);
  }
  return spellings;
}
