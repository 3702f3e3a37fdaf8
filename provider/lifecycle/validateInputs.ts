import { SYNCHRONIZATION_SECRET_KEYS, isKnownSynchronizationSecretKey } from "../synchronizationSecretKeys";
import { parseDuration } from "./duration";
import {
  UNKNOWN_VALUE,
  type ApiVersion,
  type CheckedInputs,
  type CredentialPair,
  type UnknownValue,
} from "./authorizationState";

/** A refused input: the property path (e.g. `credentials[2].key`) and what is wrong with it and how to fix it. */
export interface InputFailure {
  property: string;
  reason: string;
}

/** The outcome of {@link validateInputs}: `inputs` is set exactly when `failures` is empty. */
export interface InputValidation {
  inputs?: CheckedInputs;
  failures: InputFailure[];
  warnings: string[];
}

const KNOWN_PROPERTIES = [
  "servicePrincipalId",
  "applicationId",
  "credentials",
  "apiVersion",
  "triggers",
  "reauthorizeAfter",
] as const;

/**
 * Accepted and dropped: `__provider` is the engine's serialized provider, and `target` is derived (it comes back
 * when checked inputs are validated again).
 */
const IGNORED_PROPERTIES: ReadonlySet<string> = new Set(["__provider", "target"]);

/** Fields of a credential object that are accepted and dropped: Graph's type annotation, which the client adds. */
const IGNORED_CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(["@odata.type"]);

const API_VERSIONS: readonly ApiVersion[] = ["v1.0", "beta"];
const DEFAULT_API_VERSION: ApiVersion = "v1.0";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids, key names and other echoed text longer than this are cut in messages. */
const MAX_ECHO_LENGTH = 80;

/** Names longer than this are not compared for "did you mean" suggestions (the edit distance is quadratic). */
const MAX_SUGGESTION_INPUT_LENGTH = 64;
const MAX_SUGGESTION_DISTANCE = 2;

/** Keys whose value Graph accepts only once, so re-sending unchanged credentials must fail. */
const SINGLE_USE_KEYS: ReadonlySet<string> = new Set(["Oauth2AuthorizationCode"]);

/**
 * Validates and normalizes the raw inputs the engine hands to `check` (preview and up).
 *
 * Anything may arrive, and nothing makes this throw. Failures name the property path and the fix; failures and
 * warnings may quote ids, key names and other non-secret text (cut at 80 characters) but never a credential value.
 *
 * Rules: exactly one of `servicePrincipalId`/`applicationId`, a GUID (lower-cased); `credentials` as a map
 * `{ key: value }` or a list of `{ key, value }` with at least one pair, non-empty string keys and values, no key
 * twice (keys differing only by case give a warning), unknown key names give a warning; `apiVersion` "v1.0"
 * (default) or "beta"; `triggers` a map of strings; `reauthorizeAfter` a positive duration. `null`/`undefined`
 * properties count as absent; `__provider` and `target` are ignored; any other property is refused. The engine's
 * unknown sentinel is accepted wherever a value is expected and kept, so that the diff reports a possible change.
 */
export function validateInputs(news: Record<string, unknown>): InputValidation {
  const failures: InputFailure[] = [];
  const warnings: string[] = [];
  if (!isPropertyMap(news)) {
    failures.push({ property: "inputs", reason: `must be an object of properties (got ${describeType(news)})` });
    return { failures, warnings };
  }
  checkPropertyNames(news, failures);
  const target = checkTarget(news, failures);
  const credentials = checkCredentials(news.credentials, failures, warnings);
  const apiVersion = checkApiVersion(news.apiVersion, failures);
  const triggers = checkTriggers(news.triggers, failures);
  const reauthorizeAfter = checkReauthorizeAfter(news.reauthorizeAfter, failures);
  if (
    reauthorizeAfter !== undefined &&
    credentials?.some((pair) => SINGLE_USE_KEYS.has(pair.key) && pair.value !== UNKNOWN_VALUE)
  ) {
    warnings.push(
      "reauthorizeAfter re-sends the same credentials, but an Oauth2AuthorizationCode is accepted only once: " +
        "re-authorization will fail unless the code is replaced by then",
    );
  }
  if (failures.length > 0 || target === undefined || credentials === undefined || apiVersion === undefined) {
    return { failures, warnings };
  }
  const inputs: CheckedInputs = {
    target: target.path,
    ...target.ids,
    credentials,
    apiVersion,
    ...(triggers !== undefined ? { triggers } : {}),
    ...(reauthorizeAfter !== undefined ? { reauthorizeAfter } : {}),
  };
  return { inputs, failures, warnings };
}

function checkPropertyNames(news: Record<string, unknown>, failures: InputFailure[]): void {
  for (const [name, value] of Object.entries(news)) {
    if (isAbsent(value) || IGNORED_PROPERTIES.has(name) || (KNOWN_PROPERTIES as readonly string[]).includes(name)) {
      continue;
    }
    failures.push({
      property: cut(name),
      reason:
        `unknown property ${quote(name)}${didYouMean(name, KNOWN_PROPERTIES)}; ` +
        `known are ${KNOWN_PROPERTIES.join(", ")}`,
    });
  }
}

