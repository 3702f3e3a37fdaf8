import type { Machine } from "./machine";
import type { CallRow, StateRow } from "./measure/calls";
import type { CallDurationsByKind, OverheadRow } from "./measure/overhead";
import type { ParallelRow } from "./measure/parallelism";
import type { StartupResult } from "./measure/startup";
import type { ThrottleResult } from "./measure/throttling";
import type { StormResult } from "./measure/throttlingStorm";
import type { BenchPlan } from "./plan";
import type { PluginResult } from "./measure/plugin";
import type { MappingsResult } from "./measure/attributeMappings";

/** Everything one run measured, for the report: a section's field is absent when the section did not run. */
export interface BenchResults {
  plan: BenchPlan;
  machine: Machine;
  runSeconds: number;
  loadAtStart: number;
  loadAtEnd: number;
  calls?: CallRow[];
  /** From section 1's stacks (syncauth) and section 2's first repetition (both kinds); first per kind and N kept. */
  states: StateRow[];
  overhead?: { rows: OverheadRow[]; largest: number; durations: CallDurationsByKind };
  parallel?: ParallelRow[];
  throttle?: ThrottleResult;
  storm?: StormResult;
  startup?: StartupResult;
  plugin?: PluginResult;
  attributeMappings?: MappingsResult;
  problems: string[];
}
