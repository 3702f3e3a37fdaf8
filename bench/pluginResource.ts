import * as pulumi from "@pulumi/pulumi";

/** The syncauth plugin's resource token (provider/pluginAdapter/syncauthProvider.ts). */
export const PLUGIN_RESOURCE_TYPE = "syncauth:index:SynchronizationAuthorization";

export interface PluginAuthorizationArgs {
  servicePrincipalId: pulumi.Input<string>;
  credentials: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The plugin's SynchronizationAuthorization registered from this TypeScript program the way a generated SDK does
 * it: a custom resource of package `syncauth`, for which the engine starts `pulumi-resource-syncauth` (found on
 * PATH). Credentials secret, as the schema marks them; no `__provider`.
 */
export class PluginAuthorization extends pulumi.CustomResource {
  constructor(name: string, args: PluginAuthorizationArgs) {
    super(PLUGIN_RESOURCE_TYPE, name, {
      servicePrincipalId: args.servicePrincipalId,
      credentials: pulumi.secret(pulumi.output(args.credentials)),
    });
  }
}
