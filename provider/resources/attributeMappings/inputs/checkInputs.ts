/**
 * check: every input's shape, Graph's enums, every expression's syntax, and what this resource declares twice or
 * another resource of the same provider process already claims. No network call, no sign-in: a preview of a bad
 * expression fails here, naming its path and position.
 */
import type { CheckOutcome, InputFailure } from "../../../core/resourceDefinition";
import type { Claims } from "../../../core/claims";
import { checkApiVersion, checkTarget } from "../../../core/inputs/targetChecks";
import { parseAzureadJobId } from "../../../core/inputs/azureadJobId";
import { describeHiddenText, describeType, didYouMean, quote } from "../../../core/inputs/messageText";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";
import { UNKNOWN_VALUE, containsUnknown } from "../../../core/unknownValue";
import { targetOf } from "../../../core/target";
import { DEFAULT_API_VERSION, type ApiVersion } from "../../../graph/apiVersion";
import {
  OWNERSHIP_MODES,
  RELEASE_MODES,
  describeSelector,
  type CheckedAttributeMappings,
  type DeclaredObjectMapping,
} from "../declarations";
import { INPUT_PROPERTIES, OBJECT_MAPPING_FIELDS } from "../properties";
import { checkAttributeMapping, checkFieldNames, checkName, checkScopingFilter } from "./attributeMappingChecks";
import { claimKeys, describeClaim } from "../mappingClaims";

/** Accepted and dropped: `target` is derived (state written by this resource carries it). */
const DERIVED = ["target"];

export function checkInputs(
  news: Record<string, unknown>,
  claims?: { registry: Claims; claimant: string },
): CheckOutcome<CheckedAttributeMappings> {
  const failures: InputFailure[] = [];
  for (const name of Object.keys(news)) {
    if (!INPUT_PROPERTIES.includes(name) && !DERIVED.includes(name) && !isAbsent(news[name])) {
      failures.push({
        property: name.length <= 80 ? name : "…",
        reason: `unknown property ${quote(name)}${didYouMean(name, INPUT_PROPERTIES)}; known are ${INPUT_PROPERTIES.join(", ")}`,
      });
    }
  }
  const target = checkTarget(news, failures);
  const apiVersion = checkApiVersion(news.apiVersion, failures);
  const jobId = checkJobId(news.jobId, target?.path, failures);
  const ownership = checkMode("ownership", news.ownership, OWNERSHIP_MODES, failures);
  const whenReleased = checkMode("whenReleased", news.whenReleased, RELEASE_MODES, failures);
  const unknowns = { pending: false };
  const objectMappings = checkObjectMappings(news.objectMappings, failures, unknowns);
  if (failures.length > 0) {
    return { news, failures, warnings: [] };
  }
  const inputs: CheckedAttributeMappings = {
    target:
      target!.path === UNKNOWN_VALUE ? { kind: "servicePrincipals", objectId: UNKNOWN_VALUE } : targetOf(target!.path),
    jobId: jobId!,
    apiVersion: (apiVersion === UNKNOWN_VALUE ? DEFAULT_API_VERSION : apiVersion) as ApiVersion,
    ownership: ownership!,
    whenReleased: whenReleased!,
    objectMappings: objectMappings!,
    ...(unknowns.pending && { pending: true as const }),
  };
  if (claims !== undefined && !containsUnknown(inputs) && !unknowns.pending) {
    for (const conflict of claims.registry.claim(claims.claimant, claimKeys(inputs))) {
      failures.push({
        property: "objectMappings",
        reason:
          `${describeClaim(conflict.key)} of job ${quote(inputs.jobId)} is also claimed by ` +
          `${quote(conflict.heldBy)}: two resources writing one attribute mapping would undo each other on every ` +
          `up; keep it in one of them`,
      });
    }
    if (failures.length > 0) return { news, failures, warnings: [] };
  }
  return { news, inputs, failures, warnings: [] };
}

