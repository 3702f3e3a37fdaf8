/**
 * The provider's expression check against the emulator's parser (test/emulator/expressionParser.ts), two readings of
 * Microsoft's pages written apart: on every generated text, both accept or both refuse, and a refusal names a
 * position inside the text (or at its end). Positions need not be the same: each reports the problem it meets first.
 *
 * Where the two disagree and the pages are silent, neither is wrong by the docs, and the case is left out here, each
 * for a reason said below ("Reference for writing expressions for attribute mappings in Microsoft Entra ID":
 * https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data).
 *
 * Left out by the generators, for they are never written here:
 * - a control character (a tab, U+0000 to U+001F, U+007F to U+009F) inside [attribute name]: the check refuses it
 *   (a typo, not a name), the emulator refuses only a line break or `[`; the pages show no such name;
 * - a character that JavaScript's \s counts as space but the check does not (U+00A0, U+2028, U+3000, U+FEFF…)
 *   between tokens: the emulator skips it, the check refuses it; the pages say nothing of what separates tokens;
 * - nesting deeper than 64 calls or a text longer than 16 KiB: the check refuses them to bound its work, the
 *   emulator reads up to 100 deep and any length; the pages document no limit.
 *
 * Left out when generated, by `docsSilentOn` below: comparisons outside IIF's condition and CBool's argument, the
 * InStr compare types anywhere but InStr's compareType, and Coalesce's last argument left empty.
 */

import { strict as assert } from "node:assert";
import fc from "fast-check";
import { checkExpression } from "../../../../provider/resources/attributeMappings/expressions/checkExpression";
import { FUNCTION_NAMES } from "../../../../provider/resources/attributeMappings/expressions/expressionFunctions";
import { parseExpression as parseForCheck } from "../../../../provider/resources/attributeMappings/expressions/expressionSyntax";
import {
  type Argument,
  type CallNode,
} from "../../../../provider/resources/attributeMappings/expressions/expressionTree";
import { EXPRESSION_FUNCTIONS as EMULATOR_FUNCTIONS } from "../../../emulator/expressionFunctions";
import { parseExpression as parseInEmulator } from "../../../emulator/expressionParser";
import { FUNCTION_REFERENCE_EXAMPLES, OTHER_PAGE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE } from "./documentedExamples";
import { PIECE, type Shape, printExpression, wellFormedTree } from "./expressionGenerators";

const WELL_FORMED_RUNS = 2_000;
const PIECES_RUNS = 10_000;
const AWKWARD_RUNS = 10_000;

const COMPARISON_OUTSIDE_CONDITION =
  "a comparison outside IIF's condition and CBool's argument: the pages show operators only there (IIF: " +
  '"can be used in the condition"; CBool\'s example) and never say they are refused elsewhere. The emulator ' +
  "refuses them, the check accepts them in any argument";
const COMPARE_TYPE_ELSEWHERE =
  "vbTextCompare or vbBinaryCompare anywhere but InStr's compareType: documented only there. The emulator reads " +
  "them as constants anywhere, the check refuses them elsewhere";
const COALESCE_EMPTY_DEFAULT =
  "Coalesce(source1, …, ) with its last place empty: defaultValue is optional, but the pages show no empty place " +
  "in Coalesce and say nothing of telling an empty defaultValue from an empty source. The emulator reads the last " +
  "place as defaultValue, the check as one more source, which is required";

const COMPARE_TYPES = new Set(["vbTextCompare", "vbBinaryCompare"]);

/** Why the pages cannot decide this text, or undefined when they can: a text the two must agree on. */
function docsSilentOn(text: string): string | undefined {
  const parsed = parseForCheck(text);
  // A whole expression that is a comparison is refused by both, whatever it holds.
  if (!parsed.ok || parsed.tree.kind === "comparison") {
    return undefined;
  }
  return silentIn(parsed.tree, undefined, -1);
}

