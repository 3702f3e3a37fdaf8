/**
 * The tokens of Microsoft Entra's attribute-mapping expression language, as "Reference for writing expressions for
 * attribute mappings in Microsoft Entra ID" shows them
 * (https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data,
 * "Syntax overview" and the examples of each function):
 *
 * - a function name (letters, digits, `_`; case-sensitive), or a bare name such as InStr's `vbBinaryCompare`;
 * - `[attributeName]`: any characters but `[`, `]` and line breaks or other control characters. The docs show
 *   dots and colons (`[urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode]`, page
 *   "inbound-provisioning-api-custom-attributes"); they say nothing of spaces, which are kept as written;
 * - `"text"`: a backslash or a quotation mark inside is written `\\` or `\"` ("if you need a backslash ( \ ) or
 *   quotation mark ( " ) in the string, it must be escaped with the backslash"); any other backslash is refused;
 * - numbers: digits (`DateAdd("d", 7, …)`, `DateFromNum(129699324000000000)`), negative ones (DateAdd's value
 *   "can be positive … or negative"), and VBA hexadecimal (`BitAnd(&HF, &HF7)`); no decimals, none documented;
 * - `(`, `)`, `,` and the comparison operators of IIF's condition: `=`, `<>`, `>`, `>=`, `<`, `<=`;
 * - spaces, tabs and line breaks between tokens (the docs' examples span lines).
 */

import { type ComparisonOperator } from "./expressionTree";
import { type SyntaxFailure } from "./syntaxFailure";

export type TokenKind = "name" | "attribute" | "string" | "number" | "(" | ")" | "," | "operator" | "end";

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** The name, the attribute's name, the string's decoded value, the number or operator as written. */
  readonly value: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const HEX_DIGIT = /[0-9A-Fa-f]/;
const WHITESPACE = /[ \t\r\n]/;
/** C0 and C1 controls: a line break inside brackets or a stray control character is a typo, not a name. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function tokenize(text: string): Token[] | SyntaxFailure {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (WHITESPACE.test(char)) {
      at++;
      continue;
    }
    const scanned = scanToken(text, at);
    if ("message" in scanned) {
      return scanned;
    }
    tokens.push(scanned);
    at = scanned.end;
  }
  tokens.push({ kind: "end", start: text.length, end: text.length, value: "" });
  return tokens;
}

function scanToken(text: string, at: number): Token | SyntaxFailure {
  const char = text[at];
  if (char === "(" || char === ")" || char === ",") {
    return { kind: char, start: at, end: at + 1, value: char };
  }
  if (char === '"') {
    return scanString(text, at);
  }
  if (char === "[") {
    return scanAttribute(text, at);
  }
  if (char === "]") {
    return failure("a closing bracket without an opening one", at, char);
  }
  if (char === "=" || char === "<" || char === ">") {
    return scanOperator(text, at);
  }
  if (DIGIT.test(char) || char === "-" || char === "&") {
    return scanNumber(text, at);
  }
  if (NAME_START.test(char)) {
    let end = at + 1;
    while (end < text.length && NAME_PART.test(text[end])) {
      end++;
    }
    return { kind: "name", start: at, end, value: text.slice(at, end) };
  }
  if (char === "'") {
    return failure("strings are written in double quotes, not single quotes", at, char);
  }
  return failure(`unexpected character ${describeCharacter(text, at)}`, at, text.slice(at, at + 2));
}

function scanString(text: string, open: number): Token | SyntaxFailure {
  let value = "";
  let at = open + 1;
  while (at < text.length) {
    const char = text[at];
    if (char === '"') {
      return { kind: "string", start: open, end: at + 1, value };
    }
    if (char === "\\") {
      const next = text[at + 1];
      if (next === '"' || next === "\\") {
        value += next;
        at += 2;
        continue;
      }
      if (next !== undefined) {
        return failure(
          `a backslash in a string escapes only \\" or \\\\; write a backslash itself as \\\\`,
          at,
          text.slice(at, at + 2),
        );
      }
    }
    value += char;
    at++;
  }
  return failure("this string is never closed with a double quote", open, '"');
}

function scanAttribute(text: string, open: number): Token | SyntaxFailure {
  let at = open + 1;
  while (at < text.length && text[at] !== "]") {
    const char = text[at];
    if (char === "[") {
      return failure("an attribute name cannot contain [; is a ] missing before it?", at, char);
    }
    if (CONTROL.test(char)) {
      return failure(
        `an attribute name cannot contain the control character ${describeCharacter(text, at)}; is a ] missing?`,
        at,
        char,
      );
    }
    at++;
  }
  if (at >= text.length) {
    return failure("this attribute name is never closed with ]", open, "[");
  }
  const name = text.slice(open + 1, at);
  if (name.trim() === "") {
    return failure("an attribute name is missing between [ and ]", open, text.slice(open, at + 1));
  }
  return { kind: "attribute", start: open, end: at + 1, value: name };
}

function scanOperator(text: string, at: number): Token {
  const two = text.slice(at, at + 2);
  const operator: ComparisonOperator = two === "<>" || two === "<=" || two === ">=" ? two : (text[at] as "=");
  return { kind: "operator", start: at, end: at + operator.length, value: operator };
}

function scanNumber(text: string, start: number): Token | SyntaxFailure {
  let at = start;
  if (text[at] === "&") {
    if (text[at + 1] !== "H" || !HEX_DIGIT.test(text[at + 2] ?? "")) {
      return failure("& starts a hexadecimal number such as &HF7 and nothing else", at, text.slice(at, at + 3));
    }
    at += 2;
    while (at < text.length && HEX_DIGIT.test(text[at])) {
      at++;
    }
  } else {
    if (text[at] === "-") {
      at++;
      if (!DIGIT.test(text[at] ?? "")) {
        return failure("- is only the sign of a number such as -10", start, "-");
      }
    }
    while (at < text.length && DIGIT.test(text[at])) {
      at++;
    }
  }
  if (at < text.length && (NAME_PART.test(text[at]) || text[at] === ".")) {
    return failure(
      text[at] === "."
        ? "numbers are whole numbers; write a decimal as a string"
        : "a number runs into letters; is a comma or a quote missing?",
      at,
      text.slice(start, at + 1),
    );
  }
  return { kind: "number", start, end: at, value: text.slice(start, at) };
}

function failure(message: string, position: number, token: string): SyntaxFailure {
  return { message, position, token };
}

/** `"x"` for a visible character, `U+00A0` for one that prints as nothing or as something else. */
function describeCharacter(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0;
  const char = String.fromCodePoint(code);
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `"${char}"` : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
