import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../scripts/lib/pulumiCli";
import { BenchRun, UP } from "../benchRun";
import { providerTimeline, type ProviderTimeline } from "../engineLog";
import { RESOURCE_TYPES, type ResourceKind } from "../fleet";

export interface StartupSample {
  cliToLaunch: number;
  launchToCheck: number;
  check: number;
  checkToCreate: number;
  /** Create executing → first Graph request (syncauth) or → Create success (noop, which sends nothing). */
  createToFirstEffect: number;
  /** First Check executing → first Graph request (syncauth only). */
  checkToGraph?: number;
}

async function startupSample(run: BenchRun, kind: ResourceKind): Promise<StartupSample> {
  const stack = await run.newStack(run.fleetOf(kind, 1));
  try {
    run.emu.clearLog();
    const cliStart = Date.now();
    const { result } = await run.timed(stack, [...UP, "--logflow", "-v=9", "--logtostderr"]);
    if (result.code !== 0) throw new Error(`${result.command} exited ${result.code}\n${result.stdout.slice(-3000)}`);
    const t = providerTimeline(result.stderr, RESOURCE_TYPES[kind]);
    const need = (key: keyof ProviderTimeline): number => {
      const value = t[key];
      if (value === undefined) throw new Error(`engine log of ${kind} has no ${key} (format changed?)`);
      return value;
    };
    const firstGraph = run.emu.log.length > 0 ? Math.min(...run.emu.log.map((e) => Date.parse(e.at))) : undefined;
    if (kind === "syncauth" && firstGraph === undefined) throw new Error("syncauth up sent no request");
    return {
      cliToLaunch: need("pluginLaunch") - cliStart,
      launchToCheck: need("checkStart") - need("pluginLaunch"),
      check: need("checkEnd") - need("checkStart"),
      checkToCreate: need("createStart") - need("checkEnd"),
      createToFirstEffect: (kind === "syncauth" ? firstGraph! : need("createEnd")) - need("createStart"),
      checkToGraph: kind === "syncauth" ? firstGraph! - need("checkStart") : undefined,
    };
  } finally {
    stack.dispose();
  }
}

/** Loading the provider code in a fresh Node process, timed from outside the provider (no hook in its code). */
function requireTime(run: BenchRun): number {
  const providerModule = path.join(run.snapshot.directory, "dist", "provider", "dynamic", "resourceProvider");
  const script =
    `const t=process.hrtime.bigint();require(${JSON.stringify(providerModule)});` +
    "process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";
  const loaded = spawnSync(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, encoding: "utf8" });
  if (loaded.status !== 0) throw new Error(`loading the provider code failed: ${loaded.stderr}`);
  return Number(loaded.stdout);
}

/** The start-up samples of both kinds, and the time to require() the provider code in a fresh process. */
export interface StartupResult {
  syncauth: StartupSample[];
  noop: StartupSample[];
  requireMs: number[];
}

export async function measureStartup(run: BenchRun): Promise<StartupResult> {
  const samples: Record<Exclude<ResourceKind, "plugin">, StartupSample[]> = { syncauth: [], noop: [] };
  for (let rep = 0; rep < run.plan.startupReps; rep++) {
    const order: Exclude<ResourceKind, "plugin">[] = rep % 2 === 0 ? ["syncauth", "noop"] : ["noop", "syncauth"];
    for (const kind of order) samples[kind].push(await startupSample(run, kind));
  }
  const requireMs = Array.from({ length: Math.max(3, run.plan.startupReps) }, () => requireTime(run));
  return { ...samples, requireMs };
}
