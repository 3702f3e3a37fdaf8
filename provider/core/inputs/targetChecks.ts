/**
 * The inputs every resource of a provisioning job names the same way: the target (exactly one of
 * servicePrincipalId and applicationId, an object id) and the Graph API version.
 */
import { API_VERSIONS, DEFAULT_API_VERSION, type ApiVersion } from "../../graph/apiVersion";
import type { TargetKind } from "../../graph/graphRoutes";
import { TARGET_ID_PROPERTIES, targetPath, type TargetIdProperty } from "../target";
import { UNKNOWN_VALUE, type UnknownValue } from "../unknownValue";
import type { InputFailure } from "../resourceDefinition";
import { describeHiddenText, describeType } from "./messageText";
import { isAbsent } from "./propertyMap";

const TARGET_KINDS: readonly TargetKind[] = ["servicePrincipals", "applications"];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra object id: a GUID, in any case. */
export function isObjectId(text: string): boolean {
  return GUID.test(text);
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
