import { parseExpression } from "./expressionParser";

/**
 * The schema a provisioning job starts with: its template's default. Shaped after the example answer of
 * https://learn.microsoft.com/en-us/graph/api/synchronization-synchronizationschema-get (directories named "Azure
 * Active Directory" and the application's, objects "User"/"Group" with `{ name, type }` attributes, a rule from the
 * one to the other with object mappings of `{ source, targetAttributeName }`), filled in with every property the
 * resource pages list:
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschema
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationrule
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-objectmapping
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-attributemapping
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-attributemappingsource
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-filter
 * - https://learn.microsoft.com/en-us/graph/api/resources/synchronization-directorydefinition
 * The SCIM attributes are the non-gallery SCIM application's user and group mappings as Microsoft's SCIM tutorial
 * lists them (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups,
 * "Design your user and group schema"). Rule ids and names, the second (read-only, disabled) rule and the scoping
 * filter are the emulator's: Graph's pages show none for this template, and the real one may differ.
 *
 * Flag enums (`flowTypes`, `discoverabilities`) are one comma-separated string, as Graph writes them. Attribute
 * types use the enum's own spelling (`String`, `Boolean`, `Reference`; Microsoft's SDK models and the
 * attributeDefinition page), although the get page's example writes `"type": "string"`.
 */

export const ENTRA_DIRECTORY = "Azure Active Directory";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

type JsonObject = Record<string, unknown>;

interface AttributeSpec {
  name: string;
  type?: "String" | "Boolean" | "Reference" | "Integer" | "DateTime" | "Binary";
  multivalued?: boolean;
  required?: boolean;
  anchor?: boolean;
  referencedObject?: string;
}

function attributeDefinition(spec: AttributeSpec): JsonObject {
  return {
    anchor: spec.anchor ?? false,
    apiExpressions: [],
    caseExact: false,
    defaultValue: null,
    flowNullValues: false,
    metadata: [],
    multivalued: spec.multivalued ?? false,
    mutability: "ReadWrite",
    name: spec.name,
    referencedObjects: spec.referencedObject
      ? [{ referencedObjectName: spec.referencedObject, referencedProperty: null }]
      : [],
    required: spec.required ?? false,
    type: spec.type ?? "String",
  };
}

function objectDefinition(name: string, attributes: AttributeSpec[]): JsonObject {
  return { attributes: attributes.map(attributeDefinition), metadata: [], name, supportedApis: [] };
}

const ENTRA_USER: AttributeSpec[] = [
  { name: "objectId", anchor: true, required: true },
  { name: "accountEnabled", type: "Boolean" },
  { name: "IsSoftDeleted", type: "Boolean" },
  { name: "userPrincipalName", required: true },
  { name: "displayName" },
  { name: "givenName" },
  { name: "surname" },
  { name: "jobTitle" },
  { name: "mail" },
  { name: "mailNickname" },
  { name: "preferredLanguage" },
  { name: "physicalDeliveryOfficeName" },
  { name: "streetAddress" },
  { name: "city" },
  { name: "state" },
  { name: "postalCode" },
  { name: "country" },
  { name: "telephoneNumber" },
  { name: "mobile" },
  { name: "facsimileTelephoneNumber" },
  { name: "employeeId" },
  { name: "department" },
  { name: "companyName" },
  { name: "userType" },
  { name: "usageLocation" },
  { name: "manager", type: "Reference", referencedObject: "User" },
  { name: "proxyAddresses", multivalued: true },
  { name: "appRoleAssignments", multivalued: true },
  ...Array.from({ length: 15 }, (_, index) => ({ name: `extensionAttribute${index + 1}` })),
];

const ENTRA_GROUP: AttributeSpec[] = [
  { name: "objectId", anchor: true, required: true },
  { name: "displayName", required: true },
  { name: "description" },
  { name: "mail" },
  { name: "mailNickname" },
  { name: "members", type: "Reference", multivalued: true, referencedObject: "User" },
];

