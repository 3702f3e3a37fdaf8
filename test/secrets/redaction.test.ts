import { strict as assert } from "node:assert";
import fc from "fast-check";
import { REDACTION, WITHHELD_TEXT, echoForms, leaksAny, redactSecrets } from "../../provider/secrets/redaction";
import { ECHOES, awkwardValue, holdsEcho } from "./echoes";

describe("redaction", () => {
  describe("redactSecrets", () => {
    it("replaces every occurrence, longest secret first", () => {
      assert.equal(
        redactSecrets("token abcd and abcdef and abcd", ["abcd", "abcdef"]),
        `token ${REDACTION} and ${REDACTION} and ${REDACTION}`,
      );
      assert.equal(redactSecrets("s3cret and s3cret", ["s3cret"]), "[redacted] and [redacted]");
    });

    it("removes a value echoed JSON-escaped, HTML-escaped, URL-encoded or in base64", () => {
      const value = 'Tok"en\\wörd<&>';
      for (const [form, echo] of Object.entries(ECHOES)) {
        const text = redactSecrets(`Failed to reach the target with ${echo(value)} (request 7)`, [value]);
        assert.ok(!holdsEcho(text, value), `${form}: ${text}`);
        assert.match(text, /\(request 7\)$/, `${form}: the rest of the text stays`);
      }
    });

    it("removes an HTML-escaped value written with other entities", () => {
      const text = redactSecrets("bad token a&lt;b&amp;c&gt;d&#x27;e&#34;", [`a<b&c>d'e"`]);
      assert.equal(text, `bad token ${REDACTION}`);
    });

    it("leaves a text out, and says why, when a value too short to remove safely appears in it", () => {
      const text = redactSecrets("Password xyz is wrong", ["xyz", "a-long-enough-secret"]);
      assert.ok(!text.includes("xyz"));
      assert.equal(text, WITHHELD_TEXT);
      assert.match(WITHHELD_TEXT, /shorter than 4 characters/);
    });

    it("keeps a text in which no short value appears in any form", () => {
      assert.equal(redactSecrets("value 1 of key SyncAll", ["zq", "7"]), "value 1 of key SyncAll");
    });

    it("leaves a text out when the redaction marker beside other text would spell a value", () => {
      const text = redactSecrets("a secret-ish value: redsecretacted", ["secret-ish", "acted]x"]);
      assert.ok(!text.includes("acted]x"), text);
    });

    it("removes anything shaped like a JWT, known or not", () => {
      const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngifQ.c2lnbmF0dXJl";
      assert.equal(redactSecrets(`assertion ${jwt} was rejected`, []), `assertion ${REDACTION} was rejected`);
    });

    it("never lets any echo of any value through, whatever the values (property)", () => {
      const value = awkwardValue();
      fc.assert(
        fc.property(
          fc.array(value, { minLength: 1, maxLength: 4 }),
          fc.array(fc.constantFrom(...Object.keys(ECHOES)), { minLength: 1, maxLength: 4 }),
          fc.string({ maxLength: 8 }),
          (values, forms, filler) => {
            // Values that are substrings of each other, as well as unrelated ones.
            const all = [...values, ...values.map((v) => `${v}${[...v][0]}`)];
            const echoed = all.map((v, i) => `${filler} ${ECHOES[forms[i % forms.length]](v)}`).join(" | ");
            const text = redactSecrets(`The target said: ${echoed}.`, all);
            for (const v of all) {
              assert.ok(!holdsEcho(text, v), `${JSON.stringify(v)} in ${JSON.stringify(text)}`);
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  });

  describe("echoForms and leaksAny", () => {
    it("lists a value's raw form first and never an empty form", () => {
      const forms = echoForms("a b");
      assert.equal(forms[0], "a b");
      assert.ok(forms.includes("a%20b") && forms.includes("a+b"));
      assert.ok(forms.every((form) => form.length > 0));
    });

    it("finds a value in any form", () => {
      assert.ok(leaksAny("x YSBiYw== y", ["a bc"]));
      assert.ok(!leaksAny("nothing here", ["a bc"]));
    });
  });
});
