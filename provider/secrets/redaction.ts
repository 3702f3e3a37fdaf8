/**
 * Removing secrets from text that came from elsewhere (Graph's answers, Entra's and the SDKs' error messages) before
 * it is shown. Graph has been seen to quote rejected values back, and sign-in errors can carry assertions.
 */

/** What replaces a secret found in text. */
export const REDACTION = "[redacted]";

/**
 * Values shorter than this are not searched for: flags such as "1" or "no" are not secrets, and replacing every
 * "1" would garble request ids and dates.
 */
export const MIN_REDACTED_LENGTH = 4;

/** Anything shaped like a JWT (assertions, access tokens): removed even when it is not one of the known secrets. */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/**
 * Replaces every occurrence of each secret, longest first so that a secret holding another goes whole, and then
 * anything shaped like a JWT.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const scrubbed = searchedSecrets(secrets).reduce((result, secret) => result.split(secret).join(REDACTION), text);
  return scrubbed.replace(JWT_PATTERN, REDACTION);
}

/** The secrets worth searching for, longest first. */
export function searchedSecrets(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
}
