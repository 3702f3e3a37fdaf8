/**
 * What one connection test records (its result, kept in state) and what its warning may say (never kept): pure
 * decisions over Graph's failure. The types here are what the outputs and the settings are made of.
 */
import { GraphError } from "../../graph/graphError";
import { redactSecrets } from "../../secrets/redaction";

/** The input naming the provisioning job to test with. */
export interface TestConnectionInput {
  /** The synchronization job's id (`azuread.SynchronizationJob`'s id); `UNKNOWN_VALUE` during preview. */
  jobId: string;
  /** Fail `up` when the test after an authorization fails (the authorization stays recorded). Default false. */
  failUpOnFailure?: boolean;
}

/**
 * - `passed`: the target accepted the saved credentials.
 * - `failed`: the target refused them (Graph answered 400): the authorization no longer works.
 * - `error`: the test could not be run (permission, unknown job, throttling, network): says nothing of the target.
 */
export type ConnectionTestStatus = "passed" | "failed" | "error";

/** When a test ran. */
export type ConnectionTestPhase = "up" | "refresh";

/**
 * The `connectionTest` output. It holds only what this code decides or what has a fixed shape (Graph's error code
 * and request id); Graph's message is text from elsewhere (a SCIM target may echo what it was sent) and is shown
 * in the warning of the moment, never kept in state.
 */
export interface ConnectionTestResult {
  status: ConnectionTestStatus;
  jobId: string;
  during: ConnectionTestPhase;
  /** Graph's error code (or the HTTP status / failure kind when Graph sent none); absent when passed. */
  code?: string;
  /** Graph's request-id of the failed answer, for Microsoft support; absent when passed or not in a GUID's shape. */
  requestId?: string;
}

/** Graph's message is text from elsewhere: enough to recognize the problem, short enough for one line. */
export const MAX_MESSAGE_LENGTH = 200;

/** Graph's codes are identifiers ("BadRequest", "Authorization_RequestDenied"): anything else is not kept. */
const GRAPH_CODE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The result of one validateCredentials call: `failure` undefined when it answered 204. A failure that is not
 * Graph's (the sign-in renewed before the test failed) is an `error` named by its error's name.
 */
export function connectionTestResult(
  jobId: string,
  during: ConnectionTestPhase,
  failure?: GraphError | Error,
): ConnectionTestResult {
  if (failure === undefined) {
    return { status: "passed", jobId, during };
  }
  const graph = failure instanceof GraphError ? failure : undefined;
  const refused = graph?.kind === "status" && graph.status === 400;
  const httpCode = graph?.status !== undefined ? `HTTP ${graph.status}` : graph?.kind;
  const code =
    graph === undefined
      ? GRAPH_CODE.test(failure.name)
        ? failure.name
        : "Error"
      : graph.code !== undefined && GRAPH_CODE.test(graph.code)
        ? graph.code
        : httpCode;
  const requestId = graph?.requestId !== undefined && REQUEST_ID.test(graph.requestId) ? graph.requestId : undefined;
  return {
    status: refused ? "failed" : "error",
    jobId,
    during,
    code,
    ...(requestId !== undefined && { requestId }),
  };
}

/**
 * The values a connection test's text must be cleaned of: every value the resource holds at that moment. When it
 * cannot hold them all (a refresh without the inputs, write-only values that are read only to authorize),
 * `missing` says why, and Graph's text is not shown at all.
 */
export interface HeldValues {
  values: readonly string[];
  missing?: string;
}

/**
 * What the connection test's warning says of the failure: Graph's message (or the failure's own) through the one
 * redactor and cut short, or, when some value the target may echo is not held, why the message is left out.
 */
export function connectionTestDetail(failure: GraphError | Error, held: HeldValues): string {
  const graph = failure instanceof GraphError ? failure : undefined;
  if (graph !== undefined && held.missing !== undefined) {
    return `Graph's message is not shown: ${held.missing}, so it could not be cleaned of them`;
  }
  const text = redactSecrets(graph?.graphMessage ?? failure.message, held.values)
    .replace(/\s+/g, " ")
    .trim();
  return text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}
