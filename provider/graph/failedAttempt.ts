/**
 * What an attempt tells, read from the answer (graphAnswer.ts) or from axios's error when none came, without keeping
 * any of it: axios objects carry the request config, headers (the bearer token) and body (the credential values).
 */
import axios, { AxiosError } from "axios";
import type { ClientSettings, EndpointSettings } from "../config/providerSettings";
import { meaningOfAnswer } from "./answerMeaning";
import { singleUseKeysOf } from "./credentialPair";
import type { GraphAnswer } from "./graphAnswer";
import type { GraphTraceIds } from "./graphError";
import type { FailureFacts, GraphFailureKind } from "./failureFacts";
import type { GraphRoute } from "./graphRoutes";
import { bodyExcerpt, cleanGraphMessage, mediaType, parseGraphErrorBody, shortValue } from "./responseBody";
import type { AttemptOutcome, StopReason } from "./retryPolicy";

/** What an attempt that got no answer ended with, for the retry decision. */
export function outcomeOf(error: AxiosError): AttemptOutcome {
  if (axios.isCancel(error) || error.code === AxiosError.ERR_CANCELED) {
    return { kind: "aborted" };
  }
  if (error.code === AxiosError.ETIMEDOUT || error.code === AxiosError.ECONNABORTED) {
    return { kind: "timedOut" };
  }
  return { kind: "connectionFailed", code: error.code ?? "unknown", requestWritten: requestWritten(error) };
}

/**
 * What an answer means for the retry decision, by answerMeaning's table: undefined for Graph's success, otherwise
 * the failed outcome. An answer past the size limit is that whatever its status.
 */
export function outcomeOfAnswer(answer: GraphAnswer): AttemptOutcome | undefined {
  if (answer.bodyEnd === "tooLarge") {
    return { kind: "answerTooLarge", status: answer.status };
  }
  switch (meaningOfAnswer({ ...answer, mediaType: mediaType(answer.headers["content-type"]) })) {
    case "applied":
      return undefined;
    case "mayHaveBeenApplied":
      return { kind: "unconfirmedSuccess", status: answer.status, cause: "cutOff" };
    case "notGraph":
      return { kind: "unconfirmedSuccess", status: answer.status, cause: "notGraph" };
    case "failure":
      return { kind: "status", status: answer.status, retryAfter: answer.headers["retry-after"] };
  }
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
    case "answerTooLarge":
      return "answerTooLarge";
    case "unconfirmedSuccess":
      return stop === "attemptsExhausted" ? "retriesExhausted" : "malformedResponse";
    case "status":
      if (stop === "attemptsExhausted") {
        return "retriesExhausted";
      }
      return isGraphError ? "status" : "malformedResponse";
  }
}

export type AnswerFacts = Pick<
  FailureFacts,
  | "status"
  | "retryAfter"
  | "code"
  | "graphMessage"
  | "contentType"
  | "excerpt"
  | "bodyEnd"
  | "bytesRead"
  | "contentLength"
>;

export interface AnswerReading {
  /** True when the body is Graph's error JSON; otherwise content type and excerpt describe what came. */
  isGraphError: boolean;
  facts: AnswerFacts;
}

/** The status and body of an answer, scrubbed of `secrets`. */
export function factsOfAnswer(answer: GraphAnswer, secrets: readonly string[]): AnswerReading {
  const graphBody = answer.bodyEnd === "whole" ? parseGraphErrorBody(answer.body) : undefined;
  const common = {
    status: answer.status,
    retryAfter: shortValue(answer.headers["retry-after"], secrets),
    ...(answer.bodyEnd !== "whole" && {
      bodyEnd: answer.bodyEnd,
      bytesRead: answer.bytesRead,
      contentLength: shortValue(answer.headers["content-length"], secrets),
    }),
  };
  if (graphBody === undefined) {
    return {
      isGraphError: false,
      facts: {
        ...common,
        contentType: shortValue(mediaType(answer.headers["content-type"]), secrets),
        excerpt: bodyExcerpt(answer.body, secrets),
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
  answer: GraphAnswer | undefined,
  clientRequestId: string | undefined,
  secrets: readonly string[],
): GraphTraceIds {
  const body = answer?.bodyEnd === "whole" ? parseGraphErrorBody(answer.body) : undefined;
  return {
    requestId: shortValue(answer?.headers["request-id"] ?? body?.requestId, secrets),
    clientRequestId: clientRequestId ?? shortValue(body?.clientRequestId, secrets),
    date: shortValue(answer?.headers.date ?? body?.date, secrets),
  };
}

/** What every failure of a call reports besides its answer: the call, and the settings a hint may name. */
export function callFacts(
  call: { route: GraphRoute; kind: GraphFailureKind; attempts: number; credentialKeys?: readonly string[] },
  endpoints: EndpointSettings,
  client: ClientSettings,
): FailureFacts {
  return {
    ...call,
    cloud: endpoints.cloud,
    graphRoot: endpoints.graphRoot,
    graphScope: endpoints.graphScope,
    cloudSource: endpoints.source,
    requestTimeoutMs: client.requestTimeoutMs,
    operationDeadlineMs: client.operationDeadlineMs,
    maxRetries: client.maxRetries,
    singleUseKeys: call.credentialKeys === undefined ? undefined : singleUseKeysOf(call.credentialKeys),
  };
}
