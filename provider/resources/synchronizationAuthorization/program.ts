import { isKnownSynchronizationSecretKey } from "../../graph/synchronizationSecretKeys";
import * as pulumi from "@pulumi/pulumi";
import { unsetOutputs } from "./authorizationState";
import type { SynchronizationSecretKey } from "../../graph/synchronizationSecretKeys";
import { SERIALIZED_PROVIDER } from "../../dynamic/serializedProvider";

/** The dynamic-provider type token: `pulumi-nodejs:dynamic/<module>:<type>`, as existing stacks hold it. */
const TYPE_TOKEN = "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization";

/**
 * Credentials as a map of `synchronizationSecret` key names to values: `{ BaseAddress: "...", SecretToken: token }`.
 * Editors complete Graph's 45 known names; any other string is accepted too (with a warning), because Graph adds
 * names over time.
 */
export type CredentialMap = { [K in SynchronizationSecretKey]?: pulumi.Input<string> } & {
  [key: string]: pulumi.Input<string> | undefined;
};

/** One credential in Graph's own shape: `{ key: "SecretToken", value: token }`. */
export interface CredentialPairInput {
  key: pulumi.Input<SynchronizationSecretKey | (string & {})>;
  value: pulumi.Input<string>;
}

/**
 * Where a write-only credential's value lives; exactly one field. The provider process reads it when it authorizes
 * (create, or an update that authorizes), never in preview; only this reference is kept in state.
 */
export type CredentialReferenceInput =
  /** A variable of the provider process's environment, which inherits the environment `pulumi up` runs in. */
  | { fromEnv: pulumi.Input<string>; fromFile?: never; fromKeyVault?: never }
  /** An absolute path to a UTF-8 text file; one trailing line break is dropped. At most 64 KiB. */
  | { fromFile: pulumi.Input<string>; fromEnv?: never; fromKeyVault?: never }
  /**
   * A Key Vault secret URL, `https://<vault>.vault.azure.net/secrets/<name>` (latest version) or
   * `…/secrets/<name>/<version>`, read with the identity and cloud the provider signs in to Graph with. The vault
   * must be in the configured cloud (`vault.azure.net`, `vault.usgovcloudapi.net`, `vault.azure.cn`).
   */
  | { fromKeyVault: pulumi.Input<string>; fromEnv?: never; fromFile?: never };

/** Write-only credentials as a map of key names to references: `{ SecretToken: { fromEnv: "SCIM_TOKEN" } }`. */
export type WriteOnlyCredentialMap = { [K in SynchronizationSecretKey]?: pulumi.Input<CredentialReferenceInput> } & {
  [key: string]: pulumi.Input<CredentialReferenceInput> | undefined;
};

/** One write-only credential in list form: `{ key: "SecretToken", fromEnv: "SCIM_TOKEN" }`. */
export type WriteOnlyCredentialInput = {
  key: pulumi.Input<SynchronizationSecretKey | (string & {})>;
} & CredentialReferenceInput;

export interface SynchronizationAuthorizationArgs {
  /** Object id (not appId) of the service principal to authorize. Set exactly one of this and `applicationId`. */
  servicePrincipalId?: pulumi.Input<string>;
  /** Object id (not appId) of the application to authorize. Set exactly one of this and `servicePrincipalId`. */
  applicationId?: pulumi.Input<string>;
  /**
   * The key/value pairs sent to Graph's `acquireAccessToken`. Always stored as secrets, even when passed as plain
   * strings. A change of any value re-runs the authorization. May be left out when `writeOnlyCredentials` gives
   * at least one pair.
   */
  credentials?: pulumi.Input<CredentialMap> | pulumi.Input<pulumi.Input<CredentialPairInput>[]>;
  /**
   * Credentials whose values never enter Pulumi state, not even encrypted: references to an environment variable,
   * a file or a Key Vault secret, read by the provider process when it authorizes and sent with `credentials`.
   * A key is given in one of `credentials` and `writeOnlyCredentials`, not both.
   *
   * Only the references are compared on later updates: a new value behind the same reference is not noticed. Change
   * `writeOnlyCredentialsVersion` when a referenced value changes.
   */
  writeOnlyCredentials?: pulumi.Input<WriteOnlyCredentialMap> | pulumi.Input<pulumi.Input<WriteOnlyCredentialInput>[]>;
  /**
   * Any change re-sends all credentials, write-only values read afresh: bump it in the same change that rotates a
   * referenced secret. The only trace of write-only values in state, besides their references. Default: unset.
   */
  writeOnlyCredentialsVersion?: pulumi.Input<string | number>;
  /** Graph API version. Default "v1.0". */
  apiVersion?: pulumi.Input<"v1.0" | "beta">;
  /** Arbitrary values; any change re-runs the authorization (e.g. tie it to a new authorization code). */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Re-run the authorization once the last one is older than this: "720h", "30d", "1h30m". A scheduled pipeline then
   * re-authorizes, and its preview says why. Default: never.
   */
  reauthorizeAfter?: pulumi.Input<string>;
  /**
   * Test the connection ("Test Connection" in the portal) with this provisioning job: once right after each
   * authorization, and at every refresh with the saved credentials (no secret sent). A failure at refresh makes the
   * next `up` authorize again. Default: no test.
   */
  testConnection?: pulumi.Input<TestConnectionArgs>;
}

export interface TestConnectionArgs {
  /** The synchronization job's id, e.g. `azuread.SynchronizationJob`'s `id`. */
  jobId: pulumi.Input<string>;
  /**
   * Fail `up` when the test after an authorization fails (for pipelines). The authorization stays recorded either
   * way, so running `up` again does not send it again. Default false: a failure is a warning and an output.
   */
  failUpOnFailure?: pulumi.Input<boolean>;
}

