/**
 * One credential as `acquireAccessToken` takes it: a `synchronizationSecret` key name and its string value (Graph's
 * `synchronizationSecretKeyStringValuePair`).
 */
export interface CredentialPair {
  key: string;
  value: string;
}
