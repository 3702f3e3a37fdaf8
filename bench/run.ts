/**
 * `npm run bench [-- --quick] [-- --sections 2,5] [-- --storm-runs N]`: Graph calls per operation, engine overhead,
 * parallelism, throttling, state size, provider start-up, repeated throttling storms, the provider plugin beside
 * the dynamic resource, and AttributeMappings on a large schema, all on the real Pulumi CLI
 * against the local Graph + Entra emulator.
 * Measures first (bench/measure), then writes the report (bench/report): prints it, and writes it to
 * bench/RESULTS.md after a full run of every section, to .pulumi-local otherwise. Numbers are for reading, not for
 * asserting: nothing here fails on a slow machine, only on a failed command or a wrong call count.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../test/emulator";
import { LOCAL_DIR, PROJECT_ROOT } from "../scripts/lib/pulumiCli";
import { BenchRun } from "./benchRun";
import { describeMachine } from "./machine";
import { measureCalls, type CallRow, type StateRow } from "./measure/calls";
import { measureCallDurations, measureOverhead, type OverheadRow } from "./measure/overhead";
import { measureParallelism } from "./measure/parallelism";
import { measureStartup } from "./measure/startup";
import { measureThrottling } from "./measure/throttling";
import { measureThrottlingStorm } from "./measure/throttlingStorm";
import { measurePlugin } from "./measure/plugin";
import { measureAttributeMappings } from "./measure/attributeMappings";
import { PackageSnapshot } from "./packageSnapshot";
import { isComplete, planFrom } from "./plan";
import { reportCalls } from "./report/calls";
import { reportHeader } from "./report/header";
import { reportOverhead } from "./report/overhead";
import { reportParallelism } from "./report/parallelism";
import { Report } from "./report/report";
import { reportStartup } from "./report/startup";
import { reportStateSize } from "./report/stateSize";
import { reportThrottling } from "./report/throttling";
import { reportThrottlingStorm } from "./report/throttlingStorm";
import { reportPlugin } from "./report/plugin";
import { reportAttributeMappings } from "./report/attributeMappings";
import type { BenchResults } from "./results";

async function measure(
  run: BenchRun,
): Promise<Omit<BenchResults, "machine" | "runSeconds" | "loadAtStart" | "loadAtEnd">> {
  const { plan } = run;
  const wants = (section: number) => plan.sections.has(section);
  const states: StateRow[] = [];
  const results: Omit<BenchResults, "machine" | "runSeconds" | "loadAtStart" | "loadAtEnd"> = {
    plan,
    states,
    problems: run.problems,
  };
  if (wants(1)) {
    let calls: CallRow[] = [];
    for (const size of plan.callSizes) {
      run.log(`calls per operation, N=${size}`);
      calls = calls.concat(await measureCalls(run, size, states));
    }
    results.calls = calls;
  }
  // Section 5 reads the stacks of sections 1 and 2; asked for without either, section 2 is measured for it.
  if (wants(2) || (wants(5) && !wants(1))) {
    const rows: OverheadRow[] = [];
    for (const size of plan.overheadSizes) rows.push(...(await measureOverhead(run, size, states)));
    const largest = Math.max(...plan.overheadSizes);
    run.log(`provider call durations, N=${largest}`);
    results.overhead = { rows, largest, durations: await measureCallDurations(run, largest) };
  }
  if (wants(3)) results.parallel = await measureParallelism(run);
  if (wants(4)) {
    run.log(`throttling, N=${plan.throttleSize}`);
    results.throttle = await measureThrottling(run, plan.throttleSize);
  }
  if (wants(6)) {
    run.log("provider start-up");
    results.startup = await measureStartup(run);
  }
  if (wants(7)) results.storm = await measureThrottlingStorm(run, plan.stormSize, plan.stormRuns);
  if (wants(8)) results.plugin = await measurePlugin(run, plan.pluginSize, plan.pluginCallSize);
  if (wants(9)) results.attributeMappings = await measureAttributeMappings(run, plan.mappingsIterations);
  return results;
}

function report(results: BenchResults): string {
  const report = new Report();
  const wants = (section: number) => results.plan.sections.has(section);
  reportHeader(report, results);
  if (results.calls) reportCalls(report, results, results.calls);
  if (wants(2) && results.overhead) reportOverhead(report, results, results.overhead);
  if (results.parallel) reportParallelism(report, results, results.parallel);
  if (results.throttle) reportThrottling(report, results, results.throttle);
  if (wants(5)) reportStateSize(report, results);
  if (results.startup) reportStartup(report, results, results.startup);
  if (results.storm) reportThrottlingStorm(report, results.storm);
  if (results.plugin) reportPlugin(report, results.plugin, results.plan.repetitions);
  if (results.attributeMappings) reportAttributeMappings(report, results.attributeMappings);
  return report.text(results.problems);
}

async function main(): Promise<number> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const plan = planFrom(process.argv.slice(2));
  console.log(`[bench] ${plan.quick ? "quick" : "full"} run of sections ${[...plan.sections].join(", ")}`);
  const env = { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
  const machine = await describeMachine(PROJECT_ROOT, env);
  const snapshot = PackageSnapshot.take();
  const emu = await startEmulator();
  let measured: Awaited<ReturnType<typeof measure>>;
  try {
    measured = await measure(new BenchRun(emu, snapshot, plan));
  } finally {
    await emu.stop();
    snapshot.dispose();
  }
  const runSeconds = (Date.now() - started) / 1000;
  const text = report({ ...measured, machine, runSeconds, loadAtStart, loadAtEnd: os.loadavg()[0] });
  console.log(`\n${text}`);
  // Only a full run of every section replaces the committed results; any other run is for reading now.
  const file = isComplete(plan) ? path.join(__dirname, "RESULTS.md") : path.join(LOCAL_DIR, "bench-RESULTS.partial.md");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`[bench] wrote ${path.relative(PROJECT_ROOT, file)} in ${runSeconds.toFixed(0)} s`);
  return measured.problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
