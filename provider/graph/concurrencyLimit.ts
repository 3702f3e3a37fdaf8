/**
 * One limit on Graph requests in flight for the whole process, shared by every GraphClient: Graph throttles per
 * app and tenant, not per resource, so a stack of many resources must not open one burst per resource.
 *
 * The limit guards only the HTTP exchange. A request waiting out a Retry-After gives its slot back, so throttled
 * calls do not hold up calls that could proceed, and queueing for a slot does not count against the request
 * timeout (the operation deadline still covers it).
 */
import pLimit from "p-limit";

export type GraphCallLimit = pLimit.Limit;

let shared: { limit: GraphCallLimit; maxConcurrency: number } | undefined;

/**
 * The process-wide limit, for a caller configured with `maxConcurrency`. The limit is not keyed by Graph root:
 * one provider process talks to one cloud in practice, and a single limit is the simplest promise to keep.
 *
 * A different `maxConcurrency` (a provider reconfigured in the same process) takes effect as soon as no call is
 * running or queued; until then calls join the current limit, so two limits never run side by side.
 * Ask for the limit per call, not once per client, for the same reason.
 */
export function graphCallLimit(maxConcurrency: number): GraphCallLimit {
  const idle = shared === undefined || (shared.limit.activeCount === 0 && shared.limit.pendingCount === 0);
  if (shared === undefined || (shared.maxConcurrency !== maxConcurrency && idle)) {
    shared = { limit: pLimit(maxConcurrency), maxConcurrency };
  }
  return shared.limit;
}
