import * as pulumi from "@pulumi/pulumi";

/**
 * The baseline of the engine-overhead comparison: a dynamic resource with the same inputs and output names as
 * SynchronizationAuthorization (credentials kept secret, one output marked secret) whose provider answers at once.
 * Whatever time it takes is the engine's and the dynamic-provider host's, not ours.
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
        servicePrincipalId: inputs.servicePrincipalId,
        target,
        apiVersion: "v1.0",
        credentialKeys: Object.keys(inputs.credentials ?? {}).sort(),
        credentialFingerprint: "0".repeat(64),
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
        credentials: pulumi.secret(pulumi.output(args.credentials)),
        target: undefined,
        apiVersion: undefined,
        credentialKeys: undefined,
        credentialFingerprint: undefined,
        lastAuthorizedAt: undefined,
      },
      { ...opts, additionalSecretOutputs: ["credentialFingerprint"] },
      "bench",
      "NoopAuthorization",
    );
  }
}
