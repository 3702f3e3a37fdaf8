import fc from "fast-check";
import { MIN_REDACTED_LENGTH, REDACTION, WITHHELD_TEXT } from "../../provider/secrets/redaction";

/**
 * Credential values that are hard to redact: 1 to 3 characters, any graphemes, and strings of quotes, backslashes,
 * markup, non-ASCII and URL/base64 specials, from `minLength` characters on (1 to 3 are always among them).
 */
export function awkwardValue(minLength = 1): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ minLength: 1, maxLength: 3 }),
    fc.string({ unit: "grapheme", minLength, maxLength: 14 }),
    fc.string({
      unit: fc.constantFrom('"', "\\", "'", "<", ">", "&", "ö", "ı", "€", " ", "+", "/", "=", "a", "Z", "1"),
      minLength,
      maxLength: 12,
    }),
  );
}

/**
 * How a server may echo a value back, written here without the redactor's helpers so that the two can disagree:
 * raw, JSON-escaped, HTML-escaped, URL-encoded and base64 (standalone and inside a longer base64 text).
 */
export const ECHOES: Record<string, (value: string) => string> = {
  raw: (value) => value,
  json: (value) => JSON.stringify(value).slice(1, -1),
  jsonAscii: (value) =>
    JSON.stringify(value)
      .slice(1, -1)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  html: (value) =>
    value
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;"),
  url: (value) => encodeURIComponent(value),
  form: (value) => encodeURIComponent(value).replace(/%20/g, "+"),
  base64: (value) => Buffer.from(value, "utf8").toString("base64"),
  base64url: (value) => Buffer.from(value, "utf8").toString("base64url"),
  base64InText: (value) => Buffer.from(`{"token":"${value}"}`, "utf8").toString("base64"),
};

/**
 * Whether `text` still holds any echo of `value` (the test's own check, independent of the redactor's). The
 * redactor's own fixed words (its marker, the notice that a text was left out) reveal nothing and are not searched.
 */
export function holdsEcho(text: string, value: string): boolean {
  return text !== WITHHELD_TEXT && text.split(REDACTION).some((part) => partHoldsEcho(part, value));
}

function partHoldsEcho(text: string, value: string): boolean {
  if (Object.values(ECHOES).some((echo) => echo !== ECHOES.base64InText && text.includes(echo(value)))) {
    return true;
  }
  // Inside a longer base64 text only the characters that depend on the value alone are fixed.
  return [0, 1, 2].some((offset) => {
    const inner = innerBase64(value, offset);
    return inner.length >= MIN_REDACTED_LENGTH && text.includes(inner);
  });
}

function innerBase64(value: string, offset: number): string {
  const bytes = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(value, "utf8")]);
  const encoded = bytes.toString("base64").replace(/=+$/, "");
  const start = Math.ceil((offset * 8) / 6);
  const end = Math.floor((bytes.length * 8) / 6);
  return encoded.slice(start, end);
}
