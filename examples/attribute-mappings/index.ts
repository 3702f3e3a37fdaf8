import * as pulumi from "@pulumi/pulumi";
import { AttributeMappings } from "pulumi-syncauth";

// The portal's Provisioning → Mappings → "Provision Microsoft Entra ID Users" page of a SCIM app, as code: the
// employee id becomes the SCIM externalId and the attribute users are matched by, and only one department is in
// scope. Everything else of the job's schema stays as the template (or the portal) left it.
const config = new pulumi.Config();

const mappings = new AttributeMappings("scim-user-mappings", {
  servicePrincipalId: config.require("servicePrincipalId"), // object id, not appId
  jobId: config.require("jobId"),
  objectMappings: [
    {
      sourceObjectName: "User",
      targetObjectName: "User",
      // Only the department's users are provisioned: a user is in scope when any group holds, and a group holds
      // when all its clauses do. Replaces the template's filter; leave scopingFilter out to keep what is there.
      scopingFilter: [
        {
          name: "One department",
          clauses: [
            { sourceOperandName: "department", operatorName: "EQUALS", values: [config.require("department")] },
          ],
        },
      ],
      attributeMappings: [
        // The SCIM externalId is the employee id, and existing users in the app are matched by it first...
        { targetAttributeName: "externalId", source: "[employeeId]", matchingPriority: 1 },
        // ...then by userName, the template's only matching attribute (one attribute per matching priority).
        { targetAttributeName: "userName", source: "[userPrincipalName]", matchingPriority: 2 },
        // A function: preview checks its syntax locally; up has Graph's parseExpression check it before writing.
        { targetAttributeName: "displayName", source: 'Join(" ", [givenName], [surname])' },
      ],
    },
  ],
});

export const target = mappings.target;
export const objectMappings = mappings.objectMappings;
export const lastWrittenAt = mappings.lastWrittenAt;
