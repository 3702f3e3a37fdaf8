import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization } from "pulumi-syncauth";

// Authorizes provisioning for a SCIM app: the "Test Connection / Authorize" step of the portal, as code.
const config = new pulumi.Config();

const provisioning = new SynchronizationAuthorization("scim-provisioning", {
  servicePrincipalId: config.require("servicePrincipalId"), // object id, not appId
  credentials: {
    BaseAddress: config.require("scimBaseAddress"),
    SecretToken: config.requireSecret("scimSecretToken"),
  },
});

export const target = provisioning.target;
export const lastAuthorizedAt = provisioning.lastAuthorizedAt;
export const credentialKeys = provisioning.credentialKeys;
