import { strict as assert } from "node:assert";
import { EXPRESSION_FUNCTIONS } from "./expressionFunctions";
import { parseExpression, type ParsedSource } from "./expressionParser";

/**
 * The expressions below are copied from the Entra article's examples
 * (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/functions-for-customizing-application-data) and
 * Graph's parseExpression page; each must parse. The malformed ones break a rule the article states.
 */
const DOCUMENTED = [
  'Append([userPrincipalName], ".test")',
  "AppRoleAssignmentsComplex([appRoleAssignments])",
  "BitAnd(&HF, &HF7)",
  "CBool([attribute1] = [attribute2])",
  "CDate([StatusHireDate])",
  'CDate("2021-06-30+08:00")',
  "Coalesce([mail],[userPrincipalName])",
  'ConvertToBase64("Hello world!")',
  'ConvertToUTF8Hex("Hello world!")',
  "Count([proxyAddresses])",
  "CStr([dn])",
  'DateAdd("d", 7, CDate([StatusHireDate]))',
  'DateDiff("d", Now(), CDate([StatusHireDate]))',
  'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")',
  "DateFromNum([lastLogonTimestamp])",
  "DateFromNum(129699324000000000)",
  'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
  "Guid()",
  "IgnoreFlowIfNullOrEmpty([department])",
  'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
  'IIF([country]="USA",[country],[department])',
  'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
  'Switch([country],[country],"","Other")',
  'InStr("The quick brown fox","quick")',
  'InStr("repEated","e",3,vbBinaryCompare)',
  "IsNull([displayName])",
  "IsNullOrEmpty([displayName])",
  "Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])",
  "Item([proxyAddresses], 1)",
  'Left("John Doe", 3)',
  "NormalizeDiacritics([givenName])",
  'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
  "PCase([firstName])",
  'PCase([lastName]," \'-")',
  'PCase(Join(" ",[firstName],[lastName]))',
  "RandomString(6,3,0,0,3)",
  'RandomString(10,2,2,2,1,"?,")',
  "Redact([userPrincipalName])",
  'Redact("StringToBeRedacted")',
  "Redact(RandomString(6,3,0,0,3))",
  "RemoveDuplicates([proxyAddresses])",
  'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
  'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
  'Replace([mobile], , "[()\\\\s-]+", , "", , )',
  'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
  'SelectUniqueValue( \n    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), \n    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com")\n)',
  "SingleAppRoleAssignment([appRoleAssignments])",
  'Split([extensionAttribute5], ",")',
  'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
  'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
  'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
  'Word("The quick brown fox",3," ")',
  'Word("This,string!has&many separators",3,",!&#")',
  'Replace([mail], "@contoso.com", , ,"", ,)',
  "Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))",
  'Join(", ", "", [surname], [givenName])',
  'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
  '"Company name: \\"Contoso\\""',
];

const MALFORMED: [string, RegExp][] = [
  ["", /empty/],
  ['append([mail], "x")', /Unknown function 'append'.*'Append'/],
  ["Frobnicate([mail])", /Unknown function 'Frobnicate'/],
  ["Append([mail])", /Append takes 2 arguments, not 1/],
  ['Append([mail], "a", "b")', /Append takes 2 arguments, not 3/],
  ['Switch([a], "d", "k")', /Switch takes at least 4/],
  ['Switch([a], "d", "k", "v", "k2")', /even number of arguments/],
  ["Append([mail], )", /required argument 'suffix' is empty/],
  ['Append([mail], "x"', /no closing '\)'/],
  ['Append([mail "x")', /no closing '\]'|cannot contain/],
  ['Append([mail], "x)', /no closing '"'/],
  ['Append([mail], "a\\b")', /backslash/],
  ['Append([], "x")', /attribute name is empty/],
  ['Join(" ", SelectUniqueValue([a], [b]))', /top level/],
  ['IIF([a]="x" AND [b]="y", "1", "0")', /no 'AND' operator/],
  ['Append([a] = [b], "x")', /comparison can only be/],
  ["[a] = [b]", /comparison can only be/],
  ['IIF([a] = [b] = [c], "1", "0")', /cannot be chained/],
  ['Append(mail, "x")', /'mail' is not a value/],
  ["Mid([givenName], 1.5, 3)", /whole numbers/],
  ['Append([mail], "x") extra', /after the end/],
  ["Guid(", /no closing/],
  ["Append([mail], &G1)", /hexadecimal/],
];

describe("emulator: attribute-mapping expression parser", () => {
  for (const expression of DOCUMENTED) {
    it(`accepts the documented ${JSON.stringify(expression.replace(/\s+/g, " ").slice(0, 70))}`, () => {
      const outcome = parseExpression(expression);
      assert.ok(outcome.ok, outcome.ok ? "" : `${outcome.message} at ${outcome.position}`);
    });
  }

  for (const [expression, message] of MALFORMED) {
    it(`rejects ${JSON.stringify(expression)}`, () => {
      const outcome = parseExpression(expression);
      assert.equal(outcome.ok, false, `parsed: ${JSON.stringify(outcome)}`);
      if (!outcome.ok) {
        assert.match(outcome.message, message);
        assert.ok(outcome.position >= 0 && outcome.position <= expression.length);
      }
    });
  }

  it("answers Graph's parseExpression example exactly: canonical text, parameters by name, empty positions left out", () => {
    const outcome = parseExpression('Replace([preferredLanguage], "-", , , "_", ,  )');
    assert.ok(outcome.ok);
    const constant = (name: string): ParsedSource => ({
      expression: JSON.stringify(name),
      name,
      parameters: [],
      type: "Constant",
    });
    assert.deepEqual(outcome.source, {
      expression: 'Replace([preferredLanguage], "-", , , "_", , )',
      name: "Replace",
      parameters: [
        {
          key: "source",
          value: { expression: "[preferredLanguage]", name: "preferredLanguage", parameters: [], type: "Attribute" },
        },
        { key: "Find", value: constant("-") },
        { key: "Replacement", value: constant("_") },
      ],
      type: "Function",
    });
  });

  it("unescapes string constants and writes them back with the documented escapes", () => {
    const outcome = parseExpression('Append("a\\"b\\\\c", "")');
    assert.ok(outcome.ok);
    const value = outcome.source.parameters[0].value;
    assert.equal(value.name, 'a"b\\c');
    assert.equal(value.expression, '"a\\"b\\\\c"');
  });

  it("reports the position of the problem (0-based, in the expression as sent)", () => {
    const outcome = parseExpression('Join(" ", [givenName], Frob([surname]))');
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.position, 23);
  });

  it("knows every function the article lists, once, with a case-sensitive name", () => {
    const names = EXPRESSION_FUNCTIONS.map((fn) => fn.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of ["Append", "IIF", "InStr", "SelectUniqueValue", "Switch", "Word", "CStr", "PCase"]) {
      assert.ok(names.includes(name), name);
    }
    // 43 in the article's list, plus DefaultDomain and AppRoleAssignments from Graph's functions example.
    assert.equal(names.length, 45);
  });

  it("refuses nesting deeper than it reads, instead of overflowing the stack", () => {
    const deep = `${"ToLower(".repeat(5000)}[a]${")".repeat(5000)}`;
    const outcome = parseExpression(deep);
    assert.equal(outcome.ok, false);
  });
});
