/**
 * What a failed request tells, read from axios's error or response without keeping any of it: axios objects carry
 * the request config, headers (the bearer token) and body (the credential values).
 */
import axios, { AxiosError, AxiosResponse } from "axios";
import type { GraphTraceIds } from "./graphError";
import type { FailureFacts, GraphFailureKind } from "./graphErrorHints";
import { bodyExcerpt, cleanGraphMessage, mediaType, parseGraphErrorBody, shortValue } from "./responseBody";
import type { AttemptOutcome, StopReason } from "./retryPolicy";

/** What an attempt ended with, for the retry decision. */
export function outcomeOf(error: AxiosError): AttemptOutcome {
  if (error.response !== undefined) {
    return { kind: "status", status: error.response.status, retryAfter: headerOf(error.response, "retry-after") };
  }
  if (axios.isCancel(error) || error.code === AxiosError.ERR_CANCELED) {
    return { kind: "aborted" };
  }
  if (error.code === AxiosError.ETIMEDOUT || error.code === AxiosError.ECONNABORTED) {
    return { kind: "timedOut" };
  }
  return { kind: "connectionFailed", code: error.code ?? "unknown", requestWritten: requestWritten(error) };
}

/**
 * Whether the whole request had been handed to the connection when it failed (Node's ClientRequest
 * `writableFinished`). Only then can Graph have read it; a refused connection or a stale keep-alive socket that fails
 * while writing was not applied.
 */
function requestWritten(error: AxiosError): boolean {
  const request: unknown = error.request;
  return typeof request === "object" && request !== null && "writableFinished" in request
    ? request.writableFinished === true
    : true;
}

/** How the last outcome and the reason retrying stopped add up to the failure reported. */
export function failureKind(outcome: AttemptOutcome, stop: StopReason, isGraphError: boolean): GraphFailureKind {
  if (outcome.kind === "aborted" || stop === "deadlineReached") {
    return "deadline";
  }
  if (stop === "mayHaveBeenApplied") {
    return "unknownOutcome";
  }
  switch (outcome.kind) {
    case "timedOut":
      return "timeout";
    case "connectionFailed":
      return "connection";
    case "status":
      if (stop === "attemptsExhausted") {
        return "retriesExhausted";
      }
      return isGraphError ? "status" : "malformedResponse";
  }
}

export type AnswerFacts = Pick<
  FailureFacts,
  "status" | "retryAfter" | "code" | "graphMessage" | "contentType" | "excerpt"
>;

export interface Answer {
  /** True when the body is Graph's error JSON; otherwise content type and excerpt describe what came. */
  isGraphError: boolean;
  facts: AnswerFacts;
}

/** The status and body of an answer, scrubbed of `secrets`. */
export function readAnswer(response: AxiosResponse, secrets: readonly string[]): Answer {
  const body = typeof response.data === "string" ? response.data : "";
  const graphBody = parseGraphErrorBody(body);
  const common = { status: response.status, retryAfter: shortValue(headerOf(response, "retry-after"), secrets) };
  if (graphBody === undefined) {
    return {
      isGraphError: false,
      facts: {
        ...common,
        contentType: shortValue(mediaType(headerOf(response, "content-type")), secrets),
        excerpt: bodyExcerpt(body, secrets),
      },
    };
  }
  return {
    isGraphError: true,
    facts: {
      ...common,
      code: shortValue(graphBody.code, secrets),
      graphMessage: graphBody.message === undefined ? undefined : cleanGraphMessage(graphBody.message, secrets),
    },
  };
}

/**
 * request-id and date from the answer's headers (or its error JSON), and the client-request-id that was sent.
 * Without an answer only the client-request-id is known.
 */
export function traceIds(
  response: AxiosResponse | undefined,
  clientRequestId: string | undefined,
  secrets: readonly string[],
): GraphTraceIds {
  const body =
    response !== undefined && typeof response.data === "string" ? parseGraphErrorBody(response.data) : undefined;
  return {
    requestId: shortValue((response && headerOf(response, "request-id")) ?? body?.requestId, secrets),
    clientRequestId: clientRequestId ?? shortValue(body?.clientRequestId, secrets),
    date: shortValue((response && headerOf(response, "date")) ?? body?.date, secrets),
  };
}

export function headerOf(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
