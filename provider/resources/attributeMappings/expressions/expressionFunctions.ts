/**
 * The functions of the attribute-mapping expression language and their parameters, as documented in "Reference
 * for writing expressions for attribute mappings in Microsoft Entra ID":
 * https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data
 * (source: MicrosoftDocs/entra-docs, docs/identity/app-provisioning/functions-for-customizing-application-data.md).
 *
 * Each parameter is as the page's "Parameters" table lists it; the `note` says where the page is unclear and what
 * this table decided. Names are case-sensitive ("The syntax is case-sensitive"). Two functions more come from
 * Graph's functions API (DefaultDomain, AppRoleAssignments), at the end.
 */

export interface FunctionParameter {
  readonly name: string;
  /** An optional parameter may be left out at the end, or left empty (`, ,`) before a later argument. */
  readonly optional?: true;
}

export interface ExpressionFunction {
  readonly name: string;
  /** The fixed leading parameters, in order. */
  readonly parameters: readonly FunctionParameter[];
  /**
   * Parameters repeated after the fixed ones, as a group (Switch's key and value come in pairs), at least
   * `minimumGroups` times and without upper bound. Repeated arguments may not be left empty.
   */
  readonly repeated?: { readonly names: readonly string[]; readonly minimumGroups: number };
  /** "This function must be at the top-level and can't be nested" (SelectUniqueValue). */
  readonly topLevelOnly?: true;
  /** Bare names this function takes as an argument, by 0-based position (InStr's compareType). */
  readonly names?: { readonly position: number; readonly allowed: readonly string[] };
  /** Where the page is unclear, and what this table decided. */
  readonly note?: string;
}

const required = (name: string): FunctionParameter => ({ name });
const optional = (name: string): FunctionParameter => ({ name, optional: true });
const oneRequired = (name: string): readonly FunctionParameter[] => [required(name)];

