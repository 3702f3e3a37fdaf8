/**
 * Turns the facts of a failed Graph call into a one-line summary and a hint that says what to change. Pure, so
 * that every case is tested on its own. Inputs are already scrubbed: ids, key names, statuses, cleaned Graph
 * messages; never credential values or tokens.
 */
import { SETTINGS, configKey } from "../config/configKeys";
import { MAX_ANSWER_SIZE_TEXT } from "./graphAnswer";
import type { FailureFacts } from "./failureFacts";
import { objectNoun, statusHint } from "./statusHints";

export const REQUEST_TIMEOUT_KEY = configKey(SETTINGS.requestTimeoutSeconds);
export const OPERATION_TIMEOUT_KEY = configKey(SETTINGS.operationTimeoutSeconds);
export const MAX_RETRIES_KEY = configKey(SETTINGS.maxRetries);
const MAX_CONCURRENCY_KEY = configKey(SETTINGS.maxConcurrency);
const GRAPH_ENDPOINT_KEY = configKey(SETTINGS.graphEndpoint);
const CLOUD_KEY = configKey(SETTINGS.cloud);

export interface FailureDescription {
  /** What happened, e.g. `403 Authorization_RequestDenied: Insufficient privileges…`. */
  summary: string;
  /** What to change. */
  hint: string;
}

export function describeFailure(facts: FailureFacts): FailureDescription {
  return { summary: summarize(facts), hint: hintFor(facts) };
}

function summarize(facts: FailureFacts): string {
  switch (facts.kind) {
    case "status":
    case "retriesExhausted":
      return lastAnswer(facts);
    case "malformedResponse": {
      const expected = facts.expected === undefined ? "" : ` where ${facts.expected} was expected`;
      return `unexpected answer ${facts.status ?? "without status"}${expected}, ${bodyDescription(facts)}`;
    }
    case "timeout":
      return `no response within ${seconds(facts.requestTimeoutMs)}`;
    case "connection":
      return `connection failed (${facts.connectionCode ?? "unknown error"})`;
    case "unknownOutcome":
      return `${unknownOutcomeCause(facts)}, after the request was sent, so the call may have been applied`;
    case "answerTooLarge":
      return (
        `the answer (${facts.status ?? "without status"}) is larger than ${MAX_ANSWER_SIZE_TEXT}, the limit on a ` +
        `Graph answer, so reading stopped there (content type ${facts.contentType ?? "(none)"})`
      );
    case "deadline": {
      const retryAfter = facts.retryAfter === undefined ? "" : ` (Retry-After: ${facts.retryAfter})`;
      const last = facts.status === undefined ? "" : `; the last answer was ${lastAnswer(facts)}${retryAfter}`;
      if (facts.refusedWaitMs !== undefined) {
        // "At once" only when nothing was retried: after retries, the wait refused is merely the next one.
        return facts.attempts <= 1
          ? `gave up at once: Graph asked to wait ${seconds(facts.refusedWaitMs)}, past the operation deadline ` +
              `(${seconds(facts.operationDeadlineMs)})${last}`
          : `gave up after ${attemptCount(facts.attempts)}: the next wait (${seconds(facts.refusedWaitMs)}) would ` +
              `end past the operation deadline (${seconds(facts.operationDeadlineMs)})${last}`;
      }
      return `not finished within ${seconds(facts.operationDeadlineMs)}${last}`;
    }
  }
}

/** `403 Authorization_RequestDenied: message`, or the status with what came instead of Graph's error JSON. */
function lastAnswer(facts: FailureFacts): string {
  const head = [facts.status, facts.code].filter((part) => part !== undefined).join(" ");
  if (facts.graphMessage !== undefined && facts.graphMessage !== "") {
    return `${head}: ${facts.graphMessage}`;
  }
  return facts.code === undefined ? `${head}, ${bodyDescription(facts)}` : head;
}

function bodyDescription(facts: FailureFacts): string {
  const body = facts.excerpt ? `body starts: "${facts.excerpt}"` : "empty body";
  const cut = facts.bodyEnd === "cutOff" ? `, body cut off ${bytesReadOf(facts)}` : "";
  return `content type ${facts.contentType ?? "(none)"}, ${body}${cut}`;
}

