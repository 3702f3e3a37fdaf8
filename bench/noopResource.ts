import * as pulumi from "@pulumi/pulumi";
import { unsetOutputs } from "../provider/resources/synchronizationAuthorization/authorizationState";

/**
 * The baseline of the engine-overhead comparison: a dynamic resource of the same shape as SynchronizationAuthorization
 * (the same input properties with credentials kept secret, the same output names with the fingerprint secret) whose
 * provider answers at once without any I/O. Whatever time it takes is the engine's, the program's and the
 * dynamic-provider host's; the difference to SynchronizationAuthorization is our code and its Graph calls.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async create(inputs) {
    const target = `servicePrincipals/${inputs.servicePrincipalId}`;
    return {
      id: target,
      outs: {
        target,
        servicePrincipalId: inputs.servicePrincipalId,
        apiVersion: "v1.0",
        cloud: "global",
        graphEndpoint: "https://graph.example.invalid",
        credentialKeys: Object.keys(inputs.credentials ?? {}).sort(),
        credentialFingerprint: "0".repeat(64),
        fingerprintSalt: "0".repeat(32),
        lastAuthorizedAt: new Date().toISOString(),
      },
    };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

export interface NoopArgs {
  servicePrincipalId: pulumi.Input<string>;
  credentials: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export class NoopAuthorization extends pulumi.dynamic.Resource {
  constructor(name: string, args: NoopArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      noopProvider,
      name,
      {
        servicePrincipalId: args.servicePrincipalId,
        applicationId: undefined,
        credentials: pulumi.secret(pulumi.output(args.credentials)),
        writeOnlyCredentials: undefined,
        writeOnlyCredentialsVersion: undefined,
        apiVersion: undefined,
        triggers: undefined,
        reauthorizeAfter: undefined,
        ...unsetOutputs(),
      },
      { ...opts, additionalSecretOutputs: ["credentialFingerprint"] },
      "bench",
      "NoopAuthorization",
    );
  }
}
