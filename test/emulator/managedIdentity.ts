import type { AccessTokenAuthority } from "./accessTokens";
import type { Directory } from "./directory";
import { headerValue, jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { MANAGED_IDENTITY_HEADER_SECRET } from "./managedIdentityHost";

export const APP_SERVICE_API_VERSION = "2019-08-01";

/** App Service's managed identity endpoint (2019-08-01): GET with resource, api-version, and the secret header. */
export class ManagedIdentityEndpoint {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: AccessTokenAuthority,
    /** Every resource of every cloud of this emulator: the resource says which cloud a token is for. */
    private readonly knownResources: () => string[],
  ) {}

  async token(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const query = request.url.searchParams;
    if (headerValue(request.headers, "x-identity-header") !== MANAGED_IDENTITY_HEADER_SECRET) {
      return jsonResponse(401, {
        statusCode: 401,
        message: "Unauthorized: the X-IDENTITY-HEADER value is missing or wrong.",
      });
    }
    if (query.get("api-version") !== APP_SERVICE_API_VERSION) {
      return jsonResponse(400, {
        statusCode: 400,
        message: `Unsupported api-version '${query.get("api-version") ?? ""}'; expected ${APP_SERVICE_API_VERSION}.`,
      });
    }
    const resource = (query.get("resource") ?? "").replace(/\/$/, "");
    if (!this.knownResources().includes(resource)) {
      return jsonResponse(400, {
        error: "invalid_resource",
        error_description: `AADSTS500011: The resource principal named ${resource} was not found in the tenant.`,
      });
    }
    const identity = this.directory.managedIdentity({
      clientId: query.get("client_id") ?? undefined,
      objectId: query.get("object_id") ?? query.get("principal_id") ?? undefined,
    });
    if (!identity) {
      return jsonResponse(400, {
        statusCode: 400,
        message: "No managed identity matches the requested client_id/object_id on this host.",
      });
    }
    details.tenantId = identity.tenantId;
    details.clientId = identity.clientId;
    const { token, claims } = await this.tokens.mint(
      { tenantId: identity.tenantId, clientId: identity.clientId, objectId: identity.objectId, roles: identity.roles },
      resource,
    );
    return jsonResponse(200, {
      access_token: token,
      expires_on: String(claims.exp),
      resource,
      token_type: "Bearer",
      client_id: identity.clientId,
    });
  }
}
