import axios from "axios";

/**
 * The total time one client operation may take, retries and waits included. Pulumi ignores customTimeouts for
 * dynamic resources, so without this a throttled create could wait for ever.
 */
export interface OperationDeadline {
  /** Epoch milliseconds at which the operation is over. */
  readonly atMs: number;
  /** Aborts whatever request or wait is under way when the deadline passes. */
  readonly signal: AbortSignal;
  /** Stops the timer once the operation is over. */
  dispose(): void;
}

export function startDeadline(durationMs: number, nowMs: number = Date.now()): OperationDeadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), durationMs);
  // The deadline must never be what keeps the provider process alive.
  timer.unref();
  return {
    atMs: nowMs + durationMs,
    signal: controller.signal,
    dispose: () => clearTimeout(timer),
  };
}

/**
 * Settles like `work`, or fails as a cancelled request once `signal` aborts. `work` keeps running (a queued slot
 * is given back at once when its turn comes, a token fetch fills the cache) and its outcome is no longer awaited.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new axios.CanceledError());
    if (signal.aborted) {
      abort();
    } else {
      signal.addEventListener("abort", abort, { once: true });
    }
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** Waits `ms`, or less when `signal` aborts first (the next attempt then ends as aborted at once). */
export function waitWithin(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
