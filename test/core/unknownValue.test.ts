import { strict as assert } from "node:assert";
import { UNKNOWN_VALUE, containsUnknown } from "../../provider/core/unknownValue";

describe("unknownValue", () => {
  it("uses the engine's unknown sentinel", () => {
    assert.equal(UNKNOWN_VALUE, "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
  });

  describe("containsUnknown", () => {
    it("finds the sentinel itself", () => {
      assert.equal(containsUnknown(UNKNOWN_VALUE), true);
    });

    it("finds it deep inside lists and maps", () => {
      assert.equal(containsUnknown([{ key: "SecretToken", value: UNKNOWN_VALUE }]), true);
      assert.equal(containsUnknown({ a: { b: [1, [UNKNOWN_VALUE]] } }), true);
    });

    it("is false for known values of any shape", () => {
      for (const value of [undefined, null, 0, "", "x", [], {}, [{ key: "k", value: "v" }], { a: { b: ["c"] } }]) {
        assert.equal(containsUnknown(value), false);
      }
    });

    it("does not take a longer string containing the sentinel for it", () => {
      assert.equal(containsUnknown(`${UNKNOWN_VALUE} `), false);
      assert.equal(containsUnknown(UNKNOWN_VALUE.toUpperCase()), false);
    });

    it("ignores map keys, which the engine never leaves unknown", () => {
      assert.equal(containsUnknown({ [UNKNOWN_VALUE]: "known" }), false);
    });

    it("terminates on cycles and on very deep nesting", () => {
      const cyclic: Record<string, unknown> = { name: "x" };
      cyclic.self = cyclic;
      assert.equal(containsUnknown(cyclic), false);
      let deep: unknown = UNKNOWN_VALUE;
      for (let depth = 0; depth < 100_000; depth++) {
        deep = [deep];
      }
      assert.equal(containsUnknown(deep), true);
    });
  });
});
