/**
 * Random well-formed expressions for property tests: trees that follow the documented function table (arities,
 * empty optional places, Switch's pairs, SelectUniqueValue only at the top, InStr's bare names), and the printer
 * that writes them as text, escaping strings as the reference says (`\"` and `\\`).
 */

import fc from "fast-check";
import {
  EXPRESSION_FUNCTIONS,
  type ExpressionFunction,
  minimumArguments,
} from "../../../../provider/resources/attributeMappings/expressions/expressionFunctions";
import {
  COMPARISON_OPERATORS,
  type ComparisonOperator,
} from "../../../../provider/resources/attributeMappings/expressions/expressionTree";

/** A tree without positions: what the parser's tree becomes once positions are dropped. */
export type Shape =
  | { kind: "call"; name: string; arguments: (Shape | { kind: "empty" })[] }
  | { kind: "attribute"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; text: string }
  | { kind: "name"; name: string }
  | { kind: "comparison"; operator: ComparisonOperator; left: Shape; right: Shape };

const attributeName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:\- ]{0,24}$/).filter((name) => name.trim() !== "");
const number = fc.oneof(
  fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).map(String),
  fc.integer({ min: 0, max: 0xffffff }).map((n) => `&H${n.toString(16).toUpperCase()}`),
);

const leaf: fc.Arbitrary<Shape> = fc.oneof(
  attributeName.map((name) => ({ kind: "attribute" as const, name })),
  fc.string({ unit: "grapheme", maxLength: 12 }).map((value) => ({ kind: "string" as const, value })),
  fc.string({ unit: fc.constantFrom('"', "\\", "a", " ", "\n"), maxLength: 6 }).map((value) => ({
    kind: "string" as const,
    value,
  })),
  number.map((text) => ({ kind: "number" as const, text })),
);

const NESTABLE = EXPRESSION_FUNCTIONS.filter((fn) => fn.topLevelOnly !== true);

function callOf(fn: ExpressionFunction, argument: fc.Arbitrary<Shape>): fc.Arbitrary<Shape> {
  const minimum = minimumArguments(fn);
  const group = fn.repeated?.names.length ?? 1;
  const extra = fn.repeated
    ? fc.integer({ min: 0, max: 2 }).map((groups) => groups * group)
    : fc.integer({ min: 0, max: fn.parameters.length - minimum });
  return extra.chain((more) => {
    const places = Array.from({ length: minimum + more }, (_, index) => {
      const parameter = fn.parameters[index];
      const choices: fc.Arbitrary<Shape | { kind: "empty" }>[] = [argument];
      if (parameter?.optional === true) {
        choices.push(fc.constant({ kind: "empty" as const }));
      }
      if (fn.names?.position === index) {
        choices.push(fc.constantFrom(...fn.names.allowed).map((name) => ({ kind: "name" as const, name })));
      }
      return fc.oneof(...choices);
    });
    return fc.tuple(...places).map((args) => ({ kind: "call" as const, name: fn.name, arguments: args }));
  });
}

/** A well-formed expression tree, nested up to about five calls deep. */
export const wellFormedTree: fc.Arbitrary<Shape> = fc.letrec<{ operand: Shape; argument: Shape; top: Shape }>(
  (tie) => ({
    operand: fc.oneof(
      { maxDepth: 5, depthSize: "small", withCrossShrink: true },
      leaf,
      fc.constantFrom(...NESTABLE).chain((fn) => callOf(fn, tie("argument"))),
    ),
    argument: fc.oneof(
      { weight: 4, arbitrary: tie("operand") },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...COMPARISON_OPERATORS), tie("operand"), tie("operand"))
          .map(([operator, left, right]) => ({ kind: "comparison" as const, operator, left, right })),
      },
    ),
    top: fc.oneof(
      { weight: 6, arbitrary: tie("operand") },
      {
        weight: 1,
        arbitrary: callOf(
          EXPRESSION_FUNCTIONS.find((fn) => fn.topLevelOnly === true) as ExpressionFunction,
          tie("operand"),
        ),
      },
    ),
  }),
).top;

/** The text of a tree; `spacing` is written around commas and operators (the grammar ignores it). */
export function printExpression(shape: Shape, spacing = " "): string {
  switch (shape.kind) {
    case "call":
      return `${shape.name}(${shape.arguments
        .map((argument) => (argument.kind === "empty" ? spacing : printExpression(argument, spacing)))
        .join(`,${spacing}`)})`;
    case "attribute":
      return `[${shape.name}]`;
    case "string":
      return `"${shape.value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
    case "number":
      return shape.text;
    case "name":
      return shape.name;
    case "comparison":
      return `${printExpression(shape.left, spacing)}${spacing}${shape.operator}${spacing}${printExpression(shape.right, spacing)}`;
  }
}

/** The parser's tree with every position dropped, to compare with a generated Shape. */
export function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutPositions);
  }
  if (node !== null && typeof node === "object") {
    const POSITIONS = new Set(["start", "end", "nameEnd", "close", "operatorStart"]);
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => !POSITIONS.has(key))
        .map(([key, value]) => [key, withoutPositions(value)]),
    );
  }
  return node;
}

/**
 * Pieces of the language, so that random text reaches deep into a parser rather than failing at once: the
 * checker's own property tests and its fuzz against the emulator's parser both join them at random.
 */
export const PIECE = fc.constantFrom(
  "Append(",
  "Switch(",
  "IIF(",
  "SelectUniqueValue(",
  "InStr(",
  "FormatDateTime(",
  "Nowx(",
  "(",
  ")",
  ",",
  ", ,",
  "[mail]",
  "[",
  "]",
  '"',
  '"a\\"b"',
  "\\",
  "&H",
  "&HF",
  "-",
  "-1",
  "7",
  ".",
  "=",
  "<>",
  ">=",
  "vbBinaryCompare",
  " ",
  "\n",
  "\u00a0",
  "\u200b",
  "\ud83d",
  "é",
);
/** Up to 40 pieces joined: mostly malformed, sometimes a valid expression. */
export const languageLike = fc.array(PIECE, { maxLength: 40 }).map((pieces) => pieces.join(""));
