/**
 * Which failed Graph attempts are tried again, and after how long. Pure: the clock and the random source are
 * parameters, so every decision can be tested without waiting.
 */

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  /** Graph (or something in front of it) answered with a non-2xx status. */
  | { kind: "status"; status: number; retryAfter?: string }
  /**
   * A 2xx that is not Graph's success (answerMeaning.ts): its body was cut off (`cutOff`: Graph may have applied
   * the request, and a connection lost mid-answer may pass on another try), or it is not Graph's answer
   * (`notGraph`: an HTML or text page; whether the request reached Graph is unknown, and the page will not go away).
   */
  | { kind: "unconfirmedSuccess"; status: number; cause: "cutOff" | "notGraph" }
  /** An answer whose body passed the size limit (graphAnswer.ts); not read on, not tried again. */
  | { kind: "answerTooLarge"; status: number }
  /**
   * The connection failed before any response arrived (refused, reset, broken pipe). `requestWritten` is true once
   * the whole request had been handed to the connection, so Graph may have received and applied it.
   */
  | { kind: "connectionFailed"; code: string; requestWritten?: boolean }
  /** The request was sent but no response arrived within the request timeout. */
  | { kind: "timedOut" }
  /** The operation deadline aborted the attempt; `inFlight` when the request had been sent and no answer came. */
  | { kind: "aborted"; inFlight?: boolean };

/**
 * Statuses Graph documents as transient: throttling and gateway failures. Other 4xx mean the request itself is
 * wrong and 500 usually is a bug for the request's shape, so repeating either only hides the problem.
 */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504];

/**
 * Transient statuses that say the request was not processed: throttled (429) or refused while unavailable (503).
 * A gateway's 502 or 504 does not say whether Graph behind it applied the request.
 */
export const NOT_APPLIED_STATUSES: readonly number[] = [429, 503];

/**
 * Connection failures that may pass on another try. Node reports "socket hang up" with ECONNRESET; a reused
 * keep-alive socket that the server already closed fails the same way, which is the common case.
 */
export const RETRYABLE_CONNECTION_CODES: readonly string[] = ["ECONNRESET", "ECONNREFUSED", "EPIPE"];

/** Exponential backoff used when the response carries no usable Retry-After. */
export interface BackoffSettings {
  /** Upper bound of the first retry's delay, in milliseconds. Default {@link DEFAULT_BACKOFF}.baseDelayMs (1 s). */
  baseDelayMs: number;
  /** Upper bound of any one delay, in milliseconds. Default {@link DEFAULT_BACKOFF}.maxDelayMs (60 s). */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffSettings> = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

/**
 * The shortest wait after a Retry-After, whatever it says. Graph's throttling guidance
 * (https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling) says to wait the seconds
 * Retry-After gives and to avoid immediate retries, because every request, the throttled ones included, counts
 * against the app's limits. Graph states the wait in seconds, so a wait shorter than one second is no instruction
 * Graph gives; waited literally (`Retry-After: 0.001`) it made 1,424 requests in 3 s. Throttling waits are not
 * counted against maxRetries, so this floor is what keeps them few.
 */
export const MIN_RETRY_AFTER_WAIT_MS = 1_000;

/**
 * The most requests one call makes, retries included, whatever Retry-After or `maxRetries` (at most 50) say. With
 * the 1 s floor that is at least a minute of waiting; at the 10 s that Graph's Retry-After commonly asks for, it
 * covers the default 600 s deadline.
 */
export const MAX_ATTEMPTS_PER_CALL = 60;

/**
 * The longest Retry-After read, 24 h: the longest operation deadline allowed (`operationTimeoutSeconds`), so any
 * longer wait already ends past every deadline. A header of hundreds of digits reads as this, not as Infinity.
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Whether Graph may have applied a request whose attempt failed so: "notApplied" when the answer or the failure
 * says it was not processed (429, 503, any other status below 500, a refused connection, a connection that failed
 * before the whole request was written), "unknown" when it may have been (a gateway's 502 or 504, a 500, a reset or
 * broken connection after the request was written, a timeout, an abort mid-flight, a 2xx that is not Graph's success
 * by answerMeaning's table). An answer that is Graph's success never gets here: it was applied.
 */
export type Application = "notApplied" | "unknown";

export function applicationOf(outcome: AttemptOutcome): Application {
  switch (outcome.kind) {
    case "status":
      return statusApplication(outcome.status);
    case "unconfirmedSuccess":
      return "unknown";
    case "answerTooLarge":
      return outcome.status >= 200 && outcome.status <= 299 ? "unknown" : statusApplication(outcome.status);
    case "connectionFailed":
      return outcome.code === "ECONNREFUSED" || outcome.requestWritten === false ? "notApplied" : "unknown";
    case "timedOut":
      return "unknown";
    case "aborted":
      return outcome.inFlight === false ? "notApplied" : "unknown";
  }
}

function statusApplication(status: number): Application {
  return status < 500 || NOT_APPLIED_STATUSES.includes(status) ? "notApplied" : "unknown";
}

/**
 * Failures that may pass if the same request is sent again: transient statuses, connection failures, and a success
 * whose body was cut off. A page that is not Graph's and an answer past the size limit come back the same.
 */
function isTransient(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case "status":
      return RETRYABLE_STATUSES.includes(outcome.status);
    case "unconfirmedSuccess":
      return outcome.cause === "cutOff";
    case "answerTooLarge":
      return false;
    case "connectionFailed":
      return RETRYABLE_CONNECTION_CODES.includes(outcome.code);
    case "timedOut":
      return true;
    case "aborted":
      return false;
  }
}

