import { describeFailure } from "./graphErrorHints";
import type { FailureFacts, GraphFailureKind } from "./failureFacts";
import { describeRoute, type GraphRoute } from "./graphRoutes";

export type { GraphFailureKind } from "./failureFacts";

/** The route of a failed call as errors carry it: safe to log, no query values beyond the id. */
export interface GraphErrorRoute {
  method: GraphRoute["method"];
  /** e.g. `/v1.0/servicePrincipals/{id}/synchronization/acquireAccessToken`. */
  template: string;
  /** The object id or appId substituted into the template. */
  id: string;
}

/** The ids Microsoft support asks for, from the last answer (or the last request when none came). */
export interface GraphTraceIds {
  requestId?: string;
  clientRequestId?: string;
  date?: string;
}

/**
 * Any failure of a Graph call: an error status, throttling that outlasted the retries, a timeout, a connection
 * failure, the operation deadline, or an answer that did not come from Graph.
 *
 * Only plain, scrubbed fields are kept (no request, headers, body or transport error), so the error can be logged,
 * serialized or inspected without exposing credential values or tokens. The message names the route, status, Graph
 * code, request-id, client-request-id and date — what Microsoft support asks for — and ends with a hint.
 */
export class GraphError extends Error {
  readonly kind: GraphFailureKind;
  readonly route: GraphErrorRoute;
  /** HTTP status of the last answer; undefined when none arrived. */
  readonly status: number | undefined;
  /** Graph's `error.code`, e.g. `Authorization_RequestDenied`. */
  readonly code: string | undefined;
  /** Graph's `error.message`, cleaned of anything that was sent as a secret. */
  readonly graphMessage: string | undefined;
  /** Graph's `request-id` of the last answer. */
  readonly requestId: string | undefined;
  /** The `client-request-id` sent with the last attempt. */
  readonly clientRequestId: string | undefined;
  /** Graph's `date` of the last answer. */
  readonly date: string | undefined;
  /** Requests made, retries included. */
  readonly attempts: number;
  /**
   * True when the call was a POST whose last attempt ended so that Graph may have applied it (a gateway error, a
   * reset or timeout after sending, a 2xx that is not Graph's success): a single-use value it carried must count
   * as sent.
   */
  readonly mayHaveBeenApplied: boolean;
  readonly hint: string;

  constructor(facts: FailureFacts, ids: GraphTraceIds) {
    const { summary, hint } = describeFailure(facts);
    const tracing = [
      `request-id: ${ids.requestId ?? "none"}`,
      `client-request-id: ${ids.clientRequestId ?? "none"}`,
      `date: ${ids.date ?? "none"}`,
      `attempts: ${facts.attempts}`,
    ].join(", ");
    const sentence = /[.!?]$/.test(summary) ? summary : `${summary}.`;
    super(`Graph ${describeRoute(facts.route)} failed: ${sentence} Hint: ${hint} (${tracing})`);
    this.name = "GraphError";
    this.kind = facts.kind;
    this.route = { method: facts.route.method, template: facts.route.template, id: facts.route.id };
    this.status = facts.status;
    this.code = facts.code;
    this.graphMessage = facts.graphMessage;
    this.requestId = ids.requestId;
    this.clientRequestId = ids.clientRequestId;
    this.date = ids.date;
    this.attempts = facts.attempts;
    this.mayHaveBeenApplied = facts.mayHaveBeenApplied === true;
    this.hint = hint;
  }
}