/** "after 5 of 100 bytes" (or of an unknown length): how far a body that was cut off came. */
function bytesReadOf(facts: FailureFacts): string {
  const of = facts.contentLength === undefined ? "" : ` of ${facts.contentLength}`;
  return `after ${facts.bytesRead ?? 0}${of} bytes`;
}

function hintFor(facts: FailureFacts): string {
  switch (facts.kind) {
    case "status":
      return statusHint(facts);
    case "retriesExhausted":
      return retriesExhaustedHint(facts);
    case "malformedResponse":
      return (
        `This is not how Graph answers: a proxy, firewall or captive portal between this machine and ` +
        `${host(facts.graphRoot)} may have answered instead. Check the proxy settings (HTTPS_PROXY, NO_PROXY) and ` +
        `${GRAPH_ENDPOINT_KEY}.${mayHaveReachedGraph(facts)}`
      );
    case "answerTooLarge":
      return (
        `Graph's answers to these calls are a few kilobytes; one larger than ${MAX_ANSWER_SIZE_TEXT} comes from ` +
        `something else between this machine and ${host(facts.graphRoot)} (a proxy, a download page) or from a ` +
        `${GRAPH_ENDPOINT_KEY} that is not Graph. Check the proxy settings (HTTPS_PROXY, NO_PROXY) and ` +
        `${GRAPH_ENDPOINT_KEY}.${mayHaveReachedGraph(facts)}`
      );
    case "timeout":
      return timeoutHint(facts);
    case "connection":
      return connectionHint(facts);
    case "unknownOutcome":
      return unknownOutcomeHint(facts);
    case "deadline": {
      if (facts.mayHaveBeenApplied === true && facts.attempts > 0) {
        return (
          `The operation deadline (${seconds(facts.operationDeadlineMs)}, ${OPERATION_TIMEOUT_KEY}) cut the request ` +
          `off after it was sent, so the call may have been applied. ${checkInPortal(facts)} Raise ` +
          `${OPERATION_TIMEOUT_KEY} if Graph is only slow.${newCodeAdvice(facts)}`
        );
      }
      if (facts.refusedWaitMs !== undefined) {
        const stopped =
          facts.attempts <= 1
            ? "so nothing was waited"
            : `so the call stopped after ${attemptCount(facts.attempts)} instead of waiting again`;
        return (
          `Graph asked to wait ${seconds(facts.refusedWaitMs)} (Retry-After), which ends past the ` +
          `operation deadline (${seconds(facts.operationDeadlineMs)}, ${OPERATION_TIMEOUT_KEY}), ${stopped} and ` +
          `the call was not applied. Run again later, or raise ${OPERATION_TIMEOUT_KEY} beyond the wait.`
        );
      }
      const when =
        facts.attempts === 0
          ? `before any request was sent (other Graph calls held every slot of ${MAX_CONCURRENCY_KEY}, or ` +
            "signing in was slow)"
          : `after ${attemptCount(facts.attempts)}`;
      return (
        `Gave up ${when} because the operation may take at most ${seconds(facts.operationDeadlineMs)} ` +
        `(${OPERATION_TIMEOUT_KEY}); raise it, or run again when Graph is less busy.`
      );
    }
  }
}

const DNS_FAILURES: readonly string[] = ["ENOTFOUND", "EAI_AGAIN"];
/** OpenSSL's verification failures, as Node reports them in `error.code`. */
const TLS_TRUST_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

