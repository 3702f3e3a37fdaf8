import { strict as assert } from "node:assert";
import {
  credentialFingerprint,
  newFingerprintSalt,
} from "../../../provider/resources/synchronizationAuthorization/credentialFingerprint";

const SALT = "c2FsdC1mb3ItdGVzdHM";
const PAIRS = [
  { key: "BaseAddress", value: "https://scim.example.test/v2" },
  { key: "SecretToken", value: "tok-7f3a9c1e5b" },
];

describe("credentialFingerprint", () => {
  describe("newFingerprintSalt", () => {
    it("gives 16 random bytes in base64url", () => {
      const salt = newFingerprintSalt();
      assert.match(salt, /^[A-Za-z0-9_-]{22}$/);
      assert.equal(Buffer.from(salt, "base64url").length, 16);
    });

    it("gives a different salt each time", () => {
      const salts = new Set(Array.from({ length: 50 }, () => newFingerprintSalt()));
      assert.equal(salts.size, 50);
    });
  });

  it("is an hmac-sha256 in base64url that does not contain the values", () => {
    const fingerprint = credentialFingerprint(SALT, PAIRS);
    assert.match(fingerprint, /^hmac-sha256:[A-Za-z0-9_-]{43}$/);
    for (const pair of PAIRS) {
      assert.equal(fingerprint.includes(pair.value), false);
    }
  });

  it("is stable for the same salt and pairs", () => {
    assert.equal(
      credentialFingerprint(SALT, PAIRS),
      credentialFingerprint(
        SALT,
        PAIRS.map((pair) => ({ ...pair })),
      ),
    );
  });

  it("does not depend on the order of the pairs", () => {
    assert.equal(credentialFingerprint(SALT, PAIRS), credentialFingerprint(SALT, [...PAIRS].reverse()));
  });

  it("depends on the salt", () => {
    assert.notEqual(credentialFingerprint(SALT, PAIRS), credentialFingerprint(`${SALT}x`, PAIRS));
  });

  it("changes when a value, a key or the set of pairs changes", () => {
    const base = credentialFingerprint(SALT, PAIRS);
    const variants = [
      [PAIRS[0], { key: "SecretToken", value: "tok-7f3a9c1e5c" }],
      [PAIRS[0], { key: "Secrettoken", value: PAIRS[1].value }],
      [PAIRS[0]],
      [...PAIRS, { key: "SyncAll", value: "True" }],
      [],
    ];
    for (const variant of variants) {
      assert.notEqual(credentialFingerprint(SALT, variant), base);
    }
  });

  it("cannot be fooled by moving characters between key and value or between pairs", () => {
    const ambiguous = [
      [[{ key: "ab", value: "c" }], [{ key: "a", value: "bc" }]],
      [
        [
          { key: "a", value: "b" },
          { key: "c", value: "d" },
        ],
        [{ key: "a", value: "b\u0000\u0000\u0000\u0001c\u0000\u0000\u0000\u0001d" }],
      ],
      [[{ key: "k", value: "é" }], [{ key: "k", value: "e\u0301" }]],
    ];
    for (const [left, right] of ambiguous) {
      assert.notEqual(credentialFingerprint(SALT, left), credentialFingerprint(SALT, right));
    }
  });
});
