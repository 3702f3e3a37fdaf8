import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import {
  SingleUseValueAlreadySentError,
  alreadySentSingleUseKeys,
  singleUseFingerprints,
} from "../../../provider/resources/synchronizationAuthorization/singleUseValues";

function canary(): string {
  return `canary-${randomBytes(18).toString("base64url")}`;
}

describe("singleUseValues", () => {
  const salt = "c2FsdHNhbHRzYWx0c2FsdA";

  it("fingerprints only the single-use keys, and never holds their value", () => {
    const code = canary();
    const token = canary();
    const fingerprints = singleUseFingerprints(salt, [
      { key: "SecretToken", value: token },
      { key: "Oauth2AuthorizationCode", value: code },
    ]);
    assert.deepEqual(Object.keys(fingerprints ?? {}), ["Oauth2AuthorizationCode"]);
    assert.match(fingerprints?.Oauth2AuthorizationCode ?? "", /^hmac-sha256:/);
    assert.ok(!JSON.stringify(fingerprints).includes(code));
    assert.equal(singleUseFingerprints(salt, [{ key: "SecretToken", value: token }]), undefined);
  });

  it("tells a code already sent from a new one, by key", () => {
    const code = canary();
    const sent = singleUseFingerprints(salt, [{ key: "Oauth2AuthorizationCode", value: code }]);
    assert.deepEqual(alreadySentSingleUseKeys(salt, sent, [{ key: "Oauth2AuthorizationCode", value: code }]), [
      "Oauth2AuthorizationCode",
    ]);
    assert.deepEqual(alreadySentSingleUseKeys(salt, sent, [{ key: "Oauth2AuthorizationCode", value: canary() }]), []);
    assert.deepEqual(
      alreadySentSingleUseKeys("another salt", sent, [{ key: "Oauth2AuthorizationCode", value: code }]),
      [],
    );
  });

  it("treats the code's key in another case as single-use too: a code already sent is refused", () => {
    const code = canary();
    const pairs = [{ key: "oauth2AuthorizationCode", value: code }];
    const sent = singleUseFingerprints(salt, pairs);
    assert.deepEqual(Object.keys(sent ?? {}), ["oauth2AuthorizationCode"]);
    assert.deepEqual(alreadySentSingleUseKeys(salt, sent, pairs), ["oauth2AuthorizationCode"]);
  });

  it("refuses a code sent under another spelling of its key (state written before keys had one spelling)", () => {
    const code = canary();
    const sent = singleUseFingerprints(salt, [{ key: "oauth2AuthorizationCode", value: code }]);
    assert.deepEqual(alreadySentSingleUseKeys(salt, sent, [{ key: "Oauth2AuthorizationCode", value: code }]), [
      "Oauth2AuthorizationCode",
    ]);
    assert.deepEqual(alreadySentSingleUseKeys(salt, sent, [{ key: "Oauth2AuthorizationCode", value: canary() }]), []);
  });

  it("knows nothing from state of earlier versions, so refuses nothing there", () => {
    const pairs = [{ key: "Oauth2AuthorizationCode", value: canary() }];
    for (const sent of [undefined, null, "x", [], 42]) {
      assert.deepEqual(alreadySentSingleUseKeys(salt, sent, pairs), [], String(sent));
    }
  });

  it("refuses naming the key, how to go on, and no value", () => {
    const error = new SingleUseValueAlreadySentError(
      "servicePrincipals/x",
      ["Oauth2AuthorizationCode"],
      "2026-01-01T00:00:00Z",
    );
    assert.match(error.message, /"Oauth2AuthorizationCode" holds the value already sent on 2026-01-01T00:00:00Z/);
    assert.match(error.message, /Get a new code/);
    assert.match(error.message, /change triggers or writeOnlyCredentialsVersion/);
    assert.match(error.message, /Nothing was sent/);
  });
});
