import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization } from "pulumi-syncauth";

// The program is the same in every cloud: which Graph and which Entra authority it talks to is provider
// configuration (syncauth:cloud in Pulumi.<stack>.yaml), so one program serves a commercial, a GCC High and a
// China stack side by side.
const config = new pulumi.Config();

const provisioning = new SynchronizationAuthorization("scim-provisioning", {
  servicePrincipalId: config.require("servicePrincipalId"), // object id, not appId
  credentials: {
    BaseAddress: config.require("scimBaseAddress"),
    SecretToken: config.requireSecret("scimSecretToken"),
  },
});

// What the provider resolved, so a run shows which cloud it authorized in.
export const cloud = provisioning.cloud;
export const graphEndpoint = provisioning.graphEndpoint;
export const lastAuthorizedAt = provisioning.lastAuthorizedAt;
