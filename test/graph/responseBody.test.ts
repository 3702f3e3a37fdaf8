import { strict as assert } from "node:assert";
import {
  EXCERPT_LENGTH,
  REDACTION,
  bodyExcerpt,
  cleanGraphMessage,
  parseGraphErrorBody,
  redactSecrets,
} from "../../provider/graph/responseBody";

describe("responseBody", () => {
  describe("parseGraphErrorBody", () => {
    it("reads code, message and the ids of Graph's error JSON", () => {
      const body = JSON.stringify({
        error: {
          code: "Authorization_RequestDenied",
          message: "Insufficient privileges to complete the operation.",
          innerError: { date: "2026-11-24T09:00:00", "request-id": "r-1", "client-request-id": "c-1" },
        },
      });
      assert.deepEqual(parseGraphErrorBody(body), {
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
        requestId: "r-1",
        clientRequestId: "c-1",
        date: "2026-11-24T09:00:00",
      });
    });
    it("finds ids in a nested innerError and keeps the outermost of each", () => {
      const body = JSON.stringify({
        error: {
          code: "BadRequest",
          message: "m",
          innerError: { date: "d-outer", innerError: { "request-id": "r-inner", date: "d-inner" } },
        },
      });
      assert.deepEqual(parseGraphErrorBody(body), {
        code: "BadRequest",
        message: "m",
        requestId: "r-inner",
        clientRequestId: undefined,
        date: "d-outer",
      });
    });
    for (const body of [
      "",
      "<html><body>Bad gateway</body></html>",
      "{}",
      '{"error":"invalid_client"}',
      "null",
      "[1]",
    ]) {
      it(`rejects ${JSON.stringify(body)} as not Graph's error JSON`, () => {
        assert.equal(parseGraphErrorBody(body), undefined);
      });
    }
  });

  describe("redactSecrets", () => {
    it("replaces every occurrence, longest secret first", () => {
      assert.equal(
        redactSecrets("token abcd and abcdef and abcd", ["abcd", "abcdef"]),
        `token ${REDACTION} and ${REDACTION} and ${REDACTION}`,
      );
    });
    it("leaves values too short to be secrets alone", () => {
      assert.equal(redactSecrets("value 1 of key SyncAll", ["1", "of"]), "value 1 of key SyncAll");
    });
  });

  describe("bodyExcerpt", () => {
    it("drops markup, scripts and line breaks from a proxy page", () => {
      const page =
        "<html><head><title>502 Bad Gateway</title><style>h1{color:red}</style></head>\n" +
        "<body><h1>Bad\r\nGateway</h1><script>var x = 1;</script></body></html>";
      assert.equal(bodyExcerpt(page, []), "502 Bad Gateway Bad Gateway");
    });
    it("cuts long bodies to the excerpt length", () => {
      const excerpt = bodyExcerpt("x".repeat(10_000), []);
      assert.equal(excerpt, `${"x".repeat(EXCERPT_LENGTH)}…`);
    });
    it("redacts secrets even when they contain markup characters", () => {
      const secret = "p<a>ss-canary-9f3";
      const excerpt = bodyExcerpt(`<p>rejected ${secret}</p>`, [secret]);
      assert.equal(excerpt, `rejected ${REDACTION}`);
    });
  });

  describe("cleanGraphMessage", () => {
    it("redacts secrets and flattens the message", () => {
      assert.equal(
        cleanGraphMessage("Value 'canary-value-77' is\ninvalid.", ["canary-value-77"]),
        `Value '${REDACTION}' is invalid.`,
      );
    });
  });
});
