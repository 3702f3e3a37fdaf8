import type { EndpointSettings } from "../../config/providerSettings";
import type { Session } from "../../core/session";
import { apiVersionOf } from "../../graph/apiVersion";
import type { GraphClient } from "../../graph/graphClient";
import type { ApiVersion } from "../../graph/apiVersion";
import type { Target } from "../../graph/graphRoutes";
import { looksLikeJobId } from "./connectionTest";
import type { CheckedInputs } from "./authorizationState";
import { targetOf } from "../../core/target";
import {
  connectionTestDetail,
  connectionTestResult,
  type ConnectionTestPhase,
  type ConnectionTestResult,
  type HeldValues,
} from "./connectionTestResult";

/** The outputs one connection test adds. */
export interface ConnectionTestOutputs {
  connectionTest: ConnectionTestResult;
  /** ISO-8601 UTC time the test was sent. */
  lastTestedAt: string;
}

/** One test: the outputs to keep, and what its warning may say of a failure (never kept). */
export interface ConnectionTestRun {
  outputs: ConnectionTestOutputs;
  /** Set when it did not pass: Graph's message, redacted, or why it is not shown. */
  detail?: string;
}

/**
 * One validateCredentials call with the saved credentials (no secret sent). Every failure becomes a result, never
 * an exception, a sign-in renewed for the test included: after an authorization, throwing would lose the record
 * that it happened, and the next `up` would send a single-use code again.
 *
 * @param held the values Graph's text must be cleaned of (the credentials the resource holds now, sign-in
 *   secrets); a job id without a job id's shape is added.
 */
export async function runConnectionTest(
  graph: GraphClient,
  target: Target,
  apiVersion: ApiVersion,
  jobId: string,
  during: ConnectionTestPhase,
  held: HeldValues,
): Promise<ConnectionTestRun> {
  const lastTestedAt = new Date().toISOString();
  const hidden: HeldValues = looksLikeJobId(jobId) ? held : { ...held, values: [...held.values, jobId] };
  try {
    await graph.validateCredentials(target, jobId, apiVersion, hidden.values);
    return { outputs: { connectionTest: connectionTestResult(jobId, during), lastTestedAt } };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(`unexpected failure: ${String(error)}`);
    return {
      outputs: { connectionTest: connectionTestResult(jobId, during, failure), lastTestedAt },
      detail: connectionTestDetail(failure, hidden),
    };
  }
}

/** One connection test of `outputs`' target with the session's client; the sign-in secrets are held too. */
export async function testConnection<T extends { target: string; apiVersion?: unknown }>(
  session: Session,
  endpoints: EndpointSettings,
  outputs: T,
  jobId: string,
  during: ConnectionTestPhase,
  held: HeldValues,
): Promise<{ outputs: T & ConnectionTestOutputs; detail?: string }> {
  const graph = session.graph(endpoints);
  const withSignIn = { ...held, values: [...held.values, ...session.signInSecrets()] };
  const run = await runConnectionTest(
    graph,
    targetOf(outputs.target),
    apiVersionOf(outputs.apiVersion),
    jobId,
    during,
    withSignIn,
  );
  return { outputs: { ...outputs, ...run.outputs }, detail: run.detail };
}

/**
 * The values a test without an authorization can clean Graph's text of: the plain credentials of the inputs. Values
 * behind write-only references are read only to authorize, and a refresh without the inputs holds none.
 */
export function heldAtRefresh(inputs: CheckedInputs | undefined): HeldValues {
  if (inputs === undefined) {
    return { values: [], missing: "this refresh does not hold the credentials a target may echo" };
  }
  const values = inputs.credentials.map((pair) => pair.value);
  return (inputs.writeOnlyCredentials ?? []).length > 0
    ? { values, missing: "the write-only credentials' values are read only to authorize" }
    : { values };
}
