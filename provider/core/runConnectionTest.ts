import type { GraphClient } from "../graph/graphClient";
import { GraphError } from "../graph/graphError";
import type { ApiVersion } from "../graph/apiVersion";
import type { Target } from "../graph/graphRoutes";
import { connectionTestResult, type ConnectionTestPhase, type ConnectionTestResult } from "./connectionTest";

/** The outputs one connection test adds. */
export interface ConnectionTestOutputs {
  connectionTest: ConnectionTestResult;
  /** ISO-8601 UTC time the test was sent. */
  lastTestedAt: string;
}

/**
 * One validateCredentials call with the saved credentials (no secret sent). Every Graph failure becomes a result,
 * never an exception: after an authorization, throwing would lose the record that it happened.
 *
 * @param hidden values to remove from Graph's text (the credentials of the authorization just sent).
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
  try {
    await graph.validateCredentials(target, jobId, apiVersion, hidden);
    return { connectionTest: connectionTestResult(jobId, during), lastTestedAt };
  } catch (error) {
    if (error instanceof GraphError) {
      return { connectionTest: connectionTestResult(jobId, during, error, hidden), lastTestedAt };
    }
    throw error;
  }
}
