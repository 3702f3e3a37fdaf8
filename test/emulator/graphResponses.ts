import { randomUUID } from "node:crypto";
import { headerValue, jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./exchange";

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

export function notFound(request: EmulatorRequest, id: string): EmulatorResponse {
  return graphError(
    request,
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(request: EmulatorRequest, message: string): EmulatorResponse {
  return graphError(request, 400, "BadRequest", message);
}

/** A permission the caller lacks (see permissions.ts). */
export function insufficientPrivileges(request: EmulatorRequest): EmulatorResponse {
  return graphError(request, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

/** A Graph collection answer with its OData context. */
export function collection(request: EmulatorRequest, context: string, value: unknown[]): EmulatorResponse {
  return jsonResponse(
    200,
    { "@odata.context": `${request.origin}/${request.match.apiVersion ?? "v1.0"}/$metadata#${context}`, value },
    graphHeaders(request),
  );
}

/** The body as JSON when it parses, else its text, so the log shows exactly what was sent. */
export function decodeJsonBody(rawBody: Buffer): unknown {
  if (rawBody.length === 0) return undefined;
  const text = rawBody.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
