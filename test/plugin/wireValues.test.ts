import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { isSecret, PropertyMap, PropertyValue, secret, unknown } from "../../provider/plugin/propertyValue";
import { mapToStruct, structToMap } from "../../provider/plugin/structs";
import { decodeWireValue, encodeWireMap, encodeWireValue } from "../../provider/plugin/wireValues";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("plugin wire values", () => {
  it("decodes the engine's secret maps and unknown string, nested in maps and lists", () => {
    const wire = {
      token: { [SIG]: SECRET_SIG, value: "canary" },
      list: [1, UNKNOWN, { [SIG]: SECRET_SIG, value: { deep: [true, null] } }],
      nested: { a: { b: UNKNOWN } },
    };
    assert.deepEqual(decodeWireValue(wire), {
      token: secret("canary"),
      list: [1, unknown, secret({ deep: [true, null] })],
      nested: { a: { b: unknown } },
    });
  });

  it("decodes output values: known, unknown, secret", () => {
    const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    assert.deepEqual(decodeWireValue({ [SIG]: OUTPUT_SIG, value: "v" }), "v");
    assert.deepEqual(decodeWireValue({ [SIG]: OUTPUT_SIG }), unknown);
    assert.deepEqual(decodeWireValue({ [SIG]: OUTPUT_SIG, value: "v", secret: true }), secret("v"));
    assert.deepEqual(decodeWireValue({ [SIG]: OUTPUT_SIG, secret: true }), secret(unknown));
  });

  it("leaves other signed maps (assets, archives) as maps", () => {
    const asset = { [SIG]: "c44067f5952c0a294b673a41bacd8c17", text: "hello" };
    assert.deepEqual(decodeWireValue(asset), asset);
  });

  it("encodes secrets as signature maps and unknowns as the sentinel; a secret in a secret once", () => {
    assert.deepEqual(encodeWireValue({ a: secret(secret("x")), b: [unknown, secret({ c: unknown })] }), {
      a: { [SIG]: SECRET_SIG, value: "x" },
      b: [UNKNOWN, { [SIG]: SECRET_SIG, value: { c: UNKNOWN } }],
    });
  });

  it("leaves out undefined map entries and turns undefined list items into null", () => {
    const fromJavaScript = { a: undefined, b: [undefined, 1] } as unknown as PropertyMap;
    assert.deepEqual(encodeWireMap(fromJavaScript), { b: [null, 1] });
  });

  it("a secret value survives a trip through protobuf bytes marked as the engine marks it", () => {
    const struct = mapToStruct({ token: secret("canary"), count: 3 });
    const bytes = struct.serializeBinary();
    const parsed = Struct.deserializeBinary(bytes).toJavaScript();
    assert.deepEqual(parsed, { token: { [SIG]: SECRET_SIG, value: "canary" }, count: 3 });
  });

  it("a key named __proto__ stays an own property of the encoded map, never its prototype", () => {
    const map = Object.fromEntries([
      ["__proto__", { token: "x" }],
      ["plain", 1],
    ]) as PropertyMap;
    const encoded = encodeWireMap(map);
    assert.deepEqual(Object.keys(encoded), ["__proto__", "plain"]);
    assert.equal(Object.getPrototypeOf(encoded), Object.prototype);
    assert.equal((encoded as Record<string, unknown>).token, undefined, "nothing is inherited from it");
  });

  it("google-protobuf drops a field named __proto__ (its map store is a plain object); the rest arrives", () => {
    const map = Object.fromEntries([
      ["__proto__", { token: "x" }],
      ["plain", 1],
    ]) as PropertyMap;
    const back = structToMap(Struct.deserializeBinary(mapToStruct(map).serializeBinary()));
    assert.deepEqual(back, { plain: 1 });
    assert.equal((back as Record<string, unknown>).token, undefined);
  });

  it("an absent Struct is an empty map", () => {
    assert.deepEqual(structToMap(undefined), {});
  });

  it("any value round-trips through a protobuf Struct unchanged", () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.string().filter((s) => s !== UNKNOWN),
      fc.constant(unknown),
    );
    // Keys the protocol can carry: not the signature key, not __proto__ (see structs.ts).
    const key = fc.string().filter((k) => k !== SIG && k !== "__proto__");
    const { value } = fc.letrec<{ value: PropertyValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
        tie("value")
          .filter((v) => !isSecret(v))
          .map((v) => secret(v)),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5, noNullPrototype: true }), (map) => {
        const back = structToMap(Struct.deserializeBinary(mapToStruct(map).serializeBinary()));
        assert.deepEqual(back, map);
      }),
      { numRuns: 300 },
    );
  });
});