function silentIn(node: Argument, call: CallNode | undefined, index: number): string | undefined {
  switch (node.kind) {
    case "comparison":
      if (call === undefined || index !== 0 || (call.name !== "IIF" && call.name !== "CBool")) {
        return COMPARISON_OUTSIDE_CONDITION;
      }
      return silentIn(node.left, undefined, -1) ?? silentIn(node.right, undefined, -1);
    case "name":
      return COMPARE_TYPES.has(node.name) && !(call?.name === "InStr" && index === 3)
        ? COMPARE_TYPE_ELSEWHERE
        : undefined;
    case "call": {
      const args = node.arguments;
      if (node.name === "Coalesce" && args.length >= 2 && args[args.length - 1].kind === "empty") {
        return COALESCE_EMPTY_DEFAULT;
      }
      for (const [at, argument] of args.entries()) {
        const reason = silentIn(argument, node, at);
        if (reason !== undefined) {
          return reason;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function assertAgree(text: string): void {
  const checked = checkExpression(text);
  const emulated = parseInEmulator(text);
  assert.equal(
    checked.ok,
    emulated.ok,
    `${JSON.stringify(text)}: the check ${checked.ok ? "accepts" : `refuses: ${checked.message}`}; ` +
      `the emulator ${emulated.ok ? "accepts" : `refuses at ${emulated.position}: ${emulated.message}`}`,
  );
  if (!checked.ok && !emulated.ok) {
    for (const [who, position] of [
      ["the check", checked.position],
      ["the emulator", emulated.position],
    ] as const) {
      assert.ok(
        Number.isInteger(position) && position >= 0 && position <= text.length,
        `${JSON.stringify(text)}: ${who} refuses at ${position}, outside 0..${text.length}`,
      );
    }
  }
}

function agreement(text: string): void {
  fc.pre(docsSilentOn(text) === undefined);
  assertAgree(text);
}

/**
 * A well-formed tree puts comparisons in any argument; one outside IIF's condition and CBool's argument is wrapped
 * in CBool(…), which takes any expression, so the tree stays well-formed and the pages decide it.
 */
function comparisonsInConditions(shape: Shape, place: "condition" | "argument" = "argument"): Shape {
  switch (shape.kind) {
    case "call":
      return {
        ...shape,
        arguments: shape.arguments.map((argument, index) =>
          argument.kind === "empty"
            ? argument
            : comparisonsInConditions(
                argument,
                index === 0 && (shape.name === "IIF" || shape.name === "CBool") ? "condition" : "argument",
              ),
        ),
      };
    case "comparison": {
      const comparison = {
        ...shape,
        left: comparisonsInConditions(shape.left),
        right: comparisonsInConditions(shape.right),
      };
      return place === "condition" ? comparison : { kind: "call", name: "CBool", arguments: [comparison] };
    }
    default:
      return shape;
  }
}

const wellFormedText = fc
  .tuple(wellFormedTree, fc.constantFrom("", " ", "\n  ", "\t"))
  .map(([tree, spacing]) => printExpression(comparisonsInConditions(tree), spacing));

/** The shared pieces but those holding a space only the emulator skips (left out above). */
const piecesText = fc
  .array(
    PIECE.filter((piece) => !/[^\S \t\r\n]/.test(piece)),
    { maxLength: 40 },
  )
  .map((pieces) => pieces.join(""));

/** Calls as people mistype them: quotes and backslashes, nesting, empty places, arities off by one, wrong names. */
const BY_NAME = new Map(EMULATOR_FUNCTIONS.map((fn) => [fn.name, fn]));
const KNOWN = [...new Set([...FUNCTION_NAMES, ...BY_NAME.keys()])];
const swapCase = (name: string): string =>
  [...name].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");
const functionName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 1, arbitrary: fc.constantFrom("AppLeaf", "Apend", "Frobnicate", "Nowx", "IsNullorEmpty", "_x") },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...KNOWN),
        fc.constantFrom(
          (n: string) => n.toLowerCase(),
          (n: string) => n.toUpperCase(),
          swapCase,
        ),
      )
      .map(([name, recase]) => recase(name))
      .filter((name) => !KNOWN.includes(name)),
  },
);
// No tab: after an unclosed "[mail" it would stand inside an attribute name (left out above).
const space = fc.constantFrom("", "", " ", "  ", "\n", "\r\n");
const escaped = (value: string): string => value.replace(/[\\"]/g, (c) => `\\${c}`);
/** A string constant, mostly escaped as the pages say, sometimes with its quotes or backslashes left raw. */
const stringText = fc
  .tuple(
    fc.array(fc.constantFrom('"', "\\", "a", " ", ",", "(", ")", "[", "]", "'", "\n", "\u00a0", "é", "\ud83d"), {
      maxLength: 6,
    }),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(escaped) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          (value: string) => value,
          (value: string) => value.replace(/"/g, '\\"'),
          (value: string) => value.replace(/\\/g, "\\\\"),
        ),
      },
    ),
  )
  .map(([chars, escape]) => `"${escape(chars.join(""))}"`);
const attribute = fc.constantFrom(
  "[mail]",
  "[given name]",
  "[urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode]",
  '[a"b]',
  "[a\\b]",
  "[a,b(c)]",
  "[é\u00a0]",
  "[ ]",
  "[]",
  "[a[b]",
  "[mail",
  "mail]",
);
const number = fc.constantFrom(
  "7",
  "-10",
  "0",
  "129699324000000000",
  "&HF7",
  "&hF7",
  "&H",
  "&HFG",
  "1.5",
  "-",
  "--1",
  "7a",
);
const bareName = fc.constantFrom("foo", "Now", "AND", "vbBinary");

