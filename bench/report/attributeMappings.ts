import { sameSchemaCalls, type MappingsResult } from "../measure/attributeMappings";
import { bytes, markdownTable, seconds, spread } from "../stats";
import type { Report } from "./report";

const LABELS = { dynamic: "dynamic resource", plugin: "syncauth plugin" } as const;

/** "0.412 ms (0.380–1.920)": a per-call time to the microsecond, with its range. */
function fineMs(values: number[]): string {
  const s = spread(values);
  return `${s.median.toFixed(3)} ms (${s.min.toFixed(3)}–${s.max.toFixed(3)})`;
}

export function reportAttributeMappings(report: Report, result: MappingsResult): void {
  const size = `${result.objectMappings} object mappings × ${result.attributeMappingsEach} attribute mappings`;
  const total = result.objectMappings * result.attributeMappingsEach;
  report.add(`
## 9. Attribute mappings: a schema of ${size}

One \`AttributeMappings\` owns a whole job (\`wholeObjectMapping\`) of ${size}
(bench/mappingsSchema.ts). The emulator's job first gets that schema as a portal edit would leave it, every source an
attribute; the program declares the same ${total} attribute mappings, ${result.functions} of them functions
(\`Join\`). Each front door runs on a job and stack of its own through preview → up → up with nothing changed → up
with one function changed → refresh → destroy. Expected is the resource's physical limit: up reads the schema, has
Graph parse each new or changed function, writes once and reads again to confirm; preview and an unchanged up call
nothing; refresh reads once; destroy reads the schema, the job and its template's schema, and writes once (every
owned mapping gives way to the template's).
`);
  report.add(
    markdownTable(
      [
        "front door",
        "operation",
        "token",
        "GET schema",
        "parseExpression",
        "PUT schema",
        "GET job / template",
        "all requests",
        "as expected",
        "wall time (1 run)",
      ],
      result.calls.map((r) => [
        LABELS[r.kind],
        r.operation,
        `${r.expected.token} / ${r.measured.token}`,
        `${r.expected.getSchema} / ${r.measured.getSchema}`,
        `${r.expected.parse} / ${r.measured.parse}`,
        `${r.expected.put} / ${r.measured.put}`,
        `${r.expected.getJob + r.expected.getTemplate} / ${r.measured.getJob + r.measured.getTemplate}`,
        String(r.measured.all),
        sameSchemaCalls(r.measured, r.expected) ? "yes" : "NO",
        `${seconds(r.ms)} s`,
      ]),
    ),
  );
  const callsOk = result.calls.every((r) => sameSchemaCalls(r.measured, r.expected));
  report.verdict(
    `attribute mappings of ${size}: calls at the physical limit (up 1 GET + 1 parse per changed function + 1 PUT + 1 GET, no-op 0)`,
    callsOk,
    callsOk ? "every operation, both front doors" : "see the rows marked NO",
  );

  const t = result.timings;
  report.add(`
What preview runs for this resource, timed in this process against the dynamic resource's state after its first
up: \`diff\` compares the state with the checked inputs, \`check\` validates the inputs and parses every expression
locally. ${t.iterations} calls of each, interleaved, after a warm-up; median (min–max) per call. Figures to read,
not goals.
`);
  report.add(
    markdownTable(
      ["pure function", "per call"],
      [
        ["diff, nothing changed", fineMs(t.diffUnchanged)],
        ["diff, one function changed", fineMs(t.diffOneChanged)],
        [`check (${total} expressions)`, fineMs(t.check)],
      ],
    ),
  );

  report.add(`
State of the one resource after its first up, from \`pulumi stack export\`: its outputs as JSON (what Graph holds
of the ${total} owned attribute mappings, with the inputs as checked), and its whole entry (inputs, outputs, the
engine's own fields; the dynamic resource's \`__provider\` included).
`);
  report.add(
    markdownTable(
      ["front door", "outputs JSON", "whole resource entry"],
      result.states.map((s) => [
        LABELS[s.kind],
        `${bytes(s.outputsBytes)} (${s.outputsBytes} B)`,
        `${bytes(s.resourceBytes)} (${s.resourceBytes} B)`,
      ]),
    ),
  );
}
