/**
 * Finding one's way in a job's synchronization schema as Graph answers it (plain JSON): its rules, their object
 * mappings, and the attributes its directories define. Pure; never changes what it is given.
 * https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationschema
 */
import type { JsonObject } from "../../graph/jobSchemaCalls";
import { describeSelector, type ObjectMappingSelector } from "./declarations";

/** An object mapping found in a schema: where it is, and itself. */
export interface LocatedObjectMapping {
  ruleIndex: number;
  mappingIndex: number;
  rule: JsonObject;
  objectMapping: JsonObject;
}

export type Location = { found: LocatedObjectMapping } | { problem: string };

export function rulesOf(schema: JsonObject): JsonObject[] {
  return objectsIn(schema.synchronizationRules);
}

export function objectMappingsOf(rule: JsonObject): JsonObject[] {
  return objectsIn(rule.objectMappings);
}

export function attributeMappingsOf(objectMapping: JsonObject): JsonObject[] {
  return objectsIn(objectMapping.attributeMappings);
}

/**
 * The one object mapping a selector names: in the rule with `ruleId` when set, else in the rules Graph marks
 * editable; narrowed by directory names when set. None, or more than one, is a problem that says what there is.
 */
export function locateObjectMapping(schema: JsonObject, selector: ObjectMappingSelector): Location {
  const candidates: LocatedObjectMapping[] = [];
  rulesOf(schema).forEach((rule, ruleIndex) => {
    if (!ruleMatches(rule, selector)) return;
    objectMappingsOf(rule).forEach((objectMapping, mappingIndex) => {
      if (
        objectMapping.sourceObjectName === selector.sourceObjectName &&
        objectMapping.targetObjectName === selector.targetObjectName
      ) {
        candidates.push({ ruleIndex, mappingIndex, rule, objectMapping });
      }
    });
  });
  if (candidates.length === 1) {
    return { found: candidates[0] };
  }
  if (candidates.length > 1) {
    const rules = candidates.map((candidate) => JSON.stringify(String(candidate.rule.id))).join(", ");
    return {
      problem:
        `the job's schema has ${candidates.length} object mappings ${describeSelector(selector)}, in rules ${rules}: ` +
        `set ruleId to the one to manage`,
    };
  }
  const known = rulesOf(schema)
    .filter((rule) => ruleMatches(rule, selector))
    .flatMap((rule) =>
      objectMappingsOf(rule).map(
        (mapping) =>
          `${JSON.stringify(String(mapping.sourceObjectName))} → ${JSON.stringify(String(mapping.targetObjectName))}`,
      ),
    );
  const scope = selector.ruleId === undefined ? "editable rules" : "rule";
  return {
    problem:
      `the job's schema has no object mapping ${describeSelector(selector)} in its ${scope}` +
      (known.length === 0 ? "" : `; it has ${[...new Set(known)].join(", ")}`) +
      `: set sourceObjectName and targetObjectName to one of them (the portal's Mappings list shows them)`,
  };
}

function ruleMatches(rule: JsonObject, selector: ObjectMappingSelector): boolean {
  if (selector.ruleId !== undefined ? rule.id !== selector.ruleId : rule.editable === false) return false;
  if (selector.sourceDirectoryName !== undefined && rule.sourceDirectoryName !== selector.sourceDirectoryName) {
    return false;
  }
  return selector.targetDirectoryName === undefined || rule.targetDirectoryName === selector.targetDirectoryName;
}

/**
 * The attribute names the rule's target directory defines for the object, or undefined when the schema does not
 * say (no such directory or object, or no attributes listed): then nothing is checked against them.
 */
export function targetAttributeNames(schema: JsonObject, rule: JsonObject, objectName: string): string[] | undefined {
  const directory = objectsIn(schema.directories).find((candidate) => candidate.name === rule.targetDirectoryName);
  const object = directory === undefined ? undefined : objectsIn(directory.objects).find((o) => o.name === objectName);
  const attributes = object === undefined ? [] : objectsIn(object.attributes);
  const names = attributes.map((attribute) => attribute.name).filter((name) => typeof name === "string");
  return names.length === 0 ? undefined : names;
}

export function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
