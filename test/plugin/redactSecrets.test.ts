import * as assert from "node:assert/strict";
import { redactSecrets } from "../../provider/plugin/redactSecrets";

describe("plugin redactSecrets", () => {
  it("replaces every occurrence of every secret", () => {
    assert.equal(
      redactSecrets("a canary, b canary, c other", ["canary", "other"]),
      "a [secret], b [secret], c [secret]",
    );
  });

  it("removes a secret that contains another whole", () => {
    assert.equal(redactSecrets("value: abc-123-xyz", ["123", "abc-123-xyz"]), "value: [secret]");
  });

  it("ignores empty secrets and leaves text without secrets unchanged", () => {
    assert.equal(redactSecrets("nothing here", ["", "absent"]), "nothing here");
  });
});
