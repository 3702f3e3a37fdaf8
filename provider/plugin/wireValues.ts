import {
  isPropertyMap,
  isSecret,
  isUnknown,
  PropertyMap,
  PropertyValue,
  Secret,
  secret,
  unknown,
} from "./propertyValue";
import { OUTPUT_VALUE_SIGNATURE, SECRET_SIGNATURE, SIGNATURE_KEY, UNKNOWN_VALUE } from "./wireSignatures";

/** What `google.protobuf.Struct#toJavaScript` yields and `Struct.fromJavaScript` takes. */
export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };
export type WireMap = { [key: string]: WireValue };

/** The engine's encoding (signature maps, the unknown string) → the handlers' values (Secret, Unknown). */
export function decodeWireValue(value: WireValue): PropertyValue {
  if (value === UNKNOWN_VALUE) return unknown;
  if (Array.isArray(value)) return value.map(decodeWireValue);
  if (value !== null && typeof value === "object") {
    const signature = value[SIGNATURE_KEY];
    if (signature === SECRET_SIGNATURE) return secret(decodeWireValue(value.value ?? null));
    if (signature === OUTPUT_VALUE_SIGNATURE) return decodeOutputValue(value);
    return decodeWireMap(value);
  }
  return value;
}

export function decodeWireMap(map: WireMap): PropertyMap {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, decodeWireValue(value)]));
}

/** An output value without a `value` field is unknown; its `secret` flag marks it secret either way. */
function decodeOutputValue(value: WireMap): PropertyValue {
  const inner = "value" in value ? decodeWireValue(value.value) : unknown;
  return value.secret === true ? secret(inner) : inner;
}

/**
 * The handlers' values → the engine's encoding. A secret inside a secret is encoded once; `undefined` map entries
 * are left out (an absent property) and `undefined` array items become null, as JSON does.
 */
export function encodeWireValue(value: PropertyValue | undefined): WireValue {
  if (value === undefined) return null;
  if (isUnknown(value)) return UNKNOWN_VALUE;
  if (isSecret(value)) return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: encodeWireValue(innermost(value)) };
  if (Array.isArray(value)) return value.map(encodeWireValue);
  if (isPropertyMap(value)) return encodeWireMap(value);
  return value;
}

export function encodeWireMap(map: PropertyMap): WireMap {
  // Object.fromEntries, not assignment: a key named __proto__ must stay a property.
  return Object.fromEntries(
    Object.entries(map)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, encodeWireValue(value)]),
  );
}

function innermost(value: Secret): PropertyValue {
  let inner = value.value;
  while (isSecret(inner)) inner = inner.value;
  return inner;
}
