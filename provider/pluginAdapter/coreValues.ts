import { UNKNOWN_VALUE } from "../core/unknownValue";
import {
  isPropertyMap,
  isUnknown,
  reveal,
  secret,
  unknown,
  type PropertyMap,
  type PropertyValue,
} from "../plugin/propertyValue";

/**
 * The plugin host's values ⇄ the core's plain data. Into the core: secrets unwrapped, every unknown as
 * UNKNOWN_VALUE. Out of it: UNKNOWN_VALUE as unknown again, and the named properties marked secret (the host also
 * keeps the secret-ness of inputs of the same name).
 */
export function toCore(map: PropertyMap): Record<string, unknown> {
  return plain(reveal(map)) as Record<string, unknown>;
}

export function fromCore(data: object, secretNames: readonly string[] = []): PropertyMap {
  const map: PropertyMap = {};
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const converted = property(value);
    map[name] = secretNames.includes(name) && !isUnknown(converted) ? secret(converted) : converted;
  }
  return map;
}

function plain(value: PropertyValue): unknown {
  if (isUnknown(value)) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(plain);
  if (isPropertyMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function property(value: unknown): PropertyValue {
  if (value === UNKNOWN_VALUE) return unknown;
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  if (Array.isArray(value)) return value.map(property);
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, property(v)]),
    );
  }
  throw new TypeError(`a ${typeof value} cannot be a property value`);
}
