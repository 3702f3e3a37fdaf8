import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  EXCERPT_RADIUS,
  checkExpression,
  excerpt,
} from "../../../../provider/resources/attributeMappings/expressions/checkExpression";
import { parseExpression } from "../../../../provider/resources/attributeMappings/expressions/expressionSyntax";
import { FUNCTION_REFERENCE_EXAMPLES, OTHER_PAGE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE } from "./documentedExamples";
import { languageLike, printExpression, wellFormedTree, withoutPositions } from "./expressionGenerators";

const RUNS = 2_000;

/** What a message may hold beyond the excerpt: the check's own words, names cut to 80 characters, a suggestion. */
const MAX_MESSAGE_LENGTH = 480;

const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), languageLike);

function assertWellFormedAnswer(text: string): void {
  const result = checkExpression(text);
  if (!result.ok) {
    assert.ok(Number.isInteger(result.position), "an integer position");
    assert.ok(result.position >= 0 && result.position <= text.length, `position ${result.position} in the text`);
    assert.ok(result.message.length <= MAX_MESSAGE_LENGTH, `a short message: ${result.message.length}`);
  }
}

describe("checkExpression", () => {
  it("accepts every expression of Microsoft's pages", () => {
    for (const text of [...FUNCTION_REFERENCE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE, ...OTHER_PAGE_EXAMPLES]) {
      assert.deepEqual(checkExpression(text), { ok: true }, text);
    }
  });

  it("names the position and shows a short excerpt around it, marked", () => {
    const result = checkExpression('Join(", ", [surname], Apend([givenName], "x"))');
    assert.ok(!result.ok);
    assert.equal(result.position, 22);
    assert.match(result.message, /^unknown function Apend \(did you mean "Append"\?\)/);
    assert.ok(result.message.endsWith('(at position 22: …, ", [surname], »Apend([givenName…)'), result.message);
  });

  it("says 'at the end' for what is missing at the end", () => {
    const result = checkExpression("Append([a], [b]");
    assert.deepEqual(result, {
      ok: false,
      message: "Append( is never closed with ) (at the end: Append([a], [b]»)",
      position: 15,
    });
  });

  it("never shows a long expression whole, nor raw line breaks or invisible characters", () => {
    const secretish = "S3cr3t".repeat(200);
    const text = `Append([a], "${secretish}", Bad([b]), "${secretish}")`;
    const result = checkExpression(text);
    assert.ok(!result.ok);
    assert.ok(result.message.length < 200, result.message);
    assert.ok(!result.message.includes(secretish.slice(0, 2 * EXCERPT_RADIUS + 1)));
    const hidden = checkExpression('Append([a],\n"x"\u202e, Bad())');
    assert.ok(!hidden.ok);
    assert.ok(!/[\n\u202e]/.test(hidden.message), hidden.message);
    assert.ok(hidden.message.includes("\\u000A") || hidden.message.includes("\\u202E"), hidden.message);
  });

  it("cuts a long function name in the message", () => {
    const result = checkExpression(`${"F".repeat(5_000)}([a])`);
    assert.ok(!result.ok);
    assert.ok(result.message.length < MAX_MESSAGE_LENGTH, result.message);
  });

  it("answers, without throwing, for what is not a string", () => {
    for (const value of [undefined, null, 42, {}, ["Now()"]]) {
      assert.deepEqual(checkExpression(value), { ok: false, message: "an expression is a string", position: 0 });
    }
  });

  it("excerpt marks the position and cuts both sides", () => {
    assert.equal(excerpt("abc", 1), "a»bc");
    assert.equal(excerpt("x".repeat(100), 50), `…${"x".repeat(EXCERPT_RADIUS)}»${"x".repeat(EXCERPT_RADIUS)}…`);
    assert.equal(excerpt("a\u0000b", 3), "a\\u0000b»");
  });

  describe("properties", () => {
    it("never throws, and any refusal has a position inside the text (or at its end) and a short message", () => {
      fc.assert(
        fc.property(anyText, (text) => assertWellFormedAnswer(text)),
        { numRuns: RUNS },
      );
    });

    it("accepts any well-formed tree printed as text, and reads back the same tree", () => {
      fc.assert(
        fc.property(wellFormedTree, fc.constantFrom("", " ", "\n  ", "\t"), (tree, spacing) => {
          const text = printExpression(tree, spacing);
          const result = checkExpression(text);
          assert.deepEqual(result, { ok: true }, `${text}: ${result.ok ? "" : result.message}`);
          const parsed = parseExpression(text);
          assert.ok(parsed.ok);
          assert.deepEqual(withoutPositions(parsed.tree), tree);
        }),
        { numRuns: RUNS },
      );
    });

    it("never throws on a well-formed expression with one character deleted, doubled or replaced", () => {
      fc.assert(
        fc.property(
          wellFormedTree,
          fc.nat(),
          fc.constantFrom("", "x", '"', "(", ")", ",", "[", "]", "\\"),
          (tree, at, put) => {
            const text = printExpression(tree);
            const i = at % (text.length + 1);
            for (const mutated of [
              text.slice(0, i) + text.slice(i + 1),
              text.slice(0, i) + text.slice(i, i + 1) + text.slice(i),
              text.slice(0, i) + put + text.slice(i + 1),
            ]) {
              assertWellFormedAnswer(mutated);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  });
});
