import * as assert from "node:assert/strict";
import {
  containsSecrets,
  containsUnknowns,
  isPropertyMap,
  reveal,
  secret,
  secretStrings,
  unknown,
} from "../../provider/plugin/propertyValue";

describe("plugin property values", () => {
  it("a secret prints as [secret] however it is turned into text", () => {
    const value = secret("canary-1234");
    assert.equal(String(value), "[secret]");
    assert.equal(`${value}`, "[secret]");
    assert.equal(JSON.stringify({ value }), '{"value":"[secret]"}');
  });

  it("secret() does not wrap a secret twice", () => {
    const once = secret("x");
    assert.equal(secret(once), once);
  });

  it("finds secrets and unknowns at any depth", () => {
    const value = { a: [1, { b: secret({ c: unknown }) }], d: "plain" };
    assert.equal(containsSecrets(value), true);
    assert.equal(containsUnknowns(value), true, "an unknown inside a secret counts");
    assert.equal(containsSecrets({ a: [1, { b: "x" }] }), false);
    assert.equal(containsUnknowns({ a: [1, { b: "x" }] }), false);
  });

  it("reveal removes every secret marker and keeps the data and the unknowns", () => {
    const value = { a: secret([secret("x"), 2]), b: { c: secret(unknown) }, d: null };
    assert.deepEqual(reveal(value), { a: ["x", 2], b: { c: unknown }, d: null });
  });

  it("lists the strings held in secrets, nested or not, and only those", () => {
    const value = {
      a: secret({ b: ["one", { c: "two" }], n: 3, t: true }),
      d: "plain",
      e: [secret("three"), secret("")],
    };
    assert.deepEqual(secretStrings(value).sort(), ["one", "three", "two"]);
  });

  it("a map is neither a secret, an unknown, an array nor null", () => {
    assert.equal(isPropertyMap({}), true);
    for (const other of [secret({}), unknown, [], null, "s", 1]) assert.equal(isPropertyMap(other), false);
  });
});
