import * as pulumi from "@pulumi/pulumi";
import { SynchronizationAuthorization } from "pulumi-syncauth";

// Re-runs the authorization on a schedule. With reauthorizeAfter set, every `pulumi up` checks the age of the last
// authorization and re-authorizes once it is older than the period; the preview names the reason. Pair it with a
// scheduled pipeline (daily, say) so the age is checked even when nobody pushes: only the run after the period
// has passed makes a Graph call, the others are no-ops.
const config = new pulumi.Config();

const provisioning = new SynchronizationAuthorization("scheduled-provisioning", {
  servicePrincipalId: config.require("servicePrincipalId"), // object id, not appId
  credentials: {
    BaseAddress: config.require("scimBaseAddress"),
    SecretToken: config.requireSecret("scimSecretToken"),
  },
  // Go-style durations with days and weeks: "720h", "30d", "4w", "1h30m".
  reauthorizeAfter: config.get("reauthorizeAfter") ?? "720h",
});

export const lastAuthorizedAt = provisioning.lastAuthorizedAt;
