import { randomUUID } from "node:crypto";
import type { AccessTokenAuthority, AccessTokenClaims, TokenRejection } from "./accessTokens";
import type { Directory } from "./directory";
import { headerValue, jsonResponse, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { APPLICATION_READWRITE_OWNEDBY, SYNCHRONIZATION_READWRITE_ALL, type DirectoryObject } from "./fixture";

export const SECRET_KEY_VALUE_PAIR_TYPE = "microsoft.graph.synchronizationSecretKeyStringValuePair";

const TOKEN_MESSAGES: Record<TokenRejection, string> = {
  missing: "Access token is empty.",
  malformed: "IDX14100: JWT is not well formed, there are no dots (.).",
  signature: "Access token validation failure.",
  expired: "Access token has expired or is not yet valid.",
  audience: "Access token validation failure. Invalid audience.",
};

/** The headers Graph puts on every answer: a fresh request-id, the caller's client-request-id, and the date. */
export function graphHeaders(request: Pick<EmulatorRequest, "headers">): Record<string, string> {
  const requestId = randomUUID();
  const headers: Record<string, string> = { "request-id": requestId, date: new Date().toUTCString() };
  const clientRequestId = headerValue(request.headers, "client-request-id");
  headers["client-request-id"] = clientRequestId ?? requestId;
  return headers;
}

/** Graph's error body, with the same ids in `innerError` as in the headers. */
export function graphError(
  request: Pick<EmulatorRequest, "headers">,
  status: number,
  code: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): EmulatorResponse {
  const headers = graphHeaders(request);
  return jsonResponse(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ""),
          "request-id": headers["request-id"],
          "client-request-id": headers["client-request-id"],
        },
      },
    },
    { ...headers, ...extraHeaders },
  );
}

function notFound(request: EmulatorRequest, id: string): EmulatorResponse {
  return graphError(
    request,
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function badRequest(request: EmulatorRequest, message: string): EmulatorResponse {
  return graphError(request, 400, "BadRequest", message);
}

/** Graph on one cloud's listener: acquireAccessToken plus the reads the provider uses for refresh and hints. */
export class Graph {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: AccessTokenAuthority,
  ) {}

  /**
   * Checks run in a fixed order (token, object, permission, body), so a test aimed at one failure sends a request
   * that passes the checks before it.
   */
  async acquireAccessToken(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    details.body = decodeJsonBody(request.rawBody);
    const caller = await this.authenticate(request, details);
    if ("status" in caller) return caller;
    const { targetKind, targetId } = request.match;
    if (!targetKind || !targetId) return notFound(request, targetId ?? "");
    const target = this.directory.object(caller.tid, targetKind, targetId);
    if (!target) return notFound(request, targetId);
    if (!mayAuthorize(caller, target)) {
      return graphError(
        request,
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
      );
    }
    const problem = credentialsBodyProblem(request);
    if (problem) return badRequest(request, problem);
    return { status: 204, headers: graphHeaders(request) };
  }

  async getObject(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const caller = await this.authenticate(request, details);
    if ("status" in caller) return caller;
    const { targetKind, targetId } = request.match;
    const object = targetKind && targetId ? this.directory.object(caller.tid, targetKind, targetId) : undefined;
    if (!object) return notFound(request, targetId ?? "");
    return jsonResponse(200, representation(request, object), graphHeaders(request));
  }

  async lookupByAppId(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const caller = await this.authenticate(request, details);
    if ("status" in caller) return caller;
    const { targetKind, appId, asCollection } = request.match;
    const found = targetKind && appId !== undefined ? this.directory.objectsByAppId(caller.tid, targetKind, appId) : [];
    if (asCollection) {
      return jsonResponse(
        200,
        {
          "@odata.context": `${request.origin}/${request.match.apiVersion}/$metadata#${targetKind}`,
          value: found.map((object) => representation(request, object)),
        },
        graphHeaders(request),
      );
    }
    if (found.length === 0) return notFound(request, `appId='${appId ?? ""}'`);
    return jsonResponse(200, representation(request, found[0]), graphHeaders(request));
  }

  /** The caller's claims, or Graph's 401 in the shape for the reason the token was refused. */
  private async authenticate(
    request: EmulatorRequest,
    details: LogDetails,
  ): Promise<AccessTokenClaims | EmulatorResponse> {
    const verification = await this.tokens.verify(headerValue(request.headers, "authorization"), request.origin);
    if (!verification.ok) {
      // Graph names its authority in the challenge; here that is this cloud's emulated Entra.
      return graphError(request, 401, "InvalidAuthenticationToken", TOKEN_MESSAGES[verification.reason], {
        "www-authenticate": `Bearer realm="", authorization_uri="${request.origin}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      });
    }
    details.tenantId = verification.claims.tid;
    details.clientId = verification.claims.appid;
    return verification.claims;
  }
}

function mayAuthorize(caller: AccessTokenClaims, target: DirectoryObject): boolean {
  const roles = caller.roles ?? [];
  if (roles.includes(SYNCHRONIZATION_READWRITE_ALL)) return true;
  return roles.includes(APPLICATION_READWRITE_OWNEDBY) && target.owners.includes(caller.oid);
}

function representation(request: EmulatorRequest, object: DirectoryObject): Record<string, unknown> {
  return {
    "@odata.context": `${request.origin}/${request.match.apiVersion}/$metadata#${object.kind}/$entity`,
    id: object.objectId,
    appId: object.appId,
    displayName: object.displayName,
  };
}

/** The body as JSON when it parses, else its text, so the log shows exactly what was sent. */
function decodeJsonBody(rawBody: Buffer): unknown {
  if (rawBody.length === 0) return undefined;
  const text = rawBody.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Why a body is not a valid acquireAccessToken request, in words naming the offending part; undefined if valid. */
export function credentialsBodyProblem(request: EmulatorRequest): string | undefined {
  const contentType = headerValue(request.headers, "content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return `Content-Type must be application/json, got '${contentType}'.`;
  }
  if (request.rawBody.length === 0) return "Request body is empty; expected a JSON object with a 'credentials' array.";
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return "Request body is not valid JSON.";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "Request body must be a JSON object with a 'credentials' array.";
  }
  const unexpected = Object.keys(body).filter((name) => name !== "credentials");
  if (unexpected.length > 0) {
    return `Property '${unexpected[0]}' does not exist on type 'microsoft.graph.acquireAccessTokenRequestBody'.`;
  }
  const credentials = (body as { credentials?: unknown }).credentials;
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
    if (entry["@odata.type"] !== SECRET_KEY_VALUE_PAIR_TYPE) {
      return `credentials[${index}]: '@odata.type' must be '${SECRET_KEY_VALUE_PAIR_TYPE}'.`;
    }
    if (typeof entry.key !== "string") return `credentials[${index}]: 'key' must be a string.`;
    if (typeof entry.value !== "string") return `credentials[${index}]: 'value' must be a string.`;
  }
  return undefined;
}
