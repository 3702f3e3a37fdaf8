import type { FailureFacts } from "../../provider/graph/failureFacts";
import type { GraphRoute } from "../../provider/graph/graphRoutes";

/** The facts of a failed call as the client gathers them, with the global cloud's default settings. */
export function sampleFailureFacts(route: GraphRoute, facts: Partial<FailureFacts>): FailureFacts {
  return {
    kind: "status",
    route,
    attempts: 1,
    cloud: "global",
    graphRoot: "https://graph.microsoft.com",
    graphScope: "https://graph.microsoft.com/.default",
    cloudSource: "default",
    requestTimeoutMs: 60_000,
    operationDeadlineMs: 600_000,
    maxRetries: 5,
    ...facts,
  };
}
