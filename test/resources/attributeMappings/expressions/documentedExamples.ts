/**
 * Every expression Microsoft's pages show as valid, copied as written (markdown code spans are literal, so the
 * Replace examples' `\\d` is an escaped backslash before `d`).
 */

/** https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data */
export const FUNCTION_REFERENCE_EXAMPLES: readonly string[] = [
  'Append([userPrincipalName], ".test")',
  "AppRoleAssignmentsComplex([appRoleAssignments])",
  "BitAnd(&HF, &HF7)",
  "CBool([attribute1] = [attribute2])",
  "CDate([StatusHireDate])",
  'CDate("2021-06-30+08:00")',
  'CDate("2009-06-15T01:45:30-07:00")',
  "Coalesce([mail],[userPrincipalName])",
  'ConvertToBase64("Hello world!")',
  'ConvertToUTF8Hex("Hello world!")',
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
  'IIF([country]="USA","True",IIF([state]="CA","True","False"))',
  // The page's "unsupported IIF expression examples": they fail when the attribute is empty, not in parsing.
  'IIF([country]="","Other",[country])',
  'IIF(IsNullOrEmpty([country]),"Other",[country])',
  'IIF(IsPresent([country]),[country],"Other")',
  'Switch([country],[country],"","Other")',
  'InStr("The quick brown fox","quick")',
  'InStr("repEated","e",3,vbBinaryCompare)',
  "IsNull([displayName])",
  "IsNullOrEmpty([displayName])",
  "Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])",
  "Item([proxyAddresses], 1)",
  'Left("John Doe", 3)',
  "NormalizeDiacritics([givenName])",
  "Now()",
  'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
  'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))',
  "PCase([firstName])",
  `PCase([lastName]," '-")`,
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
  'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
  'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )',
  `SelectUniqueValue( 
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), 
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"),
        Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com")
    )`,
  'Split([extensionAttribute5], ",")',
  'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
  'Switch([statusFlag], "Default Value", "true", "1", "", "0")',
  'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))',
  'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
  'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
  'Word("The quick brown fox",3," ")',
  'Word("This,string!has&many separators",3,",!&#")',
  'Replace([mail], "@contoso.com", , ,"", ,)',
  "Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))",
  'Join(", ", "", [surname], [givenName])',
  'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
  'Append("Company name: \\"Contoso\\"", "")',
];

/** Graph's parseExpression page (synchronization-synchronizationschema-parseexpression), its request. */
export const PARSE_EXPRESSION_EXAMPLE = 'Replace([preferredLanguage], "-", , , "_", ,  )';

/** Graph's attributeMappingSource page: an attribute alone, and "inbound-provisioning-api-custom-attributes". */
export const OTHER_PAGE_EXAMPLES: readonly string[] = [
  "[mail]",
  'Join("", [title], "(", [urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode], ")")',
];
