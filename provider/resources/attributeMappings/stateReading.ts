/**
 * What a resource's state says it owned and found, read defensively (state is whatever an earlier version or the
 * engine kept). Pure.
 */
import type { HeldObjectMapping, Owned } from "./heldMappings";
import { declarationOf, selectorOf } from "./heldMappings";
import { OWNERSHIP_MODES, RELEASE_MODES, type Ownership, type ReleaseMode, type ScopingGroup } from "./declarations";
import { objectsIn } from "./schemaModel";

export interface StateReading {
  ownership: Ownership;
  whenReleased: ReleaseMode;
  held: HeldObjectMapping[];
}

export function readState(state: Record<string, unknown>): StateReading {
  return {
    ownership: OWNERSHIP_MODES.includes(state.ownership as Ownership)
      ? (state.ownership as Ownership)
      : "declaredMappings",
    whenReleased: RELEASE_MODES.includes(state.whenReleased as ReleaseMode)
      ? (state.whenReleased as ReleaseMode)
      : "restoreTemplateDefaults",
    held: objectsIn(state.objectMappings).map((entry): HeldObjectMapping => ({
      ...(typeof entry.ruleId === "string" && { ruleId: entry.ruleId }),
      ...(typeof entry.sourceDirectoryName === "string" && { sourceDirectoryName: entry.sourceDirectoryName }),
      ...(typeof entry.targetDirectoryName === "string" && { targetDirectoryName: entry.targetDirectoryName }),
      sourceObjectName: String(entry.sourceObjectName ?? ""),
      targetObjectName: String(entry.targetObjectName ?? ""),
      ...(entry.present === false && { present: false as const }),
      ...(typeof entry.enabled === "boolean" && { enabled: entry.enabled }),
      ...(Array.isArray(entry.scopingFilter) && { scopingFilter: objectsIn(entry.scopingFilter).map(scopingGroupOf) }),
      attributeMappings: objectsIn(entry.attributeMappings).map(declarationOf),
      ...(Array.isArray(entry.absentAttributeMappings) && {
        absentAttributeMappings: entry.absentAttributeMappings.filter(
          (name): name is string => typeof name === "string",
        ),
      }),
    })),
  };
}

/**
 * A scoping group as the state holds it, in the declarations' own key order: the engine hands state back with every
 * object's keys sorted, and groups are compared as JSON.
 */
function scopingGroupOf(group: Record<string, unknown>): ScopingGroup {
  return {
    ...(typeof group.name === "string" && group.name !== "" && { name: group.name }),
    clauses: objectsIn(group.clauses).map((clause) => ({
      sourceOperandName: String(clause.sourceOperandName ?? ""),
      operatorName: String(clause.operatorName ?? ""),
      values: Array.isArray(clause.values) ? clause.values.map(String) : [],
    })),
  };
}

/** What the state's resource owned of each object mapping. */
export function ownedInState(reading: StateReading): Owned[] {
  const whole = reading.ownership === "wholeObjectMapping";
  return reading.held.map((held) => ({
    ...selectorOf(held),
    attributeNames: whole
      ? "all"
      : [
          ...held.attributeMappings.map((mapping) => mapping.targetAttributeName),
          ...(held.absentAttributeMappings ?? []),
        ],
    order: held.attributeMappings.map((mapping) => mapping.targetAttributeName),
    enabled: whole || held.enabled !== undefined,
    scopingFilter: whole || held.scopingFilter !== undefined,
    held,
  }));
}
