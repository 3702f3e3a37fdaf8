import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { PropertyMap } from "./propertyValue";
import { decodeWireMap, encodeWireMap, WireMap } from "./wireValues";

/*
 * A limit of google-protobuf: its map type keeps entries in a plain object, so a field named `__proto__` cannot be
 * held (it would be the store's prototype) and is dropped, in requests and in responses alike. Every other name
 * travels as it is.
 */

/** A request's property bag → handler values. An absent Struct is an empty map (the engine omits empty bags). */
export function structToMap(struct: Struct | undefined): PropertyMap {
  return struct === undefined ? {} : decodeWireMap(struct.toJavaScript() as WireMap);
}

/** Handler values → a response's property bag. */
export function mapToStruct(map: PropertyMap): Struct {
  return Struct.fromJavaScript(encodeWireMap(map));
}
