/**
 * Which failed Graph attempts are tried again, and after how long. Pure: the clock and the random source are
 * parameters, so every decision can be tested without waiting.
 */

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  /** Graph (or something in front of it) answered with a non-2xx status. */
  | { kind: "status"; status: number; retryAfter?: string }
  /** The connection failed before any response arrived (refused, reset, broken pipe). */
  | { kind: "connectionFailed"; code: string }
  /** The request was sent but no response arrived within the request timeout. */
  | { kind: "timedOut" }
  /** The operation deadline aborted the attempt. */
  | { kind: "aborted" };

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
 * Connection failures that happen before Graph could answer. Node reports "socket hang up" with ECONNRESET; a
 * reused keep-alive socket that the server already closed fails the same way, which is the common case.
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
 * Whether Graph may have applied a request whose attempt failed so: "notApplied" when the answer or the failure
 * says it was not processed (an error status other than a gateway's, a refused connection), "unknown" when it may
 * have been (a gateway's 502 or 504, a 500, a connection reset or broken after the request may have gone out, a
 * timeout, an abort mid-flight).
 */
export type Application = "notApplied" | "unknown";

export function applicationOf(outcome: AttemptOutcome): Application {
  switch (outcome.kind) {
    case "status":
      return outcome.status < 500 || NOT_APPLIED_STATUSES.includes(outcome.status) ? "notApplied" : "unknown";
    case "connectionFailed":
      return outcome.code === "ECONNREFUSED" ? "notApplied" : "unknown";
    case "timedOut":
    case "aborted":
      return "unknown";
  }
}

/** Failures that may pass if the same request is sent again: transient statuses and connection failures. */
function isTransient(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case "status":
      return RETRYABLE_STATUSES.includes(outcome.status);
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
 * unknown and the request may be repeated. Today an unknown gateway answer (502, 504) or a reset connection is
 * repeated for every request, and a timeout (the request surely reached Graph) only when `retryTimeouts` says so.
 *
 * @param retryTimeouts false for requests that must not run twice: a POST that timed out may have been applied.
 */
export function isRetryableOutcome(outcome: AttemptOutcome, retryTimeouts: boolean): boolean {
  if (!isTransient(outcome)) {
    return false;
  }
  return applicationOf(outcome) === "notApplied" || outcome.kind !== "timedOut" || retryTimeouts;
}

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Reads a Retry-After header: delta seconds (Graph sometimes sends fractions such as `2.128`) or an HTTP date.
 *
 * @returns the wait in milliseconds (0 for a date in the past), or undefined when absent or unreadable, in which
 * case the caller falls back to backoff.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === "") {
    return undefined;
  }
  if (DELTA_SECONDS.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  // Date.parse also reads "-1" and "1e3" as years; any date worth honouring names a month or carries a "T".
  if (!/[A-Za-z]/.test(value)) {
    return undefined;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
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
  /** Attempts made so far, including the one that just failed. */
  attemptsMade: number;
  maxRetries: number;
  retryTimeouts: boolean;
  nowMs: number;
  /** When the whole operation must be over, in epoch milliseconds. */
  deadlineMs: number;
  backoff: BackoffSettings;
  random: () => number;
}

export type StopReason = "notRetryable" | "attemptsExhausted" | "deadlineReached";

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: StopReason };

/**
 * Decides whether to try again and after how long. Retry-After wins over backoff because Graph computed it from
 * the caller's real budget; a wait that would end past the deadline stops now rather than sleeping in vain.
 */
export function decideRetry(context: RetryContext): RetryDecision {
  if (!isRetryableOutcome(context.outcome, context.retryTimeouts)) {
    return { retry: false, reason: "notRetryable" };
  }
  const retryNumber = context.attemptsMade;
  if (retryNumber > context.maxRetries) {
    return { retry: false, reason: "attemptsExhausted" };
  }
  const retryAfterMs =
    context.outcome.kind === "status" ? parseRetryAfterMs(context.outcome.retryAfter, context.nowMs) : undefined;
  const delayMs = retryAfterMs ?? backoffDelayMs(retryNumber, context.backoff, context.random);
  if (context.nowMs + delayMs >= context.deadlineMs) {
    return { retry: false, reason: "deadlineReached" };
  }
  return { retry: true, delayMs };
}
