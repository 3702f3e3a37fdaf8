/**
 * The connection test ("Test Connection" in the portal): what its result records, when a recorded result means the
 * target must be authorized again, and when that cannot be done with what the stack holds. Pure: the call itself is
 * in runConnectionTest.ts.
 */
import { GraphError } from "../../graph/graphError";
import { redactSecrets } from "../../secrets/redaction";
import { describeHiddenText, quote } from "../../core/inputs/messageText";
import { isObjectId } from "./inputs/propertyChecks";
import { isPropertyMap } from "../../core/inputs/propertyMap";
import { isSingleUseKey } from "../../core/synchronizationSecretKeys";
import { containsUnknown } from "../../core/unknownValue";

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

/** A job id as Graph makes them (`<templateId>.<32 hex>.<32 hex>`), or a GUID as the reference pages show them. */
const JOB_ID = /^[A-Za-z0-9_-]{1,64}\.[0-9a-f]{32}\.[0-9a-f]{32}$/i;

/**
 * Whether `jobId` has a job id's shape, so that messages may show it. Anything else may be a secret typed into
 * the wrong field: messages describe it instead, and it is removed from Graph's text (which echoes ids it cannot
 * find).
 */
export function looksLikeJobId(jobId: string): boolean {
  return JOB_ID.test(jobId) || isObjectId(jobId);
}

/**
 * One line for a warning or an error: which job, when, Graph's code and request id, and `detail` (see
 * {@link connectionTestDetail}) when the test just ran.
 */
export function describeConnectionTest(result: ConnectionTestResult, detail?: string): string {
  const what = result.status === "failed" ? "failed" : "could not run";
  const job = looksLikeJobId(result.jobId) ? quote(result.jobId) : `(${describeHiddenText(result.jobId)})`;
  const requestId = result.requestId === undefined ? "" : ` (request-id ${result.requestId})`;
  const said = detail === undefined || detail === "" ? "" : `: ${detail}`;
  return `the connection test with job ${job} at ${result.during} ${what}: ${result.code}${said}${requestId}`;
}

/** The stored `connectionTest` output, when it is well-formed (older state has none). */
export function storedConnectionTest(old: Record<string, unknown>): ConnectionTestResult | undefined {
  const stored = old.connectionTest;
  if (!isPropertyMap(stored) || typeof stored.status !== "string" || typeof stored.jobId !== "string") {
    return undefined;
  }
  // Earlier versions kept Graph's message here; it is text from elsewhere and is dropped at the next write.
  const kept: Record<string, unknown> = { ...stored };
  delete kept.message;
  return kept as unknown as ConnectionTestResult;
}

/** The stored `testConnection` input of old outputs, for refresh (which sees only the state). */
export function storedTestConnection(state: Record<string, unknown>): TestConnectionInput | undefined {
  const stored = state.testConnection;
  return isPropertyMap(stored) && typeof stored.jobId === "string" && stored.jobId.length > 0
    ? (stored as unknown as TestConnectionInput)
    : undefined;
}

/**
 * Why the next `up` authorizes again: the target refused the saved credentials at the last refresh. Only a refusal
 * seen at refresh counts (one seen right after an authorization would be sent again unchanged, to no avail), and
 * only while `testConnection` is still set: removing it accepts the failure.
 */
export function connectionTestReasons(old: Record<string, unknown>, news: { testConnection?: unknown }): string[] {
  const last = storedConnectionTest(old);
  if (news.testConnection === undefined || last?.status !== "failed" || last.during !== "refresh") {
    return [];
  }
  return [`the connection test at refresh failed: ${last.code ?? "unknown code"}`];
}

/**
 * Set when the only reason to authorize is a failed connection test and a key is single-use: the stored code was
 * redeemed already, so sending it again cannot work; a new one must be given.
 */
export function singleUseRefusal(
  authorizeReasons: readonly string[],
  testReasons: readonly string[],
  news: { credentials: readonly { key: string }[]; writeOnlyCredentials?: readonly { key: string }[] },
): string | undefined {
  if (testReasons.length === 0 || authorizeReasons.length !== testReasons.length) {
    return undefined;
  }
  const keys = [
    ...news.credentials.map((pair) => pair.key),
    ...(containsUnknown(news.writeOnlyCredentials) ? [] : (news.writeOnlyCredentials ?? []).map((c) => c.key)),
  ];
  const singleUse = keys.find((key) => isSingleUseKey(key));
  if (singleUse === undefined) {
    return undefined;
  }
  return (
    `${testReasons.join("; ")}, and ${singleUse} is accepted only once, so sending the stored one again cannot ` +
    `work. Get a new authorization code from the application and give it: set the new value in ` +
    `credentials.${singleUse} (a new value is detected), or, with writeOnlyCredentials, point the reference at it ` +
    `and change writeOnlyCredentialsVersion or triggers (e.g. triggers: { authorizationCode: "2" }). ` +
    `To accept the failure instead, remove testConnection.`
  );
}
