/** What one benchmark run measures: the sizes, repetitions and sections, from the command line. */
export interface BenchPlan {
  quick: boolean;
  /** The report sections to measure and write (1–6); all unless `--sections` names some. */
  sections: ReadonlySet<number>;
  callSizes: number[];
  overheadSizes: number[];
  repetitions: number;
  parallelReps: number;
  throttleSize: number;
  startupReps: number;
}

export const ALL_SECTIONS: readonly number[] = [1, 2, 3, 4, 5, 6];

const FULL = {
  callSizes: [1, 10, 50, 200],
  overheadSizes: [50, 200],
  repetitions: 3,
  parallelReps: 2,
  throttleSize: 200,
  startupReps: 3,
};

const QUICK = {
  callSizes: [1, 10, 50],
  overheadSizes: [50, 200],
  repetitions: 1,
  parallelReps: 1,
  throttleSize: 50,
  startupReps: 1,
};

/**
 * `--quick` for a smoke run, `--sections 2,5` (or `--sections=2,5`) for some sections only. Section 5 (state size)
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
  return { quick, sections: new Set(sections), ...(quick ? QUICK : FULL) };
}

/** A full run of every section: the only kind of run that replaces bench/RESULTS.md. */
export function isComplete(plan: BenchPlan): boolean {
  return !plan.quick && ALL_SECTIONS.every((section) => plan.sections.has(section));
}
