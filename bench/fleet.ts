import type { PulumiFn } from "@pulumi/pulumi/automation";
import { SynchronizationAuthorization } from "../provider";
import { NoopAuthorization } from "./noopResource";
import { PLUGIN_RESOURCE_TYPE, PluginAuthorization } from "./pluginResource";

/** The dynamic resource, the no-op dynamic resource of the same shape, and the provider plugin's resource. */
export type ResourceKind = "syncauth" | "noop" | "plugin";

export const RESOURCE_TYPES: Record<ResourceKind, string> = {
  syncauth: "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization",
  noop: "pulumi-nodejs:dynamic/bench:NoopAuthorization",
  plugin: PLUGIN_RESOURCE_TYPE,
};

/**
 * N resources of one kind, one per owned service principal of the emulator's fixture, with the SCIM pair as
 * credentials. `rotation` changes the first resource's SecretToken, the smallest real change a user makes.
 */
export class Fleet {
  rotation = 0;

  constructor(
    readonly kind: ResourceKind,
    private readonly servicePrincipalIds: readonly string[],
  ) {}

  get size(): number {
    return this.servicePrincipalIds.length;
  }

  readonly program: PulumiFn = async () => {
    this.servicePrincipalIds.forEach((servicePrincipalId, index) => {
      const generation = index === 0 ? this.rotation : 0;
      const args = {
        servicePrincipalId,
        credentials: {
          BaseAddress: `https://scim.example.com/tenants/${index}/v2`,
          // Throwaway values: `-v=9` engine logs (startup section) print them, and the stack is deleted after.
          SecretToken: `bench-token-${index}-${generation}`,
        },
      };
      if (this.kind === "syncauth") new SynchronizationAuthorization(`auth-${index}`, args);
      else if (this.kind === "plugin") new PluginAuthorization(`auth-${index}`, args);
      else new NoopAuthorization(`auth-${index}`, args);
    });
  };
}
