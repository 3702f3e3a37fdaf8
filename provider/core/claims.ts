/**
 * What each resource of one provider process claims (a job's attribute mapping, say), so that `check` can refuse a
 * second resource claiming what another already does. A claimant's claims are replaced each time it claims again.
 */
export class Claims {
  private readonly byClaimant = new Map<string, readonly string[]>();

  /**
   * Records `claimant`'s claims and answers those another claimant holds, each with that claimant. A key is a
   * string the caller builds; a claim of `prefix + "*"` holds every key that starts with `prefix`.
   */
  claim(claimant: string, keys: readonly string[]): { key: string; heldBy: string }[] {
    this.byClaimant.set(claimant, keys);
    const conflicts: { key: string; heldBy: string }[] = [];
    for (const [other, held] of this.byClaimant) {
      if (other === claimant) continue;
      for (const key of keys) {
        if (held.some((claimed) => overlaps(claimed, key))) conflicts.push({ key, heldBy: other });
      }
    }
    return conflicts;
  }

  /** Whether any claimant other than `except` holds `key`. */
  isClaimed(key: string, except?: string): boolean {
    return [...this.byClaimant].some(
      ([claimant, held]) => claimant !== except && held.some((claimed) => overlaps(claimed, key)),
    );
  }
}

function overlaps(a: string, b: string): boolean {
  return covers(a, b) || covers(b, a);
}

function covers(pattern: string, key: string): boolean {
  return pattern.endsWith("*") ? key.startsWith(pattern.slice(0, -1)) : pattern === key;
}
