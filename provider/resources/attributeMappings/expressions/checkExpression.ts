/**
 * The local check of one attribute-mapping expression, for `check` (no network): the syntax and the documented
 * functions and arities. Graph's `parseExpression` stays the final word; this catches in preview what the docs
 * say Graph refuses. The caller names the property (`objectMappings[0].attributeMappings[3].source`) before the
 * message, which names the position and shows only a short excerpt around it.
 */

import { parseExpression } from "./expressionSyntax";
import { checkRules } from "./expressionRules";
import { type SyntaxFailure } from "./syntaxFailure";

export type ExpressionCheck = { ok: true } | { ok: false; message: string; position: number };

/** Characters of the expression shown on each side of the position. */
export const EXCERPT_RADIUS = 16;

export function checkExpression(text: unknown): ExpressionCheck {
  if (typeof text !== "string") {
    return { ok: false, message: "an expression is a string", position: 0 };
  }
  const parsed = parseExpression(text);
  const failure = parsed.ok ? checkRules(text, parsed.tree) : parsed.failure;
  if (failure === undefined) {
    return { ok: true };
  }
  return { ok: false, message: describeFailure(text, failure), position: failure.position };
}

function describeFailure(text: string, failure: SyntaxFailure): string {
  const where = failure.position >= text.length ? "at the end" : `at position ${failure.position}`;
  return `${failure.message} (${where}: ${excerpt(text, failure.position)})`;
}

/**
 * Up to EXCERPT_RADIUS characters on each side of the position, `»` marking it, `…` where text was cut, and
 * line breaks, controls and invisible characters shown as `\uXXXX`: a message never carries the expression whole.
 */
export function excerpt(text: string, position: number): string {
  const from = Math.max(0, position - EXCERPT_RADIUS);
  const to = Math.min(text.length, position + EXCERPT_RADIUS);
  const before = (from > 0 ? "…" : "") + visible(text.slice(from, position));
  const after = visible(text.slice(position, to)) + (to < text.length ? "…" : "");
  return `${before}»${after}`;
}

const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

function visible(text: string): string {
  return text.replace(HIDDEN, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}
