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
