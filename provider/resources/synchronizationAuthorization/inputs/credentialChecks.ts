import type { CredentialPair } from "../../../graph/credentialPair";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import { KeyRegistry, mapEntryPath, unknownFieldFailure } from "./keyRegistry";
import { describeType } from "../../../core/inputs/messageText";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";

/** Fields of a credential object that are accepted and dropped: Graph's type annotation, which the client adds. */
const IGNORED_CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(["@odata.type"]);

/**
 * The longest value accepted. Graph documents no limit for synchronizationSecretKeyStringValuePair.value; 16 KiB
 * is far above any documented secret (a SCIM bearer token, an OAuth client secret or code, a certificate in
 * base64), and far below what would only ever be a wrong value.
 * https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationsecretkeystringvaluepair
 */
export const MAX_CREDENTIAL_VALUE_LENGTH = 16 * 1024;

/** A credential as found in the input, before the checks that look across all of them. */
export interface FoundCredential {
  keyProperty: string;
  valueProperty: string;
  key: unknown;
  value: unknown;
}

/** @param optional true when write-only credentials stand in, so that none here is fine. */
export function checkCredentials(
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
    const spelled = key === undefined ? undefined : keys.register(key, credential.keyProperty);
    if (spelled === undefined || value === undefined) {
      continue;
    }
    pairs.push({ key: spelled, value });
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
        failures.push(unknownFieldFailure(property, field, ["key", "value"], "a credential has only key and value"));
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
  return Object.entries(map).map(([key, value], index) => {
    const property = mapEntryPath("credentials", key, index);
    return { keyProperty: property, valueProperty: property, key, value };
  });
}

/** The key of either collection's credential: a non-empty string. */
export function checkCredentialKey(credential: FoundCredential, failures: InputFailure[]): string | undefined {
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
  if (value.trim().length === 0) {
    failures.push({ property: valueProperty, reason: "the credential value is only whitespace: give the value" });
    return undefined;
  }
  if (value.length > MAX_CREDENTIAL_VALUE_LENGTH) {
    failures.push({
      property: valueProperty,
      reason:
        `the credential value is longer than ${MAX_CREDENTIAL_VALUE_LENGTH} characters, more than any ` +
        `synchronization secret holds: check that the right value is given`,
    });
    return undefined;
  }
  return value;
}
