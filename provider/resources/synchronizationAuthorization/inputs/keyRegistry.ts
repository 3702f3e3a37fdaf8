import {
  KEY_NAME_CHARACTERS,
  SYNCHRONIZATION_SECRET_KEYS,
  graphSpelling,
} from "../../../graph/synchronizationSecretKeys";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import { didYouMean, propertyPath, quote } from "../../../core/inputs/messageText";

/** Said instead of a key that is not a known name: it may be a secret value typed into the key's place. */
export const KEY_NOT_SHOWN = "(it is not shown because credentials are secret)";

/** A key for a message: a known name (in any case) quoted, any other key never shown. */
export function shownKey(key: string): string | undefined {
  return graphSpelling(key) !== undefined ? quote(key) : undefined;
}

/**
 * A field of a credential object that is not one of `allowed`: refused without its name, which may be a secret
 * typed into the wrong place, only saying which allowed field it is close to.
 */
export function unknownFieldFailure(
  property: string,
  field: string,
  allowed: readonly string[],
  has: string,
): InputFailure {
  return {
    property,
    reason: `has a field that is none of ${allowed.join(", ")} (not shown because credentials are secret)${didYouMean(field, allowed)}; ${has}`,
  };
}

/**
 * The property path of a map entry: `credentials.SecretToken` for a known key; for any other key, which is never
 * shown, the entry's position (`credentials[entry 2]`).
 */
export function mapEntryPath(collection: string, key: string, index: number): string {
  return graphSpelling(key) !== undefined ? propertyPath(collection, key) : `${collection}[entry ${index + 1}]`;
}

/**
 * The key rules shared by both credential collections: ASCII letters and digits only; one of Graph's names in any
 * case is written in Graph's spelling (with a warning); a key once; a warning for other names that differ only by
 * case, and for names Graph does not list.
 */
export class KeyRegistry {
  private readonly firstPropertyOfKey = new Map<string, string>();
  private readonly firstKeyOfFoldedKey = new Map<string, string>();

  constructor(
    private readonly collection: string,
    private readonly failures: InputFailure[],
    private readonly warnings: string[],
  ) {}

  /** The key as it is sent from now on (Graph's spelling), or undefined when it is refused. */
  register(typed: string, property: string): string | undefined {
    if (typed === UNKNOWN_VALUE) {
      return typed;
    }
    if (!KEY_NAME_CHARACTERS.test(typed)) {
      this.failures.push({
        property,
        reason:
          `the key name has characters other than ASCII letters and digits ${KEY_NOT_SHOWN}: Graph's key names ` +
          'are ASCII letters and digits, such as "SecretToken"; check that no value was typed in the key\'s place',
      });
      return undefined;
    }
    const key = graphSpelling(typed) ?? typed;
    if (key !== typed) {
      this.warnings.push(`${property} is sent as ${quote(key)}, Graph's spelling of this key: write it so`);
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
      return undefined;
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
    if (key === typed && graphSpelling(key) === undefined) {
      this.warnings.push(
        `${property} is not a known key name ${KEY_NOT_SHOWN}` +
          `${didYouMean(key, SYNCHRONIZATION_SECRET_KEYS)}; Graph may reject it`,
      );
    }
    return key;
  }
}