interface CheckedTarget {
  path: string;
  ids: { servicePrincipalId: string } | { applicationId: string };
}

function checkTarget(news: Record<string, unknown>, failures: InputFailure[]): CheckedTarget | undefined {
  const servicePrincipalId = news.servicePrincipalId;
  const applicationId = news.applicationId;
  if (!isAbsent(servicePrincipalId) && !isAbsent(applicationId)) {
    failures.push({
      property: "servicePrincipalId",
      reason:
        "set only one of servicePrincipalId and applicationId, not both: keep servicePrincipalId (the enterprise " +
        "application, where provisioning usually runs) or applicationId (the app registration), remove the other",
    });
    checkObjectId("servicePrincipalId", servicePrincipalId, failures);
    checkObjectId("applicationId", applicationId, failures);
    return undefined;
  }
  if (!isAbsent(servicePrincipalId)) {
    const id = checkObjectId("servicePrincipalId", servicePrincipalId, failures);
    return id === undefined
      ? undefined
      : { path: targetPath("servicePrincipals", id), ids: { servicePrincipalId: id } };
  }
  if (!isAbsent(applicationId)) {
    const id = checkObjectId("applicationId", applicationId, failures);
    return id === undefined ? undefined : { path: targetPath("applications", id), ids: { applicationId: id } };
  }
  failures.push({
    property: "servicePrincipalId",
    reason:
      "missing: set servicePrincipalId (object id of the service principal, i.e. the enterprise application) or " +
      "applicationId (object id of the application)",
  });
  return undefined;
}

function targetPath(kind: "servicePrincipals" | "applications", id: string): string {
  return id === UNKNOWN_VALUE ? UNKNOWN_VALUE : `${kind}/${id}`;
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
      reason: `must be an object id, a GUID like 00000000-0000-0000-0000-000000000000 (got ${quote(value)})`,
    });
    return undefined;
  }
  return value.toLowerCase();
}

/** A credential as found in the input, before the checks that look across all of them. */
interface FoundCredential {
  keyProperty: string;
  valueProperty: string;
  key: unknown;
  value: unknown;
}

function checkCredentials(raw: unknown, failures: InputFailure[], warnings: string[]): CredentialPair[] | undefined {
  if (raw === UNKNOWN_VALUE) {
    return [{ key: UNKNOWN_VALUE, value: UNKNOWN_VALUE }];
  }
  const failuresBefore = failures.length;
  const example = 'e.g. { BaseAddress: "https://…", SecretToken: token } or [{ key: "SecretToken", value: token }]';
  if (isAbsent(raw)) {
    failures.push({ property: "credentials", reason: `missing: give at least one key/value pair, ${example}` });
    return undefined;
  }
  const found = Array.isArray(raw)
    ? findListCredentials(raw, failures)
    : isPropertyMap(raw)
      ? findMapCredentials(raw)
      : undefined;
  if (found === undefined) {
    failures.push({
      property: "credentials",
      reason: `must be a map of key → value or a list of { key, value } (got ${describeType(raw)}), ${example}`,
    });
    return undefined;
  }
  if (found.length === 0 && failures.length === failuresBefore) {
    failures.push({ property: "credentials", reason: `is empty: give at least one key/value pair, ${example}` });
    return undefined;
  }
  const pairs: CredentialPair[] = [];
  const firstPropertyOfKey = new Map<string, string>();
  const firstKeyOfFoldedKey = new Map<string, string>();
  for (const credential of found) {
    const key = checkCredentialKey(credential, failures);
    const value = checkCredentialValue(credential, failures);
    if (key === undefined || value === undefined) {
      continue;
    }
    pairs.push({ key, value });
    if (key === UNKNOWN_VALUE) {
      continue;
    }
    const earlier = firstPropertyOfKey.get(key);
    if (earlier !== undefined) {
      failures.push({
        property: credential.keyProperty,
        reason: `duplicates the key ${quote(key)} of ${earlier}: give each key once`,
      });
      continue;
    }
    firstPropertyOfKey.set(key, credential.keyProperty);
    const folded = key.toLowerCase();
    const sameButCase = firstKeyOfFoldedKey.get(folded);
    if (sameButCase !== undefined) {
      warnings.push(
        `credentials keys ${quote(sameButCase)} and ${quote(key)} differ only by case: ` +
          "Graph may treat them as one key; keep only the one you mean",
      );
    } else {
      firstKeyOfFoldedKey.set(folded, key);
    }
    if (!isKnownSynchronizationSecretKey(key)) {
      warnings.push(
        `${credential.keyProperty}: ${quote(key)} is not a known synchronizationSecret key name` +
          `${didYouMean(key, SYNCHRONIZATION_SECRET_KEYS)}; Graph may reject it`,
      );
    }
  }
  return failures.length > failuresBefore ? undefined : pairs;
}

