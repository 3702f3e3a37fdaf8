import * as assert from "node:assert/strict";
import type { Emulator } from "../emulator";
import type { RouteName } from "../emulator/requestLog";

/**
 * What the runs of the attribute-mappings examples share, whatever the language (TypeScript through the dynamic
 * resource, YAML and Go through the plugin): the program's settings, Graph's calls per step, and what the job's
 * schema holds after up and after destroy. Every program declares the same mappings.
 */

export const DEPARTMENT = "Sales";

type Json = Record<string, unknown>;

/** Graph's calls of each step, in order: sign-ins are counted apart (one per provider process that calls Graph). */
export const SCHEMA_CALLS = {
  /** Read, Graph's parse of the one function (the Join), one write, one confirming read. */
  firstUp: ["getJobSchema", "parseExpression", "putJobSchema", "getJobSchema"],
  refresh: ["getJobSchema"],
  /** Drift put back: nothing but an attribute source changed, so nothing to parse. */
  upAfterDrift: ["getJobSchema", "putJobSchema", "getJobSchema"],
  /** Read, the job (its template's id), the template's schema, one write giving back the defaults. */
  destroy: ["getJobSchema", "getSynchronizationJob", "getTemplateSchema", "putJobSchema"],
} satisfies Record<string, RouteName[]>;

/** Token requests and Graph's routes since the last call, in order; then forgets them. */
export function takeSchemaCalls(emu: Emulator): { tokens: number; routes: RouteName[] } {
  const found = {
    tokens: emu.count({ route: "token" }),
    routes: emu.log
      .filter((entry) => !["token", "openidConfiguration"].includes(entry.route))
      .map((entry) => entry.route),
  };
  emu.clearLog();
  return found;
}

/** The editable rule's User → User object mapping of a schema: the one the examples declare. */
export function userObjectMapping(schema: Json | undefined): Json {
  const rules = (schema?.synchronizationRules ?? []) as Json[];
  return (rules[0].objectMappings as Json[]).find((mapping) => mapping.sourceObjectName === "User")!;
}

export function userMapping(schema: Json | undefined, target: string): Json {
  return (userObjectMapping(schema).attributeMappings as Json[]).find(
    (mapping) => mapping.targetAttributeName === target,
  )!;
}

/** A portal edit: externalId mapped from mailNickname again, outside the stack. */
export function editExternalIdInPortal(emu: Emulator, objectId: string, jobId: string): void {
  emu.synchronization.editSchema(objectId, jobId, (schema) => {
    userMapping(schema, "externalId").source = {
      expression: "[mailNickname]",
      name: "mailNickname",
      parameters: [],
      type: "Attribute",
    };
  });
}

/** The job's schema holds what the examples declare, and nothing else of the template changed. */
export function assertMappingsWritten(emu: Emulator, objectId: string, jobId: string): void {
  const schema = emu.synchronization.schema(objectId, jobId);
  const template = emu.synchronization.templateSchema("scim");
  assert.deepEqual(userMapping(schema, "externalId").source, {
    expression: "[employeeId]",
    name: "employeeId",
    parameters: [],
    type: "Attribute",
  });
  assert.equal(userMapping(schema, "externalId").matchingPriority, 1);
  assert.equal(userMapping(schema, "userName").matchingPriority, 2);
  assert.equal((userMapping(schema, "displayName").source as Json).type, "Function");
  assert.deepEqual((userObjectMapping(schema).scope as Json).groups, [
    {
      name: "One department",
      clauses: [{ operatorName: "EQUALS", sourceOperandName: "department", targetOperand: { values: [DEPARTMENT] } }],
    },
  ]);
  // Not declared (declaredMappings, the default): as the template left it.
  const declared = ["externalId", "userName", "displayName"];
  const others = (mappings: Json[]) => mappings.filter((m) => !declared.includes(String(m.targetAttributeName)));
  assert.deepEqual(
    others(userObjectMapping(schema).attributeMappings as Json[]),
    others(userObjectMapping(template).attributeMappings as Json[]),
  );
}

/** What Graph holds of the owned mappings, as the resource's objectMappings output records it (declaration order). */
export function assertHeldOutput(objectMappings: unknown): void {
  const [held] = objectMappings as Json[];
  assert.deepEqual(
    (held.attributeMappings as Json[]).map((mapping) => [
      mapping.targetAttributeName,
      mapping.source,
      mapping.matchingPriority,
    ]),
    [
      ["externalId", "[employeeId]", 1],
      ["userName", "[userPrincipalName]", 2],
      ["displayName", 'Join(" ", [givenName], [surname])', 0],
    ],
  );
}

/** After destroy: the User object mapping is the template's again (mappings and scoping filter). */
export function assertTemplateRestored(emu: Emulator, objectId: string, jobId: string): void {
  const schema = emu.synchronization.schema(objectId, jobId);
  assert.deepEqual(userObjectMapping(schema), userObjectMapping(emu.synchronization.templateSchema("scim")));
}
