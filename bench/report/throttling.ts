import type { BenchResults } from "../results";
import type { Report } from "./report";
import { DEFAULT_MAX_RETRIES } from "../../provider/config/providerSettings";
import type { ThrottleResult } from "../measure/throttling";
import { markdownTable, seconds } from "../stats";

export function reportThrottling(report: Report, results: BenchResults, throttle: ThrottleResult): void {
  report.add(`
## 4. Throttling

N = ${throttle.size} on a fresh stack; 30% of \`acquireAccessToken\` calls answered 429 with \`Retry-After: 1\` (seeded
emulator fault, probability 0.3, so the same requests are throttled on every run); compared with the same \`up\`
without throttling just before. A throttled Create waits the Retry-After inside the provider process while its
engine slot (\`--parallel\` ${results.machine.parallelDefault}) stays taken, so ${throttle.throttled} waits of 1 s spread over
${results.machine.parallelDefault} slots can add up to about ${seconds((throttle.throttled * 1000) / results.machine.parallelDefault)} s.
A 429 with Retry-After was not applied, so it is waited out for as long as the operation deadline
(\`syncauth:operationTimeoutSeconds\`) allows and does not count against \`syncauth:maxRetries\` (${DEFAULT_MAX_RETRIES} by
default), which counts only failures without Retry-After; section 7 repeats this under a 429/503 storm.
`);
  report.add(
    markdownTable(
      [
        "N",
        "exit code",
        "authorized (distinct targets, 204)",
        "gave up / never sent",
        "in state",
        "429 answers (= retries)",
        "token requests",
        "up wall time",
        "without throttling",
        "extra time",
      ],
      [
        [
          String(throttle.size),
          String(throttle.exitCode),
          `${throttle.authorized} / ${throttle.size} (${((100 * throttle.authorized) / throttle.size).toFixed(0)}%)`,
          `${throttle.gaveUp} / ${throttle.neverSent}`,
          String(throttle.inState),
          String(throttle.throttled),
          String(throttle.tokens),
          `${seconds(throttle.ms)} s`,
          `${seconds(throttle.baselineMs)} s`,
          `${seconds(throttle.ms - throttle.baselineMs)} s`,
        ],
      ],
    ),
  );
  if (throttle.firstError)
    report.add(`\nThe throttled \`up\` failed; its first error line: \`${throttle.firstError}\`\n`);
  report.verdict(
    "throttled run succeeds with 0 extra token requests",
    throttle.exitCode === 0 && throttle.authorized === throttle.size && throttle.tokens === 1,
    `${throttle.authorized}/${throttle.size} authorized (${throttle.gaveUp} gave up, ` +
      `${throttle.neverSent} never sent), ${throttle.throttled} retries, ${throttle.tokens - 1} extra token requests`,
  );
}
