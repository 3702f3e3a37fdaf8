import { strict as assert } from "node:assert";
import { expiryMs, jwtPayload } from "../../provider/auth/jwtPayload";

function jwt(payload: unknown): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256" })}.${encode(payload)}.c2ln`;
}

describe("jwtPayload", () => {
  it("reads the payload object of a JWT", () => {
    assert.deepEqual(jwtPayload(jwt({ exp: 1_000, jti: 1 })), { exp: 1_000, jti: 1 });
  });

  for (const token of ["", "not-a-jwt", "a.b", "a.!!!.c", jwt([1]), jwt(null), jwt("text")]) {
    it(`gives up on ${JSON.stringify(token)}`, () => {
      assert.equal(jwtPayload(token), undefined);
    });
  }

  it("reads exp in milliseconds, and nothing from a token without a numeric exp", () => {
    assert.equal(expiryMs(jwtPayload(jwt({ exp: 1_000, jti: 1 }))), 1_000_000);
    assert.equal(expiryMs(jwtPayload(jwt({ jti: 1 }))), undefined);
    assert.equal(expiryMs(jwtPayload(jwt({ exp: "soon" }))), undefined);
    assert.equal(expiryMs(undefined), undefined);
  });
});
