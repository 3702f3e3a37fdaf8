/** `null` and `undefined` properties count as absent: the engine sends both for a property that was not set. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** True for a map of properties (a non-null object that is not a list), the shape the engine gives objects. */
export function isPropertyMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
