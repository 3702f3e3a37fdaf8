/**
 * Reads the engine's own timestamps from `pulumi up --logflow -v=9 --logtostderr` (one JSON object per line with
 * a nanosecond `time`), so provider start-up is timed by the engine, not by hooks in provider code.
 */
export interface ProviderTimeline {
  /** The engine starts the dynamic-provider host (`pulumi-resource-pulumi-nodejs`). */
  pluginLaunch?: number;
  checkStart?: number;
  checkEnd?: number;
  createStart?: number;
  createEnd?: number;
}

const LAUNCH = /Launching plugin 'pulumi-nodejs/;
const CALL = /^Provider\[[^\]]+\]\.(Check|Create)\((urn:[^)]+)\) (executing|success)/;

/**
 * Times (ms since the epoch) of the first launch of the dynamic-provider host and of the first Check/Create of a
 * resource of `type` (a full type token such as "pulumi-nodejs:dynamic/msgraph:SynchronizationAuthorization").
 */
export function providerTimeline(stderr: string, type: string): ProviderTimeline {
  const timeline: ProviderTimeline = {};
  for (const line of stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { time?: string; msg?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry.time !== "string" || typeof entry.msg !== "string") continue;
    const at = Date.parse(entry.time);
    if (timeline.pluginLaunch === undefined && LAUNCH.test(entry.msg)) timeline.pluginLaunch = at;
    const call = CALL.exec(entry.msg);
    if (!call || !call[2].includes(`::${type}::`)) continue;
    const key = `${call[1] === "Check" ? "check" : "create"}${call[3] === "executing" ? "Start" : "End"}` as const;
    timeline[key] ??= at;
  }
  return timeline;
}
