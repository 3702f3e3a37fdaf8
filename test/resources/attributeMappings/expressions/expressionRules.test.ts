import { strict as assert } from "node:assert";
import {
  EXPRESSION_FUNCTIONS,
  FUNCTION_NAMES,
  expressionFunction,
  maximumArguments,
  minimumArguments,
} from "../../../../provider/resources/attributeMappings/expressions/expressionFunctions";
import { checkRules } from "../../../../provider/resources/attributeMappings/expressions/expressionRules";
import { parseExpression } from "../../../../provider/resources/attributeMappings/expressions/expressionSyntax";
import { FUNCTION_REFERENCE_EXAMPLES, OTHER_PAGE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE } from "./documentedExamples";

/** The function reference's "List of Functions", in its order. */
const DOCUMENTED_LIST = [
  "Append",
  "AppRoleAssignmentsComplex",
  "BitAnd",
  "CBool",
  "CDate",
  "Coalesce",
  "ConvertToBase64",
  "ConvertToUTF8Hex",
  "Count",
  "CStr",
  "DateAdd",
  "DateDiff",
  "DateFromNum",
  "FormatDateTime",
  "Guid",
  "IgnoreFlowIfNullOrEmpty",
  "IIF",
  "InStr",
  "IsNull",
  "IsNullOrEmpty",
  "IsPresent",
  "IsString",
  "Item",
  "Join",
  "Left",
  "Mid",
  "NormalizeDiacritics",
  "Not",
  "Now",
  "NumFromDate",
  "PCase",
  "RandomString",
  "Redact",
  "RemoveDuplicates",
  "Replace",
  "SelectUniqueValue",
  "SingleAppRoleAssignment",
  "Split",
  "StripSpaces",
  "Switch",
  "ToLower",
  "ToUpper",
  "Word",
];

/**
 * Not in the function reference, but in the example answer of Graph's functions API, which lists "the functions
 * currently supported in the attributeMappingSource":
 * https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-functions
 */
const GRAPH_FUNCTIONS_EXAMPLE_ONLY = ["DefaultDomain", "AppRoleAssignments"];

function rulesFailure(text: string) {
  const parsed = parseExpression(text);
  assert.ok(parsed.ok, `${text} should parse: ${parsed.ok ? "" : parsed.failure.message}`);
  return checkRules(text, parsed.tree);
}

describe("expressionFunctions (the documented table)", () => {
  it("holds exactly the function reference's list, and the two more Graph's functions API lists", () => {
    assert.deepEqual(FUNCTION_NAMES, [...DOCUMENTED_LIST, ...GRAPH_FUNCTIONS_EXAMPLE_ONLY]);
    assert.equal(expressionFunction("AppLeaf"), undefined, "AppLeaf is not in Microsoft's list");
  });

  it("accepts DefaultDomain() and AppRoleAssignments(source) as Graph's functions API lists them", () => {
    assert.equal(rulesFailure("DefaultDomain()"), undefined);
    assert.equal(rulesFailure("AppRoleAssignments([appRoleAssignments])"), undefined);
    assert.match(rulesFailure("DefaultDomain([a])")?.message ?? "", /DefaultDomain takes at most 0 arguments/);
    assert.match(rulesFailure("AppRoleAssignments()")?.message ?? "", /AppRoleAssignments takes 1 argument/);
  });

  // [name, minimum, maximum], read off each function's "Parameters" table.
  const ARITIES: readonly [string, number, number][] = [
    ["Append", 2, 2],
    ["Coalesce", 1, Infinity],
    ["FormatDateTime", 4, 4],
    ["Guid", 0, 0],
    ["InStr", 2, 4],
    ["Join", 2, Infinity],
    ["PCase", 1, 2],
    ["RandomString", 5, 6],
    ["Redact", 1, 1],
    ["Replace", 1, 7],
    ["SelectUniqueValue", 2, Infinity],
    ["Switch", 4, Infinity],
    ["ToLower", 1, 2],
    ["Word", 3, 3],
  ];
  for (const [name, minimum, maximum] of ARITIES) {
    it(`${name} takes ${minimum} to ${maximum} arguments`, () => {
      const fn = expressionFunction(name);
      assert.ok(fn);
      assert.equal(minimumArguments(fn), minimum);
      assert.equal(maximumArguments(fn), maximum);
    });
  }

  it("has a note wherever an optional parameter stands before a required one", () => {
    for (const fn of EXPRESSION_FUNCTIONS) {
      const skippable = fn.parameters.some(
        (p, i) => p.optional && (fn.parameters.slice(i).some((q) => !q.optional) || fn.repeated),
      );
      if (skippable) {
        assert.ok(fn.note, `${fn.name} needs a note`);
      }
    }
  });
});

