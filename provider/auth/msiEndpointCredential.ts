import type { AccessToken, TokenCredential } from "@azure/identity";
import { azureIdentity } from "./lazySdks";

/** The IMDS token API version that a custom `msiEndpoint` (azuread's meaning) speaks. */
export const IMDS_API_VERSION = "2018-02-01";
/** How long to wait for the managed identity endpoint. */
export const MSI_ENDPOINT_TIMEOUT_MS = 30_000;

/**
 * Managed identity through an explicitly configured endpoint that speaks the IMDS protocol (`Metadata: true`,
 * `resource`, optional `client_id`), as azuread's `msiEndpoint` does.
 *
 * @azure/identity cannot be pointed at such an endpoint: msal-node reads the managed identity source from the
 * process environment once per process. Without `msiEndpoint` the provider uses ManagedIdentityCredential.
 */
export class MsiEndpointCredential implements TokenCredential {
  constructor(
    private readonly endpoint: string,
    /** Selects a user-assigned identity; absent means the system-assigned one. */
    private readonly clientId: string | undefined,
    private readonly timeoutMs: number = MSI_ENDPOINT_TIMEOUT_MS,
  ) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scopeList = Array.isArray(scopes) ? scopes : [scopes];
    if (scopeList.length !== 1) {
      throw new (azureIdentity().CredentialUnavailableError)("MsiEndpointCredential: exactly one scope is supported");
    }
    const url = new URL(this.endpoint);
    url.searchParams.set("api-version", IMDS_API_VERSION);
    url.searchParams.set("resource", scopeList[0].replace(/\/\.default$/, ""));
    if (this.clientId) {
      url.searchParams.set("client_id", this.clientId);
    }
    let response: Response;
    try {
      response = await fetch(url, { headers: { Metadata: "true" }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new (azureIdentity().CredentialUnavailableError)(
        `MsiEndpointCredential: the managed identity endpoint could not be reached (${(error as Error).message})`,
      );
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok || typeof body?.access_token !== "string") {
      const detail = typeof body?.error_description === "string" ? `: ${body.error_description}` : "";
      throw new (azureIdentity().CredentialUnavailableError)(
        `MsiEndpointCredential: the managed identity endpoint answered HTTP ${response.status} without a token${detail}`,
      );
    }
    return { token: body.access_token, expiresOnTimestamp: expiresOn(body) };
  }
}

function expiresOn(body: Record<string, unknown>): number {
  const expiresOnSeconds = Number(body.expires_on);
  if (Number.isFinite(expiresOnSeconds) && expiresOnSeconds > 0) {
    return expiresOnSeconds * 1000;
  }
  const expiresInSeconds = Number(body.expires_in);
  return Date.now() + (Number.isFinite(expiresInSeconds) ? expiresInSeconds * 1000 : 0);
}
