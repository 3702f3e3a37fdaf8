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
/** Goal of the install issue (23): the self-contained executable answers its first Check within 120 ms. */
const SEA_STARTUP_GOAL_MS = 120;

const FORMS = {
  sea: "self-contained executable (SEA)",
  launcher: "launcher (before; needs a Node ≥ 22 beside it)",
} as const;
const MB = (value: number) => `${(value / 1e6).toFixed(1)} MB`;

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

  const d = plugin.distribution;
  report.add(`
The plugin as users get it (\`scripts/build-plugin.ts\`; V8 code cache: ${d.codeCache}) beside the launcher that runs
the compiled plugin on a Node. Start-up: spawn → the port read from stdout (what the engine waits for), and spawn →
first Check answered (the port, then one Check over gRPC), no engine, ${d.startup.sea.length} launches each,
alternating. First run: \`pulumi preview\` of examples/yaml in
a fresh PULUMI_HOME (the executable installed there from its tarball, the launcher on PATH), where the YAML host
starts the plugin for the schema and the engine again for the work. Tarballs: the release asset, and the Node-needing
tarball \`scripts/package-plugin.ts\` made before.
`);
  report.add(
    markdownTable(
      ["plugin", "port announced", "first Check answered", "first preview", "tarball", "unpacked"],
      (["sea", "launcher"] as const).map((form) => [
        FORMS[form],
        spreadMs(d.port[form]),
        spreadMs(d.startup[form]),
        spreadMs(d.firstRun[form]),
        MB(d.sizes[form].bytes),
        MB(d.sizes[form].unpackedBytes),
      ]),
    ),
  );
  const seaStartup = spread(d.startup.sea).median;
  report.verdict(
    `self-contained plugin start-up (spawn → first Check answered) ≤ ${SEA_STARTUP_GOAL_MS} ms`,
    seaStartup <= SEA_STARTUP_GOAL_MS,
    `median ${Math.round(seaStartup)} ms, port announced ${Math.round(spread(d.port.sea).median)} ms ` +
      `(launcher ${Math.round(spread(d.startup.launcher).median)} ms, ${Math.round(spread(d.port.launcher).median)} ms)`,
  );
}
