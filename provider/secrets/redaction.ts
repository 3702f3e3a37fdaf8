/**
 * The one redactor. Text from elsewhere (Graph's answers, a SCIM target's echo through validateCredentials, Key
 * Vault's, Entra's and the SDKs' error messages) and every message the plugin host hands the engine pass through
 * {@link redactSecrets} before a person sees them. A server may quote a value back as it was sent or encoded, so each
 * value is searched for in every form listed by {@link echoForms}.
 */

/** What replaces a secret found in text. */
export const REDACTION = "[redacted]";

/**
 * Values shorter than this cannot be cut out of a text safely: "xyz" or "1" occur inside ordinary words and numbers,
 * so replacing them would garble the text and still not prove the value gone. A text in which such a value appears
 * is left out whole ({@link WITHHELD_TEXT}).
 */
export const MIN_REDACTED_LENGTH = 4;

/** Said instead of a text in which a value appears that cannot be cut out (too short, or partly escaped). */
export const WITHHELD_TEXT = `[withheld: it holds a secret value that cannot be cut out safely (shorter than ${MIN_REDACTED_LENGTH} characters, or partly escaped)]`;

/** Anything shaped like a JWT (assertions, access tokens): removed even when it is not one of the known secrets. */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

/**
 * The text with every form of every secret replaced by {@link REDACTION} (longest first, in one pass, so a secret
 * holding another goes whole and the marker is never searched again), then anything shaped like a JWT. When a value
 * is still found afterwards — a value shorter than {@link MIN_REDACTED_LENGTH}, or pieces joined around a marker —
 * the whole text is replaced by {@link WITHHELD_TEXT}.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const values = [...new Set(secrets)].filter((value) => value !== "");
  const long = values.filter((value) => value.length >= MIN_REDACTED_LENGTH);
  const forms = [...new Set(long.flatMap((value) => [...echoForms(value), ...base64Fragments(value)]))].sort(
    (a, b) => b.length - a.length,
  );
  const replaced =
    forms.length === 0 ? text : text.replace(new RegExp(forms.map(escapeRegExp).join("|"), "g"), REDACTION);
  const search = formsOf(values);
  const scrubbed = replaced
    .replace(JWT_PATTERN, REDACTION)
    .replace(BASE64_RUN, (run) => (encodedTextHolds(run, search.echoes) ? REDACTION : run));
  // The parts between markers are searched at once (not each on its own, which cost seconds for a text of many
  // markers), joined by a NUL: no encoded form holds one, and no base64 run or escape spans it.
  return leaks(scrubbed.split(REDACTION).join("\u0000"), search) ? WITHHELD_TEXT : scrubbed;
}

/** Whether `text` holds any form of any of `secrets` (empty ones ignored), a base64-encoded text holding one too. */
export function leaksAny(text: string, secrets: readonly string[]): boolean {
  return leaks(text, formsOf(secrets));
}

/** Every value's forms, computed once per call: a text may hold thousands of base64 runs and markers. */
interface SearchForms {
  /** Each value's echo forms and base64 fragments. */
  all: readonly string[];
  /** Each value's echo forms only (for a decoded base64 text). */
  echoes: readonly string[];
  /** The values themselves (for a decoded view of the text). */
  raw: readonly string[];
}

function formsOf(secrets: readonly string[]): SearchForms {
  const raw = [...new Set(secrets)].filter((value) => value !== "");
  const echoes = [...new Set(raw.flatMap((value) => echoForms(value)))];
  return { all: [...new Set([...echoes, ...raw.flatMap((value) => base64Fragments(value))])], echoes, raw };
}

function leaks(text: string, search: SearchForms): boolean {
  return (
    search.all.some((form) => text.includes(form)) ||
    decodedViews(text).some((view) => search.raw.some((value) => view.includes(value))) ||
    (text.match(BASE64_RUN) ?? []).some((run) => encodedTextHolds(run, search.echoes))
  );
}

/** How many layers of escaping are undone (a value JSON-escaped, then HTML-escaped, then URL-encoded is three). */
const DECODING_ROUNDS = 4;

/**
 * The text with its escapes undone, one layer per view: a server may escape only some characters (System.Text.Json
 * writes `+` as `\u002B`, PHP `'` as `&#039;`, urllib `!` as `%21`) or escape twice, and no list of forms of a value
 * covers them all. A view that holds a value raw means the text spells it.
 */
