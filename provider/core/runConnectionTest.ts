import type { GraphClient } from "../graph/graphClient";
import type { ApiVersion } from "../graph/apiVersion";
import type { Target } from "../graph/graphRoutes";
import {
  connectionTestResult,
  looksLikeJobId,
  type ConnectionTestPhase,
  type ConnectionTestResult,
} from "./connectionTest";

/** The outputs one connection test adds. */
export interface ConnectionTestOutputs {
  connectionTest: ConnectionTestResult;
  /** ISO-8601 UTC time the test was sent. */
  lastTestedAt: string;
}

/**
 * One validateCredentials call with the saved credentials (no secret sent). Every failure becomes a result, never
 * an exception, a sign-in renewed for the test included: after an authorization, throwing would lose the record
 * that it happened, and the next `up` would send a single-use code again.
 *
 * @param hidden values to remove from Graph's text (the credentials of the authorization just sent); a job id
 *   without a job id's shape is removed too.
 */
export async function runConnectionTest(
  graph: GraphClient,
  target: Target,
  apiVersion: ApiVersion,
  jobId: string,
  during: ConnectionTestPhase,
  hidden: readonly string[] = [],
): Promise<ConnectionTestOutputs> {
  const lastTestedAt = new Date().toISOString();
  const secrets = looksLikeJobId(jobId) ? hidden : [...hidden, jobId];
  try {
    await graph.validateCredentials(target, jobId, apiVersion, secrets);
    return { connectionTest: connectionTestResult(jobId, during), lastTestedAt };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(`unexpected failure: ${String(error)}`);
    return { connectionTest: connectionTestResult(jobId, during, failure, secrets), lastTestedAt };
  }
}