function connectionHint(facts: FailureFacts): string {
  const target = host(facts.graphRoot);
  const code = facts.connectionCode ?? "";
  const cause = DNS_FAILURES.includes(code)
    ? `The host name ${target} does not resolve: check ${GRAPH_ENDPOINT_KEY} or ${CLOUD_KEY}, and DNS. `
    : TLS_TRUST_FAILURE.test(code)
      ? `The TLS certificate of ${target} is not trusted (${code}). Behind a TLS-inspecting proxy, give Node the ` +
        `proxy's root certificate with NODE_EXTRA_CA_CERTS; do not turn verification off. `
      : "";
  return (
    `${cause}Could not reach ${target} after ${attemptCount(facts.attempts)}. Check network access, proxy ` +
    `settings (HTTPS_PROXY, NO_PROXY) and ${GRAPH_ENDPOINT_KEY}. Each request may take ` +
    `${seconds(facts.requestTimeoutMs)} (${REQUEST_TIMEOUT_KEY}), the whole operation ` +
    `${seconds(facts.operationDeadlineMs)} (${OPERATION_TIMEOUT_KEY}).`
  );
}

function retriesExhaustedHint(facts: FailureFacts): string {
  const retryAfter = facts.retryAfter === undefined ? "without Retry-After" : `with Retry-After: ${facts.retryAfter}`;
  return (
    `Gave up after ${attemptCount(facts.attempts)}; the last answer was ${facts.status} ${retryAfter}. Graph is ` +
    `throttling or its gateway is failing: run again later, or raise ${MAX_RETRIES_KEY} ` +
    `(now ${facts.maxRetries}).`
  );
}

/**
 * For an answer that is not Graph's to a POST whose outcome is unknown (a success status with a page, or too large):
 * the request may have reached Graph all the same. Empty otherwise.
 */
function mayHaveReachedGraph(facts: FailureFacts): string {
  if (facts.mayHaveBeenApplied !== true) {
    return "";
  }
  return (
    ` The status said success, and whether the request reached Graph is unknown, so the call may have been ` +
    `applied. ${checkInPortal(facts)}${newCodeAdvice(facts)}`
  );
}

/** What left the outcome unknown: the gateway's status, a body cut off, the failed connection, or no answer. */
function unknownOutcomeCause(facts: FailureFacts): string {
  if (facts.status !== undefined && facts.bodyEnd === "cutOff") {
    return `${facts.status} whose body was cut off ${bytesReadOf(facts)}`;
  }
  if (facts.status !== undefined) {
    return lastAnswer(facts);
  }
  if (facts.connectionCode !== undefined) {
    return `connection failed (${facts.connectionCode})`;
  }
  return `no response within ${seconds(facts.requestTimeoutMs)}`;
}

function checkInPortal(facts: FailureFacts): string {
  return (
    `Check in the Entra admin center (Enterprise applications → the application → Provisioning → Test ` +
    `Connection) whether ${objectNoun(facts.route)} ${facts.route.id} accepts the credentials.`
  );
}

/** How to authorize again when a single-use key was sent: a new value and a `triggers` change. */
function newCodeAdvice(facts: FailureFacts): string {
  const singleUse = facts.singleUseKeys ?? [];
  if (singleUse.length === 0) {
    return "";
  }
  return (
    ` ${singleUse.join(", ")} is single-use and was not sent again; if the check fails, get a new ` +
    `authorization code from the application, set it, and change \`triggers\` so that the next update sends it.`
  );
}

function unknownOutcomeHint(facts: FailureFacts): string {
  const singleUse = (facts.singleUseKeys ?? []).join(", ") || "a single-use key";
  return (
    `Graph may have applied the call: the request carried ${singleUse}, which works once, so it was not ` +
    `repeated. ${checkInPortal(facts)}${newCodeAdvice(facts)}`
  );
}

function timeoutHint(facts: FailureFacts): string {
  const waited =
    `No answer from ${host(facts.graphRoot)} within ${seconds(facts.requestTimeoutMs)} ` +
    `(${REQUEST_TIMEOUT_KEY}; the whole operation may take ${seconds(facts.operationDeadlineMs)}, ` +
    `${OPERATION_TIMEOUT_KEY}).`;
  return `${waited} Tried ${attemptCount(facts.attempts)}; raise ${REQUEST_TIMEOUT_KEY} if Graph is only slow.`;
}

function host(graphRoot: string): string {
  try {
    return new URL(graphRoot).host;
  } catch {
    return graphRoot;
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function attemptCount(attempts: number): string {
  return attempts === 1 ? "1 attempt" : `${attempts} attempts`;
}
