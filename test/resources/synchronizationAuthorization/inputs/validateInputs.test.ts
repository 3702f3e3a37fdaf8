import { strict as assert } from "node:assert";
import {
  validateInputs,
  type InputValidation,
} from "../../../../provider/resources/synchronizationAuthorization/inputs/validateInputs";
import { UNKNOWN_VALUE } from "../../../../provider/core/unknownValue";

const SP_ID = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
const APP_ID = "8c1a7d2e-9b3f-4e5a-a6c7-d8e9f0a1b2c3";
const SECRET = "s3cr3t-CANARY-b5f0c2a9e1d7";

function validate(news: Record<string, unknown>): InputValidation {
  return validateInputs(news);
}

function credentialsOf(value = SECRET): Record<string, unknown> {
  return { BaseAddress: "https://scim.example.test/v2", SecretToken: value };
}

/** Every text the caller may show: failures and warnings. */
function shownText(result: InputValidation): string {
  return JSON.stringify([result.failures, result.warnings]);
}

function assertFailure(result: InputValidation, property: string, reasonPattern: RegExp): void {
  assert.equal(result.inputs, undefined, "no inputs when there are failures");
  const failure = result.failures.find((candidate) => candidate.property === property);
  assert.ok(failure, `a failure for ${property} among ${JSON.stringify(result.failures)}`);
  assert.match(failure.reason, reasonPattern);
  assert.equal(shownText(result).includes(SECRET), false, "the credential value is not shown");
}