const SCIM_USER: AttributeSpec[] = [
  { name: "id", anchor: true },
  { name: "userName", required: true },
  { name: "active", type: "Boolean" },
  { name: "displayName" },
  { name: "title" },
  { name: 'emails[type eq "work"].value' },
  { name: "preferredLanguage" },
  { name: "name.givenName" },
  { name: "name.familyName" },
  { name: "name.formatted" },
  { name: 'addresses[type eq "work"].formatted' },
  { name: 'addresses[type eq "work"].streetAddress' },
  { name: 'addresses[type eq "work"].locality' },
  { name: 'addresses[type eq "work"].region' },
  { name: 'addresses[type eq "work"].postalCode' },
  { name: 'addresses[type eq "work"].country' },
  { name: 'phoneNumbers[type eq "work"].value' },
  { name: 'phoneNumbers[type eq "mobile"].value' },
  { name: 'phoneNumbers[type eq "fax"].value' },
  { name: "externalId" },
  { name: "nickName" },
  { name: "userType" },
  { name: "locale" },
  { name: "roles", multivalued: true },
  { name: `${ENTERPRISE}:employeeNumber` },
  { name: `${ENTERPRISE}:department` },
  { name: `${ENTERPRISE}:organization` },
  { name: `${ENTERPRISE}:division` },
  { name: `${ENTERPRISE}:costCenter` },
  { name: `${ENTERPRISE}:manager`, type: "Reference", referencedObject: "User" },
];

const SCIM_GROUP: AttributeSpec[] = [
  { name: "id", anchor: true },
  { name: "displayName", required: true },
  { name: "externalId" },
  { name: "members", type: "Reference", multivalued: true, referencedObject: "User" },
];

type SourceSpec = string | { expression: string };

function attributeMapping(target: string, source: SourceSpec, options: { matchingPriority?: number } = {}): JsonObject {
  return {
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: "FlowWhenChanged",
    flowType: "Always",
    matchingPriority: options.matchingPriority ?? 0,
    source: sourceOf(source),
    targetAttributeName: target,
  };
}

/**
 * Sources as parseExpression shows them: an attribute is `{ expression: "[name]", name, parameters: [], type }`,
 * an expression is parsed the way parseExpression parses it (the emulator's own parser).
 */
function sourceOf(source: SourceSpec): JsonObject {
  if (typeof source === "string") {
    return { expression: `[${source}]`, name: source, parameters: [], type: "Attribute" };
  }
  const parsed = parseExpression(source.expression);
  if (!parsed.ok) throw new Error(`default expression '${source.expression}' does not parse: ${parsed.message}`);
  return parsed.source as unknown as JsonObject;
}

