import { strict as assert } from "node:assert";
import {
  SYNCHRONIZATION_SECRET_KEYS,
  graphSpelling,
  isKnownSynchronizationSecretKey,
  isSingleUseKey,
} from "../../provider/graph/synchronizationSecretKeys";

describe("synchronizationSecretKeys", () => {
  it("lists the 45 members of Graph's synchronizationSecret enum once each", () => {
    assert.equal(SYNCHRONIZATION_SECRET_KEYS.length, 45);
    assert.equal(new Set(SYNCHRONIZATION_SECRET_KEYS).size, 45);
  });

  it("starts and ends where Graph's enum does", () => {
    assert.deepEqual(SYNCHRONIZATION_SECRET_KEYS.slice(0, 6), [
      "None",
      "UserName",
      "Password",
      "SecretToken",
      "AppKey",
      "BaseAddress",
    ]);
    assert.deepEqual(SYNCHRONIZATION_SECRET_KEYS.slice(-3), ["ValidateDomain", "TestReferences", "ConnectionString"]);
  });

  for (const key of ["BaseAddress", "SecretToken", "Oauth2AuthorizationCode", "SyncNotificationSettings"]) {
    it(`knows ${key}`, () => {
      assert.equal(isKnownSynchronizationSecretKey(key), true);
    });
  }

  for (const key of ["secrettoken", "SecretToken ", "", "Token", "Oauth2AuthorisationCode"]) {
    it(`does not know ${JSON.stringify(key)}`, () => {
      assert.equal(isKnownSynchronizationSecretKey(key), false);
    });
  }

  it("does not know non-strings", () => {
    for (const value of [undefined, null, 3, ["SecretToken"], { SecretToken: "x" }]) {
      assert.equal(isKnownSynchronizationSecretKey(value), false);
    }
  });

  it("gives Graph's spelling of a name written in another ASCII case, and none for other names", () => {
    assert.equal(graphSpelling("oauth2authorizationcode"), "Oauth2AuthorizationCode");
    assert.equal(graphSpelling("SECRETTOKEN"), "SecretToken");
    assert.equal(graphSpelling("SecretToken"), "SecretToken");
    assert.equal(graphSpelling("Oauth2Authorızatıoncode"), undefined, "dotless ı is not ASCII");
    assert.equal(graphSpelling("FutureGraphKey"), undefined);
  });

  it("treats every spelling Graph may read as the authorization code as single-use, dotless ı and long s included", () => {
    for (const key of [
      "Oauth2AuthorizationCode",
      "oauth2authorizationcode",
      "Oauth2Authorızatıoncode",
      "OAUTH2AUTHORIZATIONCODE",
    ]) {
      assert.equal(isSingleUseKey(key), true, key);
    }
    assert.equal(isSingleUseKey("Oauth2AccessToken"), false);
  });
});
