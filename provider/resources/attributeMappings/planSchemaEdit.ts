/**
 * The write an `up` makes: the job's schema as read, with what the resource owns set to what it declares, and what
 * it stopped owning given back (the template's default, or left). Pure: the sources only Graph can make (function
 * calls, via parseExpression) are listed for the caller, who fills them in before the one PUT.
 */
import type { InputFailure } from "../../core/resourceDefinition";
import type { JsonObject } from "../../graph/jobSchemaCalls";
import { didYouMean, quote } from "../../core/inputs/messageText";
import type {
  CheckedAttributeMappings,
  DeclaredAttributeMapping,
  DeclaredObjectMapping,
  ObjectMappingSelector,
  ScopingGroup,
} from "./declarations";
import { declarationOf, ownedBy, scopingGroupsOf, selectorKey, type Owned } from "./heldMappings";
import { attributeMappingsOf, locateObjectMapping, targetAttributeNames } from "./schemaModel";
import { sameSource, simpleSourceOf } from "./sourceText";

/** A source Graph must make: its expression, where it goes, and the input path that declared it. */
export interface SourceToParse {
  property: string;
  expression: string;
  /** The attribute mapping in the planned schema whose `source` the parsed expression becomes. */
  into: JsonObject;
}

export interface SchemaEdit {
  /** The schema to PUT (a copy; the one read is untouched). */
  schema: JsonObject;
  /** What changes, one line each (`objectMappings[0].attributeMappings[2] (externalId): source`), for messages and tests. */
  changes: string[];
  toParse: SourceToParse[];
  /** Declarations the schema cannot take (no such object mapping, an attribute the directory does not define). */
  problems: InputFailure[];
  /** What was released but left as it is, another writer having changed it since (for a warning). */
  left: string[];
}

/** Whether another resource of this provider process claims an attribute mapping (or `(enabled)`, `(scopingFilter)`) of an object mapping. */
export type ClaimedElsewhere = (objectMapping: ObjectMappingSelector, name: string) => boolean;

export const ENABLED_CLAIM = "(enabled)";
export const SCOPING_FILTER_CLAIM = "(scopingFilter)";

/** What was owned before and is not now: its object mapping, and what of it to give back. */
export interface Release {
  owned: Owned;
  attributeNames: string[] | "all";
  enabled: boolean;
  scopingFilter: boolean;
}

/** What `inputs` stop owning of `previous` (the state's ownership); nothing when `whenReleased` is leave. */
export function releasesOf(inputs: CheckedAttributeMappings | undefined, previous: readonly Owned[]): Release[] {
  if (inputs?.whenReleased === "leave") return [];
  const now = new Map(
    (inputs?.objectMappings ?? []).map((mapping) => [selectorKey(mapping), ownedBy(mapping, inputs!.ownership)]),
  );
  return previous.flatMap((owned): Release[] => {
    const kept = now.get(selectorKey(owned));
    if (kept === undefined) {
      return [
        { owned, attributeNames: owned.attributeNames, enabled: owned.enabled, scopingFilter: owned.scopingFilter },
      ];
    }
    const names: string[] | "all" =
      owned.attributeNames === "all" || kept.attributeNames === "all"
        ? kept.attributeNames === "all"
          ? []
          : "all"
        : owned.attributeNames.filter((name) => !(kept.attributeNames as string[]).includes(name));
    const release: Release = {
      owned,
      attributeNames: names,
      enabled: owned.enabled && !kept.enabled,
      scopingFilter: owned.scopingFilter && !kept.scopingFilter,
    };
    const nothing = Array.isArray(names) && names.length === 0 && !release.enabled && !release.scopingFilter;
    return nothing ? [] : [release];
  });
}

/**
 * The edit of `schema` that `inputs` (absent on destroy) and `releases` make. `template` (its default schema) is
 * needed exactly when `releases` is not empty.
 */
export function planSchemaEdit(
  schema: JsonObject,
  inputs: CheckedAttributeMappings | undefined,
  releases: readonly Release[],
  template?: JsonObject,
  claimedElsewhere: ClaimedElsewhere = () => false,
): SchemaEdit {
  const edit: SchemaEdit = { schema: structuredClone(schema), changes: [], toParse: [], problems: [], left: [] };
  for (const release of releases) {
    giveBack(edit, release, template ?? {}, claimedElsewhere);
  }
  (inputs?.objectMappings ?? []).forEach((declaration, index) =>
    applyDeclaration(edit, declaration, inputs!.ownership === "wholeObjectMapping", `objectMappings[${index}]`),
  );
  return edit;
}

