import type { AuthorizationOutputs } from "./authorizationState";
import type { ConnectionTestResult, TestConnectionInput } from "./connectionTest";

/**
 * The shape of one property, in terms any front door can translate (a schema type, an SDK type): a string, a map
 * of strings, a list of strings, a map of write-only credential references, or one of the two objects of the
 * connection test (its settings, its result).
 */
export type PropertyShape =
  "string" | "stringMap" | "stringList" | "referenceMap" | "testConnectionSettings" | "connectionTestResult";

export interface PropertySpec {
  shape: PropertyShape;
  description: string;
  /** The value must never be shown: the engine encrypts it in state and masks it in output. */
  secret?: true;
}

/**
 * The resource's input properties: the one list `check` accepts (any other name is refused) and the one a schema
 * or SDK describes. Adding an input here is what makes it known everywhere.
 */
export const INPUT_PROPERTY_SPECS = {
  servicePrincipalId: {
    shape: "string",
    description:
      "Object id of the service principal (the enterprise application) to authorize. Set exactly one of this and applicationId.",
  },
  applicationId: {
    shape: "string",
    description: "Object id of the application (the app registration) to authorize, instead of servicePrincipalId.",
  },
  credentials: {
    shape: "stringMap",
    secret: true,
    description:
      "The synchronizationSecret key/value pairs sent to Graph's acquireAccessToken, e.g. BaseAddress and SecretToken. Secret.",
  },
  apiVersion: { shape: "string", description: 'Graph API version: "v1.0" (default) or "beta".' },
  triggers: {
    shape: "stringMap",
    description: "Arbitrary strings; any change sends the credentials again.",
  },
  reauthorizeAfter: {
    shape: "string",
    description: 'Authorize again once this long has passed since the last authorization, e.g. "720h" or "30d".',
  },
  writeOnlyCredentials: {
    shape: "referenceMap",
    description:
      "Credentials read by the provider right before it authorizes, from an environment variable (fromEnv), an absolute file path (fromFile) or a Key Vault secret URL (fromKeyVault); their values never enter state.",
  },
  writeOnlyCredentialsVersion: {
    shape: "string",
    description: "Change it to send the write-only credentials again, read afresh.",
  },
  testConnection: {
    shape: "testConnectionSettings",
    description:
      "Test the connection (the portal's Test Connection: validateCredentials with the saved credentials) of this provisioning job after each authorization and at every refresh.",
  },
} as const satisfies Record<string, PropertySpec>;

export type InputPropertyName = keyof typeof INPUT_PROPERTY_SPECS;

/** The input property names, in the table's order. */
export const INPUT_PROPERTIES = Object.keys(INPUT_PROPERTY_SPECS) as InputPropertyName[];

/** Every output the provider keeps (exactly the fields of AuthorizationOutputs: the compiler holds them together). */
export const OUTPUT_PROPERTY_SPECS: Record<keyof AuthorizationOutputs, PropertySpec> = {
  target: { shape: "string", description: 'The authorized object as "servicePrincipals/<id>" or "applications/<id>".' },
  servicePrincipalId: INPUT_PROPERTY_SPECS.servicePrincipalId,
  applicationId: INPUT_PROPERTY_SPECS.applicationId,
  apiVersion: { shape: "string", description: "The Graph API version the authorization was sent with." },
  cloud: { shape: "string", description: "The cloud the authorization was sent to (global, usgovernmentl4, …)." },
  graphEndpoint: { shape: "string", description: "The Graph root the authorization was sent to." },
  credentialKeys: { shape: "stringList", description: "Every key sent, sorted; never a value." },
  credentialFingerprint: {
    shape: "string",
    secret: true,
    description: "Salted HMAC-SHA256 of the credentials, to notice a changed value without keeping it. Secret.",
  },
  fingerprintSalt: { shape: "string", description: "The salt of credentialFingerprint." },
  writeOnlyCredentials: INPUT_PROPERTY_SPECS.writeOnlyCredentials,
  writeOnlyCredentialsVersion: INPUT_PROPERTY_SPECS.writeOnlyCredentialsVersion,
  triggers: INPUT_PROPERTY_SPECS.triggers,
  reauthorizeAfter: INPUT_PROPERTY_SPECS.reauthorizeAfter,
  lastAuthorizedAt: {
    shape: "string",
    description:
      "When Graph last confirmed an authorization (ISO-8601, UTC); absent while the only one sent is unconfirmed.",
  },
  unconfirmedAuthorizationAt: {
    shape: "string",
    description:
      "When an authorization with a single-use code was sent whose answer was lost, so it may have been applied (ISO-8601, UTC); absent once one is confirmed.",
  },
  singleUseFingerprints: {
    shape: "stringMap",
    secret: true,
    description:
      "Salted HMAC-SHA256 of each single-use value last sent (Oauth2AuthorizationCode), by key, so that a redeemed code is never sent again; never a value. Secret.",
  },
  testConnection: INPUT_PROPERTY_SPECS.testConnection,
  connectionTest: {
    shape: "connectionTestResult",
    description: "The last connection test's result (only with testConnection); never a secret.",
  },
  lastTestedAt: { shape: "string", description: "When the connection was last tested (ISO-8601, UTC)." },
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

/** A field of one of the connection test's objects. */
export interface FieldSpec {
  type: "string" | "boolean";
  description: string;
  /** Always present (in an input: must be given). */
  required?: true;
}

/** An object-shaped property: what it is, and its fields. */
export interface ObjectSpec<Field extends string> {
  description: string;
  fields: Record<Field, FieldSpec>;
}

/** The fields of `testConnection`: the ones check accepts (any other is refused) and a schema describes. */
export const TEST_CONNECTION_SETTINGS: ObjectSpec<keyof TestConnectionInput> = {
  description: "Which provisioning job to test the connection with, and whether a failed test fails up.",
  fields: {
    jobId: {
      type: "string",
      required: true,
      description: "The synchronization job's id (azuread.SynchronizationJob's id).",
    },
    failUpOnFailure: {
      type: "boolean",
      description:
        "Fail up when the test after an authorization fails (the authorization stays recorded and is not sent again). Default false: a warning.",
    },
  },
};

/** The fields of the `connectionTest` output (exactly those of ConnectionTestResult: the compiler holds them together). */
export const CONNECTION_TEST_RESULT: ObjectSpec<keyof ConnectionTestResult> = {
  description: "One connection test's result; never a secret.",
  fields: {
    status: {
      type: "string",
      required: true,
      description: "passed, failed (the target refused the credentials) or error.",
    },
    jobId: { type: "string", required: true, description: "The job tested." },
    during: { type: "string", required: true, description: "up or refresh." },
    code: { type: "string", description: "Graph's error code when it did not pass." },
    message: { type: "string", description: "Graph's error message, redacted and cut short." },
  },
};

/** The object each object shape of the property tables stands for. */
export const OBJECT_SHAPES = {
  testConnectionSettings: TEST_CONNECTION_SETTINGS,
  connectionTestResult: CONNECTION_TEST_RESULT,
} as const satisfies Partial<Record<PropertyShape, ObjectSpec<string>>>;

/** The names of the secret properties in a table. */
export function secretProperties(specs: Record<string, PropertySpec>): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => spec.secret)
    .map(([name]) => name);
}
