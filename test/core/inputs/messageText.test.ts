import { strict as assert } from "node:assert";
import { quote } from "../../../provider/core/inputs/messageText";

describe("messageText", () => {
  it("quote shows invisible and bidi characters escaped", () => {
    assert.equal(quote("Secret\u200bToken"), '"Secret\\u200bToken"');
    assert.equal(quote("abc\u202edef"), '"abc\\u202edef"');
    assert.equal(quote("\ufeffx\u2066y\u2069"), '"\\ufeffx\\u2066y\\u2069"');
    assert.equal(quote("SecretToken"), '"SecretToken"');
  });
});
