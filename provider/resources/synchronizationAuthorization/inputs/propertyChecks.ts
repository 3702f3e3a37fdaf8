import { API_VERSIONS, DEFAULT_API_VERSION, type ApiVersion } from "../../../graph/apiVersion";
import { parseDuration } from "../../../core/duration";
import type { TargetKind } from "../../../graph/graphRoutes";
import { TARGET_ID_PROPERTIES, targetPath, type TargetIdProperty } from "../target";
import { INPUT_PROPERTIES } from "../properties";
import { UNKNOWN_VALUE, type UnknownValue } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import {
  cut,
  describeHiddenText,
  describeType,
  didYouMean,
  propertyPath,
  quote,
} from "../../../core/inputs/messageText";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";

/** Accepted and dropped: `target` is derived, and comes back when checked inputs are validated again. */
const IGNORED_PROPERTIES: ReadonlySet<string> = new Set(["target"]);

const TARGET_KINDS: readonly TargetKind[] = ["servicePrincipals", "applications"];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra object id: a GUID, in any case. */
export function isObjectId(text: string): boolean {
  return GUID.test(text);
}

/** Every property must be one of the resource's inputs. */
export function checkPropertyNames(news: Record<string, unknown>, failures: InputFailure[]): void {
  for (const [name, value] of Object.entries(news)) {
    if (isAbsent(value) || IGNORED_PROPERTIES.has(name) || (INPUT_PROPERTIES as readonly string[]).includes(name)) {
      continue;
    }
    failures.push({
      property: cut(name),
      reason:
        `unknown property ${quote(name)}${didYouMean(name, INPUT_PROPERTIES)}; ` +
        `known are ${INPUT_PROPERTIES.join(", ")}`,
    });
  }
}

export interface CheckedTarget {
  /** "servicePrincipals/<id>" or "applications/<id>"; `UNKNOWN_VALUE` when the id is. */
  path: string;
  ids: Partial<Record<TargetIdProperty, string>>;
}

/** Exactly one of servicePrincipalId and applicationId, an object id. */
export function checkTarget(news: Record<string, unknown>, failures: InputFailure[]): CheckedTarget | undefined {
  const given = TARGET_KINDS.filter((kind) => !isAbsent(news[TARGET_ID_PROPERTIES[kind]]));
  if (given.length > 1) {
    failures.push({
      property: "servicePrincipalId",
      reason:
        "set only one of servicePrincipalId and applicationId, not both: keep servicePrincipalId (the enterprise " +
        "application, where provisioning usually runs) or applicationId (the app registration), remove the other",
    });
    for (const kind of given) {
      checkObjectId(TARGET_ID_PROPERTIES[kind], news[TARGET_ID_PROPERTIES[kind]], failures);
    }
    return undefined;
  }
  if (given.length === 0) {
    failures.push({
      property: "servicePrincipalId",
      reason:
        "missing: set servicePrincipalId (object id of the service principal, i.e. the enterprise application) or " +
        "applicationId (object id of the application)",
    });
    return undefined;
  }
  const [kind] = given;
  const property = TARGET_ID_PROPERTIES[kind];
  const objectId = checkObjectId(property, news[property], failures);
  if (objectId === undefined) {
    return undefined;
  }
  return {
    path: objectId === UNKNOWN_VALUE ? UNKNOWN_VALUE : targetPath({ kind, objectId }),
    ids: { [property]: objectId },
  };
}

function checkObjectId(property: string, value: unknown, failures: InputFailure[]): string | undefined {
  if (value === UNKNOWN_VALUE) {
    return UNKNOWN_VALUE;
  }
  if (typeof value !== "string") {
    failures.push({ property, reason: `must be a string holding an object id (got ${describeType(value)})` });
    return undefined;
  }
  if (!GUID.test(value)) {
    failures.push({
      property,
      reason: `must be an object id, a GUID like 00000000-0000-0000-0000-000000000000 (got ${describeHiddenText(value)})`,
    });
    return undefined;
  }
  return value.toLowerCase();
}

export function checkWriteOnlyCredentialsVersion(raw: unknown, failures: InputFailure[]): string | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (typeof raw === "number" && Number.isFinite(raw)) {
    return String(raw);
  }
  if (typeof raw === "string" && raw.length > 0) {
    return raw;
  }
  failures.push({
    property: "writeOnlyCredentialsVersion",
    reason:
      'must be a non-empty string or a number, e.g. "3"; change it whenever a referenced value changes ' +
      `(got ${typeof raw === "string" ? "an empty string" : describeType(raw)})`,
  });
  return undefined;
}

export function checkApiVersion(raw: unknown, failures: InputFailure[]): ApiVersion | UnknownValue | undefined {
  if (isAbsent(raw)) {
    return DEFAULT_API_VERSION;
  }
  if (raw === UNKNOWN_VALUE || API_VERSIONS.includes(raw as ApiVersion)) {
    return raw as ApiVersion | UnknownValue;
  }
  const got = typeof raw === "string" ? describeHiddenText(raw) : describeType(raw);
  failures.push({ property: "apiVersion", reason: `must be "v1.0" (the default) or "beta" (got ${got})` });
  return undefined;
}

export function checkTriggers(raw: unknown, failures: InputFailure[]): Record<string, string> | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (raw === UNKNOWN_VALUE) {
    return Object.fromEntries([[UNKNOWN_VALUE, UNKNOWN_VALUE]]);
  }
  if (!isPropertyMap(raw)) {
    failures.push({
      property: "triggers",
      reason: `must be a map of names to strings, e.g. { rotation: "2026-q3" } (got ${describeType(raw)})`,
    });
    return undefined;
  }
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") {
      entries.push([name, value]);
    } else {
      failures.push({
        property: propertyPath("triggers", name),
        reason: `must be a string; convert it with String(…) (got ${describeType(value)})`,
      });
    }
  }
  // Object.fromEntries, unlike assignment, keeps a trigger named "__proto__" as an ordinary entry.
  return Object.fromEntries(entries);
}

export function checkReauthorizeAfter(raw: unknown, failures: InputFailure[]): string | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (raw === UNKNOWN_VALUE || (typeof raw === "string" && parseDuration(raw) !== undefined)) {
    return raw as string;
  }
  const got = typeof raw === "string" ? describeHiddenText(raw) : describeType(raw);
  failures.push({
    property: "reauthorizeAfter",
    reason: `must be a positive duration such as "720h", "30d", "2w" or "1h30m" (got ${got})`,
  });
  return undefined;
}
