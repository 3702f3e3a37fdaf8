/**
 * The functions of the attribute-mapping expression language, with their parameters as the Entra article lists them:
 * https://learn.microsoft.com/en-us/entra/identity/app-provisioning/functions-for-customizing-application-data
 * ("Reference for writing expressions for attribute mappings in Microsoft Entra ID", each function's "Parameters"
 * table: Required / Optional / Required, variable-number of times). Names are case-sensitive ("The syntax is
 * case-sensitive").
 *
 * Written from the documentation alone, independently of the provider's own checker, so the two can be fuzzed
 * against each other.
 */

export interface FunctionParameter {
  name: string;
  /** The article's "Type" column, as Graph's functions answer spells a parameter type (`String` where it says so). */
  type: string;
  required: boolean;
  /** "Required, variable-number of times" (Coalesce, Join, SelectUniqueValue) or the key/value pairs of Switch. */
  allowMultipleOccurrences: boolean;
}

export interface ExpressionFunction {
  name: string;
  parameters: FunctionParameter[];
  /** The smallest and largest number of argument positions (empty positions count); `max` undefined = unbounded. */
  minArguments: number;
  maxArguments?: number;
  /** Extra rule on the argument count beyond min/max, with the article's words. */
  argumentCountRule?: (count: number) => string | undefined;
  /** "This function must be at the top-level and can't be nested" (SelectUniqueValue). */
  topLevelOnly?: boolean;
  /** Where a comparison (`=`, `<>`, `>`, `>=`, `<`, `<=`) may stand as an argument (IIF's condition, CBool). */
  comparisonArguments?: number[];
}

const required = (name: string, type = "String"): FunctionParameter => ({
  name,
  type,
  required: true,
  allowMultipleOccurrences: false,
});
const optional = (name: string, type = "String"): FunctionParameter => ({
  name,
  type,
  required: false,
  allowMultipleOccurrences: false,
});
const repeating = (name: string, type = "String"): FunctionParameter => ({
  name,
  type,
  required: true,
  allowMultipleOccurrences: true,
});

function fixed(
  name: string,
  parameters: FunctionParameter[],
  extra: Partial<ExpressionFunction> = {},
): ExpressionFunction {
  return {
    name,
    parameters,
    minArguments: parameters.filter((parameter) => parameter.required).length === 0 ? 0 : lastRequired(parameters) + 1,
    maxArguments: parameters.length,
    ...extra,
  };
}

function lastRequired(parameters: FunctionParameter[]): number {
  let last = -1;
  parameters.forEach((parameter, index) => {
    if (parameter.required) last = index;
  });
  return last;
}