describe("validateInputs", () => {
  describe("accepted inputs", () => {
    it("reduces azuread's job id to the job's own id when the job is the target's", () => {
      const job = `scim.${"0".repeat(32)}.${"1".repeat(32)}`;
      const jobOf = (objectId: string) => `/servicePrincipals/${objectId}/synchronization/jobs/${job}`;
      const own = validate({
        servicePrincipalId: SP_ID,
        credentials: credentialsOf(),
        testConnection: { jobId: jobOf(SP_ID.toLowerCase()) },
      });
      assert.deepEqual(own.failures, []);
      assert.deepEqual(own.inputs?.testConnection, { jobId: job });
      const other = validate({
        servicePrincipalId: SP_ID,
        credentials: credentialsOf(),
        testConnection: { jobId: jobOf(APP_ID) },
      });
      assert.equal(other.inputs, undefined, "another object's job is refused");
    });

    it("normalizes a service principal with credentials as a map", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf() });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(result.inputs, {
        target: `servicePrincipals/${SP_ID.toLowerCase()}`,
        servicePrincipalId: SP_ID.toLowerCase(),
        credentials: [
          { key: "BaseAddress", value: "https://scim.example.test/v2" },
          { key: "SecretToken", value: SECRET },
        ],
        apiVersion: "v1.0",
      });
    });

    it("normalizes an application with credentials as a list, keeping the user's order and the options", () => {
      const result = validate({
        applicationId: APP_ID,
        credentials: [
          { key: "SecretToken", value: SECRET },
          { key: "BaseAddress", value: "https://scim.example.test", "@odata.type": "x" },
        ],
        apiVersion: "beta",
        // As the engine delivers it: "__proto__" as an ordinary own key.
        triggers: JSON.parse('{ "rotation": "2026-q3", "__proto__": "kept" }'),
        reauthorizeAfter: "30d",
      });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, {
        target: `applications/${APP_ID}`,
        applicationId: APP_ID,
        credentials: [
          { key: "SecretToken", value: SECRET },
          { key: "BaseAddress", value: "https://scim.example.test" },
        ],
        apiVersion: "beta",
        triggers: Object.fromEntries([
          ["rotation", "2026-q3"],
          ["__proto__", "kept"],
        ]),
        reauthorizeAfter: "30d",
      });
    });

    it("treats null properties as absent and ignores a derived target", () => {
      const result = validate({
        servicePrincipalId: SP_ID,
        applicationId: null,
        credentials: credentialsOf(),
        apiVersion: null,
        triggers: undefined,
        target: "servicePrincipals/other",
        credentialKeys: undefined,
      });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs?.apiVersion, "v1.0");
      assert.equal(result.inputs?.target, `servicePrincipals/${SP_ID.toLowerCase()}`);
      assert.equal("triggers" in (result.inputs ?? {}), false);
    });

    it("knows nothing of the dynamic provider's __provider: an adapter removes it first", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), __provider: "exports…" });
      assert.deepEqual(
        result.failures.map((failure) => failure.property),
        ["__provider"],
      );
    });

    it("gives the same inputs when its own output is validated again", () => {
      const first = validate({
        applicationId: APP_ID,
        credentials: credentialsOf(),
        triggers: { a: "1" },
        reauthorizeAfter: "720h",
      });
      assert.ok(first.inputs);
      const second = validateInputs({ ...first.inputs });
      assert.deepEqual(second.inputs, first.inputs);
    });
  });

  describe("target", () => {
    it("refuses both ids, naming the fix", () => {
      const result = validate({ servicePrincipalId: SP_ID, applicationId: APP_ID, credentials: credentialsOf() });
      assertFailure(result, "servicePrincipalId", /only one of servicePrincipalId and applicationId/);
    });

    it("refuses neither id, naming both", () => {
      const result = validate({ credentials: credentialsOf() });
      assertFailure(result, "servicePrincipalId", /missing: set servicePrincipalId .* or applicationId/);
    });

    it("refuses an id that is not a GUID, giving its length but not the text", () => {
      const result = validate({ servicePrincipalId: "my-enterprise-app", credentials: credentialsOf() });
      assertFailure(
        result,
        "servicePrincipalId",
        /must be an object id, a GUID .*got a 17-character string, not shown/,
      );
      assert.ok(!shownText(result).includes("my-enterprise-app"));
    });

    it("refuses an id that is not a string", () => {
      const result = validate({ applicationId: 42, credentials: credentialsOf() });
      assertFailure(result, "applicationId", /must be a string .*got a number/);
    });

    it("keeps the message short for an absurdly long id", () => {
      const result = validate({ applicationId: "x".repeat(100_000), credentials: credentialsOf() });
      assertFailure(result, "applicationId", /a 100000-character string/);
      assert.ok(shownText(result).length < 1_000);
    });

    it("accepts an unknown id and makes the target unknown", () => {
      const result = validate({ servicePrincipalId: UNKNOWN_VALUE, credentials: credentialsOf() });
      assert.equal(result.inputs?.target, UNKNOWN_VALUE);
      assert.equal(result.inputs?.servicePrincipalId, UNKNOWN_VALUE);
    });

    it("still reports a malformed id when both are set", () => {
      const result = validate({ servicePrincipalId: SP_ID, applicationId: "nope", credentials: credentialsOf() });
      assertFailure(result, "applicationId", /GUID/);
    });
  });

  describe("credentials", () => {
    it("refuses missing credentials with an example", () => {
      assertFailure(validate({ servicePrincipalId: SP_ID }), "credentials", /missing: .*SecretToken/);
    });

    it("refuses an empty map and an empty list", () => {
      assertFailure(validate({ servicePrincipalId: SP_ID, credentials: {} }), "credentials", /is empty/);
      assertFailure(validate({ servicePrincipalId: SP_ID, credentials: [] }), "credentials", /is empty/);
    });

    it("still refuses an empty list when another property's name starts with credentials", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: [], credentialsBackup: "x" });
      assertFailure(result, "credentials", /is empty/);
      assertFailure(result, "credentialsBackup", /unknown property/);
    });

    it("refuses a plain string without showing it", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: SECRET });
      assertFailure(result, "credentials", /must be a map of key → value or a list .*got a string/);
    });

    it("keeps wholly unknown credentials as one unknown pair", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: UNKNOWN_VALUE });
      assert.deepEqual(result.inputs?.credentials, [{ key: UNKNOWN_VALUE, value: UNKNOWN_VALUE }]);
    });

    it("keeps unknown list items, keys and values", () => {
      const result = validate({
        servicePrincipalId: SP_ID,
        credentials: [UNKNOWN_VALUE, { key: UNKNOWN_VALUE, value: "v" }, { key: "SecretToken", value: UNKNOWN_VALUE }],
      });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs?.credentials, [
        { key: UNKNOWN_VALUE, value: UNKNOWN_VALUE },
        { key: UNKNOWN_VALUE, value: "v" },
        { key: "SecretToken", value: UNKNOWN_VALUE },
      ]);
    });

    it("refuses a list item that is not an object without showing it", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: [{ key: "SecretToken", value: "a" }, SECRET] });
      assertFailure(result, "credentials[1]", /must be an object \{ key, value \} \(got a string\)/);
    });

    it("refuses a missing, empty or non-string key", () => {
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: [{ value: SECRET }] }),
        "credentials[0].key",
        /missing/,
      );
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: [{ key: "", value: SECRET }] }),
        "credentials[0].key",
        /is empty/,
      );
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: [{ key: 7, value: SECRET }] }),
        "credentials[0].key",
        /must be a string.*got a number/,
      );
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: { "": SECRET } }),
        "credentials[entry 1]",
        /is empty/,
      );
    });

    it("refuses a missing, empty or non-string value without showing it", () => {
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: [{ key: "SecretToken" }] }),
        "credentials[0].value",
        /missing/,
      );
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: { SecretToken: "" } }),
        "credentials.SecretToken",
        /empty/,
      );
      const numeric = validate({ servicePrincipalId: SP_ID, credentials: { SecretToken: 918273645546372 } });
      assertFailure(numeric, "credentials.SecretToken", /must be a string \(got a number\)/);
      assert.equal(shownText(numeric).includes("918273645546372"), false);
      const nested = validate({ servicePrincipalId: SP_ID, credentials: { SecretToken: { token: SECRET } } });
      assertFailure(nested, "credentials.SecretToken", /got an object/);
    });

    it("names a map entry whose key is not a known name by its position, never by the key", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: { "Secret Token": 1 } });
      assertFailure(result, "credentials[entry 1]", /must be a string/);
      assert.equal(shownText(result).includes("Secret Token"), false);
    });

    it("refuses a misspelled field of a list item, suggesting the right one, without showing its name or value", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: [{ key: "SecretToken", vaule: SECRET }] });
      assertFailure(result, "credentials[0]", /a field that is none of key, value .*\(did you mean "value"\?\)/);
      assert.equal(shownText(result).includes("vaule"), false);
    });

    it("never shows an unknown field's name: it may be a secret typed in the wrong place", () => {
      const misplaced = "Sup3rSecretValue";
      const result = validate({ servicePrincipalId: SP_ID, credentials: [{ key: "SecretToken", [misplaced]: "x" }] });
      assertFailure(result, "credentials[0]", /a field that is none of key, value \(not shown/);
      assert.equal(shownText(result).includes(misplaced), false);
    });

    it("refuses a key given twice, naming the first", () => {
      const result = validate({
        servicePrincipalId: SP_ID,
        credentials: [
          { key: "SecretToken", value: "first" },
          { key: "BaseAddress", value: "https://x" },
          { key: "SecretToken", value: SECRET },
        ],
      });
      assertFailure(result, "credentials[2].key", /duplicates the key "SecretToken" of credentials\[0\]\.key/);
    });

    it("writes a key in Graph's spelling, whatever its case, and says so", () => {
      const result = validate({
        servicePrincipalId: SP_ID,
        credentials: { BaseAddress: "https://x", oauth2AuthorizationCode: SECRET },
      });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(
        result.inputs?.credentials.map((pair) => pair.key),
        ["BaseAddress", "Oauth2AuthorizationCode"],
      );
      assert.ok(
        result.warnings.some((warning) =>
          /credentials\.oauth2AuthorizationCode is sent as "Oauth2AuthorizationCode", Graph's spelling/.test(warning),
        ),
        result.warnings.join("\n"),
      );
      assert.equal(shownText(result).includes(SECRET), false);
    });

    it("refuses two spellings of one key: Graph reads them as one", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: { SecretToken: SECRET, secrettoken: SECRET } });
      assertFailure(result, "credentials.secrettoken", /duplicates the key "SecretToken" of credentials\.SecretToken/);
      assert.equal(shownText(result).includes(SECRET), false);
    });

    it("refuses a key name outside ASCII letters and digits without showing it (Graph's names are ASCII)", () => {
      for (const key of ["Oauth2Authorızatıoncode", "Secret Token", "token-with-dash"]) {
        const result = validate({
          servicePrincipalId: SP_ID,
          credentials: { BaseAddress: "https://x", [key]: SECRET },
        });
        assertFailure(result, "credentials[entry 2]", /characters other than ASCII letters and digits/);
        assert.equal(shownText(result).includes(key), false, key);
      }
    });

    it("warns about an unknown key name, suggesting the closest known one", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: { SecretTokn: SECRET, BaseAddress: "u" } });
      assert.deepEqual(result.failures, []);
      assert.ok(result.inputs);
      assert.deepEqual(result.warnings, [
        "credentials[entry 1] is not a known key name (it is not shown because credentials are secret) (did " +
          'you mean "SecretToken"?); Graph may reject it',
      ]);
    });

    it("warns without a suggestion when no known name is close", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: [{ key: "FutureGraphKey", value: SECRET }] });
      assert.deepEqual(result.warnings, [
        "credentials[0].key is not a known key name (it is not shown because credentials are secret); Graph may " +
          "reject it",
      ]);
    });

    it("warns that a single-use authorization code cannot be re-sent by reauthorizeAfter", () => {
      const result = validate({
        servicePrincipalId: SP_ID,
        credentials: { Oauth2AuthorizationCode: SECRET, Oauth2RedirectUri: "https://x" },
        reauthorizeAfter: "30d",
      });
      assert.ok(result.inputs);
      assert.ok(result.warnings.some((warning) => /Oauth2AuthorizationCode is accepted only once/.test(warning)));
      assert.equal(shownText(result).includes(SECRET), false);
    });
  });

  describe("apiVersion", () => {
    it("accepts beta and an unknown version", () => {
      assert.equal(
        validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), apiVersion: "beta" }).inputs?.apiVersion,
        "beta",
      );
      assert.equal(
        validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), apiVersion: UNKNOWN_VALUE }).inputs
          ?.apiVersion,
        UNKNOWN_VALUE,
      );
    });

    it("refuses anything else, naming the accepted versions", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), apiVersion: "v2" });
      assertFailure(result, "apiVersion", /must be "v1.0" \(the default\) or "beta" \(got a 2-character string/);
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), apiVersion: 1 }),
        "apiVersion",
        /got a number/,
      );
    });
  });

  describe("triggers", () => {
    it("refuses a non-string trigger, naming it", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), triggers: { version: 2 } });
      assertFailure(result, "triggers.version", /must be a string; convert it with String/);
    });

    it("refuses a list", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), triggers: ["a"] });
      assertFailure(result, "triggers", /must be a map .*got a list/);
    });

    it("keeps unknown triggers", () => {
      const whole = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), triggers: UNKNOWN_VALUE });
      assert.deepEqual(whole.inputs?.triggers, { [UNKNOWN_VALUE]: UNKNOWN_VALUE });
      const one = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), triggers: { a: UNKNOWN_VALUE } });
      assert.deepEqual(one.inputs?.triggers, { a: UNKNOWN_VALUE });
    });
  });

  describe("reauthorizeAfter", () => {
    for (const text of ["-1h", "0s", "30 days", "1y"]) {
      it(`refuses ${JSON.stringify(text)}, showing examples`, () => {
        const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), reauthorizeAfter: text });
        assertFailure(result, "reauthorizeAfter", /must be a positive duration such as "720h", "30d"/);
      });
    }

    it("refuses a number and accepts an unknown value", () => {
      assertFailure(
        validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), reauthorizeAfter: 3600 }),
        "reauthorizeAfter",
        /got a number/,
      );
      const unknown = validate({
        servicePrincipalId: SP_ID,
        credentials: credentialsOf(),
        reauthorizeAfter: UNKNOWN_VALUE,
      });
      assert.equal(unknown.inputs?.reauthorizeAfter, UNKNOWN_VALUE);
    });
  });

  describe("property names", () => {
    it("refuses an unknown property, suggesting the known one and listing all", () => {
      const result = validate({ servicePrincipalID: SP_ID, credentials: credentialsOf() });
      assertFailure(
        result,
        "servicePrincipalID",
        /unknown property "servicePrincipalID" \(did you mean "servicePrincipalId"\?\); known are servicePrincipalId, applicationId, credentials/,
      );
    });

    it("does not show the value of an unknown property", () => {
      const result = validate({ servicePrincipalId: SP_ID, credentials: credentialsOf(), secret: SECRET });
      assertFailure(result, "secret", /unknown property "secret"/);
    });

    it("refuses inputs that are not an object", () => {
      for (const news of [null, "x", [], 3]) {
        const result = validateInputs(news as unknown as Record<string, unknown>);
        assert.equal(result.inputs, undefined);
        assert.equal(result.failures[0]?.property, "inputs");
      }
    });

    it("reports every problem at once", () => {
      const result = validate({ applicationId: "x", credentials: { SecretToken: 1 }, apiVersion: "v3", triggers: 5 });
      assert.deepEqual(result.failures.map((failure) => failure.property).sort(), [
        "apiVersion",
        "applicationId",
        "credentials.SecretToken",
        "triggers",
      ]);
    });
  });

  describe("writeOnlyCredentials", () => {
    const VAULT_URL = "https://myvault.vault.azure.net/secrets/scim-code";

    function writeOnly(references: unknown, extra: Record<string, unknown> = {}): InputValidation {
      return validate({ servicePrincipalId: SP_ID, writeOnlyCredentials: references, ...extra });
    }

    it("takes a map of references without credentials, as a list in the user's order", () => {
      const result = writeOnly(
        {
          SecretToken: { fromEnv: "SCIM_TOKEN" },
          Oauth2ClientSecret: { fromFile: "/run/secrets/oauth-client-secret" },
          Oauth2AuthorizationCode: { fromKeyVault: VAULT_URL },
        },
        { writeOnlyCredentialsVersion: "3" },
      );
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(result.inputs, {
        target: `servicePrincipals/${SP_ID.toLowerCase()}`,
        servicePrincipalId: SP_ID.toLowerCase(),
        credentials: [],
        writeOnlyCredentials: [
          { key: "SecretToken", fromEnv: "SCIM_TOKEN" },
          { key: "Oauth2ClientSecret", fromFile: "/run/secrets/oauth-client-secret" },
          { key: "Oauth2AuthorizationCode", fromKeyVault: VAULT_URL },
        ],
        writeOnlyCredentialsVersion: "3",
        apiVersion: "v1.0",
      });
      const again = validateInputs({ ...result.inputs });
      assert.deepEqual(again.failures, []);
      assert.deepEqual(again.inputs, result.inputs, "checked inputs validate to themselves");
    });

    it("takes the list form next to credentials, and a number as version", () => {
      const result = writeOnly([{ key: "SecretToken", fromEnv: "SCIM_TOKEN" }], {
        credentials: { BaseAddress: "https://scim.example.test" },
        writeOnlyCredentialsVersion: 7,
      });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs?.credentials, [{ key: "BaseAddress", value: "https://scim.example.test" }]);
      assert.deepEqual(result.inputs?.writeOnlyCredentials, [{ key: "SecretToken", fromEnv: "SCIM_TOKEN" }]);
      assert.equal(result.inputs?.writeOnlyCredentialsVersion, "7");
    });

    it("treats empty write-only credentials as absent, and wants at least one pair overall", () => {
      const withCredentials = writeOnly({}, { credentials: credentialsOf() });
      assert.deepEqual(withCredentials.failures, []);
      assert.equal("writeOnlyCredentials" in (withCredentials.inputs ?? {}), false);
      assertFailure(writeOnly({}), "credentials", /missing: give at least one key\/value pair.*writeOnlyCredentials/);
      assertFailure(writeOnly([], { credentials: {} }), "credentials", /is empty.*writeOnlyCredentials/);
      assert.deepEqual(writeOnly({ SecretToken: { fromEnv: "T" } }, { credentials: {} }).failures, []);
    });

    it("refuses a key in both collections, naming it, and warns about keys differing only by case", () => {
      const result = writeOnly({ SecretToken: { fromEnv: "SCIM_TOKEN" } }, { credentials: credentialsOf() });
      assertFailure(
        result,
        "writeOnlyCredentials.SecretToken",
        /the key "SecretToken" is also in credentials: give each key in only one of credentials and writeOnlyCredentials/,
      );
      // Another spelling of the same key is the same key: Graph reads them as one.
      const folded = writeOnly({ secrettoken: { fromEnv: "SCIM_TOKEN" } }, { credentials: credentialsOf() });
      assertFailure(folded, "writeOnlyCredentials.SecretToken", /the key "SecretToken" is also in credentials/);
    });

    it("refuses a key twice in the list form and warns about unknown key names", () => {
      const result = writeOnly([
        { key: "SecretToken", fromEnv: "A" },
        { key: "SecretToken", fromFile: "/run/b" },
      ]);
      assertFailure(
        result,
        "writeOnlyCredentials[1].key",
        /duplicates the key "SecretToken" of writeOnlyCredentials\[0\]\.key/,
      );
      const typo = writeOnly({ SecretTokn: { fromEnv: "A" } });
      assert.ok(
        typo.warnings.some((warning) =>
          /writeOnlyCredentials\[entry 1\] is not a known key name .*did you mean "SecretToken"/.test(warning),
        ),
      );
    });

    it("refuses a value where a reference belongs without showing it", () => {
      assertFailure(
        writeOnly({ SecretToken: SECRET }),
        "writeOnlyCredentials.SecretToken",
        /must be a reference to where the value lives.*never takes the value itself/,
      );
      assertFailure(
        writeOnly([{ key: "SecretToken", value: SECRET }]),
        "writeOnlyCredentials[0]",
        /a field that is none of key, fromEnv, fromFile, fromKeyVault \(not shown .*\); a reference has one of fromEnv, fromFile, fromKeyVault/,
      );
      assertFailure(
        writeOnly({ SecretToken: { fromEnv: SECRET } }),
        "writeOnlyCredentials.SecretToken.fromEnv",
        /variable name/,
      );
      assertFailure(
        writeOnly({ SecretToken: { fromFile: SECRET } }),
        "writeOnlyCredentials.SecretToken.fromFile",
        /absolute path/,
      );
      assertFailure(
        writeOnly({ SecretToken: { fromKeyVault: SECRET } }),
        "writeOnlyCredentials.SecretToken.fromKeyVault",
        /Key Vault secret URL/,
      );
    });

    it("wants exactly one known reference field", () => {
      assertFailure(writeOnly({ SecretToken: {} }), "writeOnlyCredentials.SecretToken", /missing a reference/);
      assertFailure(
        writeOnly({ SecretToken: { fromEnv: "A", fromFile: "/b" } }),
        "writeOnlyCredentials.SecretToken",
        /give only one of fromEnv, fromFile/,
      );
      assertFailure(
        writeOnly({ SecretToken: { fromENV: "A" } }),
        "writeOnlyCredentials.SecretToken",
        /a field that is none of fromEnv, fromFile, fromKeyVault \(not shown .*\) \(did you mean "fromEnv"\?\)/,
      );
      assertFailure(
        writeOnly({ SecretToken: { fromEnv: "" } }),
        "writeOnlyCredentials.SecretToken.fromEnv",
        /non-empty string/,
      );
      assertFailure(
        writeOnly({ SecretToken: { fromEnv: 5 } }),
        "writeOnlyCredentials.SecretToken.fromEnv",
        /got a number/,
      );
      assertFailure(writeOnly([{ fromEnv: "A" }]), "writeOnlyCredentials[0].key", /missing/);
      assertFailure(writeOnly(["A"]), "writeOnlyCredentials[0]", /must be an object \{ key, …reference \}/);
      assertFailure(writeOnly("SCIM_TOKEN"), "writeOnlyCredentials", /must be a map of key → reference/);
    });

    it("refuses a version that is empty or not text or a number", () => {
      for (const version of ["", {}, true, Number.NaN]) {
        assertFailure(
          writeOnly({ SecretToken: { fromEnv: "A" } }, { writeOnlyCredentialsVersion: version }),
          "writeOnlyCredentialsVersion",
          /non-empty string or a number/,
        );
      }
    });

    it("warns about a version without write-only credentials, and reauthorizeAfter with a write-only code", () => {
      const versionOnly = validate({
        servicePrincipalId: SP_ID,
        credentials: credentialsOf(),
        writeOnlyCredentialsVersion: "1",
      });
      assert.deepEqual(versionOnly.failures, []);
      assert.ok(
        versionOnly.warnings.some((warning) =>
          /writeOnlyCredentialsVersion is set without writeOnlyCredentials/.test(warning),
        ),
      );
      const code = writeOnly({ Oauth2AuthorizationCode: { fromKeyVault: VAULT_URL } }, { reauthorizeAfter: "30d" });
      assert.ok(code.warnings.some((warning) => /Oauth2AuthorizationCode is accepted only once/.test(warning)));
    });

    it("keeps unknown values: the whole collection, one reference, one target, the version", () => {
      assert.deepEqual(writeOnly(UNKNOWN_VALUE).inputs?.writeOnlyCredentials, [
        { key: UNKNOWN_VALUE, fromEnv: UNKNOWN_VALUE },
      ]);
      assert.deepEqual(writeOnly({ SecretToken: UNKNOWN_VALUE }).inputs?.writeOnlyCredentials, [
        { key: "SecretToken", fromEnv: UNKNOWN_VALUE },
      ]);
      assert.deepEqual(writeOnly([UNKNOWN_VALUE]).inputs?.writeOnlyCredentials, [
        { key: UNKNOWN_VALUE, fromEnv: UNKNOWN_VALUE },
      ]);
      assert.deepEqual(writeOnly({ SecretToken: { fromFile: UNKNOWN_VALUE } }).inputs?.writeOnlyCredentials, [
        { key: "SecretToken", fromFile: UNKNOWN_VALUE },
      ]);
      assert.equal(
        writeOnly({ SecretToken: { fromEnv: "A" } }, { writeOnlyCredentialsVersion: UNKNOWN_VALUE }).inputs
          ?.writeOnlyCredentialsVersion,
        UNKNOWN_VALUE,
      );
      const unknownOnly = writeOnly(UNKNOWN_VALUE);
      assert.deepEqual(unknownOnly.failures, [], "unknown write-only credentials may hold the only pairs");
    });
  });
});

