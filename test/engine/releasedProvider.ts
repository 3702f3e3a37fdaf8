import * as pulumi from "@pulumi/pulumi";

/**
 * The provider object of version 0.1.0, as it was serialized into `__provider`: seven methods, each requiring
 * `pulumi-syncauth/dist/provider/lifecycle/operations` and delegating. Resources declared with it write state the
 * way that version did, so tests can upgrade such a stack to the current code.
 */
export const releasedProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").create(inputs);
  },
  async update(id, olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").update(id, olds, news);
  },
  async read(id, props) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").read(id, props);
  },
  async delete(id, props) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").remove(id, props);
  },
};

/** A SynchronizationAuthorization as 0.1.0 declared it: same type token, inputs and options, given provider code. */
export class ReleasedAuthorization extends pulumi.dynamic.Resource {
  constructor(
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    args: { servicePrincipalId: string; credentials: Record<string, string> },
  ) {
    super(
      provider,
      name,
      {
        servicePrincipalId: args.servicePrincipalId,
        applicationId: undefined,
        credentials: pulumi.secret(args.credentials),
        writeOnlyCredentials: undefined,
        writeOnlyCredentialsVersion: undefined,
        apiVersion: undefined,
        triggers: undefined,
        reauthorizeAfter: undefined,
        target: undefined,
        lastAuthorizedAt: undefined,
        credentialKeys: undefined,
        cloud: undefined,
        graphEndpoint: undefined,
        credentialFingerprint: undefined,
        fingerprintSalt: undefined,
      },
      { additionalSecretOutputs: ["credentialFingerprint"] },
      "msgraph",
      "SynchronizationAuthorization",
    );
  }
}
