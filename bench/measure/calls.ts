import type { LocalStack } from "../../scripts/lib/localStack";
import { BenchRun, DESTROY, PREVIEW, REFRESH, UP } from "../benchRun";
import { RESOURCE_TYPES, type ResourceKind } from "../fleet";

export interface Calls {
  token: number;
  post: number;
  get: number;
  all: number;
}

export interface CallRow {
  size: number;
  operation: string;
  expected: Calls;
  measured: Calls;
  ms: number;
}

export interface StateRow {
  kind: ResourceKind;
  size: number;
  providerBytes: number;
  exportBytes: number;
}

function observedCalls(run: BenchRun): Calls {
  return {
    token: run.emu.count({ route: "token" }),
    post: run.emu.count({ route: "acquireAccessToken" }),
    get: run.emu.count({ route: "listSynchronizationTemplates" }),
    all: run.emu.count({}),
  };
}

export async function stateSize(run: BenchRun, stack: LocalStack, kind: ResourceKind, size: number): Promise<StateRow> {
  const exported = await stack.exportText();
  const resources = (JSON.parse(exported).deployment?.resources ?? []) as {
    type: string;
    inputs?: { __provider?: string };
  }[];
  const mine = resources.filter((r) => r.type === RESOURCE_TYPES[kind]);
  if (mine.length !== size) run.problems.push(`state of ${kind} N=${size} holds ${mine.length} resources`);
  const providerBytes = Math.max(...mine.map((r) => Buffer.byteLength(r.inputs?.__provider ?? "")));
  return { kind, size, providerBytes, exportBytes: Buffer.byteLength(exported) };
}

/** Section 1 for the dynamic resource; section 8 runs it for the plugin (`kind`), which must make the same calls. */
export async function measureCalls(
  run: BenchRun,
  size: number,
  states: StateRow[],
  kind: Exclude<ResourceKind, "noop"> = "syncauth",
): Promise<CallRow[]> {
  const fleet = run.fleetOf(kind, size);
  const stack = await run.newStack(fleet);
  const rows: CallRow[] = [];
  const step = async (operation: string, args: string[], expected: Calls) => {
    run.emu.clearLog();
    const ms = await run.mustTime(stack, args);
    const measured = observedCalls(run);
    rows.push({ size, operation, expected, measured, ms });
    if (!sameCalls(measured, expected)) {
      run.problems.push(
        `N=${size} ${operation}: measured ${JSON.stringify(measured)}, expected ${JSON.stringify(expected)}`,
      );
    }
  };
  try {
    // `all` counts every request, sign-in metadata included; the expectation leaves it open (-1).
    await step("preview", PREVIEW, { token: 0, post: 0, get: 0, all: 0 });
    await step("first up", UP, { token: 1, post: size, get: 0, all: -1 });
    states.push(await stateSize(run, stack, kind, size));
    await step("no-op up", UP, { token: 0, post: 0, get: 0, all: 0 });
    fleet.rotation += 1;
    await step("up, one credential changed", UP, { token: 1, post: 1, get: 0, all: -1 });
    await step("refresh", REFRESH, { token: 1, post: 0, get: size, all: -1 });
    await step("destroy", DESTROY, { token: 0, post: 0, get: 0, all: 0 });
  } finally {
    stack.dispose();
  }
  return rows;
}

export function sameCalls(measured: Calls, expected: Calls): boolean {
  return (
    measured.token === expected.token &&
    measured.post === expected.post &&
    measured.get === expected.get &&
    (expected.all < 0 || measured.all === expected.all)
  );
}
