import { credentialFingerprint } from "./credentialFingerprint";
import { graphSpelling, isKnownSynchronizationSecretKey } from "../../graph/synchronizationSecretKeys";

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
 * The spellings state was written with, by Graph's spelling, for the keys of `keys` whose spelling was not yet
 * Graph's: the plain names of `credentialKeys` (0.1.0 stored every name as typed), the keys of
 * `singleUseFingerprints`, and, for a name later state stored only as a fingerprint, the usual other spellings of
 * each key (all lower case, all upper case, a lower-case first letter) whose fingerprint it is. A rarer spelling is
 * not found: the change then counts as one, and a single-use code is still never sent twice (singleUseValues).
 */
export function previousKeySpellings(old: Record<string, unknown>, keys: readonly string[]): Map<string, string> {
  const stored = (Array.isArray(old.credentialKeys) ? old.credentialKeys : []).filter(
    (name): name is string => typeof name === "string",
  );
  const singleUse =
    typeof old.singleUseFingerprints === "object" && old.singleUseFingerprints !== null
      ? Object.keys(old.singleUseFingerprints)
      : [];
  const spellings = new Map<string, string>();
  for (const name of [...stored, ...singleUse]) {
    const spelled = graphSpelling(name);
    if (spelled !== undefined && spelled !== name) spellings.set(spelled, name);
  }
  const salt = typeof old.fingerprintSalt === "string" ? old.fingerprintSalt : undefined;
  if (salt === undefined) return spellings;
  for (const key of keys) {
    if (spellings.has(key) || graphSpelling(key) !== key || stored.includes(key)) continue;
    const found = usualOtherSpellings(key).find((candidate) => stored.includes(storedKeyName(salt, candidate)));
    if (found !== undefined) spellings.set(key, found);
  }
  return spellings;
}

function usualOtherSpellings(key: string): string[] {
  return [key.toLowerCase(), key.toUpperCase(), key[0].toLowerCase() + key.slice(1)].filter((k) => k !== key);
}
