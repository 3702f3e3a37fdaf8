import { checkInputs } from "../../provider/resources/attributeMappings/inputs/checkInputs";
import { diffAttributeMappings } from "../../provider/resources/attributeMappings/planDiff";
import type { RouteName } from "../../test/emulator/requestLog";
import { BenchRun, DESTROY, PREVIEW, REFRESH, UP } from "../benchRun";
import {
  ATTRIBUTE_MAPPINGS,
  FUNCTIONS_PER_OBJECT_MAPPING,
  largeSchema,
  MappingsProgram,
  OBJECT_NAMES,
} from "../mappingsSchema";

export type MappingsKind = "dynamic" | "plugin";

export const MAPPINGS_TYPES: Record<MappingsKind, string> = {
  dynamic: "pulumi-nodejs:dynamic/syncauth:AttributeMappings",
  plugin: "syncauth:index:AttributeMappings",
};

/** Requests per route of one step; `all` counts every request (sign-in metadata included). */
export interface SchemaCalls {
  token: number;
  getSchema: number;
  parse: number;
  put: number;
  getJob: number;
  getTemplate: number;
  all: number;
}

export interface MappingsCallRow {
  kind: MappingsKind;
  operation: string;
  /** `all` is left open (-1) where sign-in metadata may add requests. */
  expected: SchemaCalls;
  measured: SchemaCalls;
  ms: number;
}

export interface MappingsState {
  kind: MappingsKind;
  /** `JSON.stringify` of the resource's outputs in `pulumi stack export`. */
  outputsBytes: number;
  /** The resource's whole entry in the export (inputs, outputs, the engine's fields). */
  resourceBytes: number;
}

/** Section 9: one AttributeMappings owning a job of 3 object mappings × 60 attribute mappings. */
export interface MappingsResult {
  objectMappings: number;
  attributeMappingsEach: number;
  functions: number;
  calls: MappingsCallRow[];
  states: MappingsState[];
  /** Per-call times (ms) of the pure functions preview runs, against the state of the dynamic resource's first up. */
  timings: { iterations: number; diffUnchanged: number[]; diffOneChanged: number[]; check: number[] };
}

const ROUTES: Record<Exclude<keyof SchemaCalls, "all">, RouteName> = {
  token: "token",
  getSchema: "getJobSchema",
  parse: "parseExpression",
  put: "putJobSchema",
  getJob: "getSynchronizationJob",
  getTemplate: "getTemplateSchema",
};

function calls(token: number, getSchema: number, parse: number, put: number, getJob = 0, getTemplate = 0): SchemaCalls {
  return { token, getSchema, parse, put, getJob, getTemplate, all: token + getSchema + parse + put === 0 ? 0 : -1 };
}

function observed(run: BenchRun): SchemaCalls {
  const counted = Object.fromEntries(
    Object.entries(ROUTES).map(([key, route]) => [key, run.emu.count({ route })]),
  ) as Omit<SchemaCalls, "all">;
  return { ...counted, all: run.emu.count({}) };
}

export function sameSchemaCalls(measured: SchemaCalls, expected: SchemaCalls): boolean {
  return (
    (Object.keys(ROUTES) as (keyof typeof ROUTES)[]).every((key) => measured[key] === expected[key]) &&
    (expected.all < 0 || measured.all === expected.all)
  );
}

