import type { BenchResults } from "../results";
import type { Report } from "./report";
import { sameCalls, type CallRow } from "../measure/calls";
import { markdownTable, seconds } from "../stats";

export function reportCalls(report: Report, results: BenchResults, callRows: CallRow[]): void {
  report.add(`## 1. Graph calls per operation

Counted by the emulator's request log for one stack of N \`SynchronizationAuthorization\` resources going through
preview → up → up with nothing changed → up with one SecretToken changed → refresh → destroy. "token" is the Entra
token request, "POST" is \`acquireAccessToken\`, "GET" is the target lookup that refresh makes; "all" counts every
request (sign-in metadata such as the OpenID configuration included). Expected is the physical limit: preview sends
nothing, up signs in once and sends one POST per resource, an unchanged up sends nothing, one changed credential is
one POST (plus one token: every CLI command starts a new provider process, which signs in once), refresh reads each
target once, destroy sends nothing (Graph has no revoke).
`);
  report.add(
    markdownTable(
      [
        "N",
        "operation",
        "token exp/meas",
        "POST exp/meas",
        "GET exp/meas",
        "all requests",
        "as expected",
        "wall time (1 run)",
      ],
      callRows.map((r) => [
        String(r.size),
        r.operation,
        `${r.expected.token} / ${r.measured.token}`,
        `${r.expected.post} / ${r.measured.post}`,
        `${r.expected.get} / ${r.measured.get}`,
        String(r.measured.all),
        sameCalls(r.measured, r.expected) ? "yes" : "NO",
        `${seconds(r.ms)} s`,
      ]),
    ),
  );
  const callsOk = callRows.every((r) => sameCalls(r.measured, r.expected));
  report.verdict(
    "calls at the physical limit (preview 0/0, up 1 + N, no-op 0, one change 1 + 1, destroy 0)",
    callsOk,
    callsOk ? `every operation at N = ${results.plan.callSizes.join(", ")}` : "see the rows marked NO",
  );
}