const USER_MAPPINGS: [string, SourceSpec, number?][] = [
  ["userName", "userPrincipalName", 1],
  ["active", { expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' }],
  ["displayName", "displayName"],
  ["title", "jobTitle"],
  ['emails[type eq "work"].value', "mail"],
  ["preferredLanguage", "preferredLanguage"],
  ["name.givenName", "givenName"],
  ["name.familyName", "surname"],
  ["name.formatted", { expression: 'Join(" ", [givenName], [surname])' }],
  ['addresses[type eq "work"].formatted', "physicalDeliveryOfficeName"],
  ['addresses[type eq "work"].streetAddress', "streetAddress"],
  ['addresses[type eq "work"].locality', "city"],
  ['addresses[type eq "work"].region', "state"],
  ['addresses[type eq "work"].postalCode', "postalCode"],
  ['addresses[type eq "work"].country', "country"],
  ['phoneNumbers[type eq "work"].value', "telephoneNumber"],
  ['phoneNumbers[type eq "mobile"].value', "mobile"],
  ['phoneNumbers[type eq "fax"].value', "facsimileTelephoneNumber"],
  ["externalId", "mailNickname"],
  ["userType", "userType"],
  ["locale", "usageLocation"],
  ["roles", { expression: "AppRoleAssignmentsComplex([appRoleAssignments])" }],
  [`${ENTERPRISE}:employeeNumber`, "employeeId"],
  [`${ENTERPRISE}:department`, "department"],
  [`${ENTERPRISE}:organization`, "companyName"],
  [`${ENTERPRISE}:manager`, "manager"],
];

const GROUP_MAPPINGS: [string, SourceSpec, number?][] = [
  ["displayName", "displayName", 1],
  ["externalId", "objectId"],
  ["members", "members"],
];

function objectMapping(
  source: string,
  target: string,
  mappings: [string, SourceSpec, number?][],
  options: { enabled: boolean; flowTypes: string; scope: JsonObject | null },
): JsonObject {
  return {
    attributeMappings: mappings.map(([targetName, sourceSpec, matchingPriority]) =>
      attributeMapping(targetName, sourceSpec, { matchingPriority }),
    ),
    enabled: options.enabled,
    flowTypes: options.flowTypes,
    metadata: [{ key: "Disposition", value: "Normal" }],
    name: `Provision ${ENTRA_DIRECTORY} ${source}s`,
    scope: options.scope,
    sourceObjectName: source,
    targetObjectName: target,
  };
}

/** A scoping filter (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-filter) with `EQUALS`, the operator the filterOperators page shows. */
function enabledAccountsScope(): JsonObject {
  return {
    categoryFilterGroups: [],
    groups: [
      {
        clauses: [{ operatorName: "EQUALS", sourceOperandName: "accountEnabled", targetOperand: { values: ["True"] } }],
        name: "Enabled accounts",
      },
    ],
    inputFilterGroups: [],
  };
}

/**
 * A fresh copy of the default schema of `templateId` for the job `schemaId` (the job's id: Graph's pages do not say
 * what a job schema's id is). `scim` targets the `customappsso` directory; another template targets a directory
 * named after it, with the same SCIM attributes.
 */
export function defaultSchema(templateId: string, schemaId: string, version: string): JsonObject {
  const target = templateId === "scim" ? "customappsso" : templateId;
  return {
    directories: [
      {
        discoverabilities: "None",
        discoveryDateTime: null,
        id: "aad",
        name: ENTRA_DIRECTORY,
        objects: [objectDefinition("User", ENTRA_USER), objectDefinition("Group", ENTRA_GROUP)],
        readOnly: true,
        version: "1",
      },
      {
        discoverabilities: "AttributeNames, AttributeDataTypes, AttributeReadOnly, ReferenceAttributes",
        discoveryDateTime: null,
        id: target,
        name: target,
        objects: [objectDefinition("User", SCIM_USER), objectDefinition("Group", SCIM_GROUP)],
        readOnly: false,
        version: "1",
      },
    ],
    id: schemaId,
    synchronizationRules: [
      {
        editable: true,
        id: `${target}.outbound`,
        metadata: [],
        name: "USER_GROUP_OUTBOUND",
        objectMappings: [
          objectMapping("User", "User", USER_MAPPINGS, {
            enabled: true,
            flowTypes: "Add, Update, Delete",
            scope: enabledAccountsScope(),
          }),
          objectMapping("Group", "Group", GROUP_MAPPINGS, {
            enabled: true,
            flowTypes: "Add, Update, Delete",
            scope: null,
          }),
        ],
        priority: 1,
        sourceDirectoryName: ENTRA_DIRECTORY,
        targetDirectoryName: target,
      },
      {
        editable: false,
        id: `${target}.inbound`,
        metadata: [],
        name: "USER_INBOUND",
        objectMappings: [
          {
            ...objectMapping(
              "User",
              "User",
              [
                ["userPrincipalName", "userName", 1],
                ["displayName", "displayName"],
                ["mail", 'emails[type eq "work"].value'],
              ],
              { enabled: false, flowTypes: "Add, Update", scope: null },
            ),
            name: `Import ${target} Users`,
          },
        ],
        priority: 2,
        sourceDirectoryName: target,
        targetDirectoryName: ENTRA_DIRECTORY,
      },
    ],
    version,
  };
}
