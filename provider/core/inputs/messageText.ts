/**
 * Text helpers for input failures and warnings: what they may echo of the input, and how. They quote ids, key
 * names and other non-secret text only, cut short so that absurd input keeps messages readable.
 */

/** Ids, key names and other echoed text longer than this are cut in messages. */
const MAX_ECHO_LENGTH = 80;

/** Names longer than this are not compared for "did you mean" suggestions (the edit distance is quadratic). */
const MAX_SUGGESTION_INPUT_LENGTH = 64;
const MAX_SUGGESTION_DISTANCE = 2;

/** "a string", "a list", "null": what a value is, for messages that must not show it. */
export function describeType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * What a refused free-text input was, without showing it: text typed into the wrong field may be a secret (a token
 * pasted as an id), and messages reach logs and pull requests.
 */
export function describeHiddenText(text: string): string {
  return `a ${text.length}-character string, not shown in case it is a secret in the wrong field`;
}

/** `credentials.SecretToken` for identifier-like names, `credentials["odd name"]` otherwise. */
export function propertyPath(parent: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) && name.length <= MAX_ECHO_LENGTH
    ? `${parent}.${name}`
    : `${parent}[${quote(name)}]`;
}

/** The name itself, cut to 80 characters with its length given: for property paths. */
export function cut(text: string): string {
  return text.length <= MAX_ECHO_LENGTH ? text : `${text.slice(0, MAX_ECHO_LENGTH)}…(${text.length} characters)`;
}

/**
 * Non-secret text (ids, key names, settings) quoted for a message; text over 80 characters is cut and its length
 * given, so absurd input keeps messages readable.
 */
export function quote(text: string): string {
  return text.length <= MAX_ECHO_LENGTH
    ? escapeInvisible(JSON.stringify(text))
    : `${escapeInvisible(JSON.stringify(text.slice(0, MAX_ECHO_LENGTH)))}…(${text.length} characters)`;
}

/**
 * Zero-width, bidi-control and other format characters (Unicode category Cf, e.g. U+200B, U+202E, U+FEFF) shown
 * as `\uXXXX`: printed raw they hide, or reorder, what a message says.
 */
const INVISIBLE = /\p{Cf}/gu;

function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => `\\u${char.codePointAt(0)?.toString(16).padStart(4, "0")}`);
}

/** " (did you mean \"x\"?)" for a name one case change or two edits away from a candidate, otherwise "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  if (name.length > MAX_SUGGESTION_INPUT_LENGTH) {
    return "";
  }
  const folded = name.toLowerCase();
  const sameButCase = candidates.find((candidate) => candidate.toLowerCase() === folded);
  if (sameButCase !== undefined) {
    return ` (did you mean ${quote(sameButCase)}?)`;
  }
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance <= MAX_SUGGESTION_DISTANCE && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best === undefined ? "" : ` (did you mean ${quote(best.candidate)}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