/** The job id, or azuread's job id reduced to it when its object is the target. */
function checkJobId(raw: unknown, targetPath: string | undefined, failures: InputFailure[]): string | undefined {
  if (raw === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (typeof raw !== "string" || raw.trim() === "") {
    failures.push({
      property: "jobId",
      reason:
        "must be the provisioning job's id, e.g. the id of an azuread.SynchronizationJob or the job id the portal's " +
        `Provisioning page shows (got ${typeof raw === "string" ? "an empty string" : describeType(raw)})`,
    });
    return undefined;
  }
  const given = raw.trim();
  const azuread = parseAzureadJobId(given);
  if (azuread === undefined) return given;
  const targetObjectId = targetPath?.split("/")[1];
  if (
    targetObjectId !== undefined &&
    targetPath !== UNKNOWN_VALUE &&
    azuread.objectId.toLowerCase() !== targetObjectId
  ) {
    failures.push({
      property: "jobId",
      reason: `names a job of another object (${describeHiddenText(azuread.objectId)}), not of the target ${quote(targetObjectId)}: use the job of the same service principal`,
    });
    return undefined;
  }
  return azuread.jobId;
}

function checkMode<T extends string>(
  property: string,
  raw: unknown,
  modes: readonly T[],
  failures: InputFailure[],
): T | undefined {
  if (isAbsent(raw)) return modes[0];
  if (modes.includes(raw as T)) return raw as T;
  const shown = typeof raw === "string" ? quote(raw) : describeType(raw);
  failures.push({
    property,
    reason: `must be ${modes.map((mode) => JSON.stringify(mode)).join(" (the default) or ")} (got ${shown})${typeof raw === "string" ? didYouMean(raw, modes) : ""}`,
  });
  return undefined;
}

/** Whether check met a value that is known only at apply, where a list or object was expected. */
interface Unknowns {
  pending: boolean;
}

function checkObjectMappings(
  raw: unknown,
  failures: InputFailure[],
  unknowns: Unknowns,
): DeclaredObjectMapping[] | undefined {
  if (raw === UNKNOWN_VALUE) {
    unknowns.pending = true;
    return [];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    failures.push({
      property: "objectMappings",
      reason:
        'must be a non-empty list such as [{ sourceObjectName: "User", targetObjectName: "User", attributeMappings: ' +
        `[{ targetAttributeName: "externalId", source: "[employeeId]" }] }] (got ${Array.isArray(raw) ? "an empty list" : describeType(raw)})`,
    });
    return undefined;
  }
  const before = failures.length;
  const known = raw.filter((item) => item !== UNKNOWN_VALUE);
  unknowns.pending ||= known.length < raw.length;
  const checked = raw.map((item, index) =>
    item === UNKNOWN_VALUE ? undefined : checkObjectMapping(`objectMappings[${index}]`, item, failures, unknowns),
  );
  if (failures.length > before) return undefined;
  const mappings = checked.filter((mapping) => mapping !== undefined);
  const seen = new Map<string, number>();
  mappings.forEach((mapping, index) => {
    if (containsUnknown([mapping.sourceObjectName, mapping.targetObjectName])) return;
    const key = JSON.stringify([mapping.sourceObjectName, mapping.targetObjectName]);
    const first = seen.get(key);
    if (first !== undefined) {
      failures.push({
        property: `objectMappings[${index}]`,
        reason:
          `declares ${describeSelector(mapping)} again (objectMappings[${first}] maps the same objects): merge the ` +
          `two; one resource declares an object mapping once (two rules mapping the same objects need two resources)`,
      });
    }
    seen.set(key, index);
  });
  return failures.length > before ? undefined : mappings;
}

function checkObjectMapping(
  path: string,
  raw: unknown,
  failures: InputFailure[],
  unknowns: Unknowns,
): DeclaredObjectMapping | undefined {
  if (!isPropertyMap(raw)) {
    failures.push({
      property: path,
      reason: `must be an object { sourceObjectName, targetObjectName, attributeMappings } (got ${describeType(raw)})`,
    });
    return undefined;
  }
  const before = failures.length;
  checkFieldNames(path, raw, Object.keys(OBJECT_MAPPING_FIELDS), failures);
  const sourceObjectName = checkName(
    `${path}.sourceObjectName`,
    raw.sourceObjectName,
    'an object name such as "User"',
    failures,
  );
  const targetObjectName = checkName(
    `${path}.targetObjectName`,
    raw.targetObjectName,
    'an object name such as "User"',
    failures,
  );
  const optional = (name: "ruleId" | "sourceDirectoryName" | "targetDirectoryName") =>
    isAbsent(raw[name]) ? undefined : checkName(`${path}.${name}`, raw[name], "a non-empty string", failures);
  const ruleId = optional("ruleId");
  const sourceDirectoryName = optional("sourceDirectoryName");
  const targetDirectoryName = optional("targetDirectoryName");
  unknowns.pending ||= raw.enabled === UNKNOWN_VALUE;
  if (!isAbsent(raw.enabled) && typeof raw.enabled !== "boolean" && raw.enabled !== UNKNOWN_VALUE) {
    failures.push({ property: `${path}.enabled`, reason: `must be true or false (got ${describeType(raw.enabled)})` });
  }
  unknowns.pending ||= raw.scopingFilter === UNKNOWN_VALUE;
  const scopingFilter =
    isAbsent(raw.scopingFilter) || raw.scopingFilter === UNKNOWN_VALUE
      ? undefined
      : checkScopingFilter(`${path}.scopingFilter`, raw.scopingFilter, failures);
  const attributeMappings = Array.isArray(raw.attributeMappings)
    ? raw.attributeMappings.filter((item) => item !== UNKNOWN_VALUE)
    : undefined;
  unknowns.pending ||=
    raw.attributeMappings === UNKNOWN_VALUE ||
    (Array.isArray(raw.attributeMappings) && raw.attributeMappings.includes(UNKNOWN_VALUE));
  if (attributeMappings === undefined && raw.attributeMappings !== UNKNOWN_VALUE) {
    failures.push({
      property: `${path}.attributeMappings`,
      reason: `must be a list of attribute mappings, [] for none (got ${describeType(raw.attributeMappings)})`,
    });
  }
  const checked = (attributeMappings ?? []).map((item, index) =>
    checkAttributeMapping(`${path}.attributeMappings[${index}]`, item, failures),
  );
  const names = new Map<string, number>();
  checked.forEach((mapping, index) => {
    if (mapping === undefined || mapping.targetAttributeName === UNKNOWN_VALUE) return;
    const first = names.get(mapping.targetAttributeName);
    if (first !== undefined) {
      failures.push({
        property: `${path}.attributeMappings[${index}].targetAttributeName`,
        reason: `${quote(mapping.targetAttributeName)} is mapped again (attributeMappings[${first}] maps it): an attribute takes one mapping`,
      });
    }
    names.set(mapping.targetAttributeName, index);
  });
  if (failures.length > before) return undefined;
  return {
    sourceObjectName: sourceObjectName!,
    targetObjectName: targetObjectName!,
    ...(ruleId !== undefined && { ruleId }),
    ...(sourceDirectoryName !== undefined && { sourceDirectoryName }),
    ...(targetDirectoryName !== undefined && { targetDirectoryName }),
    ...(typeof raw.enabled === "boolean" && { enabled: raw.enabled }),
    ...(scopingFilter !== undefined && { scopingFilter }),
    attributeMappings: checked as DeclaredObjectMapping["attributeMappings"],
  };
}