describe("validateInputs: what a message may show", () => {
  /** Letters and digits only, as a token typed into a key's place may be (other characters are refused). */
  function canary(): string {
    return `canary${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  }

  it("never prints a key that is not a known name: key and value swapped in the list form", () => {
    const swapped = canary();
    const result = validate({ servicePrincipalId: SP_ID, credentials: [{ key: swapped, value: "SecretToken" }] });
    assert.equal(shownText(result).includes(swapped), false, "the swapped value is not shown");
    assert.ok(
      result.warnings.includes(
        "credentials[0].key is not a known key name (it is not shown because credentials are secret); Graph may reject it",
      ),
      JSON.stringify(result.warnings),
    );
  });

  it("never prints an unknown key in the duplicate-key failure", () => {
    const swapped = canary();
    const result = validate({
      servicePrincipalId: SP_ID,
      credentials: [
        { key: swapped, value: "SecretToken" },
        { key: swapped, value: "BaseAddress" },
      ],
    });
    assert.equal(shownText(result).includes(swapped), false);
    assertFailure(result, "credentials[1].key", /duplicates the key of credentials\[0\]\.key \(not shown/);
  });

  it("never prints an unknown map key, in paths or reasons; a near miss still gets its suggestion", () => {
    const secretKey = canary();
    const result = validate({ servicePrincipalId: SP_ID, credentials: { [secretKey]: "x", SecretTokn: "y" } });
    assert.equal(shownText(result).includes(secretKey), false);
    assert.equal(shownText(result).includes("SecretTokn"), false);
    assert.ok(result.warnings.some((warning) => /did you mean "SecretToken"\?/.test(warning)));
  });

  it("refuses whitespace-only values and values over 16 KiB, without showing them", () => {
    assertFailure(
      validate({ servicePrincipalId: SP_ID, credentials: { SecretToken: " \t\n " } }),
      "credentials.SecretToken",
      /only whitespace/,
    );
    const huge = SECRET + "a".repeat(16 * 1024);
    assertFailure(
      validate({ servicePrincipalId: SP_ID, credentials: { SecretToken: huge } }),
      "credentials.SecretToken",
      /longer than 16384 characters/,
    );
  });
  describe("text in the wrong field", () => {
    it("is never echoed: a secret pasted into an id, apiVersion, reauthorizeAfter or jobId stays out of the failure", () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ servicePrincipalId: SECRET, credentials: credentialsOf() }, "servicePrincipalId"],
        [{ applicationId: SECRET, credentials: credentialsOf() }, "applicationId"],
        [{ servicePrincipalId: SP_ID, credentials: credentialsOf(), apiVersion: SECRET }, "apiVersion"],
        [{ servicePrincipalId: SP_ID, credentials: credentialsOf(), reauthorizeAfter: SECRET }, "reauthorizeAfter"],
        [
          {
            servicePrincipalId: SP_ID,
            credentials: credentialsOf(),
            testConnection: { jobId: `servicePrincipals/${SECRET}/synchronization/jobs/scim.1` },
          },
          "testConnection.jobId",
        ],
      ];
      for (const [news, property] of cases) {
        const result = validate(news);
        assertFailure(result, property, /not shown/);
        assert.ok(!JSON.stringify(result).includes(SECRET), `the ${property} failure echoes the value`);
      }
    });
  });
});