function applyDeclaration(edit: SchemaEdit, declaration: DeclaredObjectMapping, whole: boolean, path: string): void {
  const location = locateObjectMapping(edit.schema, declaration);
  if (!("found" in location)) {
    edit.problems.push({ property: path, reason: location.problem });
    return;
  }
  const { objectMapping, rule } = location.found;
  const defined = targetAttributeNames(edit.schema, rule, declaration.targetObjectName);
  declaration.attributeMappings.forEach((mapping, index) => {
    if (defined !== undefined && !defined.includes(mapping.targetAttributeName)) {
      edit.problems.push({
        property: `${path}.attributeMappings[${index}].targetAttributeName`,
        reason:
          `${quote(mapping.targetAttributeName)} is not an attribute of ${quote(declaration.targetObjectName)} in the ` +
          `directory ${quote(String(rule.targetDirectoryName))}${didYouMean(mapping.targetAttributeName, defined)}: ` +
          `use one the target defines (the portal's attribute list under "Show advanced options"), or add it there first`,
      });
    }
  });
  if (edit.problems.length > 0) return;

  const current = attributeMappingsOf(objectMapping);
  const next: JsonObject[] = whole ? [] : [...current];
  declaration.attributeMappings.forEach((mapping, index) => {
    const existing = current.find((candidate) => candidate.targetAttributeName === mapping.targetAttributeName);
    const property = `${path}.attributeMappings[${index}]`;
    const written = mappingToWrite(edit, mapping, existing, property);
    if (whole) {
      next.push(written);
    } else if (existing === undefined) {
      next.push(written);
    } else {
      next[next.indexOf(existing)] = written;
    }
  });
  if (whole) {
    const declared = declaration.attributeMappings.map((mapping) => mapping.targetAttributeName);
    for (const removed of current.filter((mapping) => !declared.includes(String(mapping.targetAttributeName)))) {
      edit.changes.push(`${path}: ${quote(String(removed.targetAttributeName))} removed`);
    }
  }
  objectMapping.attributeMappings = next;
  const enabled = declaration.enabled ?? (whole ? true : undefined);
  if (enabled !== undefined && (objectMapping.enabled !== false) !== enabled) {
    objectMapping.enabled = enabled;
    edit.changes.push(`${path}.enabled`);
  }
  const groups = declaration.scopingFilter ?? (whole ? [] : undefined);
  if (groups !== undefined && !sameGroups(scopingGroupsOf(objectMapping.scope), groups)) {
    objectMapping.scope = scopeWith(objectMapping.scope, groups);
    edit.changes.push(`${path}.scopingFilter`);
  }
}

/** The attribute mapping to write: the existing one when it already says what is declared, else a new one. */
function mappingToWrite(
  edit: SchemaEdit,
  mapping: DeclaredAttributeMapping,
  existing: JsonObject | undefined,
  property: string,
): JsonObject {
  const held = existing === undefined ? undefined : declarationOf(existing);
  const changed = held === undefined ? ["added"] : changedFields(held, mapping);
  if (changed.length === 0) {
    return existing!;
  }
  edit.changes.push(`${property} (${mapping.targetAttributeName}): ${changed.join(", ")}`);
  const keepSource = held !== undefined && sameSource(held.source, mapping.source);
  const result: JsonObject = {
    ...(existing ?? {}),
    targetAttributeName: mapping.targetAttributeName,
    source: keepSource ? existing!.source : (simpleSourceOf(mapping.source) ?? null),
    flowType: mapping.flowType,
    flowBehavior: mapping.flowBehavior,
    matchingPriority: mapping.matchingPriority,
    defaultValue: mapping.defaultValue,
    exportMissingReferences: mapping.exportMissingReferences,
  };
  if (result.source === null) {
    edit.toParse.push({ property: `${property}.source`, expression: mapping.source, into: result });
  }
  return result;
}

/** The fields of `declared` that `held` does not already say (sources compared by their parsed form). */
export function changedFields(held: DeclaredAttributeMapping, declared: DeclaredAttributeMapping): string[] {
  const fields = ["flowType", "flowBehavior", "matchingPriority", "defaultValue", "exportMissingReferences"] as const;
  return [
    ...(sameSource(held.source, declared.source) ? [] : ["source"]),
    ...fields.filter((field) => held[field] !== declared[field]),
  ];
}

