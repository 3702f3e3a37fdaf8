/**
 * What an AttributeMappings resource declares, once checked: the job, how much of each object mapping it owns, and
 * the object mappings with their attribute mappings in Graph's terms. The same shape is what the outputs record of
 * what Graph holds, so that a diff compares like with like.
 */
import type { ApiVersion } from "../../graph/apiVersion";
import type { Target } from "../../graph/graphRoutes";

/** attributeMapping.flowType: https://learn.microsoft.com/en-us/graph/api/resources/synchronization-attributemapping */
export const FLOW_TYPES = ["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

/** attributeMapping.flowBehavior, same page. */
export const FLOW_BEHAVIORS = ["FlowWhenChanged", "FlowAlways"] as const;
export type FlowBehavior = (typeof FLOW_BEHAVIORS)[number];

/**
 * How much of each declared object mapping the resource owns:
 * - `declaredMappings`: only the attribute mappings it lists (and `enabled` and `scopingFilter` when set); the rest
 *   stays as the template or the portal left it.
 * - `wholeObjectMapping`: the object mapping is what it declares; attribute mappings it does not list are removed,
 *   an unset `scopingFilter` means none and an unset `enabled` means true.
 */
export const OWNERSHIP_MODES = ["declaredMappings", "wholeObjectMapping"] as const;
export type Ownership = (typeof OWNERSHIP_MODES)[number];

/** What happens to what the resource stops owning (on destroy, or when a declaration is removed). */
export const RELEASE_MODES = ["restoreTemplateDefaults", "leave"] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

/** One attribute mapping, every field set (Graph's defaults where the program left one out). */
export interface DeclaredAttributeMapping {
  targetAttributeName: string;
  /** An expression: `[attribute]`, `"constant"`, or `Function(…)`. */
  source: string;
  flowType: FlowType;
  flowBehavior: FlowBehavior;
  matchingPriority: number;
  defaultValue: string | null;
  exportMissingReferences: boolean;
}

/** One clause of a scoping filter group: `sourceOperandName operatorName values`. */
export interface ScopingClause {
  sourceOperandName: string;
  operatorName: string;
  values: string[];
}

/** A group of clauses that must all hold; an object is in scope when any group holds. */
export interface ScopingGroup {
  /** Left out when the group has none (Graph's filterGroup page does not say a name is required). */
  name?: string;
  clauses: ScopingClause[];
}

/** Which object mapping: its source and target object, within a rule named by id or directories when set. */
export interface ObjectMappingSelector {
  ruleId?: string;
  sourceDirectoryName?: string;
  targetDirectoryName?: string;
  sourceObjectName: string;
  targetObjectName: string;
}

export interface DeclaredObjectMapping extends ObjectMappingSelector {
  /** Unset: not owned (declaredMappings) or true (wholeObjectMapping). */
  enabled?: boolean;
  /** Unset: not owned (declaredMappings) or none (wholeObjectMapping); `[]`: no scoping filter. */
  scopingFilter?: ScopingGroup[];
  attributeMappings: DeclaredAttributeMapping[];
}

/** The checked inputs. */
export interface CheckedAttributeMappings {
  target: Target;
  jobId: string;
  apiVersion: ApiVersion;
  ownership: Ownership;
  whenReleased: ReleaseMode;
  objectMappings: DeclaredObjectMapping[];
  /**
   * Set during a preview when part of `objectMappings` is not known until apply (it comes from another resource's
   * output): what is known is checked, and the diff says the resource changes.
   */
  pending?: true;
}

/** Graph's defaults for what a declared attribute mapping leaves out (the attributeMapping page). */
export const ATTRIBUTE_MAPPING_DEFAULTS = {
  flowType: "Always",
  flowBehavior: "FlowWhenChanged",
  matchingPriority: 0,
  defaultValue: null,
  exportMissingReferences: false,
} as const satisfies Omit<DeclaredAttributeMapping, "targetAttributeName" | "source">;

/** How an object mapping is named in messages: `User → User` (in rule r when set). */
export function describeSelector(selector: ObjectMappingSelector): string {
  const within = [
    selector.ruleId !== undefined ? `rule ${JSON.stringify(selector.ruleId)}` : undefined,
    selector.sourceDirectoryName !== undefined ? `from ${JSON.stringify(selector.sourceDirectoryName)}` : undefined,
    selector.targetDirectoryName !== undefined ? `to ${JSON.stringify(selector.targetDirectoryName)}` : undefined,
  ].filter((part) => part !== undefined);
  const names = `${JSON.stringify(selector.sourceObjectName)} → ${JSON.stringify(selector.targetObjectName)}`;
  return within.length === 0 ? names : `${names} (${within.join(", ")})`;
}
