/** Small statistics and table helpers for the benchmark report. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  count: number;
}

export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error("spread of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** "12.34 s (12.01–12.90)"; the range is left out for a single sample, which has none. */
export function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/** Median, with min–max when there are several values, in milliseconds. */
export function spreadMs(values: number[]): string {
  const s = spread(values);
  return s.count > 1 ? `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})` : ms(s.median);
}

export function bytes(value: number): string {
  return value >= 10_240 ? `${(value / 1024).toFixed(1)} KiB` : `${value} B`;
}

export function formatSpread(s: Spread): string {
  const median = `${seconds(s.median)} s`;
  return s.count > 1 ? `${median} (${seconds(s.min)}–${seconds(s.max)})` : median;
}

/** A GitHub-flavoured Markdown table, padded so it also reads well in a terminal. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
