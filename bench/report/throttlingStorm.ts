import type { StormResult } from "../measure/throttlingStorm";
import { STORM_PROBABILITY } from "../measure/throttlingStorm";
import { DEFAULT_MAX_RETRIES } from "../../provider/config/providerSettings";
import { markdownTable, seconds } from "../stats";
import type { Report } from "./report";

export function reportThrottlingStorm(report: Report, storm: StormResult): void {
  const runs = storm.runs;
  report.add(`
## 7. Throttling storm, repeated

${runs.length} consecutive \`up\`s (of ${storm.runsPlanned} asked for with \`--storm-runs\`) of N = ${storm.size} resources,
each on a fresh stack, with ${100 * STORM_PROBABILITY}% of \`acquireAccessToken\` calls answered 429 or 503 (half each) with
\`Retry-After: 1\` (seeded emulator faults) and the default \`syncauth:maxRetries\` ${DEFAULT_MAX_RETRIES}. A 429 or 503 with
Retry-After was not applied, so the provider waits as told for as long as the operation deadline
(\`syncauth:operationTimeoutSeconds\`) allows; \`maxRetries\` counts only failures without Retry-After. Goal: every run
authorizes every resource, with one token request, and every target accepted exactly once.
`);
  report.add(
    markdownTable(
      [
        "run",
        "exit code",
        "authorized (distinct targets, 204)",
        "accepted twice",
        "in state",
        "429/503 answers",
        "token requests",
        "up wall time",
      ],
      runs.map((r, index) => [
        String(index + 1),
        String(r.exitCode),
        `${r.authorized} / ${storm.size}`,
        String(r.acceptedTwice),
        String(r.inState),
        String(r.throttled),
        String(r.tokens),
        `${seconds(r.ms)} s`,
      ]),
    ),
  );
  for (const [index, r] of runs.entries()) {
    if (r.firstError) report.add(`\nRun ${index + 1} failed; its first error line: \`${r.firstError}\`\n`);
  }
  const good = runs.filter(
    (r) =>
      r.exitCode === 0 &&
      r.authorized === storm.size &&
      r.acceptedTwice === 0 &&
      r.inState === storm.size &&
      r.tokens === 1,
  );
  report.verdict(
    `every storm run authorizes ${storm.size}/${storm.size} with one token request, each target accepted once`,
    runs.length > 0 && good.length === runs.length,
    `${good.length} of ${runs.length} runs met it (${storm.runsPlanned} asked for)`,
  );
}
