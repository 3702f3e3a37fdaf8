import { BenchRun, UP } from "../benchRun";
import { RESOURCE_TYPES } from "../fleet";
import { firstErrorLine } from "./throttling";

/** One `up` of a fresh stack under the storm. */
export interface StormRun {
  exitCode: number;
  /** Distinct targets with an accepted (204) acquireAccessToken. */
  authorized: number;
  /** Targets accepted more than once: a retry re-sent a call Graph had applied. */
  acceptedTwice: number;
  inState: number;
  /** 429 and 503 answers, each one retry. */
  throttled: number;
  tokens: number;
  ms: number;
  firstError?: string;
}

export interface StormResult {
  size: number;
  /** Runs asked for (`--storm-runs`). */
  runsPlanned: number;
  runs: StormRun[];
}

/** Half of the storm as 429, half as 503: 0.15 + 0.85 × p503 = 0.3. */
export const STORM_PROBABILITY = 0.3;
const P_429 = STORM_PROBABILITY / 2;
const P_503 = (STORM_PROBABILITY - P_429) / (1 - P_429);

/**
 * `runs` consecutive `up`s of `size` resources on fresh stacks, each under a seeded storm in which 30% of
 * acquireAccessToken calls are answered 429 or 503 with `Retry-After: 1`, with the default `syncauth:maxRetries`.
 */
export async function measureThrottlingStorm(run: BenchRun, size: number, runs: number): Promise<StormResult> {
  const fleet = run.fleetOf("syncauth", size);
  const result: StormResult = { size, runsPlanned: runs, runs: [] };
  for (let index = 0; index < runs; index++) {
    run.log(`throttling storm, N=${size}, run ${index + 1} of ${runs}`);
    const stack = await run.newStack(fleet);
    try {
      run.emu.faults.clear();
      run.emu.faults.add({
        route: "acquireAccessToken",
        probability: P_429,
        action: { status: 429, retryAfter: "1" },
      });
      run.emu.faults.add({
        route: "acquireAccessToken",
        probability: P_503,
        action: { status: 503, retryAfter: "1" },
      });
      run.emu.clearLog();
      const { ms, result: up } = await run.timed(stack, UP);
      const accepted = run.emu.log.filter((e) => e.route === "acquireAccessToken" && e.status === 204);
      const perTarget = new Map<string, number>();
      for (const entry of accepted)
        perTarget.set(String(entry.targetId), (perTarget.get(String(entry.targetId)) ?? 0) + 1);
      result.runs.push({
        exitCode: up.code,
        authorized: perTarget.size,
        acceptedTwice: [...perTarget.values()].filter((count) => count > 1).length,
        inState: (await stack.resources()).filter((r) => r.type === RESOURCE_TYPES.syncauth).length,
        throttled:
          run.emu.count({ route: "acquireAccessToken", status: 429 }) +
          run.emu.count({ route: "acquireAccessToken", status: 503 }),
        tokens: run.emu.count({ route: "token" }),
        ms,
        firstError: firstErrorLine(up),
      });
    } finally {
      stack.dispose();
      run.emu.faults.clear();
    }
  }
  return result;
}
