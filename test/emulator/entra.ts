import { randomUUID } from "node:crypto";
import type { AccessTokenAuthority } from "./accessTokens";
import {
  isSelfSignedAssertion,
  verifyCertificateAssertion,
  verifyFederatedAssertion,
  type IssuerKeyResolver,
  type RegisteredCertificate,
} from "./clientAssertions";
import type { Directory } from "./directory";
import type { ClientIdentity } from "./fixture";
import { jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { redactForm } from "./requestLog";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface EntraOptions {
  directory: Directory;
  tokens: AccessTokenAuthority;
  /** Certificates registered per client id (lowercase), generated at start. */
  certificates: (clientId: string) => RegisteredCertificate[];
  issuerKey: IssuerKeyResolver;
  /** Resources (token audiences) this listener's cloud knows: its Graph root and Key Vault resource. */
  resourcesFor: (origin: string) => string[];
}

/** Entra's error body: `error`, an `AADSTSnnnnn: …` description, codes and the ids support asks for. */
export function entraError(
  status: number,
  error: string,
  aadsts: number,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return jsonResponse(
    status,
    {
      error,
      error_description: `AADSTS${aadsts}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
    { "x-ms-request-id": traceId, "client-request-id": correlationId, ...headers },
  );
}

/** The v2.0 endpoints MSAL uses: OpenID metadata, signing keys, and the client-credentials token endpoint. */
export class Entra {
  constructor(private readonly options: EntraOptions) {}

  openidConfiguration(request: EmulatorRequest): EmulatorResponse {
    const tenantId = request.match.tenantId ?? "";
    if (!this.options.directory.hasTenant(tenantId)) return unknownTenant(tenantId);
    const base = `${request.origin}/${tenantId}`;
    return jsonResponse(200, {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      tenant_region_scope: "WW",
      cloud_instance_name: "syncauth.emulator",
    });
  }

  jwks(request: EmulatorRequest): EmulatorResponse {
    const tenantId = request.match.tenantId ?? "";
    if (!this.options.directory.hasTenant(tenantId)) return unknownTenant(tenantId);
    return jsonResponse(200, { keys: [this.options.tokens.publicJwk] });
  }

  async token(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const tenantId = request.match.tenantId ?? "";
    const form = new URLSearchParams(request.rawBody.toString("utf8"));
    const clientId = form.get("client_id") ?? "";
    details.tenantId = tenantId;
    details.clientId = clientId || undefined;
    details.body = redactForm(form);
    if (!this.options.directory.hasTenant(tenantId)) return unknownTenant(tenantId);
    if (form.get("grant_type") !== "client_credentials") {
      return entraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    const client = this.options.directory.client(tenantId, clientId);
    if (!client) {
      return entraError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const scope = form.get("scope") ?? "";
    const resource = scope.endsWith("/.default") ? scope.slice(0, -"/.default".length) : "";
    if (!this.options.resourcesFor(request.origin).includes(resource)) {
      return entraError(
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${resource || scope} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const rejection = await this.authenticateClient(request, form, client);
    if (rejection) return rejection;
    const { token } = await this.options.tokens.mint(
      { tenantId, clientId: client.clientId, objectId: client.objectId, roles: client.roles },
      resource,
    );
    const lifetime = this.options.tokens.tokenLifetimeSeconds;
    return jsonResponse(200, {
      token_type: "Bearer",
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: token,
    });
  }

  /** Undefined when the client proved its identity; otherwise Entra's refusal. */
  private async authenticateClient(
    request: EmulatorRequest,
    form: URLSearchParams,
    client: ClientIdentity,
  ): Promise<EmulatorResponse | undefined> {
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    if (secret !== null) {
      if (client.clientSecrets.includes(secret)) return undefined;
      return entraError(
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      );
    }
    if (assertion === null) {
      return entraError(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    if (form.get("client_assertion_type") !== JWT_BEARER) {
      return entraError(
        400,
        "invalid_request",
        900144,
        "The request body must contain the following parameter: 'client_assertion_type'.",
      );
    }
    const tokenEndpoint = `${request.origin}/${request.match.tenantId ?? ""}/oauth2/v2.0/token`;
    const check = isSelfSignedAssertion(assertion, client.clientId)
      ? await verifyCertificateAssertion(assertion, client, this.options.certificates(client.clientId), tokenEndpoint)
      : await verifyFederatedAssertion(assertion, client, this.options.issuerKey);
    if (check.ok) return undefined;
    return entraError(check.error === "invalid_client" ? 401 : 400, check.error, check.aadsts, check.message);
  }
}

function unknownTenant(tenantId: string): EmulatorResponse {
  return entraError(
    400,
    "invalid_request",
    90002,
    `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}
