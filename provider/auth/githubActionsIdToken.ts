/** The audience Entra expects in federated tokens (workload identity federation). */
export const FEDERATED_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

/** How long to wait for the GitHub Actions token service before giving up. */
export const GITHUB_ID_TOKEN_TIMEOUT_MS = 30_000;

/**
 * Asks the GitHub Actions token service for an ID token with the Entra audience, the way `actions/core`'s
 * getIDToken does. Called again for every new assertion, since the ID tokens live minutes.
 *
 * The error names the HTTP status only: the answer body could echo the request token.
 */
export async function fetchGithubActionsIdToken(
  requestUrl: string,
  requestToken: string,
  timeoutMs: number = GITHUB_ID_TOKEN_TIMEOUT_MS,
): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set("audience", FEDERATED_TOKEN_AUDIENCE);
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${requestToken}`, Accept: "application/json" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    throw new Error(
      `the GitHub Actions ID token request answered HTTP ${response.status}; ` +
        `check that the job has "permissions: id-token: write" and that the request token is current`,
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  const value = (body as { value?: unknown } | undefined)?.value;
  if (typeof value !== "string" || value === "") {
    throw new Error("the GitHub Actions ID token answer holds no token (no 'value' field)");
  }
  return value;
}