/**
 * Whether an outcome may be tried again at all: a transient failure that was not applied, or whose application is
 * unknown when the request may be repeated.
 *
 * @param repeatable true when sending the request twice does no harm: every read, and an acquireAccessToken whose
 * keys may all be sent twice. False when it carries a single-use key (an OAuth authorization code).
 */
export function isRetryableOutcome(outcome: AttemptOutcome, repeatable: boolean): boolean {
  return isTransient(outcome) && (applicationOf(outcome) === "notApplied" || repeatable);
}

/**
 * True when retrying stops only because the request must not be repeated: the outcome is transient, but Graph may
 * have applied it and the request carries a single-use key. The error then says the call may have been applied.
 */
export function isWithheldRepeat(outcome: AttemptOutcome, repeatable: boolean): boolean {
  return !repeatable && isTransient(outcome) && applicationOf(outcome) === "unknown";
}

/**
 * Whether a failed attempt counts against `maxRetries`. A 429 or 503 that says how long to wait (a positive
 * Retry-After) was refused, not applied, and waiting as told is always safe: such waits are bounded by the
 * operation deadline alone. Everything else counts, so failures that give no instruction stay few.
 */
export function countsAgainstRetryLimit(outcome: AttemptOutcome, nowMs: number): boolean {
  if (outcome.kind !== "status" || !NOT_APPLIED_STATUSES.includes(outcome.status)) {
    return true;
  }
  const retryAfterMs = parseRetryAfterMs(outcome.retryAfter, nowMs);
  return retryAfterMs === undefined || retryAfterMs <= 0;
}

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Reads a Retry-After header: delta seconds (Graph sometimes sends fractions such as `2.128`) or an HTTP date.
 *
 * @returns the wait in milliseconds (0 for a date in the past, at most {@link MAX_RETRY_AFTER_MS}), or undefined when
 * absent or unreadable, in which case the caller falls back to backoff.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === "") {
    return undefined;
  }
  if (DELTA_SECONDS.test(value)) {
    return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(value) * 1000));
  }
  const at = httpDateMs(value);
  return at === undefined ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - nowMs));
}

