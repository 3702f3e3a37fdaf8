import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { Emulator } from "../test/emulator";
import { emulatedStack } from "../test/engine/emulatedStack";
import type { LocalStack } from "../scripts/lib/localStack";
import type { CommandResult } from "../scripts/lib/pulumiCli";
import { nodeVariable } from "../scripts/lib/pluginLauncher";
import { stagedSyncauthDir } from "../scripts/lib/syncauthPlugin";
import { Fleet, type ResourceKind } from "./fleet";
import type { PackageSnapshot } from "./packageSnapshot";
import type { BenchPlan } from "./plan";

export const UP = ["up", "--yes", "--skip-preview", "--non-interactive"];
export const PREVIEW = ["preview", "--non-interactive"];
export const REFRESH = ["refresh", "--yes", "--skip-preview", "--non-interactive"];
export const DESTROY = ["destroy", "--yes", "--skip-preview", "--non-interactive"];

/**
 * Makes the engine write the state once at the end of an update instead of after every step. Used only to show how
 * much of `up` is the file backend rewriting the whole checkpoint after each resource.
 */
export const SKIP_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };

/** A PATH on which the CLI finds `pulumi-resource-syncauth` (built from this tree once), run by this Node. */
function pluginSearchEnv(): NodeJS.ProcessEnv {
  return {
    PATH: `${stagedSyncauthDir()}${path.delimiter}${process.env.PATH ?? ""}`,
    [nodeVariable("syncauth")]: process.execPath,
  };
}

/** What every measurement works with: the emulator, the pinned package, the plan, and the problems seen so far. */
export class BenchRun {
  /** Wrong call counts and failed authorizations: they make the run exit non-zero and are listed in the report. */
  readonly problems: string[] = [];

  constructor(
    readonly emu: Emulator,
    readonly snapshot: PackageSnapshot,
    readonly plan: BenchPlan,
  ) {}

  log(text: string): void {
    console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}`);
  }

  async newStack(fleet: Fleet, config: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<LocalStack> {
    return this.newProgramStack(`bench-${fleet.kind}-${fleet.size}`, fleet.program, fleet.kind === "plugin", {
      config,
      env,
    });
  }

  /** A stack of the emulator running `program`; `plugin`: the CLI finds `pulumi-resource-syncauth` on PATH. */
  async newProgramStack(
    projectName: string,
    program: PulumiFn,
    plugin: boolean,
    { config = {}, env = {} }: { config?: Record<string, string>; env?: NodeJS.ProcessEnv } = {},
  ): Promise<LocalStack> {
    const stack = await emulatedStack({
      emulator: this.emu,
      projectName,
      program,
      config: Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])),
      // The stack's `syncauth:` config is the plugin's default provider's config, as for the dynamic resource.
      env: plugin ? { ...pluginSearchEnv(), ...env } : env,
    });
    this.snapshot.linkInto(stack.workDir);
    return stack;
  }

  fleetOf(kind: ResourceKind, size: number): Fleet {
    const ids = this.emu.fixture.generatedServicePrincipals.slice(0, size).map((sp) => sp.objectId);
    if (ids.length < size) throw new Error(`the fixture has ${ids.length} owned service principals, ${size} needed`);
    return new Fleet(kind, ids);
  }

  async timed(stack: LocalStack, args: string[]): Promise<{ ms: number; result: CommandResult }> {
    const started = performance.now();
    const result = await stack.pulumi(args);
    return { ms: performance.now() - started, result };
  }

  /** Runs a command that must succeed; a failed command makes its timing meaningless. */
  async mustTime(stack: LocalStack, args: string[]): Promise<number> {
    const { ms, result } = await this.timed(stack, args);
    if (result.code !== 0) {
      throw new Error(
        `${result.command} exited ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
      );
    }
    return ms;
  }
}
