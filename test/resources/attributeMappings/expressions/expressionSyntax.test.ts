import { strict as assert } from "node:assert";
import {
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  parseExpression,
} from "../../../../provider/resources/attributeMappings/expressions/expressionSyntax";
import { FUNCTION_REFERENCE_EXAMPLES, OTHER_PAGE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE } from "./documentedExamples";

function failureOf(text: string): { message: string; position: number; token: string } {
  const result = parseExpression(text);
  assert.ok(!result.ok, `expected ${JSON.stringify(text)} to be refused`);
  return result.failure;
}

describe("parseExpression (the grammar)", () => {
  it("reads every expression of Microsoft's pages", () => {
    for (const text of [...FUNCTION_REFERENCE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE, ...OTHER_PAGE_EXAMPLES]) {
      const result = parseExpression(text);
      assert.ok(result.ok, `${text}: ${result.ok ? "" : result.failure.message}`);
    }
  });

  it("keeps positions, escapes undone, empty arguments and comparisons in the tree", () => {
    const result = parseExpression('IIF([a b.c]="x\\"y\\\\", , -10)');
    assert.ok(result.ok);
    assert.deepEqual(result.tree, {
      kind: "call",
      name: "IIF",
      nameEnd: 3,
      close: 27,
      start: 0,
      end: 28,
      arguments: [
        {
          kind: "comparison",
          operator: "=",
          operatorStart: 11,
          left: { kind: "attribute", name: "a b.c", start: 4, end: 11 },
          right: { kind: "string", value: 'x"y\\', start: 12, end: 20 },
          start: 4,
          end: 20,
        },
        { kind: "empty", start: 22, end: 22 },
        { kind: "number", text: "-10", start: 24, end: 27 },
      ],
    });
  });

  it("reads Name() as no argument and Name(,) as two empty ones", () => {
    const none = parseExpression("Now( )");
    assert.ok(none.ok && none.tree.kind === "call");
    assert.equal(none.tree.arguments.length, 0);
    const two = parseExpression("Now(,)");
    assert.ok(two.ok && two.tree.kind === "call");
    assert.deepEqual(
      two.tree.arguments.map((a) => a.kind),
      ["empty", "empty"],
    );
  });

  // [text, position, a word of the message]
  const MALFORMED: readonly [string, number, string][] = [
    ["", 0, "empty"],
    [" \n\t", 0, "empty"],
    ['Append([mail], "x"', 18, "never closed"],
    ["Append(", 7, "never closed"],
    ['Append([mail] "x")', 14, "expected , or )"],
    ['Append([mail], "x"))', 19, "closing parenthesis"],
    ['Append([mail], "x"), [b]', 19, "comma outside"],
    ['Append([mail], "x") [b]', 20, "goes on after its end"],
    ['Append([mail, "x")', 7, "never closed with ]"],
    ['Append([mail\n], "x")', 12, "control character"],
    ["Append([mail", 7, "never closed with ]"],
    ['Append([], "x")', 7, "name is missing"],
    ['Append([ ], "x")', 7, "name is missing"],
    ['Append([a[b]], "x")', 9, "cannot contain ["],
    ['Append(mail], "x")', 11, "closing bracket without"],
    ['Append([mail], "x)', 15, "never closed with a double quote"],
    ['Append([mail], "a\\d")', 17, "backslash"],
    ['Append([mail], "a\\")', 15, "never closed with a double quote"],
    ["Append([mail], 'x')", 15, "single quotes"],
    ['Append([mail], "x");', 19, "unexpected character"],
    ['Append([mail],\u00a0"x")', 14, "U+00A0"],
    ['Append([mail], "x")\u200b', 19, "U+200B"],
    ['Left("abc", 3.5)', 13, "whole numbers"],
    ['Left("abc", 3x)', 13, "runs into letters"],
    ['Left("abc", - 3)', 12, "sign of a number"],
    ["BitAnd(&F, 1)", 7, "hexadecimal"],
    ["BitAnd(&hF, 1)", 7, "hexadecimal"],
    ['Append(([mail]), "x")', 7, "do not group"],
    ['IIF([a]=[b]=[c], "x", "y")', 11, "do not chain"],
    ['IIF([a]=, "x", "y")', 8, "expected a function"],
    ['IIF(=[a], "x", "y")', 4, "expected a function"],
    ["(Now())", 0, "do not group"],
    [")", 0, "expected a function"],
  ];

  for (const [text, position, word] of MALFORMED) {
    it(`refuses ${JSON.stringify(text)} at ${position}`, () => {
      const failure = failureOf(text);
      assert.equal(failure.position, position, failure.message);
      assert.ok(failure.message.includes(word), failure.message);
    });
  }

  it(`refuses more than ${MAX_EXPRESSION_LENGTH} characters before reading them, at the first one past the limit`, () => {
    const text = `Append([a], "${"x".repeat(MAX_EXPRESSION_LENGTH)}")`;
    const failure = failureOf(text);
    assert.equal(failure.position, MAX_EXPRESSION_LENGTH);
    assert.ok(parseExpression(`Append([a], "${"x".repeat(MAX_EXPRESSION_LENGTH - 16)}")`).ok);
  });

  it(`reads calls nested ${MAX_NESTING_DEPTH} deep and refuses one more, at its name`, () => {
    const nested = (depth: number) => `${"ToLower(".repeat(depth)}[a]${")".repeat(depth)}`;
    assert.ok(parseExpression(nested(MAX_NESTING_DEPTH)).ok);
    const failure = failureOf(nested(MAX_NESTING_DEPTH + 1));
    assert.equal(failure.position, MAX_NESTING_DEPTH * "ToLower(".length);
    assert.ok(failure.message.includes("nested"));
  });

  it("does not overflow the stack on thousands of open parentheses or brackets", () => {
    for (const text of ["(".repeat(10_000), "A(".repeat(8_000), "[".repeat(16_000), '"'.repeat(16_001)]) {
      const result = parseExpression(text);
      assert.ok(!result.ok);
    }
  });
});
