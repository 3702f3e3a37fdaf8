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

/** A resource's step header in the diff display: `~ <type>: (<operation>)`. */
const STEP_HEADER = /^\s*[~+\-]*\s*\S+: \([\w-]+\)$/;
/** A property line: an optional marker (`~` changed, `+` added, `-` deleted), a key or `[index]`, then its value. */
const PROPERTY_LINE = /^\s*([~+\-]?)\s*(\[\d+\]|[^\s:[\]{}]+)\s*: (.*)$/;

/**
 * The property paths `pulumi preview --diff` marks as changed in the `operation` step of the resource named
 * `resourceName`, e.g. `["objectMappings[0].attributeMappings[1].source"]`: the display nests them (`~ [0]: {`,
 * `~ attributeMappings: [`, …), this joins each marked leaf's keys. An object or list marked added or deleted whole is
 * one path.
 */
export function changedPaths(output: string, resourceName: string, operation = "update"): string[] {
  const lines = output.split("\n");
  const header = lines.findIndex(
    (line, i) =>
      line.endsWith(`: (${operation})`) &&
      lines.slice(i + 1, i + 3).some((next) => new RegExp(`\\[urn=[^\\]]*::${resourceName}\\]`).test(next)),
  );
  if (header < 0) return [];
  const paths: string[] = [];
  const open: { key: string; whole: boolean }[] = [];
  for (const line of lines.slice(header + 1)) {
    if (STEP_HEADER.test(line) || /^Resources:/.test(line)) break;
    const trimmed = line.trim();
    if (trimmed === "]" || trimmed === "}") {
      open.pop();
      continue;
    }
    const property = PROPERTY_LINE.exec(line);
    if (property === null) continue;
    const [, marker, key, value] = property;
    const insideWhole = open.some((entry) => entry.whole);
    const path = [...open.map((entry) => entry.key), key].join(".").replace(/\.\[/g, "[");
    const opens = value === "{" || value === "[";
    if (marker !== "" && !insideWhole && (!opens || marker !== "~")) paths.push(path);
    if (opens) open.push({ key, whole: insideWhole || (marker !== "" && marker !== "~") });
  }
  return paths;
}
