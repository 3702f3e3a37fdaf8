import { strict as assert } from "node:assert";
import {
  SYNCHRONIZATION_SECRET_KEYS,
  isKnownSynchronizationSecretKey,
} from "../../provider/core/synchronizationSecretKeys";

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
});
