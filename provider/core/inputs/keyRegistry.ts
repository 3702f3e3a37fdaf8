import { SYNCHRONIZATION_SECRET_KEYS, isKnownSynchronizationSecretKey } from "../synchronizationSecretKeys";
import { UNKNOWN_VALUE } from "../unknownValue";
import type { InputFailure } from "./inputFailure";
import { didYouMean, propertyPath, quote } from "./messageText";

/** Said instead of a key that is not a known name: it may be a secret value typed into the key's place. */
export const KEY_NOT_SHOWN = "(it is not shown because credentials are secret)";

/** A key for a message: a known name quoted, any other key never shown. */
export function shownKey(key: string): string | undefined {
  return isKnownSynchronizationSecretKey(key) ? quote(key) : undefined;
}

/**
 * The property path of a map entry: `credentials.SecretToken` for a known key; for any other key, which is never
 * shown, the entry's position (`credentials[entry 2]`).
 */
export function mapEntryPath(collection: string, key: string, index: number): string {
  return isKnownSynchronizationSecretKey(key) ? propertyPath(collection, key) : `${collection}[entry ${index + 1}]`;
}

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
      const shown = shownKey(key);
      this.failures.push({
        property,
        reason:
          shown === undefined
            ? `duplicates the key of ${earlier} (not shown because credentials are secret): give each key once`
            : `duplicates the key ${shown} of ${earlier}: give each key once`,
      });
      return;
    }
    this.firstPropertyOfKey.set(key, property);
    const folded = key.toLowerCase();
    const sameButCase = this.firstKeyOfFoldedKey.get(folded);
    if (sameButCase !== undefined) {
      this.warnings.push(
        `${this.collection} keys ${shownKey(sameButCase) ?? "(one not shown)"} and ` +
          `${shownKey(key) ?? "(one not shown)"} at ${property} differ only by case: ` +
          "Graph may treat them as one key; keep only the one you mean",
      );
    } else {
      this.firstKeyOfFoldedKey.set(folded, key);
    }
    if (!isKnownSynchronizationSecretKey(key)) {
      this.warnings.push(
        `${property} is not a known key name ${KEY_NOT_SHOWN}` +
          `${didYouMean(key, SYNCHRONIZATION_SECRET_KEYS)}; Graph may reject it`,
      );
    }
  }
}