const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
/** HTTP's preferred date form, `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate). */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`, "i");
/** The obsolete RFC 850 form, `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850_DATE = new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`, "i");
/** The obsolete asctime form, `Sun Nov  6 08:49:37 1994`, always in GMT although it does not say so. */
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`, "i");
/** ISO 8601 with a zone, which some gateways send although HTTP does not define it. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Epoch milliseconds of an HTTP date (RFC 9110, section 5.6.7: https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7)
 * or an ISO 8601 date with a zone; undefined for anything else. Date.parse alone reads free text such as
 * "Retry 3000" as a year, and a date without a zone in the machine's time zone.
 */
function httpDateMs(value: string): number | undefined {
  let text: string;
  if (ASCTIME_DATE.test(value)) {
    text = `${value} GMT`;
  } else if (IMF_FIXDATE.test(value) || RFC850_DATE.test(value) || ISO_DATE.test(value)) {
    text = value;
  } else {
    return undefined;
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * "Full jitter" backoff: a uniform delay between 0 and the exponential ceiling, so that many clients throttled at
 * the same moment do not come back at the same moment.
 *
 * @param retryNumber 1 for the first retry.
 * @param random a uniform source in [0, 1).
 */
export function backoffDelayMs(retryNumber: number, backoff: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** Everything {@link decideRetry} looks at. */
export interface RetryContext {
  outcome: AttemptOutcome;
  /** Requests sent so far by this call, the one that just failed included; see {@link MAX_ATTEMPTS_PER_CALL}. */
  attempts: number;
  /**
   * Failed attempts so far that count against `maxRetries` (see {@link countsAgainstRetryLimit}), including the one
   * that just failed when it counts; also numbers the backoff.
   */
  countedFailures: number;
  maxRetries: number;
  /** See {@link isRetryableOutcome}. */
  repeatable: boolean;
  nowMs: number;
  /** When the whole operation must be over, in epoch milliseconds. */
  deadlineMs: number;
  backoff: BackoffSettings;
  random: () => number;
}

/**
 * Why retrying stopped: the outcome is not one to retry, it may have been applied and the request must not be
 * repeated, the failures that count used up `maxRetries`, or the next wait would end past the deadline.
 */
export type StopReason = "notRetryable" | "mayHaveBeenApplied" | "attemptsExhausted" | "deadlineReached";

/**
 * `retryAfterMs` on a stop at the deadline: the wait Retry-After asked for, which would have ended past it, for the
 * message (absent when the wait was backoff's).
 */
export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; reason: StopReason; retryAfterMs?: number };

/**
 * Decides whether to try again and after how long. Retry-After wins over backoff because Graph computed it from
 * the caller's real budget, but never below {@link MIN_RETRY_AFTER_WAIT_MS}; a wait that would end past the
 * deadline stops now rather than sleeping in vain. Throttling with Retry-After is not counted against `maxRetries`
 * (see {@link countsAgainstRetryLimit}); {@link MAX_ATTEMPTS_PER_CALL} bounds every call all the same.
 */
export function decideRetry(context: RetryContext): RetryDecision {
  if (isWithheldRepeat(context.outcome, context.repeatable)) {
    return { retry: false, reason: "mayHaveBeenApplied" };
  }
  if (!isRetryableOutcome(context.outcome, context.repeatable)) {
    return { retry: false, reason: "notRetryable" };
  }
  const overRetryLimit =
    countsAgainstRetryLimit(context.outcome, context.nowMs) && context.countedFailures > context.maxRetries;
  if (overRetryLimit || context.attempts >= MAX_ATTEMPTS_PER_CALL) {
    return { retry: false, reason: "attemptsExhausted" };
  }
  const askedMs =
    context.outcome.kind === "status" ? parseRetryAfterMs(context.outcome.retryAfter, context.nowMs) : undefined;
  const retryAfterMs = askedMs === undefined ? undefined : Math.max(MIN_RETRY_AFTER_WAIT_MS, askedMs);
  const delayMs = retryAfterMs ?? backoffDelayMs(Math.max(1, context.countedFailures), context.backoff, context.random);
  if (context.nowMs + delayMs >= context.deadlineMs) {
    return { retry: false, reason: "deadlineReached", ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }
  return { retry: true, delayMs };
}
