import type { CredentialPair } from "../../graph/credentialPair";
import { credentialFingerprint } from "./credentialFingerprint";
import { foldedKeyName, isSingleUseKey } from "../../graph/synchronizationSecretKeys";

/**
 * Single-use values (an `Oauth2AuthorizationCode`) are redeemed by the first authorization that carries them: sent
 * again, Graph refuses the whole call. State keeps, per single-use key, a salted fingerprint of the value last sent
 * (never the value), so that an update can tell "this code was already sent" and stop before Graph. State written
 * before these fingerprints existed has none: nothing is known, nothing is refused.
 */
export type SingleUseFingerprints = Record<string, string>;

/** The fingerprint of each single-use pair, keyed by its key; undefined when no pair is single-use. */
export function singleUseFingerprints(
  salt: string,
  pairs: readonly CredentialPair[],
): SingleUseFingerprints | undefined {
  const entries = pairs
    .filter((pair) => isSingleUseKey(pair.key))
    .map((pair) => [pair.key, credentialFingerprint(salt, [pair])] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * The single-use keys of `pairs` whose value is the one whose fingerprint `sent` holds. State written before keys
 * had one spelling keyed (and hashed) a fingerprint by the key as typed: each stored entry is compared under its own
 * spelling, so a spelling fix alone is still the code already sent.
 */
export function alreadySentSingleUseKeys(salt: string, sent: unknown, pairs: readonly CredentialPair[]): string[] {
  if (typeof sent !== "object" || sent === null) {
    return [];
  }
  const previous = Object.entries(sent as Record<string, unknown>);
  return pairs
    .filter((pair) => isSingleUseKey(pair.key))
    .filter((pair) =>
      previous.some(
        ([spelling, fingerprint]) =>
          foldedKeyName(spelling) === foldedKeyName(pair.key) &&
          fingerprint === credentialFingerprint(salt, [{ key: spelling, value: pair.value }]),
      ),
    )
    .map((pair) => pair.key);
}

/**
 * Refuses an authorization that would re-send a redeemed single-use value: nothing is sent, and the message names
 * the key and how to go on. It never contains a value.
 */
export class SingleUseValueAlreadySentError extends Error {
  readonly keys: readonly string[];

  constructor(target: string, keys: readonly string[], lastAuthorizedAt: string | undefined) {
    const sentAt = lastAuthorizedAt === undefined ? "" : ` on ${lastAuthorizedAt}`;
    super(
      `Not sent to ${target}: ${keys.map((key) => `"${key}"`).join(", ")} holds the value already sent${sentAt}. ` +
        `An authorization code is single-use, so Graph would refuse the whole authorization. Get a new code from ` +
        `the target application, supply it (a new value in credentials, or a reference to it in ` +
        `writeOnlyCredentials, e.g. a new Key Vault secret version), and run up again; to re-send only after a new ` +
        `code is in place, change triggers or writeOnlyCredentialsVersion together with it. Nothing was sent and ` +
        `the previous authorization is unchanged.`,
    );
    this.name = "SingleUseValueAlreadySentError";
    this.keys = keys;
  }
}
