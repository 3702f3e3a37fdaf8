import type { CloudName } from "../../config/clouds";
import type { ApiVersion } from "../../graph/apiVersion";
import type { CredentialPair } from "../../graph/credentialPair";
import type { WriteOnlyCredential } from "../../writeOnly/credentialReference";
import type { ConnectionTestResult, TestConnectionInput } from "./connectionTestResult";
import type { UnknownValue } from "../../core/unknownValue";

/**
 * The inputs after `check`: validated and normalized. During preview any string in here may be
 * `UNKNOWN_VALUE`; create and update always receive known values.
 */
export interface CheckedInputs {
  /** "servicePrincipals/<id>" or "applications/<id>" (also the resource id); `UNKNOWN_VALUE` when the id is. */
  target: string;
  /** Object id of the service principal, lower-case. Exactly one of this and `applicationId` is set. */
  servicePrincipalId?: string;
  /** Object id of the application, lower-case. */
  applicationId?: string;
  /**
   * Secret. The user's order (map form: insertion order); keys unique. When the whole collection is unknown it is a
   * single pair whose key and value are both `UNKNOWN_VALUE`. Empty only when `writeOnlyCredentials` is set.
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
  /** Default "v1.0". `UNKNOWN_VALUE` only during preview. */
  apiVersion: ApiVersion | UnknownValue;
  /** When the whole map is unknown it is `{ [UNKNOWN_VALUE]: UNKNOWN_VALUE }`. */
  triggers?: Record<string, string>;
  /** A duration accepted by `parseDuration`, as the user wrote it. */
  reauthorizeAfter?: string;
  /** The provisioning job to test the connection with after each authorization and at refresh. */
  testConnection?: TestConnectionInput;
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
  /**
   * Secret (additionalSecretOutputs): per single-use key (`Oauth2AuthorizationCode`), the salted fingerprint of the
   * value last sent, from either collection, so that re-sending a redeemed code is refused before Graph (see
   * singleUseValues). Absent when none was sent, and in state of earlier versions.
   */
  singleUseFingerprints?: Record<string, string>;
  /** The references as checked, so that diff notices a changed reference. */
  writeOnlyCredentials?: WriteOnlyCredential[];
  writeOnlyCredentialsVersion?: string;
  triggers?: Record<string, string>;
  reauthorizeAfter?: string;
  /**
   * ISO-8601 UTC time of the last authorization Graph confirmed. Absent only when the one authorization sent so far
   * is not confirmed (`unconfirmedAuthorizationAt`).
   */
  lastAuthorizedAt?: string;
  /**
   * ISO-8601 UTC time an authorization carrying a single-use value was sent whose answer was lost (a gateway error, a
   * body cut off, a page that is not Graph's): it may have been applied. Absent once one is confirmed.
   */
  unconfirmedAuthorizationAt?: string;
  testConnection?: TestConnectionInput;
  /** The last connection test's result (set only with `testConnection`). */
  connectionTest?: ConnectionTestResult;
  /** ISO-8601 UTC time of the last connection test. */
  lastTestedAt?: string;
}

/**
 * The outputs that are not also inputs. A resource declares each as `undefined` when it registers, so that the
 * engine knows them as outputs (unknown in preview) before the provider has set them.
 */
export const OUTPUT_ONLY_PROPERTIES = [
  "target",
  "lastAuthorizedAt",
  "unconfirmedAuthorizationAt",
  "credentialKeys",
  "cloud",
  "graphEndpoint",
  "credentialFingerprint",
  "fingerprintSalt",
  "connectionTest",
  "lastTestedAt",
] as const satisfies readonly (keyof AuthorizationOutputs)[];

/** The outputs that are not inputs, each `undefined`: what a resource declares at registration. */
export function unsetOutputs(): Record<(typeof OUTPUT_ONLY_PROPERTIES)[number], undefined> {
  return Object.fromEntries(OUTPUT_ONLY_PROPERTIES.map((name) => [name, undefined])) as Record<
    (typeof OUTPUT_ONLY_PROPERTIES)[number],
    undefined
  >;
}
