/** What one benchmark run measures: the sizes, repetitions and sections, from the command line. */
export interface BenchPlan {
  quick: boolean;
  /** The report sections to measure and write (1–9); all unless `--sections` names some. */
  sections: ReadonlySet<number>;
  callSizes: number[];
  overheadSizes: number[];
  repetitions: number;
  parallelReps: number;
  throttleSize: number;
  startupReps: number;
  /** Section 7: how many consecutive stormy `up`s (`--storm-runs N`; 20 in a full run, 2 in a quick one). */
  stormRuns: number;
  stormSize: number;
  /** Section 8: N of the plugin's `up` comparison, and N of its call counts. */
  pluginSize: number;
  pluginCallSize: number;
  /** Section 9: how many times each pure function (diff, check) is timed. */
  mappingsIterations: number;
}

export const ALL_SECTIONS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

const FULL = {
  callSizes: [1, 10, 50, 200],
  overheadSizes: [50, 200],
  repetitions: 3,
  parallelReps: 2,
  throttleSize: 200,
  startupReps: 3,
  stormRuns: 20,
  stormSize: 200,
  pluginSize: 200,
  pluginCallSize: 10,
  mappingsIterations: 2000,
};

const QUICK = {
  callSizes: [1, 10, 50],
  overheadSizes: [50, 200],
  repetitions: 1,
  parallelReps: 1,
  throttleSize: 50,
  startupReps: 1,
  stormRuns: 2,
  stormSize: 50,
  pluginSize: 50,
  pluginCallSize: 10,
  mappingsIterations: 200,
};

/**
 * `--quick` for a smoke run, `--sections 2,5` (or `--sections=2,5`) for some sections only, `--storm-runs N` for
 * the number of runs of section 7. Section 5 (state size)
 * reads the stacks of sections 1 and 2: with 2 and without 1, both kinds' sizes come from section 2's stacks.
 */
export function planFrom(argv: readonly string[]): BenchPlan {
  const quick = argv.includes("--quick");
  const inline = argv.find((arg) => arg.startsWith("--sections="));
  const listed = inline?.slice("--sections=".length) ?? argv[argv.indexOf("--sections") + 1];
  const requested = argv.includes("--sections") || inline !== undefined ? listed : undefined;
  const sections = requested === undefined ? ALL_SECTIONS : requested.split(",").map((part) => Number(part.trim()));
  for (const section of sections) {
    if (!ALL_SECTIONS.includes(section)) {
      throw new Error(
        `--sections takes section numbers from ${ALL_SECTIONS.join(", ")}, got ${JSON.stringify(listed)}`,
      );
    }
  }
  const sizes = quick ? QUICK : FULL;
  const stormRuns = numberFlag(argv, "--storm-runs") ?? sizes.stormRuns;
  return { quick, sections: new Set(sections), ...sizes, stormRuns };
}

/** `--name N` or `--name=N`, a whole number ≥ 1. */
function numberFlag(argv: readonly string[], name: string): number | undefined {
  const inline = argv.find((arg) => arg.startsWith(`${name}=`));
  const text = inline?.slice(name.length + 1) ?? (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  if (text === undefined) {
    return undefined;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} takes a whole number of at least 1, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A full run of every section: the only kind of run that replaces bench/RESULTS.md. */
export function isComplete(plan: BenchPlan): boolean {
  return !plan.quick && plan.stormRuns >= FULL.stormRuns && ALL_SECTIONS.every((section) => plan.sections.has(section));
}