export const EXPRESSION_FUNCTIONS: readonly ExpressionFunction[] = [
  { name: "Append", parameters: [required("source"), required("suffix")] },
  { name: "AppRoleAssignmentsComplex", parameters: oneRequired("[appRoleAssignments]") },
  { name: "BitAnd", parameters: [required("value1"), required("value2")] },
  { name: "CBool", parameters: oneRequired("Expression") },
  { name: "CDate", parameters: oneRequired("expression") },
  {
    name: "Coalesce",
    parameters: [],
    repeated: { names: ["source"], minimumGroups: 1 },
    note:
      "Coalesce(source1, source2, ..., defaultValue): the optional defaultValue cannot be told from one more " +
      "source, so one or more arguments are accepted",
  },
  { name: "ConvertToBase64", parameters: oneRequired("source") },
  { name: "ConvertToUTF8Hex", parameters: oneRequired("source") },
  { name: "Count", parameters: oneRequired("attribute") },
  { name: "CStr", parameters: oneRequired("value") },
  { name: "DateAdd", parameters: [required("interval"), required("value"), required("dateTime")] },
  { name: "DateDiff", parameters: [required("interval"), required("date1"), required("date2")] },
  { name: "DateFromNum", parameters: oneRequired("value") },
  {
    name: "FormatDateTime",
    parameters: [required("source"), optional("dateTimeStyles"), required("inputFormat"), required("outputFormat")],
    note:
      "the page's signature has dateTimeStyles second, optional, left empty in its examples " +
      '(FormatDateTime([x], , "yyyyMMdd", "yyyy-MM-dd")); older copies of the page had three parameters ' +
      "(source, inputFormat, outputFormat), which this table does not accept",
  },
  { name: "Guid", parameters: [] },
  { name: "IgnoreFlowIfNullOrEmpty", parameters: oneRequired("expression") },
  { name: "IIF", parameters: [required("condition"), required("valueIfTrue"), required("valueIfFalse")] },
  {
    name: "InStr",
    parameters: [required("value1"), required("value2"), optional("start"), optional("compareType")],
    names: { position: 3, allowed: ["vbTextCompare", "vbBinaryCompare"] },
  },
  { name: "IsNull", parameters: oneRequired("Expression") },
  { name: "IsNullOrEmpty", parameters: oneRequired("Expression") },
  { name: "IsPresent", parameters: oneRequired("Expression") },
  { name: "IsString", parameters: oneRequired("Expression") },
  { name: "Item", parameters: [required("attribute"), required("index")] },
  { name: "Join", parameters: [required("separator")], repeated: { names: ["source"], minimumGroups: 1 } },
  { name: "Left", parameters: [required("String"), required("NumChars")] },
  { name: "Mid", parameters: [required("source"), required("start"), required("length")] },
  { name: "NormalizeDiacritics", parameters: oneRequired("source") },
  { name: "Not", parameters: oneRequired("source") },
  { name: "Now", parameters: [] },
  { name: "NumFromDate", parameters: oneRequired("value") },
  { name: "PCase", parameters: [required("source"), optional("wordSeparators")] },
  {
    name: "RandomString",
    parameters: [
      required("Length"),
      required("MinimumNumbers"),
      required("MinimumSpecialCharacters"),
      required("MinimumCapital"),
      required("MinimumLowerCase"),
      optional("CharactersToAvoid"),
    ],
  },
  {
    name: "Redact",
    parameters: oneRequired("attribute/value"),
    note: "the page's signature reads Redact() but its table and examples take one required argument",
  },
  { name: "RemoveDuplicates", parameters: oneRequired("attribute") },
  {
    name: "Replace",
    parameters: [
      required("source"),
      optional("oldValue"),
      optional("regexPattern"),
      optional("regexGroupName"),
      optional("replacementValue"),
      optional("replacementAttributeName"),
      optional("template"),
    ],
    note:
      "every example writes all seven positions, empty ones included; the page does not say which " +
      "combinations of the optional ones Graph accepts, so any is accepted here",
  },
  {
    name: "SelectUniqueValue",
    parameters: [],
    repeated: { names: ["uniqueValueRule"], minimumGroups: 2 },
    topLevelOnly: true,
  },
  { name: "SingleAppRoleAssignment", parameters: oneRequired("[appRoleAssignments]") },
  { name: "Split", parameters: [required("source"), required("delimiter")] },
  { name: "StripSpaces", parameters: oneRequired("source") },
  {
    name: "Switch",
    parameters: [required("source"), optional("defaultValue")],
    repeated: { names: ["key", "value"], minimumGroups: 1 },
    note:
      '"Key and value parameters must always come in pairs. The function always expects an even number of ' +
      'parameters": defaultValue may be empty (Switch([Active], , "1", …)) but its place is always written',
  },
  { name: "ToLower", parameters: [required("source"), optional("culture")] },
  { name: "ToUpper", parameters: [required("source"), optional("culture")] },
  { name: "Word", parameters: [required("String"), required("WordNumber"), required("Delimiters")] },
  // The two below are not in the function reference. Graph's functions API, which lists "the functions currently
  // supported in the attributeMappingSource", shows both in its example answer, with these parameters:
  // https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-functions
  // No page says what they do, but none says Graph refuses them, and this check refuses only what the docs do.
  {
    name: "DefaultDomain",
    parameters: [],
    note: "only in the example answer of Graph's functions API, with no parameters",
  },
  {
    name: "AppRoleAssignments",
    parameters: oneRequired("source"),
    note: "only in the example answer of Graph's functions API, with one required String parameter, source",
  },
];

export const FUNCTION_NAMES: readonly string[] = EXPRESSION_FUNCTIONS.map((f) => f.name);

const BY_NAME: ReadonlyMap<string, ExpressionFunction> = new Map(EXPRESSION_FUNCTIONS.map((f) => [f.name, f]));

export function expressionFunction(name: string): ExpressionFunction | undefined {
  return BY_NAME.get(name);
}

/** The fewest arguments a call may have: up to the last required fixed parameter, plus the repeated minimum. */
export function minimumArguments(fn: ExpressionFunction): number {
  const lastRequired = fn.parameters.map((p) => p.optional !== true).lastIndexOf(true);
  const repeated = fn.repeated ? fn.repeated.names.length * fn.repeated.minimumGroups : 0;
  return fn.repeated ? fn.parameters.length + repeated : lastRequired + 1;
}

/** The most arguments a call may have; Infinity for a function with repeated parameters. */
export function maximumArguments(fn: ExpressionFunction): number {
  return fn.repeated ? Infinity : fn.parameters.length;
}

/** `Append(source, suffix)`, `Switch(source, defaultValue?, key, value, …)`: for messages. */
export function signature(fn: ExpressionFunction): string {
  const fixed = fn.parameters.map((p) => (p.optional ? `${p.name}?` : p.name));
  const repeated = fn.repeated ? [...fn.repeated.names, "…"] : [];
  return `${fn.name}(${[...fixed, ...repeated].join(", ")})`;
}
