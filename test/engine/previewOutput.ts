/**
 * Reads the steps the CLI planned from `pulumi preview --diff` (or `up`) output: resource name → operation, e.g.
 * `{ scim: "update" }`. The diff display prints, per resource, `<type>: (<operation>)` then its `[urn=…::<name>]`.
 */
export function plannedOperations(output: string): Record<string, string> {
  const operations: Record<string, string> = {};
  const step = /: \(([\w-]+)\)\n(?:\s+\[id=[^\]\n]*\]\n)?\s+\[urn=[^\]\n]*::([^\]\n:]+)\]/g;
  for (const match of output.matchAll(step)) {
    operations[match[2]] = match[1];
  }
  return operations;
}
