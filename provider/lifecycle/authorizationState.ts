import type { CloudName } from "../config/clouds";
import type { WriteOnlyCredential } from "../writeOnly/credentialReference";

/**
 * What the Pulumi engine sends in place of a value it will only know at apply time (preview). It is itself a valid
 * GUID, so id validation must test for it first.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The type of {@link UNKNOWN_VALUE}. */
export type UnknownValue = typeof UNKNOWN_VALUE;

/** The Graph API versions that offer `acquireAccessToken`. */
export type ApiVersion = "v1.0" | "beta";

/** One credential sent to `acquireAccessToken`: a `synchronizationSecret` key name and its string value. */
export interface CredentialPair {
  key: string;
  value: string;
}

/**
 * The inputs after `check`: validated and normalized. During preview any string in here may be
 * {@link UNKNOWN_VALUE}; create and update always receive known values.
 */
export interface CheckedInputs {
  /** "servicePrincipals/<id>" or "applications/<id>" (also the resource id); {@link UNKNOWN_VALUE} when the id is. */
  target: string;
  /** Object id of the service principal, lower-case. Exactly one of this and `applicationId` is set. */
  servicePrincipalId?: string;
  /** Object id of the application, lower-case. */
  applicationId?: string;
  /**
   * Secret. The user's order (map form: insertion order); keys unique. When the whole collection is unknown it is a
   * single pair whose key and value are both {@link UNKNOWN_VALUE}. Empty only when `writeOnlyCredentials` is set.
   */
  credentials: CredentialPair[];
  /**
   * References to values the provider reads at create/update time; never the values. The user's order; keys unique
   * and not in `credentials`; absent when none. A wholly unknown collection is `[{ key: UNKNOWN_VALUE, fromEnv:
   * UNKNOWN_VALUE }]`, and a wholly unknown reference `{ key, fromEnv: UNKNOWN_VALUE }`: only `containsUnknown`
   * looks at them in preview.
   */
  writeOnlyCredentials?: WriteOnlyCredential[];
  /** Any change re-sends all credentials, write-only values read afresh. */
  writeOnlyCredentialsVersion?: string;
  /** Default "v1.0". {@link UNKNOWN_VALUE} only during preview. */
  apiVersion: ApiVersion | UnknownValue;
  /** When the whole map is unknown it is `{ [UNKNOWN_VALUE]: UNKNOWN_VALUE }`. */
  triggers?: Record<string, string>;
  /** A duration accepted by `parseDuration`, as the user wrote it. */
  reauthorizeAfter?: string;
}

/** The state the provider keeps after a successful authorization. */
export interface AuthorizationOutputs {
  target: string;
  servicePrincipalId?: string;
  applicationId?: string;
  apiVersion: ApiVersion;
  cloud: CloudName;
  /** The Graph root the authorization was sent to, without a trailing slash. */
  graphEndpoint: string;
  /** Every key sent, from `credentials` and `writeOnlyCredentials`; sorted. */
  credentialKeys: string[];
  /**
   * Secret (additionalSecretOutputs): salted HMAC of the `credentials` pairs, see `credentialFingerprint`.
   * Write-only values are never part of it: a value that never enters state cannot be compared with one that did.
   */
  credentialFingerprint: string;
  fingerprintSalt: string;
  /** The references as checked, so that diff notices a changed reference. */
  writeOnlyCredentials?: WriteOnlyCredential[];
  writeOnlyCredentialsVersion?: string;
  triggers?: Record<string, string>;
  reauthorizeAfter?: string;
  /** ISO-8601 UTC. */
  lastAuthorizedAt: string;
}

/**
 * True when `value`, or any string nested in its arrays and object values, is {@link UNKNOWN_VALUE}. Object keys
 * are not inspected: the engine never makes a map key unknown. Never throws, also on cyclic or deep structures.
 */
export function containsUnknown(value: unknown): boolean {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === UNKNOWN_VALUE) {
      return true;
    }
    if (typeof current !== "object" || current === null || seen.has(current)) {
      continue;
    }
    seen.add(current);
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      pending.push(inner);
    }
  }
  return false;
}
