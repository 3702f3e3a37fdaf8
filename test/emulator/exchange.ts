import type { IncomingHttpHeaders } from "node:http";
import type { CloudName } from "../../provider/config/clouds";
import type { ListenerKind, RouteMatch } from "./routes";

/** One request as the route handlers see it: body already read, route already matched. */
export interface EmulatorRequest {
  cloud: CloudName;
  listener: ListenerKind;
  /** `https://127.0.0.1:<port>` of the listener the request came in on. */
  origin: string;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  match: RouteMatch;
}

/** What a handler answers; the server adds nothing but Content-Length. */
export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** Facts a handler learns while answering, copied into the request log entry. */
export interface LogDetails {
  tenantId?: string;
  clientId?: string;
  body?: unknown;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
