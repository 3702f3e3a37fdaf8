/** The Graph API versions that offer `acquireAccessToken`. */
export type ApiVersion = "v1.0" | "beta";

export const API_VERSIONS: readonly ApiVersion[] = ["v1.0", "beta"];

/** What an unset `apiVersion` means, and what state written before the field existed was authorized with. */
export const DEFAULT_API_VERSION: ApiVersion = "v1.0";

/** The API version a stored or checked value names; anything but "beta" means the default. */
export function apiVersionOf(value: unknown): ApiVersion {
  return value === "beta" ? "beta" : DEFAULT_API_VERSION;
}
