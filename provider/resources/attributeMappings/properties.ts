/**
 * The resource's properties: the one list check accepts and the one a schema or SDK describes. Field lists here
 * are what check refuses anything outside of.
 */
import type { FieldSpec, ObjectType, PropertySpec, PropertyType } from "../../core/resourceDefinition";
import { FLOW_BEHAVIORS, FLOW_TYPES, OWNERSHIP_MODES, RELEASE_MODES } from "./declarations";

const STRING: PropertyType = { kind: "string" };
const BOOLEAN: PropertyType = { kind: "boolean" };

export const ATTRIBUTE_MAPPING_FIELDS: Record<string, FieldSpec> = {
  targetAttributeName: {
    type: STRING,
    required: true,
    description: 'The target object\'s attribute this mapping writes, e.g. "externalId".',
  },
  source: {
    type: STRING,
    required: true,
    description:
      'An expression in the attribute-mapping expression language: an attribute ("[employeeId]"), a constant in double quotes ("\\"Sales\\"") or a function ("Join(\\" \\", [givenName], [surname])"). Checked in preview.',
  },
  flowType: { type: STRING, description: `When the value flows: ${FLOW_TYPES.join(", ")}. Default Always.` },
  flowBehavior: { type: STRING, description: `${FLOW_BEHAVIORS.join(" or ")}. Default FlowWhenChanged.` },
  matchingPriority: {
    type: { kind: "integer" },
    description: "0 (default): not matched on; 1: the first attribute objects are matched by; 2: the next.",
  },
  defaultValue: { type: STRING, description: "The value written when the source is empty." },
  exportMissingReferences: { type: BOOLEAN, description: "For reference attributes; default false." },
};

const ATTRIBUTE_MAPPING: ObjectType = {
  kind: "object",
  token: "syncauth:index:AttributeMapping",
  description: "One attribute mapping: which source flows to which target attribute, and how.",
  fields: ATTRIBUTE_MAPPING_FIELDS,
};

export const SCOPING_CLAUSE_FIELDS: Record<string, FieldSpec> = {
  sourceOperandName: { type: STRING, required: true, description: 'The source attribute tested, e.g. "department".' },
  operatorName: {
    type: STRING,
    required: true,
    description: 'Graph\'s operator name, e.g. "EQUALS", "NOT EQUALS", "IS TRUE", "REGEX MATCH".',
  },
  values: {
    type: { kind: "list", of: STRING },
    description: "The values compared with (none for IS TRUE and the like).",
  },
};

export const SCOPING_GROUP_FIELDS: Record<string, FieldSpec> = {
  name: { type: STRING, description: "The group's name, as the portal shows it." },
  clauses: {
    type: {
      kind: "list",
      of: {
        kind: "object",
        token: "syncauth:index:ScopingClause",
        description: "One test of a source attribute.",
        fields: SCOPING_CLAUSE_FIELDS,
      },
    },
    required: true,
    description: "Clauses that must all hold.",
  },
};

export const OBJECT_MAPPING_FIELDS: Record<string, FieldSpec> = {
  sourceObjectName: { type: STRING, required: true, description: 'The source object, e.g. "User".' },
  targetObjectName: { type: STRING, required: true, description: 'The target object, e.g. "User".' },
  ruleId: {
    type: STRING,
    description: "The synchronization rule's id; needed only when two editable rules map the same objects.",
  },
  sourceDirectoryName: { type: STRING, description: "Narrows the rule by its source directory's name." },
  targetDirectoryName: { type: STRING, description: "Narrows the rule by its target directory's name." },
  enabled: {
    type: BOOLEAN,
    description:
      "Whether the object mapping provisions. Unset: left as it is (declaredMappings) or true (wholeObjectMapping).",
  },
  scopingFilter: {
    type: {
      kind: "list",
      of: {
        kind: "object",
        token: "syncauth:index:ScopingGroup",
        description: "A group of clauses that must all hold; an object is in scope when any group holds.",
        fields: SCOPING_GROUP_FIELDS,
      },
    },
    description:
      "Which source objects are in scope; [] for all. Unset: left as it is (declaredMappings) or none (wholeObjectMapping).",
  },
  attributeMappings: {
    type: { kind: "list", of: ATTRIBUTE_MAPPING },
    required: true,
    description: "The attribute mappings managed, one per target attribute.",
  },
};

const OBJECT_MAPPING: ObjectType = {
  kind: "object",
  token: "syncauth:index:ObjectMapping",
  description:
    "One object mapping of the job's schema (e.g. Entra users to the application's users) and what is managed of it.",
  fields: OBJECT_MAPPING_FIELDS,
};

/** The held state of an object mapping: the declaration's shape, and the owned attribute mappings Graph lacks. */
const HELD_OBJECT_MAPPING: ObjectType = {
  kind: "object",
  token: "syncauth:index:HeldObjectMapping",
  description: "What Graph holds of an owned object mapping, as of the last write or refresh.",
  fields: {
    ...OBJECT_MAPPING_FIELDS,
    absentAttributeMappings: {
      type: { kind: "list", of: STRING },
      description: "Target attributes owned whose mapping Graph does not hold (removed outside the stack).",
    },
    present: { type: BOOLEAN, description: "False when the job's schema has no such object mapping." },
  },
};

export const INPUT_PROPERTY_SPECS = {
  servicePrincipalId: {
    type: STRING,
    description:
      "Object id of the service principal (the enterprise application) whose provisioning job this is. Set exactly one of this and applicationId.",
  },
  applicationId: { type: STRING, description: "Object id of the application, instead of servicePrincipalId." },
  jobId: {
    type: STRING,
    description: "The provisioning (synchronization) job's id; azuread.SynchronizationJob's id is accepted too.",
  },
  apiVersion: { type: STRING, description: 'Graph API version: "v1.0" (default) or "beta".' },
  ownership: {
    type: STRING,
    description: `${OWNERSHIP_MODES.join(" (default) or ")}: manage only the listed attribute mappings, or each object mapping whole (others are removed).`,
  },
  whenReleased: {
    type: STRING,
    description: `${RELEASE_MODES.join(" (default) or ")}: what destroy, or removing a declaration, does to what the resource owned.`,
  },
  objectMappings: {
    type: { kind: "list", of: OBJECT_MAPPING },
    description: "The object mappings managed.",
  },
} as const satisfies Record<string, PropertySpec>;

export const INPUT_PROPERTIES = Object.keys(INPUT_PROPERTY_SPECS);

export const OUTPUT_PROPERTY_SPECS = {
  ...INPUT_PROPERTY_SPECS,
  target: { type: STRING, description: '"servicePrincipals/<id>" or "applications/<id>".' },
  objectMappings: {
    type: { kind: "list", of: HELD_OBJECT_MAPPING },
    description: "What Graph holds of the owned part of each object mapping, as of the last write or refresh.",
  },
  lastWrittenAt: { type: STRING, description: "ISO-8601 UTC time the resource last replaced the job's schema." },
} as const satisfies Record<string, PropertySpec>;

export const REQUIRED_OUTPUTS = [
  "target",
  "jobId",
  "apiVersion",
  "ownership",
  "whenReleased",
  "objectMappings",
] as const;
