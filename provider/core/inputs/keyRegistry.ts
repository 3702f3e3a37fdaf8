import { SYNCHRONIZATION_SECRET_KEYS, isKnownSynchronizationSecretKey } from "../synchronizationSecretKeys";
import { UNKNOWN_VALUE } from "../unknownValue";
import type { InputFailure } from "./inputFailure";
import { didYouMean, quote } from "./messageText";

/**
 * The key rules shared by both credential collections: a key once, a warning for keys that differ only by case,
 * and a warning for names Graph does not list.
 */
export class KeyRegistry {
  private readonly firstPropertyOfKey = new Map<string, string>();
  private readonly firstKeyOfFoldedKey = new Map<string, string>();

  constructor(
    private readonly collection: string,
    private readonly failures: InputFailure[],
    private readonly warnings: string[],
  ) {}

  register(key: string, property: string): void {
    if (key === UNKNOWN_VALUE) {
      return;
    }
    const earlier = this.firstPropertyOfKey.get(key);
    if (earlier !== undefined) {
      this.failures.push({ property, reason: `duplicates the key ${quote(key)} of ${earlier}: give each key once` });
      return;
    }
    this.firstPropertyOfKey.set(key, property);
    const folded = key.toLowerCase();
    const sameButCase = this.firstKeyOfFoldedKey.get(folded);
    if (sameButCase !== undefined) {
      this.warnings.push(
        `${this.collection} keys ${quote(sameButCase)} and ${quote(key)} differ only by case: ` +
          "Graph may treat them as one key; keep only the one you mean",
      );
    } else {
      this.firstKeyOfFoldedKey.set(folded, key);
    }
    if (!isKnownSynchronizationSecretKey(key)) {
      this.warnings.push(
        `${property}: ${quote(key)} is not a known synchronizationSecret key name` +
          `${didYouMean(key, SYNCHRONIZATION_SECRET_KEYS)}; Graph may reject it`,
      );
    }
  }
}
