import type { CredentialPair } from "../../../graph/credentialPair";
import {
  REFERENCE_KINDS,
  referenceProblem,
  type CredentialReference,
  type ReferenceKind,
  type WriteOnlyCredential,
} from "../../../writeOnly/credentialReference";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import { checkCredentialKey } from "./credentialChecks";
import type { InputFailure } from "../../../core/resourceDefinition";
import { KEY_NOT_SHOWN, KeyRegistry, mapEntryPath, shownKey, unknownFieldFailure } from "./keyRegistry";
import { describeType, propertyPath } from "../../../core/inputs/messageText";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";

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
export function checkWriteOnlyCredentials(
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
    found = Object.entries(raw).map(([key, holder], index) => {
      const property = mapEntryPath("writeOnlyCredentials", key, index);
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
    const spelled = key === undefined ? undefined : keys.register(key, item.keyProperty);
    if (spelled === undefined || reference === undefined) {
      continue;
    }
    checked.push({ key: spelled, ...reference });
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
      failures.push(
        unknownFieldFailure(property, field, allowed, `a reference has one of ${REFERENCE_KINDS.join(", ")}`),
      );
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
export function checkKeysAcrossModes(
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
        property: shownKey(key) === undefined ? "writeOnlyCredentials" : propertyPath("writeOnlyCredentials", key),
        reason:
          `the key ${shownKey(key) ?? KEY_NOT_SHOWN} is also in credentials: give each key in only one of ` +
          `credentials and writeOnlyCredentials`,
      });
      continue;
    }
    const sameButCase = foldedPlainKeys.get(key.toLowerCase());
    if (sameButCase !== undefined) {
      warnings.push(
        `credentials key ${shownKey(sameButCase) ?? "(not shown)"} and writeOnlyCredentials key ` +
          `${shownKey(key) ?? "(not shown)"} differ only by case: ` +
          "Graph may treat them as one key; keep only the one you mean",
      );
    }
  }
}
