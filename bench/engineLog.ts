/**
 * Reads the engine's own timestamps from `pulumi up --logflow -v=<n> --logtostderr` (one JSON object per line with
 * a nanosecond `time`), so provider calls are timed by the engine, not by hooks in provider code.
 */
export interface ProviderTimeline {
  /** The engine starts the provider's process (`pulumi-resource-<name>`); logged at -v=9. */
  pluginLaunch?: number;
  checkStart?: number;
  checkEnd?: number;
  createStart?: number;
  createEnd?: number;
}

/**
 * The engine's -v=9 line when it starts a plugin ("Launching plugin 'syncauth (resource)' from …"), e.g. the
 * dynamic-provider host `pulumi-nodejs` or `syncauth`.
 */
export function pluginLaunchPattern(plugin: string): RegExp {
  return new RegExp(`Launching plugin '${plugin}[ ']`);
}

const DYNAMIC_PROVIDER_HOST = pluginLaunchPattern("pulumi-nodejs");
/** Logged at -v=7, without property values (those come at -v=9). */
const CALL = /^Provider\[[^\]]+\]\.(Check|Create)\((urn:[^)]+)\) (executing|success)/;

interface EngineEntry {
  at: number;
  msg: string;
}

function* engineEntries(stderr: string): Generator<EngineEntry> {
  for (const line of stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { time?: unknown; msg?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry.time === "string" && typeof entry.msg === "string") {
      yield { at: Date.parse(entry.time), msg: entry.msg };
    }
  }
}

/**
 * Times (ms since the epoch) of the first launch of the provider (`launch`; default the dynamic-provider host) and of the first Check/Create of a
 * resource of `type` (a full type token such as "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization").
 */
export function providerTimeline(
  stderr: string,
  type: string,
  launch: RegExp = DYNAMIC_PROVIDER_HOST,
): ProviderTimeline {
  const timeline: ProviderTimeline = {};
  for (const { at, msg } of engineEntries(stderr)) {
    if (timeline.pluginLaunch === undefined && launch.test(msg)) timeline.pluginLaunch = at;
    const call = CALL.exec(msg);
    if (!call || !call[2].includes(`::${type}::`)) continue;
    const key = `${call[1] === "Check" ? "check" : "create"}${call[3] === "executing" ? "Start" : "End"}` as const;
    timeline[key] ??= at;
  }
  return timeline;
}

export interface CallDurations {
  check: number[];
  create: number[];
  /** First Check sent → last Create done: the part of the command in which the resources are worked on. */
  span: number;
}

/** How long each Check and Create of resources of `type` took, as the engine saw it (send → answer). */
export function callDurations(stderr: string, type: string): CallDurations {
  const started = new Map<string, number>();
  const durations: CallDurations = { check: [], create: [], span: 0 };
  let first = Infinity;
  let last = -Infinity;
  for (const { at, msg } of engineEntries(stderr)) {
    const call = CALL.exec(msg);
    if (!call || !call[2].includes(`::${type}::`)) continue;
    const key = `${call[1]} ${call[2]}`;
    if (call[3] === "executing") {
      started.set(key, at);
      first = Math.min(first, at);
    } else if (started.has(key)) {
      (call[1] === "Check" ? durations.check : durations.create).push(at - started.get(key)!);
      last = Math.max(last, at);
    }
  }
  durations.span = last > first ? last - first : 0;
  return durations;
}
