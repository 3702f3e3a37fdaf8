/** The report as it is written: Markdown parts in order, and one line per goal with whether it was met. */
export class Report {
  private readonly parts: string[] = [];
  private readonly verdicts: string[] = [];

  add(markdown: string): void {
    this.parts.push(markdown);
  }

  verdict(goal: string, met: boolean, detail: string): void {
    this.verdicts.push(`- ${met ? "MET" : "NOT MET"}: ${goal} — ${detail}`);
  }

  /** The parts, then the goals, then the problems seen (when any). */
  text(problems: readonly string[]): string {
    const goals = `\n## Goals\n\n${this.verdicts.join("\n")}\n`;
    const seen =
      problems.length > 0 ? [`\n## Problems seen during the run\n\n${problems.map((p) => `- ${p}`).join("\n")}\n`] : [];
    return [...this.parts, goals, ...seen].join("\n");
  }
}
