import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { SynchronizationAuthorization } from "pulumi-syncauth";

// The whole provisioning setup of a gallery application in one stack: @pulumi/azuread creates the application,
// its service principal, the stored provisioning secrets and the job; SynchronizationAuthorization presses
// "Authorize", which azuread has no resource for.
const config = new pulumi.Config();
const baseAddress = config.require("scimBaseAddress");
const secretToken = config.requireSecret("scimSecretToken");

// Any gallery application whose provisioning connector authorizes with BaseAddress + SecretToken works the same.
const template = azuread.getApplicationTemplateOutput({ displayName: config.require("galleryApplication") });

const app = new azuread.ApplicationFromTemplate("scim-app", {
  displayName: config.get("displayName") ?? "SCIM provisioning (Pulumi)",
  templateId: template.templateId,
});

// azuread takes the service principal's resource id ("/servicePrincipals/<object id>").
const secrets = new azuread.SynchronizationSecret("scim-secrets", {
  servicePrincipalId: app.servicePrincipalId,
  credentials: [
    { key: "BaseAddress", value: baseAddress },
    { key: "SecretToken", value: secretToken },
  ],
});

// The provisioning job, created paused: the authorization tests the connection with it ("Test Connection"), so it
// must exist first. Set `startProvisioning` to true once `connectionTest` says "passed", and run up again.
const job = new azuread.SynchronizationJob(
  "scim-job",
  {
    servicePrincipalId: app.servicePrincipalId,
    templateId: config.require("jobTemplateId"),
    enabled: config.getBoolean("startProvisioning") ?? false,
  },
  { dependsOn: [secrets] },
);

// SynchronizationAuthorization takes the bare object id, as Graph's URL does. `jobId` takes azuread's job id as it
// is (unknown until the job exists): the connection is tested right after each authorization and at every refresh,
// and a refusal seen at refresh makes the next up authorize again. `failUpOnFailure` makes a failed test fail the up.
const authorization = new SynchronizationAuthorization(
  "scim-authorization",
  {
    servicePrincipalId: app.servicePrincipalObjectId,
    credentials: { BaseAddress: baseAddress, SecretToken: secretToken },
    testConnection: { jobId: job.id, failUpOnFailure: config.getBoolean("failUpOnFailedTest") ?? false },
  },
  { dependsOn: [secrets] },
);

export const applicationObjectId = app.applicationObjectId;
export const servicePrincipalObjectId = app.servicePrincipalObjectId;
export const jobId = job.id;
export const lastAuthorizedAt = authorization.lastAuthorizedAt;
export const connectionTest = authorization.connectionTest;
export const lastTestedAt = authorization.lastTestedAt;
