import type { BenchResults } from "../results";
import type { Report } from "./report";
import type { ResourceKind } from "../fleet";
import type { CallDurations } from "../engineLog";
import type { OverheadCommand, OverheadRow } from "../measure/overhead";
import { formatSpread, markdownTable, ms, seconds, spread } from "../stats";

export function reportOverhead(
  report: Report,
  results: BenchResults,
  overhead: NonNullable<BenchResults["overhead"]>,
): void {
  const { rows: overheadRows, durations, largest: largestOverhead } = overhead;
  report.add(`
## 2. Engine overhead

Wall time of \`up\` (creating N resources on a fresh stack) and of \`preview\` (of the same fresh stack) for N
\`SynchronizationAuthorization\` resources versus N resources of a no-op dynamic resource of the same shape
(bench/noopResource.ts: the same input properties and output names, secret credentials, create returns at once). A and B alternate
within each repetition; ${results.plan.repetitions} repetition(s); median (min–max). The syncauth side includes its real
work: one sign-in and N HTTPS POSTs to the emulator (which runs in the benchmark's own process). Goal: ratio ≤ 1.15.
The third row per N is \`up\` again on another fresh stack with \`PULUMI_SKIP_CHECKPOINTS=true\`, so the engine writes
the state once at the end instead of after every step: the gap to the plain \`up\` is what rewriting the whole
checkpoint after each resource costs, which grows with N² and is the same for both kinds of resource.
CPU columns (medians, SynchronizationAuthorization vs no-op): "CLI + provider host" is the CPU time of the
\`pulumi\` process and the processes it started (the engine, state writes, the dynamic-provider host running our
code), read from this process's reaped-children times (\`/proc/self/stat\`); "program + emulator" is this process:
the hosted program, and the emulator answering the sign-in and the N POSTs (the fake Graph's cost, not ours). On a
shared 2-CPU machine CPU time is much steadier than wall time, and when the CPUs are busy wall time follows it.
`);
  report.add(
    markdownTable(
      [
        "N",
        "command",
        "SynchronizationAuthorization",
        "no-op dynamic resource",
        "wall ratio",
        "CPU of CLI + provider host",
        "CPU ratio",
        "CPU of program + emulator",
      ],
      overheadRows.map((r) => [
        String(r.size),
        r.command,
        formatSpread(r.syncauth.wall),
        formatSpread(r.noop.wall),
        (r.syncauth.wall.median / r.noop.wall.median).toFixed(2),
        `${seconds(r.syncauth.childrenCpu.median)} s vs ${seconds(r.noop.childrenCpu.median)} s`,
        (r.syncauth.childrenCpu.median / r.noop.childrenCpu.median).toFixed(2),
        `${seconds(r.syncauth.selfCpu.median)} s vs ${seconds(r.noop.selfCpu.median)} s`,
      ]),
    ),
  );
  // Splits the extra CPU of `up` into what remains when the engine writes the state only once (our provider code and
  // its requests) and what goes away with it (rewriting a larger state after every resource).
  const upCpuBreakdown = (size: number): string => {
    const row = (command: OverheadCommand) => overheadRows.find((o) => o.size === size && o.command === command)!;
    const extra = (o: OverheadRow) => o.syncauth.childrenCpu.median - o.noop.childrenCpu.median;
    const state = (kind: ResourceKind) => results.states.find((st) => st.kind === kind && st.size === size);
    const syncauthState = state("syncauth");
    const noopState = state("noop");
    const sizes =
      syncauthState && noopState
        ? ` (state per resource ${Math.round(syncauthState.exportBytes / size)} B vs ` +
          `${Math.round(noopState.exportBytes / size)} B; \`__provider\`, stored twice, ` +
          `${syncauthState.providerBytes} B vs ${noopState.providerBytes} B)`
        : "";
    return (
      `extra CPU ${seconds(extra(row("up")))} s, of which ${seconds(extra(row("up, PULUMI_SKIP_CHECKPOINTS=true")))} s ` +
      `remains with per-step checkpoints off: the rest is the engine rewriting a larger state after each resource${sizes}`
    );
  };
  for (const r of overheadRows.filter((row) => row.command === "up" || row.command === "preview")) {
    const ratio = r.syncauth.wall.median / r.noop.wall.median;
    const cpuRatio = r.syncauth.childrenCpu.median / r.noop.childrenCpu.median;
    report.verdict(
      `engine overhead ratio ≤ 1.15, ${r.command} N=${r.size}`,
      ratio <= 1.15,
      `wall-time ratio ${ratio.toFixed(2)}; CPU of CLI + provider host ${cpuRatio.toFixed(2)}` +
        (r.command === "up" ? `; ${upCpuBreakdown(r.size)}` : ""),
    );
  }

  const durationRow = (label: string, pick: (d: CallDurations & { ms: number }) => string) => [
    label,
    pick(durations.syncauth),
    pick(durations.noop),
  ];
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  report.add(`
Where the time of \`up\` goes at N = ${largestOverhead}: one more \`up\` per kind on a fresh stack with
\`--logflow -v=7 --logtostderr\`, which logs when the engine sends each provider call and when the answer comes
(logging makes this run slower than the ones above). A SynchronizationAuthorization Create is a real sign-in wait or
HTTPS POST; the no-op Create returns at once. With at most ${results.machine.parallelDefault} resources in flight
(\`--parallel\`), the sum of Create times divided by ${results.machine.parallelDefault} is roughly what they add to the wall time.
`);
  report.add(
    markdownTable(
      ["", "SynchronizationAuthorization", "no-op dynamic resource"],
      [
        durationRow("up wall time (with call logging)", (d) => `${seconds(d.ms)} s`),
        durationRow("first Check sent → last Create answered", (d) => `${seconds(d.span)} s`),
        durationRow("Check calls: median / max", (d) => `${ms(spread(d.check).median)} / ${ms(spread(d.check).max)}`),
        durationRow(
          "Create calls: median / max",
          (d) => `${ms(spread(d.create).median)} / ${ms(spread(d.create).max)}`,
        ),
        durationRow("Create calls: sum", (d) => `${seconds(sum(d.create))} s`),
        durationRow(
          `Create sum ÷ ${results.machine.parallelDefault}`,
          (d) => `${seconds(sum(d.create) / results.machine.parallelDefault)} s`,
        ),
      ],
    ),
  );
}
