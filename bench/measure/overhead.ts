import type { LocalStack } from "../../scripts/lib/localStack";
import { BenchRun, PREVIEW, SKIP_CHECKPOINTS, UP } from "../benchRun";
import { cpuSince, cpuTimes, type CpuTimes } from "../cpu";
import { callDurations, type CallDurations } from "../engineLog";
import { RESOURCE_TYPES, type ResourceKind } from "../fleet";
import { seconds, spread, type Spread } from "../stats";
import { stateSize, type StateRow } from "./calls";

export const OVERHEAD_COMMANDS = ["up", "preview", "up, PULUMI_SKIP_CHECKPOINTS=true"] as const;
export type OverheadCommand = (typeof OVERHEAD_COMMANDS)[number];

interface OverheadSample {
  ms: number;
  cpu: CpuTimes;
}

export interface OverheadSide {
  wall: Spread;
  childrenCpu: Spread;
  selfCpu: Spread;
}

export interface OverheadRow {
  size: number;
  command: OverheadCommand;
  syncauth: OverheadSide;
  noop: OverheadSide;
}

/** The two dynamic resources this section compares (section 8 adds the plugin). */
type ComparedKind = Exclude<ResourceKind, "plugin">;

export async function mustMeasure(run: BenchRun, stack: LocalStack, args: string[]): Promise<OverheadSample> {
  const before = cpuTimes();
  const ms = await run.mustTime(stack, args);
  return { ms, cpu: cpuSince(before) };
}

export function side(samples: OverheadSample[]): OverheadSide {
  return {
    wall: spread(samples.map((s) => s.ms)),
    childrenCpu: spread(samples.map((s) => s.cpu.childrenMs)),
    selfCpu: spread(samples.map((s) => s.cpu.selfMs)),
  };
}

export async function measureOverhead(run: BenchRun, size: number, states: StateRow[]): Promise<OverheadRow[]> {
  const samples: Record<ComparedKind, Record<OverheadCommand, OverheadSample[]>> = {
    syncauth: { up: [], preview: [], "up, PULUMI_SKIP_CHECKPOINTS=true": [] },
    noop: { up: [], preview: [], "up, PULUMI_SKIP_CHECKPOINTS=true": [] },
  };
  for (let rep = 0; rep < run.plan.repetitions; rep++) {
    // Alternate which kind goes first so drift (caches, disk, a busy neighbour) falls on both sides.
    const order: ComparedKind[] = rep % 2 === 0 ? ["syncauth", "noop"] : ["noop", "syncauth"];
    for (const kind of order) {
      // A fresh stack per sample: `up` always creates N resources, and no destroy has to be waited for.
      const stack = await run.newStack(run.fleetOf(kind, size));
      try {
        samples[kind].preview.push(await mustMeasure(run, stack, PREVIEW));
        run.emu.clearLog();
        samples[kind].up.push(await mustMeasure(run, stack, UP));
        if (kind === "syncauth" && run.emu.count({ route: "acquireAccessToken", status: 204 }) !== size) {
          run.problems.push(
            `overhead N=${size}: ${run.emu.count({ route: "acquireAccessToken", status: 204 })} authorizations`,
          );
        }
        if (rep === 0) states.push(await stateSize(run, stack, kind, size));
      } finally {
        stack.dispose();
      }
      const unchecked = await run.newStack(run.fleetOf(kind, size), {}, SKIP_CHECKPOINTS);
      try {
        samples[kind]["up, PULUMI_SKIP_CHECKPOINTS=true"].push(await mustMeasure(run, unchecked, UP));
      } finally {
        unchecked.dispose();
      }
      run.log(
        `overhead N=${size} rep ${rep + 1} ${kind}: ` +
          OVERHEAD_COMMANDS.map((command) => `${command} ${seconds(samples[kind][command].at(-1)!.ms)} s`).join(", "),
      );
    }
  }
  return OVERHEAD_COMMANDS.map((command) => ({
    size,
    command,
    syncauth: side(samples.syncauth[command]),
    noop: side(samples.noop[command]),
  }));
}

/** One more `up` per kind with the engine's call log on, to see which provider calls the time goes to. */
/** The provider call timings of one logged `up` per kind, and its wall time. */
export type CallDurationsByKind = Record<ComparedKind, CallDurations & { ms: number }>;

export async function measureCallDurations(run: BenchRun, size: number): Promise<CallDurationsByKind> {
  const result: Partial<Record<ComparedKind, CallDurations & { ms: number }>> = {};
  for (const kind of ["syncauth", "noop"] as const) {
    const stack = await run.newStack(run.fleetOf(kind, size));
    try {
      // -v=7 logs each provider call with its time but no property values (-v=9 would print them).
      const { ms, result: logged } = await run.timed(stack, [...UP, "--logflow", "-v=7", "--logtostderr"]);
      if (logged.code !== 0) throw new Error(`${logged.command} exited ${logged.code}\n${logged.stdout.slice(-3000)}`);
      result[kind] = { ...callDurations(logged.stderr, RESOURCE_TYPES[kind]), ms };
    } finally {
      stack.dispose();
    }
  }
  return result as CallDurationsByKind;
}
