import { isDeepStrictEqual } from "node:util";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import { KEY_NOT_SHOWN, shownKey } from "./keyRegistry";
import { propertyPath } from "../../../core/inputs/messageText";
import { isPropertyMap } from "../../../core/inputs/propertyMap";

/** The two collections whose entries a program names by key, in map form: `credentials.SecretToken`. */
const COLLECTIONS = ["credentials", "writeOnlyCredentials"] as const;

/** What {@link restoreKeysDroppedByShapeChange} decided: the inputs to check and hand back, and what to say. */
export interface ShapeChangeOutcome {
  news: Record<string, unknown>;
  failures: InputFailure[];
  warnings: string[];
}

/**
 * The engine resolves an `ignoreChanges` path such as `credentials.SecretToken` against the inputs in state, and when
 * the path names nothing there it deletes the key from the new inputs (pulumi/pulumi
 * `sdk/go/common/resource/properties_path.go`, `PropertyPath.Reset`). State holds a collection as a list of pairs
 * when 0.1.0 wrote it (its check stored the checked form) or when the program used the list form; once the program
 * writes a map, such a path finds nothing in the list and the key silently leaves the new inputs. Check cannot tell
 * that from a key the user removed, so for each collection held as a list in state and given as a map:
 * - keys of the list missing from both new collections, while every other entry is as stored (or not known yet):
 *   kept from state, with a warning. Nothing changes, nothing is sent, and state then holds the map form, which
 *   the paths resolve against. A key the user did remove leaves at the next `up`.
 * - missing keys while other entries changed: a failure, since keeping the key could send a credential the user
 *   removed and dropping it could authorize without one the user kept. Nothing is sent.
 * Keys are named only when they are known key names; messages never show a value.
 */
export function restoreKeysDroppedByShapeChange(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): ShapeChangeOutcome {
  const outcome: ShapeChangeOutcome = { news, failures: [], warnings: [] };
  for (const collection of COLLECTIONS) {
    const stored = storedEntries(collection, olds[collection]);
    const given = news[collection];
    if (stored === undefined || !isPropertyMap(given)) continue;
    const missing = [...stored.keys()].filter((key) => !COLLECTIONS.some((c) => hasKey(news[c], key)));
    if (missing.length === 0) continue;
    const named = missing.map((key) => shownKey(key) ?? "a key").join(", ");
    const hidden = missing.some((key) => shownKey(key) === undefined) ? ` ${KEY_NOT_SHOWN}` : "";
    const example = propertyPath(collection, missing.find((key) => shownKey(key) !== undefined) ?? "SecretToken");
    const why =
      `state holds ${collection} as a list (the form pulumi-syncauth 0.1.0 stored, or the list form), and the ` +
      `program's map lacks ${named}${hidden}: Pulumi cannot find an ignoreChanges path such as ${example} in a ` +
      "list, and drops the key";
    const unchanged = Object.entries(given).every(
      ([key, value]) => value === UNKNOWN_VALUE || (stored.has(key) && isDeepStrictEqual(stored.get(key), value)),
    );
    if (!unchanged) {
      outcome.failures.push({
        property: collection,
        reason:
          `${why}. With other values changed it is unknown whether you removed it, so nothing was sent: run ` +
          "pulumi up once with the other values as they were (the missing keys are kept from state, nothing is " +
          "sent, and state then holds the map form), then make the change",
      });
      continue;
    }
    const restored = { ...given, ...Object.fromEntries(missing.map((key) => [key, stored.get(key)])) };
    outcome.news = { ...outcome.news, [collection]: restored };
    outcome.warnings.push(
      `${collection}: kept ${named}${hidden} from state: ${why}. Nothing is sent, and state now holds the map ` +
        "form; if you meant to remove the key, run pulumi up again",
    );
  }
  return outcome;
}

/** A list in state as key → what a map entry holds (a value, or a reference without its key); else undefined. */
function storedEntries(collection: string, stored: unknown): Map<string, unknown> | undefined {
  if (!Array.isArray(stored)) return undefined;
  const entries = new Map<string, unknown>();
  for (const item of stored) {
    if (!isPropertyMap(item) || typeof item.key !== "string") return undefined;
    const { key, ...rest } = item;
    entries.set(key, collection === "credentials" ? rest.value : rest);
  }
  return entries;
}

/** Whether a collection as the program gave it (map or list) holds the key. */
function hasKey(collection: unknown, key: string): boolean {
  if (Array.isArray(collection)) return collection.some((item) => isPropertyMap(item) && item.key === key);
  return isPropertyMap(collection) && Object.hasOwn(collection, key);
}
