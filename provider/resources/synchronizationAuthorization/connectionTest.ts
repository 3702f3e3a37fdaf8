/**
 * The connection test ("Test Connection" in the portal): what its result records, when a recorded result means the
 * target must be authorized again, and when that cannot be done with what the stack holds. Pure: the call itself is
 * in runConnectionTest.ts.
 */
import type { ConnectionTestResult, TestConnectionInput } from "./connectionTestResult";
import { describeHiddenText, quote } from "../../core/inputs/messageText";
import { isObjectId } from "../../core/inputs/targetChecks";
import { isPropertyMap } from "../../core/inputs/propertyMap";
import { isSingleUseKey } from "../../graph/synchronizationSecretKeys";
import { containsUnknown } from "../../core/unknownValue";

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
