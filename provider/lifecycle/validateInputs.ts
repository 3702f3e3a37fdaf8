import { SYNCHRONIZATION_SECRET_KEYS, isKnownSynchronizationSecretKey } from "../synchronizationSecretKeys";
import {
  REFERENCE_KINDS,
  referenceProblem,
  type CredentialReference,
  type ReferenceKind,
  type WriteOnlyCredential,
} from "../writeOnly/credentialReference";
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
  "writeOnlyCredentials",
  "writeOnlyCredentialsVersion",
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
 * `{ key: value }` or a list of `{ key, value }`, non-empty string keys and values, no key twice (keys differing
 * only by case give a warning), unknown key names give a warning; `writeOnlyCredentials` as a map
 * `{ key: reference }` or a list of `{ key, ...reference }`, each reference exactly one of `fromEnv` (a variable
 * name), `fromFile` (an absolute path) or `fromKeyVault` (a secret URL), the same key rules, and no key both here
 * and in `credentials`; at least one pair overall (`credentials` may be absent when `writeOnlyCredentials` is set);
 * `writeOnlyCredentialsVersion` a non-empty string or a number (kept as its decimal text); `apiVersion` "v1.0"
 * (default) or "beta"; `triggers` a map of strings; `reauthorizeAfter` a positive duration. `null`/`undefined`
 * properties count as absent; `__provider` and `target` are ignored; any other property is refused. The engine's
 * unknown sentinel is accepted wherever a value is expected and kept, so that the diff reports a possible change.
 * Reference text is never echoed either: a user may have put the secret itself where its reference belongs.
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
  const writeOnlyCredentials = checkWriteOnlyCredentials(news.writeOnlyCredentials, failures, warnings);
  // Write-only credentials that are given (even if refused) stand in for `credentials`, so that a mistake there is
  // not also reported as missing credentials.
  const credentialsOptional =
    !isAbsent(news.writeOnlyCredentials) && (writeOnlyCredentials === undefined || writeOnlyCredentials.length > 0);
  const credentials = checkCredentials(news.credentials, failures, warnings, credentialsOptional);
  if (credentials !== undefined && writeOnlyCredentials !== undefined) {
    checkKeysAcrossModes(credentials, writeOnlyCredentials, failures, warnings);
  }
  const writeOnlyCredentialsVersion = checkWriteOnlyCredentialsVersion(news.writeOnlyCredentialsVersion, failures);
  if (writeOnlyCredentialsVersion !== undefined && writeOnlyCredentials?.length === 0) {
    warnings.push(
      "writeOnlyCredentialsVersion is set without writeOnlyCredentials: changing it re-sends the credentials like a " +
        "trigger would; use triggers for that",
    );
  }
  const apiVersion = checkApiVersion(news.apiVersion, failures);
  const triggers = checkTriggers(news.triggers, failures);
  const reauthorizeAfter = checkReauthorizeAfter(news.reauthorizeAfter, failures);
  const singleUseKeyGiven =
    credentials?.some((pair) => SINGLE_USE_KEYS.has(pair.key) && pair.value !== UNKNOWN_VALUE) ||
    writeOnlyCredentials?.some((credential) => SINGLE_USE_KEYS.has(credential.key));
  if (reauthorizeAfter !== undefined && singleUseKeyGiven) {
    warnings.push(
      "reauthorizeAfter re-sends the same credentials, but an Oauth2AuthorizationCode is accepted only once: " +
        "re-authorization will fail unless the code is replaced by then",
    );
  }
  if (
    failures.length > 0 ||
    target === undefined ||
    credentials === undefined ||
    writeOnlyCredentials === undefined ||
    apiVersion === undefined
  ) {
    return { failures, warnings };
  }
  const inputs: CheckedInputs = {
    target: target.path,
    ...target.ids,
    credentials,
    ...(writeOnlyCredentials.length > 0 ? { writeOnlyCredentials } : {}),
    ...(writeOnlyCredentialsVersion !== undefined ? { writeOnlyCredentialsVersion } : {}),
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

/** @param optional true when write-only credentials stand in, so that none here is fine. */
function checkCredentials(
  raw: unknown,
  failures: InputFailure[],
  warnings: string[],
  optional: boolean,
): CredentialPair[] | undefined {
  if (raw === UNKNOWN_VALUE) {
    return [{ key: UNKNOWN_VALUE, value: UNKNOWN_VALUE }];
  }
  const failuresBefore = failures.length;
  const example = 'e.g. { BaseAddress: "https://…", SecretToken: token } or [{ key: "SecretToken", value: token }]';
  const orWriteOnly = "(or reference values in writeOnlyCredentials)";
  if (isAbsent(raw)) {
    if (optional) {
      return [];
    }
    failures.push({
      property: "credentials",
      reason: `missing: give at least one key/value pair, ${example} ${orWriteOnly}`,
    });
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
    if (optional) {
      return [];
    }
    failures.push({
      property: "credentials",
      reason: `is empty: give at least one key/value pair, ${example} ${orWriteOnly}`,
    });
    return undefined;
  }
  const pairs: CredentialPair[] = [];
  const keys = new KeyRegistry("credentials", failures, warnings);
  for (const credential of found) {
    const key = checkCredentialKey(credential, failures);
    const value = checkCredentialValue(credential, failures);
    if (key === undefined || value === undefined) {
      continue;
    }
    pairs.push({ key, value });
    keys.register(key, credential.keyProperty);
  }
  return failures.length > failuresBefore ? undefined : pairs;
}

/**
 * The key rules shared by both credential collections: a key once, a warning for keys that differ only by case,
 * and a warning for names Graph does not list.
 */
class KeyRegistry {
  private readonly firstPropertyOfKey = new Map<string, string>();
  private readonly firstKeyOfFoldedKey = new Map<string, string>();

  constructor(
    private readonly collection: string,
    private readonly failures: InputFailure[],
    private readonly warnings: string[],
  ) {}

  register(key: string, property: string): void {
    if (key === UNKNOWN_VALUE) {
      return;
    }
    const earlier = this.firstPropertyOfKey.get(key);
    if (earlier !== undefined) {
      this.failures.push({ property, reason: `duplicates the key ${quote(key)} of ${earlier}: give each key once` });
      return;
    }
    this.firstPropertyOfKey.set(key, property);
    const folded = key.toLowerCase();
    const sameButCase = this.firstKeyOfFoldedKey.get(folded);
    if (sameButCase !== undefined) {
      this.warnings.push(
        `${this.collection} keys ${quote(sameButCase)} and ${quote(key)} differ only by case: ` +
          "Graph may treat them as one key; keep only the one you mean",
      );
    } else {
      this.firstKeyOfFoldedKey.set(folded, key);
    }
    if (!isKnownSynchronizationSecretKey(key)) {
      this.warnings.push(
        `${property}: ${quote(key)} is not a known synchronizationSecret key name` +
          `${didYouMean(key, SYNCHRONIZATION_SECRET_KEYS)}; Graph may reject it`,
      );
    }
  }
}

const REFERENCE_EXAMPLE =
  '{ fromEnv: "SCIM_TOKEN" }, { fromFile: "/run/secrets/scim-token" } or ' +
  '{ fromKeyVault: "https://myvault.vault.azure.net/secrets/scim-token" }';

/** A write-only credential as found in the input, before its reference is checked. */
interface FoundReference {
  property: string;
  keyProperty: string;
  key: unknown;
  /** The object holding the reference field (the list item itself in list form). */
  holder: unknown;
}

/** The checked write-only credentials: empty when absent, undefined when refused. */
function checkWriteOnlyCredentials(
  raw: unknown,
  failures: InputFailure[],
  warnings: string[],
): WriteOnlyCredential[] | undefined {
  if (isAbsent(raw)) {
    return [];
  }
  if (raw === UNKNOWN_VALUE) {
    return [{ key: UNKNOWN_VALUE, fromEnv: UNKNOWN_VALUE }];
  }
  const failuresBefore = failures.length;
  let found: FoundReference[];
  if (Array.isArray(raw)) {
    found = raw.map((item, index) => {
      const property = `writeOnlyCredentials[${index}]`;
      return {
        property,
        keyProperty: `${property}.key`,
        key: isPropertyMap(item) ? item.key : item === UNKNOWN_VALUE ? UNKNOWN_VALUE : undefined,
        holder: item,
      };
    });
  } else if (isPropertyMap(raw)) {
    found = Object.entries(raw).map(([key, holder]) => {
      const property = propertyPath("writeOnlyCredentials", key);
      return { property, keyProperty: property, key, holder };
    });
  } else {
    failures.push({
      property: "writeOnlyCredentials",
      reason:
        `must be a map of key → reference or a list of { key, …reference } (got ${describeType(raw)}), ` +
        `e.g. { SecretToken: { fromEnv: "SCIM_TOKEN" } }`,
    });
    return undefined;
  }
  const checked: WriteOnlyCredential[] = [];
  const keys = new KeyRegistry("writeOnlyCredentials", failures, warnings);
  const listForm = Array.isArray(raw);
  for (const item of found) {
    if (listForm && !isPropertyMap(item.holder) && item.holder !== UNKNOWN_VALUE) {
      failures.push({
        property: item.property,
        reason: `must be an object { key, …reference } with one of ${REFERENCE_EXAMPLE} (got ${describeType(item.holder)})`,
      });
      continue;
    }
    const key = checkCredentialKey(
      { keyProperty: item.keyProperty, valueProperty: item.property, key: item.key, value: undefined },
      failures,
    );
    const reference = checkReference(item.holder, item.property, listForm, failures);
    if (key === undefined || reference === undefined) {
      continue;
    }
    checked.push({ key, ...reference });
    keys.register(key, item.keyProperty);
  }
  return failures.length > failuresBefore ? undefined : checked;
}

/** One reference: an object with exactly one of fromEnv, fromFile, fromKeyVault (plus `key` in list form). */
function checkReference(
  holder: unknown,
  property: string,
  listForm: boolean,
  failures: InputFailure[],
): CredentialReference | undefined {
  if (holder === UNKNOWN_VALUE) {
    return { fromEnv: UNKNOWN_VALUE };
  }
  if (!isPropertyMap(holder)) {
    failures.push({
      property,
      reason:
        `must be a reference to where the value lives, one of ${REFERENCE_EXAMPLE} (got ${describeType(holder)}); ` +
        "a write-only credential never takes the value itself",
    });
    return undefined;
  }
  const allowed: readonly string[] = listForm ? ["key", ...REFERENCE_KINDS] : REFERENCE_KINDS;
  let refused = false;
  for (const field of Object.keys(holder)) {
    if (!allowed.includes(field) && !isAbsent(holder[field])) {
      failures.push({
        property: `${property}.${cut(field)}`,
        reason: `unknown field ${quote(field)}${didYouMean(field, allowed)}; a reference has one of ${REFERENCE_KINDS.join(", ")}`,
      });
      refused = true;
    }
  }
  const given = REFERENCE_KINDS.filter((kind) => !isAbsent(holder[kind]));
  if (given.length !== 1) {
    failures.push({
      property,
      reason:
        given.length === 0
          ? `missing a reference: give one of ${REFERENCE_EXAMPLE}`
          : `give only one of ${given.join(", ")}: a value comes from one place`,
    });
    return undefined;
  }
  const [kind] = given;
  const target = checkReferenceTarget(kind, holder[kind], `${property}.${kind}`, failures);
  if (refused || target === undefined) {
    return undefined;
  }
  return { [kind]: target } as CredentialReference;
}

function checkReferenceTarget(
  kind: ReferenceKind,
  raw: unknown,
  property: string,
  failures: InputFailure[],
): string | undefined {
  if (raw === UNKNOWN_VALUE) {
    return UNKNOWN_VALUE;
  }
  if (typeof raw !== "string" || raw.length === 0) {
    failures.push({
      property,
      reason: `must be a non-empty string (got ${typeof raw === "string" ? "an empty string" : describeType(raw)})`,
    });
    return undefined;
  }
  const problem = referenceProblem(kind, raw);
  if (problem !== undefined) {
    failures.push({ property, reason: problem });
    return undefined;
  }
  return raw;
}

/** A key comes from one place: sending it twice would leave Graph to pick one. */
function checkKeysAcrossModes(
  credentials: readonly CredentialPair[],
  writeOnlyCredentials: readonly WriteOnlyCredential[],
  failures: InputFailure[],
  warnings: string[],
): void {
  const plainKeys = new Set(credentials.map((pair) => pair.key).filter((key) => key !== UNKNOWN_VALUE));
  const foldedPlainKeys = new Map([...plainKeys].map((key) => [key.toLowerCase(), key]));
  for (const { key } of writeOnlyCredentials) {
    if (key === UNKNOWN_VALUE) {
      continue;
    }
    if (plainKeys.has(key)) {
      failures.push({
        property: propertyPath("writeOnlyCredentials", key),
        reason: `the key ${quote(key)} is also in credentials: give each key in only one of credentials and writeOnlyCredentials`,
      });
      continue;
    }
    const sameButCase = foldedPlainKeys.get(key.toLowerCase());
    if (sameButCase !== undefined) {
      warnings.push(
        `credentials key ${quote(sameButCase)} and writeOnlyCredentials key ${quote(key)} differ only by case: ` +
          "Graph may treat them as one key; keep only the one you mean",
      );
    }
  }
}

function checkWriteOnlyCredentialsVersion(raw: unknown, failures: InputFailure[]): string | undefined {
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
export function propertyPath(parent: string, name: string): string {
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