/** The last connection test: `failed` means the target refused the saved credentials, `error` that it could not run. */
export interface ConnectionTestOutput {
  status: "passed" | "failed" | "error";
  jobId: string;
  /** "up" (right after an authorization) or "refresh". */
  during: "up" | "refresh";
  /** Graph's error code, when it did not pass. */
  code?: string;
  /** Graph's request-id of the failed answer, for Microsoft support. Graph's message is shown in the warning only. */
  requestId?: string;
}

/**
 * Authorizes the Microsoft Entra provisioning service for an application: the "Authorize" button of the
 * provisioning blade, as code. Calls Graph's `synchronization/acquireAccessToken` when created and whenever its
 * credentials, write-only references or version, triggers, API version or cloud change; never in preview, never on
 * destroy.
 *
 * A dynamic resource: what `pulumi.dynamic.Resource` registers (its type token and the serialized provider as
 * `__provider`), registered directly so that the serialized provider is one `require` rather than the source of
 * every method (see dynamic/serializedProvider.ts).
 */
export class SynchronizationAuthorization extends pulumi.CustomResource {
  /** "servicePrincipals/<id>" or "applications/<id>"; also the resource id. */
  declare public readonly target: pulumi.Output<string>;
  /**
   * ISO-8601 UTC time of the last authorization Graph confirmed. Absent in state only while the one authorization
   * sent is unconfirmed, and then up fails for this resource, so a successful run always has it.
   */
  declare public readonly lastAuthorizedAt: pulumi.Output<string>;
  /**
   * ISO-8601 UTC time an authorization with a single-use code was sent whose answer was lost (it may have been
   * applied); undefined once one is confirmed.
   */
  declare public readonly unconfirmedAuthorizationAt: pulumi.Output<string | undefined>;
  /** The credential key names sent (of both `credentials` and `writeOnlyCredentials`), sorted. Values are never outputs. */
  declare public readonly credentialKeys: pulumi.Output<string[]>;
  /** The write-only credential references, as `{ key, fromEnv | fromFile | fromKeyVault }` (never values). */
  declare public readonly writeOnlyCredentials: pulumi.Output<
    Array<{ key: string } & Record<string, string>> | undefined
  >;
  declare public readonly writeOnlyCredentialsVersion: pulumi.Output<string | undefined>;
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The Graph cloud the authorization was sent to. */
  declare public readonly cloud: pulumi.Output<string>;
  /** The Graph root the authorization was sent to. */
  declare public readonly graphEndpoint: pulumi.Output<string>;
  /** The last connection test's result; unset without `testConnection`. */
  declare public readonly connectionTest: pulumi.Output<ConnectionTestOutput | undefined>;
  /** ISO-8601 UTC time of the last connection test. */
  declare public readonly lastTestedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: SynchronizationAuthorizationArgs, opts?: pulumi.CustomResourceOptions) {
    refuseUndefinedEntries("credentials", args.credentials);
    refuseUndefinedEntries("writeOnlyCredentials", args.writeOnlyCredentials);
    // An Output (or a map of Outputs) can resolve to undefined entries too: seen once resolved, before serialization.
    const credentials =
      args.credentials === undefined
        ? undefined
        : pulumi.secret(pulumi.output(args.credentials).apply((map) => refuseUndefinedEntries("credentials", map)));
    const writeOnlyCredentials = pulumi.Output.isInstance(args.writeOnlyCredentials)
      ? (args.writeOnlyCredentials as pulumi.Output<unknown>).apply((references) =>
          refuseUndefinedEntries("writeOnlyCredentials", references),
        )
      : args.writeOnlyCredentials;
    super(
      TYPE_TOKEN,
      name,
      {
        __provider: SERIALIZED_PROVIDER,
        servicePrincipalId: args.servicePrincipalId,
        applicationId: args.applicationId,
        credentials,
        // References, not values: kept in plain text so that previews show which reference changed.
        writeOnlyCredentials,
        writeOnlyCredentialsVersion: args.writeOnlyCredentialsVersion,
        apiVersion: args.apiVersion,
        triggers: args.triggers,
        reauthorizeAfter: args.reauthorizeAfter,
        testConnection: args.testConnection,
        ...unsetOutputs(),
      },
      {
        ...opts,
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          "credentialFingerprint",
          "singleUseFingerprints",
        ],
      },
    );
  }
}

/**
 * Serialization drops a map entry whose value is `undefined` (`{ SecretToken: config.get("unset") }`), so the key
 * would vanish and the authorization go out without it. Seen here, before serialization, it fails naming the key.
 * Returns the collection unchanged (for use in an apply); only a known key name is shown.
 */
function refuseUndefinedEntries<T>(property: string, collection: T): T {
  if (collection === null || typeof collection !== "object" || Array.isArray(collection)) {
    return collection;
  }
  if (pulumi.Output.isInstance(collection)) {
    return collection;
  }
  const missing = Object.entries(collection as Record<string, unknown>)
    .filter(([, value]) => value === undefined)
    .map(([key]) => key);
  if (missing.length > 0) {
    throw new Error(
      missing
        .map((key) =>
          isKnownSynchronizationSecretKey(key)
            ? `${property}.${key} is undefined: set it or remove the key`
            : `${property} has an undefined value (its key is not a known name, so not shown): set it or remove the key`,
        )
        .join("; "),
    );
  }
  return collection;
}
