import type { ResourceKind } from "../fleet";
import { sameCalls } from "../measure/calls";
import type { PluginResult } from "../measure/plugin";
import { bytes, formatSpread, markdownTable, seconds, spread, spreadMs } from "../stats";
import type { Report } from "./report";

const LABELS: Record<ResourceKind, string> = {
  plugin: "syncauth provider plugin",
  syncauth: "SynchronizationAuthorization (dynamic)",
  noop: "no-op dynamic resource",
};

/** Goals of the provider-plugin issue: up ≤ 0.9× the no-op dynamic resource, state ≤ half, start-up < 300 ms. */
const UP_RATIO_GOAL = 0.9;
const STATE_RATIO_GOAL = 0.5;
const STARTUP_GOAL_MS = 300;

export function reportPlugin(report: Report, plugin: PluginResult, repetitions: number): void {
  report.add(`
## 8. The provider plugin beside the dynamic resource

The same N resources (one sign-in, N POSTs) through the \`syncauth\` provider plugin (\`pulumi-resource-syncauth\`,
built from this tree, found on PATH, registered from a TypeScript program as a generated SDK registers it), through
the dynamic resource, and through the no-op dynamic resource, each \`up\` on a fresh stack, the order rotated in each
of ${repetitions} repetition(s); median (min–max). A plugin stores no \`__provider\` and loads our code once per process.
CPU is that of the \`pulumi\` process and everything it started (engine, provider processes).
`);
  const upRatio = (kind: ResourceKind) => plugin.up[kind].wall.median / plugin.up.noop.wall.median;
  const cpuRatio = (kind: ResourceKind) => plugin.up[kind].childrenCpu.median / plugin.up.noop.childrenCpu.median;
  report.add(
    markdownTable(
      ["resource", `up, N = ${plugin.size}`, "÷ no-op", "CPU of CLI + providers", "CPU ÷ no-op"],
      (["plugin", "syncauth", "noop"] as const).map((kind) => [
        LABELS[kind],
        formatSpread(plugin.up[kind].wall),
        upRatio(kind).toFixed(2),
        `${seconds(plugin.up[kind].childrenCpu.median)} s`,
        cpuRatio(kind).toFixed(2),
      ]),
    ),
  );
  report.verdict(
    `plugin up of N = ${plugin.size} ≤ ${UP_RATIO_GOAL}× the no-op dynamic resource`,
    upRatio("plugin") <= UP_RATIO_GOAL,
    `wall-time ratio ${upRatio("plugin").toFixed(2)}, CPU ratio ${cpuRatio("plugin").toFixed(2)} ` +
      `(dynamic resource: ${upRatio("syncauth").toFixed(2)}, ${cpuRatio("syncauth").toFixed(2)})`,
  );

  const perResource = (kind: ResourceKind) => {
    const state = plugin.states.find((s) => s.kind === kind);
    return state === undefined ? undefined : state.exportBytes / state.size;
  };
  const pluginBytes = perResource("plugin");
  const dynamicBytes = perResource("syncauth");
  if (pluginBytes !== undefined && dynamicBytes !== undefined) {
    report.add(
      markdownTable(
        ["resource", `stack export per resource, N = ${plugin.size}`],
        [
          [LABELS.plugin, bytes(Math.round(pluginBytes))],
          [LABELS.syncauth, bytes(Math.round(dynamicBytes))],
        ],
      ),
    );
    report.verdict(
      `plugin state per resource ≤ ${STATE_RATIO_GOAL}× the dynamic resource's`,
      pluginBytes / dynamicBytes <= STATE_RATIO_GOAL,
      `${bytes(Math.round(pluginBytes))} vs ${bytes(Math.round(dynamicBytes))} (${(pluginBytes / dynamicBytes).toFixed(2)}×)`,
    );
  }

  report.add(`
Graph calls of the plugin, counted as in section 1 (N = ${plugin.calls[0]?.size ?? "–"}):
`);
  report.add(
    markdownTable(
      ["operation", "token exp/meas", "POST exp/meas", "GET exp/meas", "as expected"],
      plugin.calls.map((r) => [
        r.operation,
        `${r.expected.token} / ${r.measured.token}`,
        `${r.expected.post} / ${r.measured.post}`,
        `${r.expected.get} / ${r.measured.get}`,
        sameCalls(r.measured, r.expected) ? "yes" : "NO",
      ]),
    ),
  );
  const callsOk = plugin.calls.every((r) => sameCalls(r.measured, r.expected));
  report.verdict(
    "the plugin makes the dynamic resource's exact calls",
    callsOk,
    callsOk ? "every operation" : "see NO",
  );

  const startup = spread(plugin.startToFirstCheck);
  report.add(`
Plugin start-up: the engine's -v=9 log, from "Launching plugin 'syncauth (resource)'" to the first Check answered
(the plugin loads Node, our code and its dependencies, serves gRPC, answers GetPluginInfo, CheckConfig, Configure):
${spreadMs(plugin.startToFirstCheck)} over ${plugin.startToFirstCheck.length} run(s).
`);
  report.verdict(
    `plugin start-up (process start → first Check answered) < ${STARTUP_GOAL_MS} ms`,
    startup.median < STARTUP_GOAL_MS,
    `median ${Math.round(startup.median)} ms`,
  );
}
