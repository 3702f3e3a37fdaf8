import type { FieldSpec, ObjectType, PropertySpec, PropertyType } from "../../core/resourceDefinition";
import type { AuthorizationOutputs } from "./authorizationState";
import type { ConnectionTestResult, TestConnectionInput } from "./connectionTestResult";

const STRING: PropertyType = { kind: "string" };
const STRING_MAP: PropertyType = { kind: "map", of: STRING };

/** Where the provider reads a write-only credential. */
const WRITE_ONLY_REFERENCE: ObjectType = {
  kind: "object",
  token: "syncauth:index:WriteOnlyCredentialReference",
  description: "Where the provider reads a write-only credential: set exactly one.",
  fields: {
    fromEnv: { type: STRING, description: "An environment variable of the provider process." },
    fromFile: { type: STRING, description: "An absolute path of a file holding the value." },
    fromKeyVault: { type: STRING, description: "A Key Vault secret URL." },
  },
};

/** The fields of `testConnection`: the ones check accepts (any other is refused) and a schema describes. */
export const TEST_CONNECTION_SETTINGS: ObjectType & { fields: Record<keyof TestConnectionInput, FieldSpec> } = {
  kind: "object",
  token: "syncauth:index:TestConnection",
  description: "Which provisioning job to test the connection with, and whether a failed test fails up.",
  fields: {
    jobId: {
      type: STRING,
      required: true,
      description: "The synchronization job's id (azuread.SynchronizationJob's id).",
    },
    failUpOnFailure: {
      type: { kind: "boolean" },
      description:
        "Fail up when the test after an authorization fails (the authorization stays recorded and is not sent again). Default false: a warning.",
    },
  },
};

/** The fields of the `connectionTest` output (exactly those of ConnectionTestResult: the compiler holds them together). */
export const CONNECTION_TEST_RESULT: ObjectType & { fields: Record<keyof ConnectionTestResult, FieldSpec> } = {
  kind: "object",
  token: "syncauth:index:ConnectionTestResult",
  description: "One connection test's result; never a secret.",
  fields: {
    status: {
      type: STRING,
      required: true,
      description: "passed, failed (the target refused the credentials) or error.",
    },
    jobId: { type: STRING, required: true, description: "The job tested." },
    during: { type: STRING, required: true, description: "up or refresh." },
    code: { type: STRING, description: "Graph's error code when it did not pass." },
    requestId: {
      type: STRING,
      description:
        "Graph's request-id of the failed answer, for Microsoft support. Graph's message is shown in the warning, never kept.",
    },
  },
};

/**
 * The resource's input properties: the one list `check` accepts (any other name is refused) and the one a schema
 * or SDK describes. Adding an input here is what makes it known everywhere.
 */
export const INPUT_PROPERTY_SPECS = {
  servicePrincipalId: {
    type: STRING,
    description:
      "Object id of the service principal (the enterprise application) to authorize. Set exactly one of this and applicationId.",
  },
  applicationId: {
    type: STRING,
    description: "Object id of the application (the app registration) to authorize, instead of servicePrincipalId.",
  },
  credentials: {
    type: STRING_MAP,
    secret: true,
    description:
      "The synchronizationSecret key/value pairs sent to Graph's acquireAccessToken, e.g. BaseAddress and SecretToken. Secret.",
  },
  apiVersion: { type: STRING, description: 'Graph API version: "v1.0" (default) or "beta".' },
  triggers: {
    type: STRING_MAP,
    description: "Arbitrary strings; any change sends the credentials again.",
  },
  reauthorizeAfter: {
    type: STRING,
    description: 'Authorize again once this long has passed since the last authorization, e.g. "720h" or "30d".',
  },
  writeOnlyCredentials: {
    type: { kind: "map", of: WRITE_ONLY_REFERENCE },
    description:
      "Credentials read by the provider right before it authorizes, from an environment variable (fromEnv), an absolute file path (fromFile) or a Key Vault secret URL (fromKeyVault); their values never enter state.",
  },
  writeOnlyCredentialsVersion: {
    type: STRING,
    description: "Change it to send the write-only credentials again, read afresh.",
  },
  testConnection: {
    type: TEST_CONNECTION_SETTINGS,
    description:
      "Test the connection (the portal's Test Connection: validateCredentials with the saved credentials) of this provisioning job after each authorization and at every refresh.",
  },
} as const satisfies Record<string, PropertySpec>;

export type InputPropertyName = keyof typeof INPUT_PROPERTY_SPECS;

/** The input property names, in the table's order. */
export const INPUT_PROPERTIES = Object.keys(INPUT_PROPERTY_SPECS) as InputPropertyName[];

/** Every output the provider keeps (exactly the fields of AuthorizationOutputs: the compiler holds them together). */
export const OUTPUT_PROPERTY_SPECS: Record<keyof AuthorizationOutputs, PropertySpec> = {
  target: { type: STRING, description: 'The authorized object as "servicePrincipals/<id>" or "applications/<id>".' },
  servicePrincipalId: INPUT_PROPERTY_SPECS.servicePrincipalId,
  applicationId: INPUT_PROPERTY_SPECS.applicationId,
  apiVersion: { type: STRING, description: "The Graph API version the authorization was sent with." },
  cloud: { type: STRING, description: "The cloud the authorization was sent to (global, usgovernmentl4, …)." },
  graphEndpoint: { type: STRING, description: "The Graph root the authorization was sent to." },
  credentialKeys: { type: { kind: "list", of: STRING }, description: "Every key sent, sorted; never a value." },
  credentialFingerprint: {
    type: STRING,
    secret: true,
    description: "Salted HMAC-SHA256 of the credentials, to notice a changed value without keeping it. Secret.",
  },
  fingerprintSalt: { type: STRING, description: "The salt of credentialFingerprint." },
  writeOnlyCredentials: INPUT_PROPERTY_SPECS.writeOnlyCredentials,
  writeOnlyCredentialsVersion: INPUT_PROPERTY_SPECS.writeOnlyCredentialsVersion,
  triggers: INPUT_PROPERTY_SPECS.triggers,
  reauthorizeAfter: INPUT_PROPERTY_SPECS.reauthorizeAfter,
  lastAuthorizedAt: {
    type: STRING,
    description:
      "When Graph last confirmed an authorization (ISO-8601, UTC); absent while the only one sent is unconfirmed.",
  },
  unconfirmedAuthorizationAt: {
    type: STRING,
    description:
      "When an authorization with a single-use code was sent whose answer was lost, so it may have been applied (ISO-8601, UTC); absent once one is confirmed.",
  },
  singleUseFingerprints: {
    type: STRING_MAP,
    secret: true,
    description:
      "Salted HMAC-SHA256 of each single-use value last sent (Oauth2AuthorizationCode), by key, so that a redeemed code is never sent again; never a value. Secret.",
  },
  testConnection: INPUT_PROPERTY_SPECS.testConnection,
  connectionTest: {
    type: CONNECTION_TEST_RESULT,
    description: "The last connection test's result (only with testConnection); never a secret.",
  },
  lastTestedAt: { type: STRING, description: "When the connection was last tested (ISO-8601, UTC)." },
};

/** The outputs that are always present after an authorization. */
export const REQUIRED_OUTPUTS = [
  "target",
  "apiVersion",
  "cloud",
  "graphEndpoint",
  "credentialKeys",
  "credentialFingerprint",
  "fingerprintSalt",
] as const satisfies readonly (keyof AuthorizationOutputs)[];

/** The names of the secret properties in a table. */
export function secretProperties(specs: Record<string, PropertySpec>): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);
}
