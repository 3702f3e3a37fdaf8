import { entraError } from "./entra";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./exchange";
import { graphError } from "./graphResponses";
import { keyVaultError } from "./keyVault";

const GRAPH_CODES: Record<number, [string, string]> = {
  429: ["TooManyRequests", "Too many requests."],
  500: ["InternalServerError", "An internal server error occurred."],
  502: ["BadGateway", "The gateway received an invalid response."],
  503: ["ServiceUnavailable", "The service is temporarily unavailable. Please retry later."],
  504: ["GatewayTimeout", "The gateway timed out."],
};

/** An injected (or internal) error status in the error shape of the service that owns the route. */
export function renderStatusFault(request: EmulatorRequest, status: number, retryAfter?: string): EmulatorResponse {
  const retryHeaders: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": retryAfter };
  const [code, message] = GRAPH_CODES[status] ?? ["UnknownError", `Injected status ${status}.`];
  switch (request.match.route) {
    case "openidConfiguration":
    case "jwks":
    case "token":
      return entraError(
        status,
        "temporarily_unavailable",
        90033,
        "A transient error has occurred. Please try again.",
        retryHeaders,
      );
    case "keyVaultSecret":
    case "hostileVault":
      return keyVaultError(status, status === 429 ? "Throttled" : code, message, retryHeaders);
    case "managedIdentity":
    case "githubIdToken":
    case "azurePipelinesIdToken":
      return jsonResponse(status, { statusCode: status, message }, retryHeaders);
    default:
      return graphError(request, status, code, message, retryHeaders);
  }
}