const { top: awkwardText } = fc.letrec<{ top: string; call: string; operand: string; comparison: string }>((tie) => ({
  top: fc.oneof(
    { weight: 8, arbitrary: tie("call") },
    { weight: 1, arbitrary: tie("comparison") },
    { weight: 1, arbitrary: tie("operand") },
  ),
  operand: fc.oneof(
    { depthSize: "small", maxDepth: 4, withCrossShrink: true },
    { weight: 3, arbitrary: stringText },
    { weight: 3, arbitrary: attribute },
    { weight: 2, arbitrary: number },
    { weight: 1, arbitrary: bareName },
    { weight: 4, arbitrary: tie("call") },
  ),
  comparison: fc
    .tuple(tie("operand"), space, fc.constantFrom("=", "<>", "<", "<=", ">", ">=", "=>", "=="), space, tie("operand"))
    .map((parts) => parts.join("")),
  call: functionName.chain((name) => {
    const fn = BY_NAME.get(name);
    const fewest = fn?.minArguments ?? 0;
    const most = fn?.maxArguments ?? fewest + 4;
    const count = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: fewest, max: most }) },
      { weight: 1, arbitrary: fc.constantFrom(fewest - 1, most + 1).filter((n) => n >= 0) },
    );
    const place = (index: number): fc.Arbitrary<string> =>
      fc.oneof(
        { weight: 1, arbitrary: space },
        {
          weight: 6,
          arbitrary:
            index === 0 && (name === "IIF" || name === "CBool")
              ? fc.oneof(tie("comparison"), tie("operand"))
              : index === 3 && name === "InStr"
                ? fc.oneof(fc.constantFrom("vbTextCompare", "vbBinaryCompare"), tie("operand"))
                : tie("operand"),
        },
      );
    return fc
      .tuple(
        space,
        space,
        count.chain((n) => fc.tuple(...Array.from({ length: n }, (_, index) => place(index)))),
      )
      .map(([before, after, places]) => `${name}${before}(${places.join(`,${after}`)})`);
  }),
}));

describe("checkExpression agrees with the emulator's parser on accept or refuse", () => {
  it("on Microsoft's documented examples", () => {
    for (const text of [...FUNCTION_REFERENCE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE, ...OTHER_PAGE_EXAMPLES]) {
      assert.equal(docsSilentOn(text), undefined, text);
      assertAgree(text);
    }
  });

  it("on well-formed expressions", () => {
    fc.assert(fc.property(wellFormedText, agreement), { numRuns: WELL_FORMED_RUNS });
  });

  it("on texts joined from pieces of the language", () => {
    fc.assert(fc.property(piecesText, agreement), { numRuns: PIECES_RUNS });
  });

  it("on calls with quotes, backslashes, nesting, empty places, wrong arities and unknown or mis-cased names", () => {
    fc.assert(fc.property(awkwardText, agreement), { numRuns: AWKWARD_RUNS });
  });

  it("leaves out only what the pages are silent on, and says why", () => {
    const silent: readonly [string, string][] = [
      ['Append([a] = "x", [b])', COMPARISON_OUTSIDE_CONDITION],
      ["Not(IIF([a], [b] <> [c], [d]))", COMPARISON_OUTSIDE_CONDITION],
      ["vbBinaryCompare", COMPARE_TYPE_ELSEWHERE],
      ["InStr([a], [b], vbTextCompare)", COMPARE_TYPE_ELSEWHERE],
      ["IIF(vbTextCompare = 1, [a], [b])", COMPARE_TYPE_ELSEWHERE],
      ["Coalesce([a], )", COALESCE_EMPTY_DEFAULT],
      ["Coalesce([a], [b], )", COALESCE_EMPTY_DEFAULT],
    ];
    for (const [text, reason] of silent) {
      assert.equal(docsSilentOn(text), reason, text);
      assert.notEqual(checkExpression(text).ok, parseInEmulator(text).ok, `${text} still divides them`);
    }
    for (const text of [
      'IIF([a] = "x", [b], [c])',
      "CBool([a] <> [b])",
      "[a] = [b]",
      'InStr([a], "b", 1, vbBinaryCompare)',
      "Coalesce([a], [b])",
      "Coalesce(, [a])",
    ]) {
      assert.equal(docsSilentOn(text), undefined, text);
      assertAgree(text);
    }
  });
});
