/**
 * What is known of a failed Graph call, scrubbed: ids, key names, statuses, cleaned Graph messages; never credential
 * values or tokens. The hints (graphErrorHints.ts, statusHints.ts) read it.
 */
import type { GraphRoute, TargetKind } from "./graphRoutes";
import type { TokenClaims } from "./tokenClaims";

export type GraphFailureKind =
  /** Graph answered with an error status that is not retried (or not retried any more). */
  | "status"
  /** A retryable status (429, 502, 503, 504) kept coming until the attempts ran out. */
  | "retriesExhausted"
  /** No answer within the request timeout. */
  | "timeout"
  /** The connection failed before any answer. */
  | "connection"
  /** The operation deadline ran out while waiting or retrying. */
  | "deadline"
  /** Something answered, but not the way Graph answers (HTML, non-JSON error, wrong success status). */
  | "malformedResponse"
  /**
   * A 502, 504, a reset or a timeout after the request was written, or a 2xx whose body was cut off, left it unknown
   * whether Graph applied the call, and the call carried a single-use key, so it was not repeated.
   */
  | "unknownOutcome"
  /** The answer's body passed the size limit (graphAnswer.MAX_ANSWER_BYTES); reading stopped there. */
  | "answerTooLarge";

/** What looking the id up as an appId found, for the 404 hint. */
export type AppIdLookupResult =
  | { outcome: "isAppId"; kind: TargetKind; objectId: string }
  | { outcome: "notAnAppId" }
  | { outcome: "lookupFailed" }
  /** 403: listing by appId needs Application.Read.All (or more); authorizing does not. */
  | { outcome: "lookupNotPermitted" };

export interface FailureFacts {
  kind: GraphFailureKind;
  route: GraphRoute;
  status?: number;
  code?: string;
  /** Graph's error message, already cleaned of secrets. */
  graphMessage?: string;
  contentType?: string;
  /** A sanitized excerpt of a body that is not Graph's error JSON. */
  excerpt?: string;
  /** Set when the body was not read whole: cut off before its end, or stopped at the size limit. */
  bodyEnd?: "cutOff" | "tooLarge";
  /** Bytes of body read, when it was not read whole. */
  bytesRead?: number;
  /** The Content-Length the answer announced, when it was not read whole. */
  contentLength?: string;
  /** What a success should have looked like, for malformed successes, e.g. "204 No Content". */
  expected?: string;
  connectionCode?: string;
  retryAfter?: string;
  /** The wait Retry-After asked for when it would have ended past the operation deadline, so none was waited. */
  refusedWaitMs?: number;
  attempts: number;
  cloud: string;
  graphRoot: string;
  /** The scope the Graph token was requested for: the cloud's, or `syncauth:graphScope` (a proxy keeps Graph's). */
  graphScope: string;
  /** The key or variable that chose the cloud, e.g. `syncauth:cloud`. */
  cloudSource: string;
  requestTimeoutMs: number;
  operationDeadlineMs: number;
  maxRetries: number;
  /** Credential key names sent to acquireAccessToken (never values). */
  credentialKeys?: readonly string[];
  /** The single-use keys among them (an authorization code), which are never sent twice. */
  singleUseKeys?: readonly string[];
  /** True when the last attempt of a POST ended so that Graph may have applied it (a gateway error, reset, timeout, abort). */
  mayHaveBeenApplied?: boolean;
  appIdLookup?: AppIdLookupResult;
  /** Audience, tenant and expiry of the token sent, for 401 hints. */
  tokenClaims?: TokenClaims;
}
