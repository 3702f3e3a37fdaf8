import { strict as assert } from "node:assert";
import { REDACTION, redactSecrets } from "../../provider/secrets/redaction";

describe("redaction", () => {
  describe("redactSecrets", () => {
    it("replaces every occurrence, longest secret first", () => {
      assert.equal(
        redactSecrets("token abcd and abcdef and abcd", ["abcd", "abcdef"]),
        `token ${REDACTION} and ${REDACTION} and ${REDACTION}`,
      );
      assert.equal(redactSecrets("s3cret and s3cret", ["s3cret"]), "[redacted] and [redacted]");
    });

    it("leaves values too short to be secrets alone, which would shred the message", () => {
      assert.equal(redactSecrets("value 1 of key SyncAll", ["1", "of"]), "value 1 of key SyncAll");
      assert.equal(redactSecrets("abc def", ["a"]), "abc def");
    });

    it("removes anything shaped like a JWT, known or not", () => {
      const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngifQ.c2lnbmF0dXJl";
      assert.equal(redactSecrets(`assertion ${jwt} was rejected`, []), `assertion ${REDACTION} was rejected`);
    });
  });
});