/** In the article's order ("List of Functions"). */
export const EXPRESSION_FUNCTIONS: readonly ExpressionFunction[] = [
  fixed("Append", [required("source"), required("suffix")]),
  fixed("AppRoleAssignmentsComplex", [required("appRoleAssignments")]),
  fixed("BitAnd", [required("value1", "Num"), required("value2", "Num")]),
  fixed("CBool", [required("Expression", "Expression")], { comparisonArguments: [0] }),
  fixed("CDate", [required("Expression", "Expression")]),
  // Coalesce(source1, source2, ..., defaultValue): sources "Required, variable-number of times", defaultValue optional.
  {
    name: "Coalesce",
    parameters: [repeating("source"), optional("defaultValue")],
    minArguments: 1,
  },
  fixed("ConvertToBase64", [required("source")]),
  fixed("ConvertToUTF8Hex", [required("source")]),
  fixed("Count", [required("attribute", "Attribute")]),
  fixed("CStr", [required("value", "Expression")]),
  fixed("DateAdd", [required("interval"), required("value", "Number"), required("dateTime", "DateTime")]),
  fixed("DateDiff", [required("interval"), required("date1", "DateTime"), required("date2", "DateTime")]),
  fixed("DateFromNum", [required("value", "Date")]),
  // FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): dateTimeStyles optional, written as an empty
  // position in every example. Graph's functions page example lists only source, inputFormat, outputFormat
  // (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-functions): the two pages
  // disagree; the emulator follows the article, which is what the portal's examples use.
  fixed("FormatDateTime", [
    required("source"),
    optional("dateTimeStyles"),
    required("inputFormat"),
    required("outputFormat"),
  ]),
  fixed("Guid", []),
  fixed("IgnoreFlowIfNullOrEmpty", [required("Expression", "Expression")]),
  fixed("IIF", [required("condition", "Expression"), required("valueIfTrue"), required("valueIfFalse")], {
    comparisonArguments: [0],
  }),
  fixed("InStr", [
    required("value1"),
    required("value2"),
    optional("start", "Integer"),
    optional("compareType", "Enum"),
  ]),
  fixed("IsNull", [required("Expression", "Expression")]),
  fixed("IsNullOrEmpty", [required("Expression", "Expression")]),
  fixed("IsPresent", [required("Expression", "Expression")]),
  fixed("IsString", [required("Expression", "Expression")]),
  fixed("Item", [required("attribute", "Attribute"), required("index", "Integer")]),
  // Join(separator, source1, source2, …): "source1 … sourceN: Required, variable-number of times".
  { name: "Join", parameters: [required("separator"), repeating("source")], minArguments: 2 },
  fixed("Left", [required("String", "Attribute"), required("NumChars", "Integer")]),
  fixed("Mid", [required("source"), required("start", "Integer"), required("length", "Integer")]),
  fixed("NormalizeDiacritics", [required("source")]),
  fixed("Not", [required("source", "Boolean")]),
  fixed("Now", []),
  fixed("NumFromDate", [required("value")]),
  fixed("PCase", [required("source"), optional("wordSeparators")]),
  fixed("RandomString", [
    required("Length", "Number"),
    required("MinimumNumbers", "Number"),
    required("MinimumSpecialCharacters", "Number"),
    required("MinimumCapital", "Number"),
    required("MinimumLowerCase", "Number"),
    optional("CharactersToAvoid"),
  ]),
  // The heading says "Redact()" but the parameters table has one required "attribute/value" and every example
  // passes one: the table wins.
  fixed("Redact", [required("value")]),
  fixed("RemoveDuplicates", [required("attribute", "Attribute")]),
  // Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template):
  // only source is required. Graph's parseExpression example names the 2nd and 5th positions "Find" and
  // "Replacement" in parsedExpression.parameters
  // (https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-parseexpression), so those
  // two keep Graph's names; the others keep the article's.
  fixed("Replace", [
    required("source"),
    optional("Find"),
    optional("regexPattern"),
    optional("regexGroupName"),
    optional("Replacement"),
    optional("replacementAttributeName"),
    optional("template"),
  ]),
  // "Requires a minimum of two arguments … There's no upper bound"; "must be at the top-level and can't be nested".
  {
    name: "SelectUniqueValue",
    parameters: [repeating("uniqueValueRule")],
    minArguments: 2,
    topLevelOnly: true,
  },
  fixed("SingleAppRoleAssignment", [required("appRoleAssignments")]),
  fixed("Split", [required("source"), required("delimiter")]),
  fixed("StripSpaces", [required("source")]),
  // Switch(source, defaultValue, key1, value1, key2, value2, …): "Key and value parameters must always come in
  // pairs. The function always expects an even number of parameters."
  {
    name: "Switch",
    parameters: [required("source"), optional("defaultValue"), repeating("key"), repeating("value")],
    minArguments: 4,
    argumentCountRule: (count) =>
      count % 2 === 0
        ? undefined
        : "Switch expects an even number of arguments: source, defaultValue, then key/value pairs",
  },
  fixed("ToLower", [required("source"), optional("culture")]),
  fixed("ToUpper", [required("source"), optional("culture")]),
  fixed("Word", [required("String", "Attribute"), required("WordNumber", "Integer"), required("delimiters")]),
  // Not in the article, but in the example answer of Graph's functions page (which "might be shortened"):
  // https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-functions
  fixed("DefaultDomain", []),
  fixed("AppRoleAssignments", [required("source")]),
];

const BY_NAME = new Map(EXPRESSION_FUNCTIONS.map((fn) => [fn.name, fn]));

/** Case-sensitive, as the article requires. */
export function expressionFunction(name: string): ExpressionFunction | undefined {
  return BY_NAME.get(name);
}

/**
 * Whether argument position `index` (of `count`) must hold a value, and its parameter name (the key Graph gives it
 * in `parsedExpression.parameters`).
 */
export function parameterAt(fn: ExpressionFunction, index: number, count: number): FunctionParameter {
  const { parameters } = fn;
  switch (fn.name) {
    case "Coalesce":
      // The last of two or more positions is defaultValue; every other is a source.
      return count >= 2 && index === count - 1 ? parameters[1] : { ...parameters[0], name: `source${index + 1}` };
    case "Join":
      return index === 0 ? parameters[0] : { ...parameters[1], name: `source${index}` };
    case "SelectUniqueValue":
      return { ...parameters[0], name: `uniqueValueRule${index + 1}` };
    case "Switch": {
      if (index < 2) return parameters[index];
      const pair = Math.floor((index - 2) / 2) + 1;
      return index % 2 === 0 ? { ...parameters[2], name: `key${pair}` } : { ...parameters[3], name: `value${pair}` };
    }
    default:
      return parameters[index];
  }
}

/**
 * The functions answer, an attributeMappingFunctionSchema collection
 * (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-attributemappingfunctionschema), in the
 * shape of the functions page's example: `{ name, parameters: [{ allowMultipleOccurrences, name, required, type }] }`.
 */
export function functionsRepresentation(): Record<string, unknown>[] {
  return EXPRESSION_FUNCTIONS.map((fn) => ({
    name: fn.name,
    parameters: fn.parameters.map((parameter) => ({
      allowMultipleOccurrences: parameter.allowMultipleOccurrences,
      name: parameter.name,
      required: parameter.required,
      type: parameter.type,
    })),
  }));
}
