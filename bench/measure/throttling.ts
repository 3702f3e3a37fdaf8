import type { CommandResult } from "../../scripts/lib/pulumiCli";
import { BenchRun, UP } from "../benchRun";
import { RESOURCE_TYPES } from "../fleet";

export interface ThrottleResult {
  size: number;
  exitCode: number;
  authorized: number;
  /** Targets whose every attempt was answered 429: they ran out of retries. */
  gaveUp: number;
  /** Targets never sent: the engine stops starting new resources after the first failure. */
  neverSent: number;
  inState: number;
  throttled: number;
  tokens: number;
  ms: number;
  baselineMs: number;
  /** The first error line the CLI printed, when the run failed. */
  firstError?: string;
}

export async function measureThrottling(run: BenchRun, size: number): Promise<ThrottleResult> {
  const fleet = run.fleetOf("syncauth", size);
  const baselineStack = await run.newStack(fleet);
  let baselineMs: number;
  try {
    baselineMs = await run.mustTime(baselineStack, UP);
  } finally {
    baselineStack.dispose();
  }
  // clear() also rewinds the seeded generator, so the same requests are throttled on every run.
  run.emu.faults.clear();
  run.emu.faults.add({ route: "acquireAccessToken", probability: 0.3, action: { status: 429, retryAfter: "1" } });
  const stack = await run.newStack(fleet);
  try {
    run.emu.clearLog();
    const { ms, result } = await run.timed(stack, UP);
    const posts = run.emu.log.filter((e) => e.route === "acquireAccessToken");
    const succeeded = new Set(posts.filter((e) => e.status === 204).map((e) => e.targetId));
    const sent = new Set(posts.map((e) => e.targetId));
    const authorized = succeeded.size;
    const inState = (await stack.resources()).filter((r) => r.type === RESOURCE_TYPES.syncauth).length;
    return {
      size,
      exitCode: result.code,
      authorized,
      gaveUp: [...sent].filter((target) => !succeeded.has(target)).length,
      neverSent: size - sent.size,
      inState,
      throttled: run.emu.count({ route: "acquireAccessToken", status: 429 }),
      tokens: run.emu.count({ route: "token" }),
      ms,
      baselineMs,
      firstError: firstErrorLine(result),
    };
  } finally {
    stack.dispose();
    run.emu.faults.clear();
  }
}

/** The first line of a failed command's output that mentions an error; undefined when the command succeeded. */
export function firstErrorLine(result: CommandResult): string | undefined {
  return result.code === 0
    ? undefined
    : result.stdout
        .split("\n")
        .find((line) => /error/i.test(line))
        ?.trim();
}
