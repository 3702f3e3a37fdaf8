/**
 * A recursive-descent parser for attribute-mapping expressions
 * (https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data):
 *
 *     expression := comparison END
 *     comparison := operand [ ("=" | "<>" | "<" | "<=" | ">" | ">=") operand ]
 *     operand    := NAME "(" [ argument { "," argument } ] ")"     a function call
 *                 | NAME                                          a bare name (InStr's vbBinaryCompare)
 *                 | ATTRIBUTE | STRING | NUMBER
 *     argument   := comparison | (nothing)                        an argument may be left out: `Replace(x, , "a")`
 *
 * It checks the shape only; which functions exist, how many arguments they take and where comparisons and bare
 * names may stand is `expressionRules.ts`. It never throws: any text gives a tree or a failure with a position.
 */

import {
  type Argument,
  type CallNode,
  type ComparisonOperator,
  type ExpressionNode,
  type Operand,
} from "./expressionTree";
import { cut } from "../../../core/inputs/messageText";
import { type Token, tokenize } from "./expressionTokens";
import { type SyntaxFailure } from "./syntaxFailure";

/**
 * Longer expressions are refused before they are read. Graph documents no limit; the docs' longest example is
 * under 500 characters, and a Switch over a few hundred codes stays under this. The limit bounds the work and the
 * memory of a check that runs in every preview.
 */
export const MAX_EXPRESSION_LENGTH = 16 * 1024;

/**
 * Function calls nested deeper than this are refused. Graph documents no limit; the docs' examples nest 6 deep,
 * and IIF chains (the docs' way to write AND and OR) rarely pass 20. It keeps the recursion far below the
 * JavaScript stack, so no input can overflow it.
 */
export const MAX_NESTING_DEPTH = 64;

export type ParseResult = { ok: true; tree: ExpressionNode } | { ok: false; failure: SyntaxFailure };

export function parseExpression(text: string): ParseResult {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return refuse(
      `the expression is ${text.length} characters long, more than the ${MAX_EXPRESSION_LENGTH} this check reads`,
      MAX_EXPRESSION_LENGTH,
      "",
    );
  }
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) {
    return { ok: false, failure: tokens };
  }
  if (tokens[0].kind === "end") {
    return refuse("the expression is empty", 0, "");
  }
  const parser = new Parser(tokens);
  const tree = parser.comparison(0);
  if ("message" in tree) {
    return { ok: false, failure: tree };
  }
  const after = parser.peek();
  if (after.kind !== "end") {
    return refuse(unexpectedAfterExpression(after), after.start, after.value);
  }
  return { ok: true, tree };
}

function refuse(message: string, position: number, token: string): ParseResult {
  return { ok: false, failure: { message, position, token } };
}

function unexpectedAfterExpression(token: Token): string {
  if (token.kind === ")") {
    return "a closing parenthesis without an opening one";
  }
  if (token.kind === ",") {
    return "a comma outside a function's parentheses";
  }
  return `the expression goes on after its end: ${describeToken(token)}`;
}

class Parser {
  private next = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.next];
  }

  private take(): Token {
    const token = this.tokens[this.next];
    if (token.kind !== "end") {
      this.next++;
    }
    return token;
  }

  comparison(depth: number): ExpressionNode | SyntaxFailure {
    const left = this.operand(depth);
    if ("message" in left) {
      return left;
    }
    if (this.peek().kind !== "operator") {
      return left;
    }
    const operator = this.take();
    const right = this.operand(depth);
    if ("message" in right) {
      return right;
    }
    const following = this.peek();
    if (following.kind === "operator") {
      return failure("comparisons do not chain: compare two values, and nest IIF for more", following);
    }
    return {
      kind: "comparison",
      operator: operator.value as ComparisonOperator,
      operatorStart: operator.start,
      left,
      right,
      start: left.start,
      end: right.end,
    };
  }

  private operand(depth: number): Operand | SyntaxFailure {
    const token = this.take();
    switch (token.kind) {
      case "attribute":
        return { kind: "attribute", name: token.value, start: token.start, end: token.end };
      case "string":
        return { kind: "string", value: token.value, start: token.start, end: token.end };
      case "number":
        return { kind: "number", text: token.value, start: token.start, end: token.end };
      case "name":
        return this.peek().kind === "("
          ? this.call(token, depth + 1)
          : { kind: "name", name: token.value, start: token.start, end: token.end };
      case "(":
        return failure("parentheses follow a function name; they do not group", token);
      default:
        return failure(
          `expected a function, an [attribute], a "string" or a number, found ${describeToken(token)}`,
          token,
        );
    }
  }

  private call(name: Token, depth: number): CallNode | SyntaxFailure {
    if (depth > MAX_NESTING_DEPTH) {
      return failure(`functions are nested more than ${MAX_NESTING_DEPTH} deep`, name);
    }
    this.take();
    const args: Argument[] = [];
    if (this.peek().kind !== ")") {
      for (;;) {
        const next = this.peek();
        if (next.kind === "end") {
          return failure(`${cut(name.value)}( is never closed with )`, next);
        }
        if (next.kind === "," || next.kind === ")") {
          args.push({ kind: "empty", start: next.start, end: next.start });
        } else {
          const argument = this.comparison(depth);
          if ("message" in argument) {
            return argument;
          }
          args.push(argument);
        }
        const separator = this.peek();
        if (separator.kind === ")") {
          break;
        }
        if (separator.kind !== ",") {
          return separator.kind === "end"
            ? failure(`${cut(name.value)}( is never closed with )`, separator)
            : failure(
                `expected , or ) in the arguments of ${cut(name.value)}, found ${describeToken(separator)}`,
                separator,
              );
        }
        this.take();
      }
    }
    const close = this.take();
    return {
      kind: "call",
      name: name.value,
      nameEnd: name.end,
      arguments: args,
      close: close.start,
      start: name.start,
      end: close.end,
    };
  }
}

function failure(message: string, token: Token): SyntaxFailure {
  return { message, position: token.start, token: token.value };
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the expression";
    case "attribute":
      return "an [attribute]";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "name":
      return "a name";
    case "operator":
      return `the operator ${token.value}`;
    default:
      return token.kind;
  }
}
