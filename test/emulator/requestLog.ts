import type { CloudName } from "../../provider/config/clouds";

/** Every route the emulator answers; admin calls and unmatched paths are logged as `unknown`/`admin`. */
export type RouteName =
  | "openidConfiguration"
  | "jwks"
  | "token"
  | "acquireAccessToken"
  | "getObject"
  | "lookupByAppId"
  | "listSynchronizationJobs"
  | "getSynchronizationJob"
  | "listSynchronizationTemplates"
  | "validateCredentials"
  | "getJobSchema"
  | "putJobSchema"
  | "deleteJobSchema"
  | "getTemplateSchema"
  | "parseExpression"
  | "listSchemaFunctions"
  | "managedIdentity"
  | "githubIdToken"
  | "azurePipelinesIdToken"
  | "keyVaultSecret"
  | "hostileVault"
  | "admin"
  | "unknown";

/** The routes a request can be answered on (and faults can target). */
export const SERVICE_ROUTES: readonly RouteName[] = [
  "openidConfiguration",
  "jwks",
  "token",
  "acquireAccessToken",
  "getObject",
  "lookupByAppId",
  "listSynchronizationJobs",
  "getSynchronizationJob",
  "listSynchronizationTemplates",
  "validateCredentials",
  "getJobSchema",
  "putJobSchema",
  "deleteJobSchema",
  "getTemplateSchema",
  "parseExpression",
  "listSchemaFunctions",
  "managedIdentity",
  "githubIdToken",
  "azurePipelinesIdToken",
  "keyVaultSecret",
  "hostileVault",
];

/** The routes whose service answers success with 204 No Content (what a `successStatus` fault replaces). */
export const ROUTES_ANSWERING_204: readonly RouteName[] = [
  "acquireAccessToken",
  "validateCredentials",
  "putJobSchema",
  "deleteJobSchema",
];

/** `reset` and `hang` stand for requests that never got an HTTP status because a fault cut or stalled them. */
export type LoggedStatus = number | "reset" | "hang" | "held" | "pending";

export interface RequestLogEntry {
  /** ISO-8601 time the request arrived. */
  at: string;
  cloud: CloudName;
  route: RouteName;
  method: string;
  /** Path and query as sent. */
  path: string;
  /** What the client saw. */
  status: LoggedStatus;
  /**
   * The status the service itself answered, present whenever the request reached the service: equal to `status`
   * unless a fault acting after the service (`afterApply`, `successStatus`) changed what the client saw. Absent
   * when a fault answered in front of the service. `count({ route, appliedStatus: 204 })` counts applied calls.
   */
  appliedStatus?: number;
  tenantId?: string;
  clientId?: string;
  targetKind?: "servicePrincipals" | "applications";
  targetId?: string;
  /** The synchronization job of `…/synchronization/jobs/{jobId}` routes. */
  jobId?: string;
  apiVersion?: string;
  /** The decoded request body: JSON, or the form fields of a token request (secrets and assertions masked). */
  body?: unknown;
  /** Request headers with lowercase names; credentials replaced by {@link REDACTED}. */
  headers: Record<string, string>;
  /** Name of the fault rule applied, if any. */
  fault?: string;
  /** Bytes of body a `hugeBody` fault wrote before the answer ended or the client went away. */
  bodyBytesSent?: number;
}

export interface RequestLogFilter {
  route?: RouteName;
  cloud?: CloudName;
  status?: LoggedStatus;
  appliedStatus?: number;
  method?: string;
  tenantId?: string;
  clientId?: string;
  targetKind?: "servicePrincipals" | "applications";
  targetId?: string;
  jobId?: string;
  apiVersion?: string;
}

export const REDACTED = "<redacted>";

const SECRET_HEADERS = new Set(["authorization", "x-identity-header", "cookie"]);
const SECRET_FORM_FIELDS = new Set(["client_secret", "client_assertion"]);

export function redactHeaders(headers: NodeJSHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    result[lower] = SECRET_HEADERS.has(lower) ? REDACTED : Array.isArray(value) ? value.join(", ") : value;
  }
  return result;
}

/** Form fields of a token request, with the secret ones masked so the log can be printed. */
export function redactForm(form: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of form) {
    result[name] = SECRET_FORM_FIELDS.has(name) ? REDACTED : value;
  }
  return result;
}

/**
 * A validateCredentials body with every credential value masked (keys stay, so a test sees what was asked); a
 * body that is not a JSON object is masked whole, since it may be a credential typed into the wrong place.
 */
export function redactCredentialValues(body: unknown): unknown {
  if (body === undefined) return undefined;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return REDACTED;
  const { credentials, ...rest } = body as Record<string, unknown>;
  if (credentials === undefined) return rest;
  if (!Array.isArray(credentials)) return { ...rest, credentials: REDACTED };
  return {
    ...rest,
    credentials: credentials.map((pair: unknown) =>
      typeof pair === "object" && pair !== null && !Array.isArray(pair)
        ? { ...(pair as Record<string, unknown>), value: REDACTED }
        : REDACTED,
    ),
  };
}

type NodeJSHeaders = Record<string, string | string[] | undefined>;

/** Append-only request log with in-flight accounting per route. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private readonly inFlight = new Map<RouteName, number>();
  private peaks = new Map<RouteName, number>();

  record(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    return entry;
  }

  count(filter: RequestLogFilter = {}): number {
    return this.filter(filter).length;
  }

  filter(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.filter((entry) =>
      (Object.keys(filter) as (keyof RequestLogFilter)[]).every(
        (key) => filter[key] === undefined || entry[key] === filter[key],
      ),
    );
  }

  enter(route: RouteName): void {
    const current = (this.inFlight.get(route) ?? 0) + 1;
    this.inFlight.set(route, current);
    this.peaks.set(route, Math.max(current, this.peaks.get(route) ?? 0));
  }

  leave(route: RouteName): void {
    this.inFlight.set(route, Math.max(0, (this.inFlight.get(route) ?? 0) - 1));
  }

  inFlightPeak(route: RouteName): number {
    return this.peaks.get(route) ?? 0;
  }

  /** Forgets entries; peaks restart from the requests still in flight. */
  clear(): void {
    this.entries.length = 0;
    this.peaks = new Map(this.inFlight);
  }
}
