import type { BenchResults } from "../results";
import type { Report } from "./report";
import type { StartupResult, StartupSample } from "../measure/startup";
import { markdownTable, spreadMs } from "../stats";

export function reportStartup(report: Report, results: BenchResults, startup: StartupResult): void {
  const column = (samples: StartupSample[], key: keyof StartupSample) =>
    samples.length > 0 && samples[0][key] !== undefined ? spreadMs(samples.map((s) => s[key] as number)) : "–";
  report.add(`
## 6. Provider process start

Method: \`pulumi up --logflow -v=9 --logtostderr\` for one resource on a fresh stack. The engine logs every provider
call with a nanosecond timestamp; the emulator logs the arrival time of every request (same machine clock). No hook
in provider code: the times are the engine's and the emulator's. The first Check of a dynamic resource is where the
dynamic-provider host deserializes \`__provider\` and calls its \`configure\`, which for SynchronizationAuthorization
\`require()\`s the provider code (the Graph client, @azure/identity, axios) for the first time; the no-op resource
loads nothing. The headline is first Check → first Graph request (the OpenID configuration GET that precedes the
token request). ${results.plan.startupReps} repetition(s), A/B alternated, median (min–max). As a cross-check from outside,
the last row times \`require()\` of the provider code in a fresh \`node\` process.
`);
  report.add(
    markdownTable(
      ["interval", "SynchronizationAuthorization", "no-op dynamic resource"],
      [
        [
          "CLI start → engine launches the dynamic-provider host",
          column(startup.syncauth, "cliToLaunch"),
          column(startup.noop, "cliToLaunch"),
        ],
        [
          "host launch → first Check sent",
          column(startup.syncauth, "launchToCheck"),
          column(startup.noop, "launchToCheck"),
        ],
        ["first Check (executing → success)", column(startup.syncauth, "check"), column(startup.noop, "check")],
        ["Check done → Create sent", column(startup.syncauth, "checkToCreate"), column(startup.noop, "checkToCreate")],
        [
          "Create sent → first Graph request (no-op: → Create done)",
          column(startup.syncauth, "createToFirstEffect"),
          column(startup.noop, "createToFirstEffect"),
        ],
        ["**first Check sent → first Graph request**", column(startup.syncauth, "checkToGraph"), "–"],
        ["require() of the provider code, fresh node process", spreadMs(startup.requireMs), "–"],
      ],
    ),
  );
}