function decodedViews(text: string): string[] {
  const views: string[] = [];
  let view = text;
  for (let round = 0; round < DECODING_ROUNDS; round++) {
    const next = unescapeOnce(view);
    if (next === view) break;
    views.push(next);
    view = next;
  }
  return views;
}

const ESCAPE =
  /(?:%[0-9A-Fa-f]{2})+|&#[xX]([0-9A-Fa-f]{1,6});?|&#([0-9]{1,7});?|&(amp|lt|gt|quot|apos|nbsp);|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\(["\\/'bfnrt])/g;
const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const SIMPLE: Readonly<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function unescapeOnce(text: string): string {
  return text.replace(ESCAPE, (match, hexEntity, decimalEntity, named, unicode, hexByte, simple) => {
    if (match.startsWith("%")) return Buffer.from(match.replace(/%/g, ""), "hex").toString("utf8");
    const code =
      hexEntity !== undefined
        ? parseInt(hexEntity, 16)
        : decimalEntity !== undefined
          ? parseInt(decimalEntity, 10)
          : unicode !== undefined
            ? parseInt(unicode, 16)
            : hexByte !== undefined
              ? parseInt(hexByte, 16)
              : undefined;
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    if (named !== undefined) return NAMED[named];
    return SIMPLE[simple] ?? simple;
  });
}

/** A run of base64 or base64url characters long enough to hold an encoded text. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

/** Not fatal: a thrown error per run that is not UTF-8 (most words) cost seconds for a text of many runs. */
const UTF8 = new TextDecoder("utf-8");

/** Control characters other than whitespace: decoded bytes holding one are not a text. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Whether a base64 run decodes to text (strict UTF-8, no control characters but whitespace) holding a value in any
 * form: a value of any length inside an encoded document (`{"token":"…"}` in base64) is found so, where searching
 * for its own encoding cannot find a value shorter than a few bytes. Runs that are ordinary words decode to bytes
 * that are not text, and are left alone.
 */
function encodedTextHolds(run: string, echoes: readonly string[]): boolean {
  const decoded = UTF8.decode(Buffer.from(run, /[-_]/.test(run) ? "base64url" : "base64"));
  if (decoded.includes("\uFFFD")) {
    return false;
  }
  return !NOT_TEXT.test(decoded) && echoes.some((form) => decoded.includes(form));
}

/**
 * The forms in which a server may quote `value` back: as it is; JSON-escaped (with non-ASCII as it is or as
 * `\uXXXX`, and `/` as `\/`); HTML-escaped (named and numeric entities); URL-encoded (either hex case, space as
 * `%20` or `+`); base64 and base64url, with and without padding. The raw form comes first.
 */
export function echoForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  // URL encoders replace a lone surrogate (no UTF-8 for it) as Buffer does; encodeURIComponent would throw.
  const url = encodeURIComponent(wellFormed(value));
  const bytes = Buffer.from(value, "utf8");
  const forms = [
    value,
    json,
    asciiJson(json, (hex) => hex),
    asciiJson(json, (hex) => hex.toUpperCase()),
    json.replace(/\//g, "\\/"),
    ...HTML_ENTITY_SETS.map((entities) => value.replace(/[&<>"']/g, (c) => entities[c])),
    url,
    url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    url.replace(/%20/g, "+"),
    encodeURI(wellFormed(value)),
    bytes.toString("base64"),
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
  ];
  return [...new Set(forms)].filter((form) => form !== "");
}

/** Entities HTML escapers use for the five characters they escape. */
const HTML_ENTITY_SETS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" },
  { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#x27;" },
  { "&": "&#38;", "<": "&#60;", ">": "&#62;", '"': "&quot;", "'": "&apos;" },
];

function asciiJson(json: string, hexCase: (hex: string) => string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${hexCase(c.charCodeAt(0).toString(16).padStart(4, "0"))}`);
}

/**
 * Inside a longer base64 text (a token or a JSON document encoded whole) the value's own characters depend on where
 * it starts: for each of the three alignments, the characters fixed by the value's bytes alone, in base64 and
 * base64url. Fragments shorter than {@link MIN_REDACTED_LENGTH} would match by chance and are left out.
 */
function base64Fragments(value: string): string[] {
  const fragments = [0, 1, 2].flatMap((offset) => {
    const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(value, "utf8")]);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor((bytes.length * 8) / 6);
    return [bytes.toString("base64").slice(start, end), bytes.toString("base64url").slice(start, end)];
  });
  return fragments.filter((fragment) => fragment.length >= MIN_REDACTED_LENGTH);
}

function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
