import { BenchRun, UP } from "../benchRun";
import { pluginLaunchPattern, providerTimeline } from "../engineLog";
import { RESOURCE_TYPES, type ResourceKind } from "../fleet";
import { seconds } from "../stats";
import { measureCalls, stateSize, type CallRow, type StateRow } from "./calls";
import { mustMeasure, side, type OverheadSide } from "./overhead";
import { measurePluginDistribution, type PluginDistributionResult } from "./pluginDistribution";

/** Launches per plugin form for the start-up and first-run figures (the issue asks for the median of 5). */
const DISTRIBUTION_REPS = 5;

/** Section 8: the provider plugin beside the dynamic resource and the no-op dynamic resource, on the same engine. */
export interface PluginResult {
  size: number;
  /** `up` of N resources on a fresh stack, per kind. */
  up: Record<ResourceKind, OverheadSide>;
  /** State of the plugin's and the dynamic resource's stacks after that `up` (first repetition). */
  states: StateRow[];
  /** The plugin through preview → up → no-op up → one change → refresh → destroy, counted like section 1. */
  calls: CallRow[];
  /** Plugin process start (engine launches it) → first Check answered, per repetition. */
  startToFirstCheck: number[];
  /** The self-contained executable beside the launcher: start-up, a first run, tarball sizes. */
  distribution: PluginDistributionResult;
}

const KINDS: readonly ResourceKind[] = ["plugin", "syncauth", "noop"];

export async function measurePlugin(run: BenchRun, size: number, callSize: number): Promise<PluginResult> {
  const samples: Record<ResourceKind, Awaited<ReturnType<typeof mustMeasure>>[]> = {
    plugin: [],
    syncauth: [],
    noop: [],
  };
  const states: StateRow[] = [];
  for (let rep = 0; rep < run.plan.repetitions; rep++) {
    // Rotate which kind goes first, so drift falls on every side.
    const order = KINDS.map((_, i) => KINDS[(i + rep) % KINDS.length]);
    for (const kind of order) {
      const stack = await run.newStack(run.fleetOf(kind, size));
      try {
        run.emu.clearLog();
        samples[kind].push(await mustMeasure(run, stack, UP));
        const authorized = run.emu.count({ route: "acquireAccessToken", status: 204 });
        if (kind !== "noop" && authorized !== size) {
          run.problems.push(`plugin section N=${size} ${kind}: ${authorized} authorizations`);
        }
        if (rep === 0 && kind !== "noop") {
          states.push(await stateSize(run, stack, kind, size));
        }
      } finally {
        stack.dispose();
      }
      run.log(`plugin section N=${size} rep ${rep + 1} ${kind}: up ${seconds(samples[kind].at(-1)!.ms)} s`);
    }
  }
  run.log(`plugin section: calls per operation, N=${callSize}`);
  const calls = await measureCalls(run, callSize, [], "plugin");
  const startToFirstCheck: number[] = [];
  for (let rep = 0; rep < run.plan.startupReps; rep++) startToFirstCheck.push(await pluginStartup(run));
  const distribution = await measurePluginDistribution(run.emu, DISTRIBUTION_REPS, (text) => run.log(text));
  return {
    distribution,
    size,
    up: { plugin: side(samples.plugin), syncauth: side(samples.syncauth), noop: side(samples.noop) },
    states,
    calls,
    startToFirstCheck,
  };
}

/** One resource on a fresh stack, `up` with the engine's -v=9 log: plugin launch → first Check answered. */
async function pluginStartup(run: BenchRun): Promise<number> {
  const stack = await run.newStack(run.fleetOf("plugin", 1));
  try {
    const { result } = await run.timed(stack, [...UP, "--logflow", "-v=9", "--logtostderr"]);
    if (result.code !== 0) throw new Error(`${result.command} exited ${result.code}\n${result.stdout.slice(-3000)}`);
    const timeline = providerTimeline(result.stderr, RESOURCE_TYPES.plugin, pluginLaunchPattern("syncauth"));
    if (timeline.pluginLaunch === undefined || timeline.checkEnd === undefined) {
      throw new Error("the engine log of the plugin's up has no plugin launch or Check (format changed?)");
    }
    return timeline.checkEnd - timeline.pluginLaunch;
  } finally {
    stack.dispose();
  }
}