export function sameGroups(a: readonly ScopingGroup[], b: readonly ScopingGroup[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Graph's filter with `groups` replaced; its other parts (category and input filter groups) kept. */
function scopeWith(scope: unknown, groups: readonly ScopingGroup[]): JsonObject | null {
  const base = typeof scope === "object" && scope !== null ? (scope as JsonObject) : undefined;
  if (groups.length === 0 && base === undefined) return null;
  return {
    categoryFilterGroups: [],
    inputFilterGroups: [],
    ...base,
    groups: groups.map((group) => ({
      ...(group.name !== undefined && { name: group.name }),
      clauses: group.clauses.map((clause) => ({
        operatorName: clause.operatorName,
        sourceOperandName: clause.sourceOperandName,
        targetOperand: { values: clause.values },
      })),
    })),
  };
}

/**
 * Gives back what `release` names, each only while Graph still holds what this resource last recorded of it (and no
 * other resource of this provider process claims it): the template's version, or nothing where the template has
 * none. What another writer changed since (the portal, another resource of the same `up`) is left as it is, and
 * listed in `left`.
 */
function giveBack(edit: SchemaEdit, release: Release, template: JsonObject, claimedElsewhere: ClaimedElsewhere): void {
  const location = locateObjectMapping(edit.schema, release.owned);
  if (!("found" in location)) return;
  const { objectMapping } = location.found;
  const fromTemplate = locateObjectMapping(template, release.owned);
  const defaults = "found" in fromTemplate ? fromTemplate.found.objectMapping : undefined;
  const defaultMappings = defaults === undefined ? [] : attributeMappingsOf(defaults);
  const what = `${release.owned.sourceObjectName} → ${release.owned.targetObjectName}`;
  const held = release.owned.held;
  let next = attributeMappingsOf(objectMapping);
  const currentOf = (name: string) => next.find((mapping) => mapping.targetAttributeName === name);
  const unchangedSince = (name: string): boolean => {
    if (claimedElsewhere(release.owned, name)) return false;
    if (held === undefined) return true;
    const recorded = held.attributeMappings.find((mapping) => mapping.targetAttributeName === name);
    const now = currentOf(name);
    if (recorded === undefined) return now === undefined;
    return now !== undefined && changedFields(declarationOf(now), recorded).length === 0;
  };
  const names =
    release.attributeNames === "all"
      ? [...new Set([...next, ...defaultMappings].map((mapping) => String(mapping.targetAttributeName)))]
      : release.attributeNames;
  for (const name of names) {
    const original = defaultMappings.find((mapping) => mapping.targetAttributeName === name);
    const now = currentOf(name);
    if (original === undefined ? now === undefined : JSON.stringify(now) === JSON.stringify(original)) continue;
    if (!unchangedSince(name)) {
      edit.left.push(`${what} ${quote(name)}`);
      continue;
    }
    if (original === undefined) {
      next = next.filter((mapping) => mapping !== now);
      edit.changes.push(`${what} ${quote(name)}: removed (the template has no such mapping)`);
    } else {
      next =
        now === undefined
          ? [...next, structuredClone(original)]
          : next.map((m) => (m === now ? structuredClone(original) : m));
      edit.changes.push(`${what} ${quote(name)}: restored to the template's`);
    }
  }
  objectMapping.attributeMappings = next;
  if (release.enabled && defaults !== undefined && objectMapping.enabled !== defaults.enabled) {
    const untouched = held?.enabled === undefined || (objectMapping.enabled !== false) === held.enabled;
    if (untouched && !claimedElsewhere(release.owned, ENABLED_CLAIM)) {
      objectMapping.enabled = defaults.enabled;
      edit.changes.push(`${what}: enabled restored to the template's`);
    } else {
      edit.left.push(`${what} enabled`);
    }
  }
  if (
    release.scopingFilter &&
    JSON.stringify(objectMapping.scope ?? null) !== JSON.stringify(defaults?.scope ?? null)
  ) {
    const untouched =
      held?.scopingFilter === undefined || sameGroups(scopingGroupsOf(objectMapping.scope), held.scopingFilter);
    if (untouched && !claimedElsewhere(release.owned, SCOPING_FILTER_CLAIM)) {
      objectMapping.scope = structuredClone(defaults?.scope ?? null);
      edit.changes.push(`${what}: scoping filter restored to the template's`);
    } else {
      edit.left.push(`${what} scoping filter`);
    }
  }
}
