/**
 * One limit on Graph requests in flight for the whole process, shared by every GraphClient given it: Graph
 * throttles per app and tenant, not per resource, so a stack of many resources must not open one burst per resource.
 *
 * The limit guards only the HTTP exchange. A request waiting out a Retry-After gives its slot back, so throttled
 * calls do not hold up calls that could proceed, and queueing for a slot does not count against the request
 * timeout (the operation deadline still covers it).
 */
import pLimit from "p-limit";

export type CallLimit = pLimit.Limit;

/**
 * The limit of one provider process. It is not keyed by Graph root: one provider process talks to one cloud in
 * practice, and a single limit is the simplest promise to keep.
 */
export class GraphCallLimit {
  private current: { limit: CallLimit; maxConcurrency: number } | undefined;

  /**
   * The limit for a caller configured with `maxConcurrency`. A different `maxConcurrency` (a provider reconfigured
   * in the same process) takes effect as soon as no call is running or queued; until then calls join the current
   * limit, so two limits never run side by side. Ask for the limit per call, not once per client, for the same
   * reason.
   */
  forConcurrency(maxConcurrency: number): CallLimit {
    const current = this.current;
    const idle = current === undefined || (current.limit.activeCount === 0 && current.limit.pendingCount === 0);
    if (current === undefined || (current.maxConcurrency !== maxConcurrency && idle)) {
      this.current = { limit: pLimit(maxConcurrency), maxConcurrency };
    }
    return (this.current as { limit: CallLimit }).limit;
  }
}
