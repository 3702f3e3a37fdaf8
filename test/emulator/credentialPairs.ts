/**
 * The synchronizationSecretKeyStringValuePair collection both acquireAccessToken and validateCredentials take:
 * https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationsecretkeystringvaluepair
 */
export const SECRET_KEY_VALUE_PAIR_TYPE = "microsoft.graph.synchronizationSecretKeyStringValuePair";

export interface CredentialPair {
  key: string;
  value: string;
}

/**
 * Why `credentials` is not a usable pair collection, in words naming the offending part; undefined if it is.
 * acquireAccessToken's example types every pair; validateCredentials' example does not, so `@odata.type` may be
 * left out there (but must be right when present).
 */
export function credentialPairsProblem(credentials: unknown, odataType: "required" | "optional"): string | undefined {
  if (!Array.isArray(credentials)) return "Property 'credentials' is required and must be an array.";
  if (credentials.length === 0) return "Property 'credentials' must contain at least one key/value pair.";
  for (const [index, pair] of credentials.entries()) {
    if (typeof pair !== "object" || pair === null || Array.isArray(pair)) {
      return `credentials[${index}] must be an object.`;
    }
    const entry = pair as Record<string, unknown>;
    const extra = Object.keys(entry).filter((name) => !["@odata.type", "key", "value"].includes(name));
    if (extra.length > 0) {
      return `credentials[${index}]: property '${extra[0]}' does not exist on type '${SECRET_KEY_VALUE_PAIR_TYPE}'.`;
    }
    const typed = entry["@odata.type"];
    if ((odataType === "required" || typed !== undefined) && typed !== SECRET_KEY_VALUE_PAIR_TYPE) {
      return `credentials[${index}]: '@odata.type' must be '${SECRET_KEY_VALUE_PAIR_TYPE}'.`;
    }
    if (typeof entry.key !== "string") return `credentials[${index}]: 'key' must be a string.`;
    if (typeof entry.value !== "string") return `credentials[${index}]: 'value' must be a string.`;
  }
  return undefined;
}

/** The pairs of a collection {@link credentialPairsProblem} accepted. */
export function credentialPairs(credentials: unknown): CredentialPair[] {
  return (credentials as { key: string; value: string }[]).map(({ key, value }) => ({ key, value }));
}
