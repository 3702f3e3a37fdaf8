/**
 * The core's one representation of a value that is not known until apply (preview): this string, in place of any
 * raw input value. It is the GUID the Pulumi provider protocol sends for an unknown, so an adapter of that protocol
 * (the dynamic provider, a provider plugin) passes values on as they come; an adapter with another encoding maps
 * its unknowns to it. It is itself a valid GUID, so id validation must test for it first.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The type of {@link UNKNOWN_VALUE}. */
export type UnknownValue = typeof UNKNOWN_VALUE;

/**
 * True when `value`, or any string nested in its arrays and object values, is {@link UNKNOWN_VALUE}. Object keys
 * are not inspected: the engine never makes a map key unknown. Never throws, also on cyclic or deep structures.
 */
export function containsUnknown(value: unknown): boolean {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === UNKNOWN_VALUE) {
      return true;
    }
    if (typeof current !== "object" || current === null || seen.has(current)) {
      continue;
    }
    seen.add(current);
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      pending.push(inner);
    }
  }
  return false;
}
