import type { BenchResults } from "../results";
import type { Report } from "./report";
import { DEFAULT_MAX_CONCURRENCY } from "../../provider/config/providerSettings";
import { LATENCY_MS, type ParallelRow } from "../measure/parallelism";
import { formatSpread, markdownTable, seconds } from "../stats";

export function reportParallelism(report: Report, results: BenchResults, parallelRows: ParallelRow[]): void {
  const byCase = (match: (r: ParallelRow) => boolean) => parallelRows.find(match)!;
  const syncauthCase = (size: number, latency: boolean) =>
    byCase((r) => r.kind === "syncauth" && r.size === size && r.latency === latency && r.maxConcurrency === undefined);
  const one = syncauthCase(1, true);
  const fifty = syncauthCase(50, true);
  const fiftyFast = syncauthCase(50, false);
  const noopOne = byCase((r) => r.kind === "noop" && r.size === 1);
  const noopFifty = byCase((r) => r.kind === "noop" && r.size === 50);
  report.add(`
## 3. Parallelism under ${LATENCY_MS} ms Graph latency

Every \`acquireAccessToken\` answered after ${LATENCY_MS} ms (emulator latency fault); \`up\` of N resources on a fresh
stack; ${results.plan.parallelReps} repetition(s), cases interleaved, median (min–max). "minus N=1" is against the
SynchronizationAuthorization N = 1 row (the no-op rows against the no-op N = 1 row). "peak" is the most POSTs the
emulator saw in flight at once. "POSTs alone" is ceil(N / min(maxConcurrency, --parallel)) × ${LATENCY_MS} ms: what
the POSTs would take if nothing else did; the engine's own work for each resource overlaps with them. Pulumi's
\`--parallel\` default on this machine is ${results.machine.parallelDefault}. The rows without latency, and the no-op
resource's N = 1 and N = 50, show what 50 resources cost the engine when no Graph call waits.
`);
  report.add(
    markdownTable(
      [
        "resource",
        "N",
        "syncauth:maxConcurrency",
        "--parallel",
        "Graph latency",
        "up wall time",
        "minus N=1",
        "peak in flight",
        "POSTs alone",
      ],
      parallelRows.map((r) => {
        const lanes = Math.min(
          r.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
          r.parallel ?? results.machine.parallelDefault,
        );
        const base = r.kind === "syncauth" ? one : noopOne;
        const gap = r.time.median - base.time.median;
        const syncauth = r.kind === "syncauth";
        return [
          syncauth ? "SynchronizationAuthorization" : "no-op dynamic resource",
          String(r.size),
          !syncauth
            ? "–"
            : r.maxConcurrency === undefined
              ? `${DEFAULT_MAX_CONCURRENCY} (default)`
              : String(r.maxConcurrency),
          r.parallel === undefined ? `default (${results.machine.parallelDefault})` : String(r.parallel),
          !syncauth ? "–" : r.latency ? `${LATENCY_MS} ms` : "none",
          formatSpread(r.time),
          `${gap >= 0 ? "+" : ""}${seconds(gap)} s`,
          syncauth ? String(r.peak) : "–",
          syncauth && r.latency ? `${seconds(Math.ceil(r.size / lanes) * LATENCY_MS)} s` : "–",
        ];
      }),
    ),
  );
  const parallelGap = fifty.time.median - one.time.median;
  const engineGap = noopFifty.time.median - noopOne.time.median;
  report.verdict(
    "N=50 up within 2 s of N=1 at 200 ms latency, default concurrency",
    parallelGap <= 2000,
    `N=50 took ${seconds(parallelGap)} s longer than N=1 (peak ${fifty.peak} POSTs in flight, so the calls do run in ` +
      `parallel). The no-op resource, with no Graph call at all, grows by ${seconds(engineGap)} s from N=1 to N=50; ` +
      `N=50 with latency minus N=50 without is ${seconds(fifty.time.median - fiftyFast.time.median)} s ` +
      `(POSTs alone: ${seconds(Math.ceil(50 / Math.min(DEFAULT_MAX_CONCURRENCY, results.machine.parallelDefault)) * LATENCY_MS)} s)`,
  );
}