function findListCredentials(list: readonly unknown[], failures: InputFailure[]): FoundCredential[] {
  const found: FoundCredential[] = [];
  list.forEach((item, index) => {
    const property = `credentials[${index}]`;
    if (item === UNKNOWN_VALUE) {
      found.push({ keyProperty: `${property}.key`, valueProperty: `${property}.value`, key: item, value: item });
      return;
    }
    if (!isPropertyMap(item)) {
      failures.push({ property, reason: `must be an object { key, value } (got ${describeType(item)})` });
      return;
    }
    for (const field of Object.keys(item)) {
      if (field !== "key" && field !== "value" && !IGNORED_CREDENTIAL_FIELDS.has(field) && !isAbsent(item[field])) {
        failures.push({
          property: `${property}.${cut(field)}`,
          reason: `unknown field ${quote(field)}${didYouMean(field, ["key", "value"])}; a credential has only key and value`,
        });
      }
    }
    found.push({
      keyProperty: `${property}.key`,
      valueProperty: `${property}.value`,
      key: item.key,
      value: item.value,
    });
  });
  return found;
}

function findMapCredentials(map: Record<string, unknown>): FoundCredential[] {
  return Object.entries(map).map(([key, value]) => {
    const property = propertyPath("credentials", key);
    return { keyProperty: property, valueProperty: property, key, value };
  });
}

function checkCredentialKey(credential: FoundCredential, failures: InputFailure[]): string | undefined {
  const { key, keyProperty } = credential;
  if (typeof key !== "string") {
    const reason = isAbsent(key)
      ? 'missing: give the synchronizationSecret key name, e.g. "SecretToken"'
      : `must be a string, a synchronizationSecret key name such as "SecretToken" (got ${describeType(key)})`;
    failures.push({ property: keyProperty, reason });
    return undefined;
  }
  if (key.length === 0) {
    failures.push({
      property: keyProperty,
      reason: 'is empty: give the synchronizationSecret key name, e.g. "SecretToken"',
    });
    return undefined;
  }
  return key;
}

function checkCredentialValue(credential: FoundCredential, failures: InputFailure[]): string | undefined {
  const { value, valueProperty } = credential;
  if (typeof value !== "string") {
    const reason = isAbsent(value)
      ? "missing: give the credential value as a string"
      : `the credential value must be a string (got ${describeType(value)})`;
    failures.push({ property: valueProperty, reason });
    return undefined;
  }
  if (value.length === 0) {
    failures.push({ property: valueProperty, reason: "the credential value is empty: give a non-empty string" });
    return undefined;
  }
  return value;
}

function checkApiVersion(raw: unknown, failures: InputFailure[]): ApiVersion | UnknownValue | undefined {
  if (isAbsent(raw)) {
    return DEFAULT_API_VERSION;
  }
  if (raw === UNKNOWN_VALUE || API_VERSIONS.includes(raw as ApiVersion)) {
    return raw as ApiVersion | UnknownValue;
  }
  const got = typeof raw === "string" ? quote(raw) : describeType(raw);
  failures.push({ property: "apiVersion", reason: `must be "v1.0" (the default) or "beta" (got ${got})` });
  return undefined;
}

function checkTriggers(raw: unknown, failures: InputFailure[]): Record<string, string> | undefined {
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

function checkReauthorizeAfter(raw: unknown, failures: InputFailure[]): string | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (raw === UNKNOWN_VALUE || (typeof raw === "string" && parseDuration(raw) !== undefined)) {
    return raw as string;
  }
  const got = typeof raw === "string" ? quote(raw) : describeType(raw);
  failures.push({
    property: "reauthorizeAfter",
    reason: `must be a positive duration such as "720h", "30d", "2w" or "1h30m" (got ${got})`,
  });
  return undefined;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** True for a map of properties (a non-null object that is not a list), the shape the engine gives objects. */
export function isPropertyMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** `credentials.SecretToken` for identifier-like names, `credentials["odd name"]` otherwise. */
function propertyPath(parent: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) && name.length <= MAX_ECHO_LENGTH
    ? `${parent}.${name}`
    : `${parent}[${quote(name)}]`;
}

function cut(text: string): string {
  return text.length <= MAX_ECHO_LENGTH ? text : `${text.slice(0, MAX_ECHO_LENGTH)}…(${text.length} characters)`;
}

/**
 * Non-secret text (ids, key names, settings) quoted for a message; text over 80 characters is cut and its length
 * given, so absurd input keeps messages readable.
 */
export function quote(text: string): string {
  return text.length <= MAX_ECHO_LENGTH
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, MAX_ECHO_LENGTH))}…(${text.length} characters)`;
}

function didYouMean(name: string, candidates: readonly string[]): string {
  if (name.length > MAX_SUGGESTION_INPUT_LENGTH) {
    return "";
  }
  const folded = name.toLowerCase();
  const sameButCase = candidates.find((candidate) => candidate.toLowerCase() === folded);
  if (sameButCase !== undefined) {
    return ` (did you mean ${quote(sameButCase)}?)`;
  }
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance <= MAX_SUGGESTION_DISTANCE && (best === undefined || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best === undefined ? "" : ` (did you mean ${quote(best.candidate)}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
