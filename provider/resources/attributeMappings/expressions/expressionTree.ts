/**
 * The parsed form of an attribute-mapping expression: what the syntax checker hands to the function checks. Every
 * node keeps where it starts and ends in the text (0-based, end exclusive) so that each error can name a position.
 */

/** `[attributeName]`: `name` is the text between the brackets, as written. */
export interface AttributeNode {
  readonly kind: "attribute";
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** `"text"`: `value` is the text with its escapes (`\"`, `\\`) undone. */
export interface StringNode {
  readonly kind: "string";
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** `7`, `-10`, `&HF7`: kept as written; nothing here computes with it. */
export interface NumberNode {
  readonly kind: "number";
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A bare name that is not called, such as InStr's `vbBinaryCompare`. */
export interface NameNode {
  readonly kind: "name";
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export const COMPARISON_OPERATORS = ["=", "<>", "<", "<=", ">", ">="] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** `left op right`, as in `IIF([country]="USA", …)`. Comparisons do not chain: both sides are operands. */
export interface ComparisonNode {
  readonly kind: "comparison";
  readonly operator: ComparisonOperator;
  readonly operatorStart: number;
  readonly left: Operand;
  readonly right: Operand;
  readonly start: number;
  readonly end: number;
}

/**
 * An argument left out between commas, as in `Replace([mail], "@contoso.com", , , "", , )`. It sits where the
 * argument would have started (the next comma or the closing parenthesis), so `start === end`.
 */
export interface EmptyArgument {
  readonly kind: "empty";
  readonly start: number;
  readonly end: number;
}

/** `Name(argument, …)`; `Name()` has no arguments, `Name(,)` has two empty ones. */
export interface CallNode {
  readonly kind: "call";
  readonly name: string;
  readonly nameEnd: number;
  readonly arguments: readonly Argument[];
  /** Where the closing parenthesis is. */
  readonly close: number;
  readonly start: number;
  readonly end: number;
}

export type Operand = CallNode | AttributeNode | StringNode | NumberNode | NameNode;
export type ExpressionNode = Operand | ComparisonNode;
export type Argument = ExpressionNode | EmptyArgument;
