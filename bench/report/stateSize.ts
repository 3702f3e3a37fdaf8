import type { ResourceKind } from "../fleet";
import type { StateRow } from "../measure/calls";
import type { BenchResults } from "../results";
import { bytes, markdownTable } from "../stats";
import type { Report } from "./report";

/** One row per kind and N, sorted; sections 1 and 2 both measure some sizes, and the first measured is kept. */
function distinctStates(states: readonly StateRow[]): StateRow[] {
  const byKindAndSize = new Map<string, StateRow>();
  for (const state of states) {
    const key = `${state.kind}:${state.size}`;
    if (!byKindAndSize.has(key)) byKindAndSize.set(key, state);
  }
  const kindOrder: ResourceKind[] = ["syncauth", "noop"];
  return [...byKindAndSize.values()].sort(
    (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.size - b.size,
  );
}

export function reportStateSize(report: Report, results: BenchResults): void {
  report.add(`
## 5. State size

From \`pulumi stack export\` right after the first \`up\`. \`__provider\` is the serialized provider text stored with
each resource (once in its inputs and once in its outputs). "export per resource" is the whole export divided by N;
"marginal" is the growth per added resource relative to the smallest stack of the same kind measured (it removes
the stack's fixed part). The SynchronizationAuthorization rows come from section 1's stacks (N = 50 and 200 from
section 2's when section 1 did not run), the no-op rows from section 2's.
`);
  const states = distinctStates(results.states);
  const smallest = (kind: ResourceKind) =>
    states.filter((s) => s.kind === kind).reduce((a, b) => (b.size < a.size ? b : a));
  report.add(
    markdownTable(
      ["resource", "N", "__provider per resource", "stack export", "export per resource", "marginal per resource"],
      states.map((s) => {
        const base = smallest(s.kind);
        return [
          s.kind === "syncauth" ? "SynchronizationAuthorization" : "no-op dynamic resource",
          String(s.size),
          bytes(s.providerBytes),
          bytes(s.exportBytes),
          bytes(Math.round(s.exportBytes / s.size)),
          s.size > base.size ? bytes(Math.round((s.exportBytes - base.exportBytes) / (s.size - base.size))) : "–",
        ];
      }),
    ),
  );
  const providerBytes = Math.max(...states.filter((s) => s.kind === "syncauth").map((s) => s.providerBytes));
  report.verdict("`__provider` ≤ 1 KB per resource", providerBytes <= 1024, `${providerBytes} bytes`);
}
