import { BenchRun, UP } from "../benchRun";
import type { ResourceKind } from "../fleet";
import { seconds, spread, type Spread } from "../stats";
import { DEFAULT_MAX_CONCURRENCY } from "../../provider/config/providerSettings";

/** Graph latency of the parallelism section. */
export const LATENCY_MS = 200;

export interface ParallelCase {
  kind: ResourceKind;
  size: number;
  maxConcurrency?: number;
  parallel?: number;
  latency: boolean;
}

export interface ParallelRow extends ParallelCase {
  time: Spread;
  peak: number;
}

export async function measureParallelism(run: BenchRun): Promise<ParallelRow[]> {
  const cases: ParallelCase[] = [
    { kind: "syncauth", size: 1, latency: true },
    { kind: "syncauth", size: 50, latency: true },
    { kind: "syncauth", size: 50, latency: false },
    { kind: "syncauth", size: 50, maxConcurrency: 1, latency: true },
    { kind: "syncauth", size: 50, maxConcurrency: 4, latency: true },
    { kind: "syncauth", size: 50, maxConcurrency: 16, latency: true },
    { kind: "syncauth", size: 50, maxConcurrency: 16, parallel: 64, latency: true },
    // The engine's own growth from 1 to 50 resources, for the same comparison without any Graph call.
    { kind: "noop", size: 1, latency: false },
    { kind: "noop", size: 50, latency: false },
  ];
  const times: number[][] = cases.map(() => []);
  const peaks: number[] = cases.map(() => 0);
  // Repetitions outermost, so drift on a shared machine spreads over every case instead of hitting one.
  for (let rep = 0; rep < run.plan.parallelReps; rep++) {
    for (const [index, c] of cases.entries()) {
      run.emu.faults.clear();
      if (c.latency) run.emu.faults.add({ route: "acquireAccessToken", action: { latencyMs: LATENCY_MS } });
      const config: Record<string, string> =
        c.maxConcurrency === undefined ? {} : { "syncauth:maxConcurrency": String(c.maxConcurrency) };
      const stack = await run.newStack(run.fleetOf(c.kind, c.size), config);
      try {
        run.emu.clearLog();
        times[index].push(
          await run.mustTime(stack, c.parallel === undefined ? UP : [...UP, "--parallel", String(c.parallel)]),
        );
        peaks[index] = Math.max(peaks[index], run.emu.inFlightPeak("acquireAccessToken"));
        const expected = c.kind === "syncauth" ? c.size : 0;
        if (run.emu.count({ route: "acquireAccessToken", status: 204 }) !== expected) {
          run.problems.push(`parallelism ${describeCase(c)}: ${run.emu.count({ route: "acquireAccessToken" })} POSTs`);
        }
      } finally {
        stack.dispose();
        run.emu.faults.clear();
      }
      run.log(
        `parallelism rep ${rep + 1} ${describeCase(c)}: ${seconds(times[index].at(-1)!)} s, peak ${peaks[index]}`,
      );
    }
  }
  return cases.map((c, index) => ({ ...c, time: spread(times[index]), peak: peaks[index] }));
}

function describeCase(c: ParallelCase): string {
  return `${c.kind} N=${c.size} maxConcurrency=${c.maxConcurrency ?? `${DEFAULT_MAX_CONCURRENCY} (default)`} --parallel=${c.parallel ?? "default"}${c.latency ? "" : " no latency"}`;
}
