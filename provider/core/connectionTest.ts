/**
 * The connection test ("Test Connection" in the portal): what its result records, when a recorded result means the
 * target must be authorized again, and when that cannot be done with what the stack holds. Pure: the call itself is
 * in runConnectionTest.ts.
 */
import { GraphError } from "../graph/graphError";
import { redactSecrets } from "../secrets/redaction";
import { describeHiddenText, quote } from "./inputs/messageText";
import { isObjectId } from "./inputs/propertyChecks";
import { isPropertyMap } from "./inputs/propertyMap";
import { isSingleUseKey } from "./synchronizationSecretKeys";
import { containsUnknown } from "./unknownValue";

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

/** The `connectionTest` output: no secret, Graph's text redacted and cut. */
export interface ConnectionTestResult {
  status: ConnectionTestStatus;
  jobId: string;
  during: ConnectionTestPhase;
  /** Graph's error code (or the HTTP status / failure kind when Graph sent none); absent when passed. */
  code?: string;
  /** Graph's error message, redacted and at most {@link MAX_MESSAGE_LENGTH} characters; absent when passed. */
  message?: string;
}

/** Graph's message is text from elsewhere: enough to recognize the problem, short enough for a table cell. */
export const MAX_MESSAGE_LENGTH = 200;

/**
 * The result of one validateCredentials call: `failure` undefined when it answered 204. A failure that is not
 * Graph's (the sign-in renewed before the test failed) is an `error` named by its error's name.
 */
export function connectionTestResult(
  jobId: string,
  during: ConnectionTestPhase,
  failure?: GraphError | Error,
  hidden: readonly string[] = [],
): ConnectionTestResult {
  if (failure === undefined) {
    return { status: "passed", jobId, during };
  }
  const graph = failure instanceof GraphError ? failure : undefined;
  const refused = graph?.kind === "status" && graph.status === 400;
  const code =
    graph === undefined
      ? failure.name
      : (graph.code ?? (graph.status !== undefined ? `HTTP ${graph.status}` : graph.kind));
  const text = redactSecrets(graph?.graphMessage ?? failure.message, hidden)
    .replace(/\s+/g, " ")
    .trim();
  const message = text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
  return { status: refused ? "failed" : "error", jobId, during, code, message };
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

/** One line for a warning or an error: which job, when, Graph's code and message. */
export function describeConnectionTest(result: ConnectionTestResult): string {
  const what = result.status === "failed" ? "failed" : "could not run";
  const job = looksLikeJobId(result.jobId) ? quote(result.jobId) : `(${describeHiddenText(result.jobId)})`;
  return `the connection test with job ${job} at ${result.during} ${what}: ${result.code}: ${result.message}`;
}

/** The stored `connectionTest` output, when it is well-formed (older state has none). */
export function storedConnectionTest(old: Record<string, unknown>): ConnectionTestResult | undefined {
  const stored = old.connectionTest;
  if (!isPropertyMap(stored) || typeof stored.status !== "string" || typeof stored.jobId !== "string") {
    return undefined;
  }
  return stored as unknown as ConnectionTestResult;
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
