/**
 * diff: what `up` would change, from the state (what Graph held of the owned part at the last write or refresh)
 * and the checked inputs, per attribute mapping, as paths of the plugin's detailed diff. No network call.
 */
import type { DiffOutcome, Notice, PathChange } from "../../core/resourceDefinition";
import { containsUnknown } from "../../core/unknownValue";
import { targetPath } from "../../core/target";
import { describeSelector, type CheckedAttributeMappings, type Ownership } from "./declarations";
import { selectorKey, type HeldObjectMapping } from "./heldMappings";
import { changedFields, sameGroups } from "./planSchemaEdit";
import { readState } from "./stateReading";

/** Inputs whose change alone needs no Graph call. */
const STATE_ONLY = ["apiVersion", "whenReleased"];

export function diffAttributeMappings(olds: Record<string, unknown>, inputs: CheckedAttributeMappings): DiffOutcome {
  const paths: Record<string, PathChange> = {};
  const replaces: string[] = [];
  const newTarget = targetPath(inputs.target);
  if (typeof olds.target === "string" && olds.target !== newTarget && !containsUnknown(newTarget)) {
    replaces.push(inputs.target.kind === "servicePrincipals" ? "servicePrincipalId" : "applicationId");
  }
  if (typeof olds.jobId === "string" && olds.jobId !== inputs.jobId && !containsUnknown(inputs.jobId)) {
    replaces.push("jobId");
  }
  for (const property of replaces) paths[property] = "update";
  const state = readState(olds);
  if ((olds.apiVersion ?? "v1.0") !== inputs.apiVersion) paths.apiVersion = "update";
  if (state.whenReleased !== inputs.whenReleased) paths.whenReleased = "update";
  if (state.ownership !== inputs.ownership) paths.ownership = "update";
  Object.assign(paths, mappingPaths(state.held, inputs));
  const notice = ownershipNotice(state.ownership, inputs);
  return {
    ...(notice !== undefined && { notice }),
    changes: Object.keys(paths).length > 0 || inputs.pending === true || containsUnknown(inputs),
    replaces,
    changedPaths: paths,
    // The state holds what Graph held, in the declaration's shape and order: a drifted value shows as it is.
    changedPathsAgainstState: true,
  };
}

/** Whether a diff's paths need Graph at all (an apiVersion or whenReleased change alone is recorded, not sent). */
export function needsGraph(diff: DiffOutcome): boolean {
  return Object.keys(diff.changedPaths ?? {}).some((path) => !STATE_ONLY.includes(path)) || !diff.changedPaths;
}

function mappingPaths(
  held: readonly HeldObjectMapping[],
  inputs: CheckedAttributeMappings,
): Record<string, PathChange> {
  const paths: Record<string, PathChange> = {};
  const whole = inputs.ownership === "wholeObjectMapping";
  const matched = new Set<number>();
  inputs.objectMappings.forEach((declaration, i) => {
    const path = `objectMappings[${i}]`;
    const index = held.findIndex((candidate) => selectorKey(candidate) === selectorKey(declaration));
    if (index < 0) {
      paths[path] = "add";
      return;
    }
    matched.add(index);
    const found = held[index];
    if (found.present === false) {
      paths[path] = "update";
      return;
    }
    const enabled = declaration.enabled ?? (whole ? true : undefined);
    if (enabled !== undefined && found.enabled !== enabled) paths[`${path}.enabled`] = "update";
    const groups = declaration.scopingFilter ?? (whole ? [] : undefined);
    if (groups !== undefined && (found.scopingFilter === undefined || !sameGroups(found.scopingFilter, groups))) {
      paths[`${path}.scopingFilter`] = "update";
    }
    const declared = declaration.attributeMappings.map((mapping) => mapping.targetAttributeName);
    declaration.attributeMappings.forEach((mapping, j) => {
      const current = found.attributeMappings.find(
        (candidate) => candidate.targetAttributeName === mapping.targetAttributeName,
      );
      if (current === undefined) {
        paths[`${path}.attributeMappings[${j}]`] = "add";
        return;
      }
      for (const field of changedFields(current, mapping)) paths[`${path}.attributeMappings[${j}].${field}`] = "update";
    });
    // Let go: given back to the template's (an update of what Graph holds) unless whenReleased is leave.
    const letGo: PathChange = inputs.whenReleased === "leave" ? "delete" : "update";
    found.attributeMappings.forEach((mapping, k) => {
      if (!declared.includes(mapping.targetAttributeName)) {
        paths[`objectMappings[${index}].attributeMappings[${k}]`] = whole ? "delete" : letGo;
      }
    });
  });
  held.forEach((_, index) => {
    if (!matched.has(index)) paths[`objectMappings[${index}]`] = "delete";
  });
  return paths;
}

/**
 * What a change of ownership does beyond the paths the state can name: the state lists only what the resource owned,
 * so the attribute mappings it did not own are not in any path.
 */
function ownershipNotice(before: Ownership, inputs: CheckedAttributeMappings): Notice | undefined {
  if (before === inputs.ownership) return undefined;
  const objectMappings = inputs.objectMappings.map(describeSelector).join(", ");
  if (inputs.ownership === "wholeObjectMapping") {
    return {
      severity: "warning",
      message:
        `ownership becomes wholeObjectMapping: the up removes every attribute mapping of ${objectMappings} that ` +
        `is not declared, and its scoping filter unless declared (the preview cannot list them: the state holds ` +
        `only what this resource owned).`,
    };
  }
  return {
    severity: "warning",
    message:
      inputs.whenReleased === "leave"
        ? `ownership becomes declaredMappings: the attribute mappings of ${objectMappings} not declared are left as they are.`
        : `ownership becomes declaredMappings: the up gives back every attribute mapping of ${objectMappings} not ` +
          `declared, restored to the template's defaults (whenReleased), unless changed by another writer since.`,
  };
}
