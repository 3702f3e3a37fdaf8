/** What replaces a secret in text. */
export const REDACTED = "[secret]";

/**
 * The text with every occurrence of each secret replaced by `[secret]`. Longer secrets go first, so a secret that
 * contains another is removed whole.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const ordered = [...new Set(secrets)].filter((s) => s !== "").sort((a, b) => b.length - a.length);
  let result = text;
  for (const value of ordered) result = result.split(value).join(REDACTED);
  return result;
}
