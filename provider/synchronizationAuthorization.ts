import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./lifecycle/dynamicProvider";
import { SynchronizationSecretKey } from "./synchronizationSecretKeys";

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

export interface SynchronizationAuthorizationArgs {
  /** Object id (not appId) of the service principal to authorize. Set exactly one of this and `applicationId`. */
  servicePrincipalId?: pulumi.Input<string>;
  /** Object id (not appId) of the application to authorize. Set exactly one of this and `servicePrincipalId`. */
  applicationId?: pulumi.Input<string>;
  /**
   * The key/value pairs sent to Graph's `acquireAccessToken`. Always stored as secrets, even when passed as plain
   * strings. A change of any value re-runs the authorization.
   */
  credentials: pulumi.Input<CredentialMap> | pulumi.Input<pulumi.Input<CredentialPairInput>[]>;
  /** Graph API version. Default "v1.0". */
  apiVersion?: pulumi.Input<"v1.0" | "beta">;
  /** Arbitrary values; any change re-runs the authorization (e.g. tie it to a new authorization code). */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Re-run the authorization once the last one is older than this: "720h", "30d", "1h30m". A scheduled pipeline then
   * re-authorizes, and its preview says why. Default: never.
   */
  reauthorizeAfter?: pulumi.Input<string>;
}

/**
 * Authorizes the Microsoft Entra provisioning service for an application: the "Authorize" button of the
 * provisioning blade, as code. Calls Graph's `synchronization/acquireAccessToken` when created and whenever its
 * credentials, triggers, API version or cloud change; never in preview, never on destroy.
 */
export class SynchronizationAuthorization extends pulumi.dynamic.Resource {
  /** "servicePrincipals/<id>" or "applications/<id>"; also the resource id. */
  declare public readonly target: pulumi.Output<string>;
  /** ISO-8601 UTC time of the last successful authorization. */
  declare public readonly lastAuthorizedAt: pulumi.Output<string>;
  /** The credential key names sent, sorted. Values are never outputs. */
  declare public readonly credentialKeys: pulumi.Output<string[]>;
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The Graph cloud the authorization was sent to. */
  declare public readonly cloud: pulumi.Output<string>;
  /** The Graph root the authorization was sent to. */
  declare public readonly graphEndpoint: pulumi.Output<string>;

  constructor(name: string, args: SynchronizationAuthorizationArgs, opts?: pulumi.CustomResourceOptions) {
    const credentials = pulumi.secret(pulumi.output(args.credentials));
    super(
      dynamicProvider,
      name,
      {
        servicePrincipalId: args.servicePrincipalId,
        applicationId: args.applicationId,
        credentials,
        apiVersion: args.apiVersion,
        triggers: args.triggers,
        reauthorizeAfter: args.reauthorizeAfter,
        target: undefined,
        lastAuthorizedAt: undefined,
        credentialKeys: undefined,
        cloud: undefined,
        graphEndpoint: undefined,
        credentialFingerprint: undefined,
        fingerprintSalt: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentialFingerprint"] },
      "msgraph",
      "SynchronizationAuthorization",
    );
  }
}
