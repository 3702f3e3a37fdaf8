/**
 * What Graph holds of what a resource owns, read from a job's schema into the declarations' own shape: the outputs
 * record it, refresh compares it, diff reads it back. Pure.
 */
import type { JsonObject } from "../../graph/jobSchemaCalls";
import {
  ATTRIBUTE_MAPPING_DEFAULTS,
  type DeclaredAttributeMapping,
  type DeclaredObjectMapping,
  type ObjectMappingSelector,
  type Ownership,
  type ScopingGroup,
} from "./declarations";
import { attributeMappingsOf, isObject, locateObjectMapping, objectsIn } from "./schemaModel";
import { sourceTextOf } from "./sourceText";

/** One owned object mapping as Graph holds it; `present` and `absentAttributeMappings` are left out when true and empty, so that the state reads like the declaration. */
export interface HeldObjectMapping extends ObjectMappingSelector {
  /** False when the schema has no such object mapping (then nothing else is held). */
  present?: false;
  /** Present when owned. */
  enabled?: boolean;
  /** Present when owned. */
  scopingFilter?: ScopingGroup[];
  /** The owned attribute mappings Graph holds, in the schema's order. */
  attributeMappings: DeclaredAttributeMapping[];
  /** Owned target attributes Graph holds no mapping for. */
  absentAttributeMappings?: string[];
}

/** What one declaration owns of its object mapping. */
export interface Owned extends ObjectMappingSelector {
  /** Every attribute mapping (wholeObjectMapping), or these. */
  attributeNames: string[] | "all";
  /** The target attributes in the order the declaration lists them: what is held is recorded in this order (the rest after, in the schema's), so that a path means the same mapping in state as in the inputs. */
  order?: string[];
  enabled: boolean;
  scopingFilter: boolean;
  /** What the state recorded Graph holding of it (for giving back only what no one changed since). */
  held?: HeldObjectMapping;
}

export function ownedBy(declaration: DeclaredObjectMapping, ownership: Ownership): Owned {
  const whole = ownership === "wholeObjectMapping";
  return {
    ...selectorOf(declaration),
    attributeNames: whole ? "all" : declaration.attributeMappings.map((mapping) => mapping.targetAttributeName),
    order: declaration.attributeMappings.map((mapping) => mapping.targetAttributeName),
    enabled: whole || declaration.enabled !== undefined,
    scopingFilter: whole || declaration.scopingFilter !== undefined,
  };
}

export function selectorOf(mapping: ObjectMappingSelector): ObjectMappingSelector {
  return {
    ...(mapping.ruleId !== undefined && { ruleId: mapping.ruleId }),
    ...(mapping.sourceDirectoryName !== undefined && { sourceDirectoryName: mapping.sourceDirectoryName }),
    ...(mapping.targetDirectoryName !== undefined && { targetDirectoryName: mapping.targetDirectoryName }),
    sourceObjectName: mapping.sourceObjectName,
    targetObjectName: mapping.targetObjectName,
  };
}

/** What the schema holds of `owned`. */
export function heldOf(schema: JsonObject, owned: Owned): HeldObjectMapping {
  const location = locateObjectMapping(schema, owned);
  const selector = selectorOf(owned);
  if (!("found" in location)) {
    const absent = owned.attributeNames === "all" ? [] : owned.attributeNames;
    return {
      ...selector,
      present: false,
      attributeMappings: [],
      ...(absent.length > 0 && { absentAttributeMappings: absent }),
    };
  }
  const { objectMapping } = location.found;
  const all = inOrder(attributeMappingsOf(objectMapping).map(declarationOf), owned.order ?? []);
  const attributeMappings =
    owned.attributeNames === "all"
      ? all
      : all.filter((mapping) => (owned.attributeNames as string[]).includes(mapping.targetAttributeName));
  const heldNames = attributeMappings.map((mapping) => mapping.targetAttributeName);
  const absent = owned.attributeNames === "all" ? [] : owned.attributeNames.filter((name) => !heldNames.includes(name));
  return {
    ...selector,
    ...(owned.enabled && { enabled: objectMapping.enabled !== false }),
    ...(owned.scopingFilter && { scopingFilter: scopingGroupsOf(objectMapping.scope) }),
    attributeMappings,
    ...(absent.length > 0 && { absentAttributeMappings: absent }),
  };
}

/** `mappings` with those `order` names first, in its order, then the rest as they were. */
function inOrder(mappings: DeclaredAttributeMapping[], order: readonly string[]): DeclaredAttributeMapping[] {
  const rank = (mapping: DeclaredAttributeMapping) => {
    const index = order.indexOf(mapping.targetAttributeName);
    return index < 0 ? order.length : index;
  };
  return mappings
    .map((mapping, position) => ({ mapping, position }))
    .sort((a, b) => rank(a.mapping) - rank(b.mapping) || a.position - b.position)
    .map((entry) => entry.mapping);
}

/** An attributeMapping of Graph's as a declaration; fields Graph leaves out read as Graph's defaults. */
export function declarationOf(mapping: JsonObject): DeclaredAttributeMapping {
  return {
    targetAttributeName: String(mapping.targetAttributeName ?? ""),
    source: sourceTextOf(mapping.source),
    flowType: (typeof mapping.flowType === "string"
      ? mapping.flowType
      : ATTRIBUTE_MAPPING_DEFAULTS.flowType) as DeclaredAttributeMapping["flowType"],
    flowBehavior: (typeof mapping.flowBehavior === "string"
      ? mapping.flowBehavior
      : ATTRIBUTE_MAPPING_DEFAULTS.flowBehavior) as DeclaredAttributeMapping["flowBehavior"],
    matchingPriority: typeof mapping.matchingPriority === "number" ? mapping.matchingPriority : 0,
    defaultValue: typeof mapping.defaultValue === "string" ? mapping.defaultValue : null,
    exportMissingReferences: mapping.exportMissingReferences === true,
  };
}

/** A filter's groups (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-filter) as declared. */
export function scopingGroupsOf(scope: unknown): ScopingGroup[] {
  if (!isObject(scope)) return [];
  return objectsIn(scope.groups).map((group) => ({
    ...(typeof group.name === "string" && group.name !== "" && { name: group.name }),
    clauses: objectsIn(group.clauses).map((clause) => ({
      sourceOperandName: String(clause.sourceOperandName ?? ""),
      operatorName: String(clause.operatorName ?? ""),
      values:
        isObject(clause.targetOperand) && Array.isArray(clause.targetOperand.values)
          ? clause.targetOperand.values.map(String)
          : [],
    })),
  }));
}

/** Two selectors name the same object mapping when every field they set is equal. */
export function selectorKey(selector: ObjectMappingSelector): string {
  return JSON.stringify([
    selector.ruleId ?? null,
    selector.sourceDirectoryName ?? null,
    selector.targetDirectoryName ?? null,
    selector.sourceObjectName,
    selector.targetObjectName,
  ]);
}