export async function measureAttributeMappings(run: BenchRun, iterations: number): Promise<MappingsResult> {
  const functions = OBJECT_NAMES.length * FUNCTIONS_PER_OBJECT_MAPPING;
  const rows: MappingsCallRow[] = [];
  const states: MappingsState[] = [];
  let timings: MappingsResult["timings"] | undefined;
  for (const kind of ["dynamic", "plugin"] as const) {
    const objectId = run.emu.fixture.ownedServicePrincipal.objectId;
    const jobId = run.emu.synchronization.addJob(objectId).id;
    run.emu.synchronization.editSchema(objectId, jobId, largeSchema);
    const program = new MappingsProgram(kind, objectId, jobId);
    const stack = await run.newProgramStack(`bench-mappings-${kind}`, program.program, kind === "plugin");
    const step = async (operation: string, args: string[], expected: SchemaCalls) => {
      run.emu.clearLog();
      const ms = await run.mustTime(stack, args);
      const measured = observed(run);
      rows.push({ kind, operation, expected, measured, ms });
      if (!sameSchemaCalls(measured, expected)) {
        run.problems.push(
          `attribute mappings (${kind}) ${operation}: measured ${JSON.stringify(measured)}, expected ${JSON.stringify(expected)}`,
        );
      }
    };
    try {
      run.log(`attribute mappings, ${kind}: ${OBJECT_NAMES.length} × ${ATTRIBUTE_MAPPINGS}`);
      await step("preview", PREVIEW, calls(0, 0, 0, 0));
      // The schema holds attribute sources only: each declared function is new, and Graph parses each once.
      await step("first up", UP, calls(1, 2, functions, 1));
      const exported = JSON.parse(await stack.exportText());
      const resource = (exported.deployment?.resources ?? []).find(
        (entry: { type: string }) => entry.type === MAPPINGS_TYPES[kind],
      );
      if (resource === undefined) throw new Error(`no ${MAPPINGS_TYPES[kind]} in the state after up`);
      states.push({
        kind,
        outputsBytes: Buffer.byteLength(JSON.stringify(resource.outputs)),
        resourceBytes: Buffer.byteLength(JSON.stringify(resource)),
      });
      if (kind === "dynamic") timings = timePureFunctions(resource.outputs, program, iterations);
      await step("no-op up", UP, calls(0, 0, 0, 0));
      program.generation = 1;
      await step("up, one function changed", UP, calls(1, 2, 1, 1));
      await step("refresh", REFRESH, calls(1, 1, 0, 0));
      await step("destroy", DESTROY, calls(1, 1, 0, 1, 1, 1));
    } finally {
      stack.dispose();
    }
  }
  return {
    objectMappings: OBJECT_NAMES.length,
    attributeMappingsEach: ATTRIBUTE_MAPPINGS,
    functions,
    calls: rows,
    states,
    timings: timings!,
  };
}

/**
 * check (what preview runs on the inputs, every expression included) and diff (the state against the checked
 * inputs), each `iterations` times after a warm-up, one call per sample, the three interleaved. Pure: no network,
 * no engine.
 */
function timePureFunctions(
  state: Record<string, unknown>,
  program: MappingsProgram,
  iterations: number,
): MappingsResult["timings"] {
  const checkedAt = (generation: number) => {
    program.generation = generation;
    const outcome = checkInputs(program.args());
    program.generation = 0;
    if (outcome.inputs === undefined)
      throw new Error(`the bench's inputs fail check: ${JSON.stringify(outcome.failures)}`);
    return outcome.inputs;
  };
  const unchanged = checkedAt(0);
  const oneChanged = checkedAt(1);
  if (diffAttributeMappings(state, unchanged).changes) throw new Error("the diff of unchanged inputs finds a change");
  if (!diffAttributeMappings(state, oneChanged).changes) throw new Error("the diff misses the changed function");
  const args = program.args();
  const work = {
    diffUnchanged: () => diffAttributeMappings(state, unchanged),
    diffOneChanged: () => diffAttributeMappings(state, oneChanged),
    check: () => checkInputs(args),
  };
  const times: Record<keyof typeof work, number[]> = { diffUnchanged: [], diffOneChanged: [], check: [] };
  // Interleaved, so that the three share the JIT's warm-up and any load on the machine.
  const warmUp = Math.min(200, iterations);
  for (let i = 0; i < warmUp + iterations; i++) {
    for (const name of Object.keys(work) as (keyof typeof work)[]) {
      const started = performance.now();
      work[name]();
      if (i >= warmUp) times[name].push(performance.now() - started);
    }
  }
  return { iterations, ...times };
}