describe("checkRules (functions, arities, placement)", () => {
  it("accepts every expression of Microsoft's pages", () => {
    for (const text of [...FUNCTION_REFERENCE_EXAMPLES, PARSE_EXPRESSION_EXAMPLE, ...OTHER_PAGE_EXAMPLES]) {
      assert.equal(rulesFailure(text)?.message, undefined, text);
    }
  });

  // [text, position, a word of the message]
  const REFUSED: readonly [string, number, string][] = [
    ['Apend([mail], "x")', 0, 'did you mean "Append"'],
    // The page's own Switch caution writes switch(...) in lower case; the syntax is case-sensitive.
    ['switch([companyName], "External", "Company A", "A", "Company B", "B")', 0, 'did you mean "Switch"'],
    ["IsNullorEmpty([a])", 0, 'did you mean "IsNullOrEmpty"'],
    ["AppLeaf([a])", 0, "unknown function AppLeaf"],
    ['Append([a], Frobnicate("x"))', 12, "unknown function Frobnicate"],
    ["Append([mail])", 13, "Append takes 2 arguments, found 1"],
    ['Append([a], "b", "c")', 17, "at most 2"],
    ["Guid([a])", 5, "at most 0"],
    ["Now(,)", 4, "at most 0"],
    ['FormatDateTime([x], "yyyyMMdd", "yyyy-MM-dd")', 44, 'leave dateTimeStyles empty (", ,")'],
    ['FormatDateTime([x], , , "yyyy-MM-dd")', 22, "inputFormat) is required"],
    ['Append(, "x")', 7, "argument 1 (source) is required"],
    ['Join(",", [a], , [b])', 15, "argument 3 (source) is required"],
    ['Switch([a], "d", "k")', 20, "at least 4"],
    ['Switch([a], "d", "k1", "v1", "k2")', 29, "come in pairs"],
    ['Switch([a], "d", , "v")', 17, "(key) is required"],
    ['Switch([a], "d", "k", )', 22, "(value) is required"],
    ["SelectUniqueValue([a])", 21, "at least 2"],
    ['Join("", SelectUniqueValue([a], [b]))', 9, "cannot be nested"],
    ["Redact()", 7, "Redact takes 1 argument, found 0"],
    ['InStr("a", "b", 1, vbBinary)', 19, "one of vbTextCompare, vbBinaryCompare"],
    ['InStr("a", "b", vbTextCompare)', 16, "only as InStr's fourth argument"],
    ['Append(mail, "x")', 7, "write [mail] for an attribute"],
    ['Append(Now, "x")', 7, "Now is a function"],
    ["vbBinaryCompare", 0, "only as InStr's fourth argument"],
    ['[a] = "x"', 4, "not an expression by itself"],
    ['IIF(x = "1", "a", "b")', 4, "write [x]"],
    // The first problem in the text wins, whatever the order of the walk.
    ["Apend(Append([a]), Nw())", 0, "Apend"],
    ["Append(Append([a]), Nw())", 17, "Append takes 2"],
  ];
  for (const [text, position, words] of REFUSED) {
    it(`refuses ${JSON.stringify(text)} at ${position}`, () => {
      const failure = rulesFailure(text);
      assert.ok(failure, "expected a failure");
      assert.equal(failure.position, position, failure.message);
      assert.ok(failure.message.includes(words), failure.message);
    });
  }

  it("accepts optional arguments left out at the end or left empty", () => {
    for (const text of [
      'InStr("a", "b")',
      'InStr("a", "b", , vbTextCompare)',
      'ToLower([a], "en-US")',
      "ToLower([a], )",
      "Replace([a])",
      'Switch([a], , "k", "v")',
      "Coalesce([a])",
      'Join("", [a])',
      "SelectUniqueValue([a], [b], [c])",
    ]) {
      assert.equal(rulesFailure(text)?.message, undefined, text);
    }
  });

  it("accepts comparisons as any function's argument, and numbers, strings and attributes alone", () => {
    for (const text of ['CBool([a] <> "x")', 'IIF(Count([a]) >= 2, "many", "few")', '"constant"', "5"]) {
      assert.equal(rulesFailure(text)?.message, undefined, text);
    }
  });
});
