import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  EXCERPT_LENGTH,
  SHORT_VALUE_LENGTH,
  WITHHELD,
  bodyExcerpt,
  cleanGraphMessage,
  isCollection,
  objectIdsWithAppId,
  parseGraphErrorBody,
  shortValue,
} from "../../provider/graph/responseBody";
import { MIN_REDACTED_LENGTH, REDACTION } from "../../provider/secrets/redaction";

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

describe("responseBody never shows a secret", () => {
  // A small alphabet shared by secrets, text and the redaction marker, so that coincidences are common: secrets
  // that the marker spells, that markup or whitespace splits, that overlap each other.
  const alphabet = ["r", "e", "d", "a", "c", "t", "[", "]", " ", "\n", "<", ">", "b", "/"];
  const secretArbitrary = fc.string({
    unit: fc.constantFrom(...alphabet),
    minLength: MIN_REDACTED_LENGTH,
    maxLength: 8,
  });
  function textArbitrary(secrets: string[]) {
    const pieces = fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...secrets), fc.constantFrom("<b>", "</b>"));
    return fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(""));
  }

  it("in excerpts and Graph messages, whatever the text and secrets", () => {
    fc.assert(
      fc.property(
        fc
          .array(secretArbitrary, { minLength: 1, maxLength: 3 })
          .chain((secrets) => fc.tuple(fc.constant(secrets), textArbitrary(secrets))),
        ([secrets, text]) => {
          for (const shown of [bodyExcerpt(text, secrets), cleanGraphMessage(text, secrets)]) {
            for (const secret of secrets) {
              assert.ok(!shown.includes(secret), `${JSON.stringify(secret)} shown in ${JSON.stringify(shown)}`);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("withholds the whole text when the marker itself would spell a secret", () => {
    assert.equal(cleanGraphMessage("bad value dact", ["dact"]), WITHHELD);
  });

  it("withholds the whole text when collapsing whitespace would join a secret", () => {
    assert.equal(cleanGraphMessage("value ab \n cd", ["ab cd"]), WITHHELD);
  });

  it("redacts a secret that stripping markup joins", () => {
    assert.equal(bodyExcerpt("<p>ab<b>cd</b></p>", ["ab cd"]), REDACTION);
  });

  it("withholds the whole excerpt when collapsing whitespace after stripping joins a secret", () => {
    assert.equal(bodyExcerpt("<p>ab<b>\n</b>cd</p>", ["ab cd"]), WITHHELD);
  });
});

describe("shortValue", () => {
  it("keeps a header value to one short line", () => {
    assert.equal(shortValue(" 0f1e-2d3c \r\n", []), "0f1e-2d3c");
    assert.equal(shortValue("x".repeat(500), [])?.length, SHORT_VALUE_LENGTH + 1);
    assert.equal(shortValue(undefined, []), undefined);
  });

  it("never shows a sent secret echoed into a header", () => {
    assert.equal(shortValue("id-canary-token-1", ["canary-token-1"]), WITHHELD);
  });
});

describe("success bodies", () => {
  it("isCollection accepts only a JSON object with a value list", () => {
    assert.equal(isCollection('{"value":[]}'), true);
    assert.equal(isCollection('{"@odata.context":"x","value":[{"id":"t"}]}'), true);
    for (const body of ["", "<html></html>", '{"id":"5b0"}', '{"value":{}}', "[]", "null"]) {
      assert.equal(isCollection(body), false, body);
    }
  });

  it("objectIdsWithAppId keeps items whose appId matches, ignoring case", () => {
    const body = JSON.stringify({
      value: [{ id: "sp-1", appId: "APP-1" }, { id: "sp-2", appId: "app-2" }, { id: "sp-3" }, { appId: "app-1" }],
    });
    assert.deepEqual(objectIdsWithAppId(body, "app-1"), ["sp-1", "sp-3"]);
    assert.deepEqual(objectIdsWithAppId('{"value":[]}', "app-1"), []);
  });

  it("objectIdsWithAppId rejects an answer that is not a list", () => {
    for (const body of ["", "<html></html>", '{"id":"sp-1"}', '{"value":{}}']) {
      assert.equal(objectIdsWithAppId(body, "app-1"), undefined, body);
    }
  });
});
