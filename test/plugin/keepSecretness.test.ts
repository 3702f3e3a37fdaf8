import * as assert from "node:assert/strict";
import { keepSecretness } from "../../provider/plugin/keepSecretness";
import { secret } from "../../provider/plugin/propertyValue";

describe("keepSecretness", () => {
  it("marks an output secret when the input of the same name was", () => {
    assert.deepEqual(keepSecretness({ token: "canary", other: "x" }, { token: secret("canary") }), {
      token: secret("canary"),
      other: "x",
    });
  });

  it("recurses into maps, so a secret field does not hide its siblings", () => {
    const outputs = { settings: { key: "canary", region: "west" } };
    const inputs = { settings: { key: secret("canary"), region: "west" } };
    assert.deepEqual(keepSecretness(outputs, inputs), { settings: { key: secret("canary"), region: "west" } });
  });

  it("marks a whole list (or any non-map) when the input held a secret anywhere in it", () => {
    const outputs = { pairs: [{ key: "k", value: "canary" }] };
    const inputs = { pairs: [{ key: "k", value: secret("canary") }] };
    assert.deepEqual(keepSecretness(outputs, inputs), { pairs: secret([{ key: "k", value: "canary" }]) });
  });

  it("marks a plain map output when the whole input map was secret", () => {
    assert.deepEqual(keepSecretness({ m: { a: 1 } }, { m: secret({ a: 1 }) }), { m: secret({ a: 1 }) });
  });

  it("leaves outputs without a secret input alone and adds nothing", () => {
    const outputs = { a: "1", b: secret("2") };
    assert.deepEqual(keepSecretness(outputs, { a: "1", c: secret("3") }), outputs);
  });

  it("marks a property named __proto__ like any other", () => {
    const outputs = JSON.parse('{"__proto__": "canary"}'); // an own property, as every decoded map has
    const inputs = Object.fromEntries([["__proto__", secret("canary")]]);
    const result = keepSecretness(outputs, inputs);
    assert.deepEqual(Object.getOwnPropertyDescriptor(result, "__proto__")?.value, secret("canary"));
  });

  it("does not change its arguments", () => {
    const outputs = { token: "canary" };
    keepSecretness(outputs, { token: secret("canary") });
    assert.deepEqual(outputs, { token: "canary" });
  });
});
