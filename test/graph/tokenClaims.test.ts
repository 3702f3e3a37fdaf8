import { strict as assert } from "node:assert";
import { readTokenClaims } from "../../provider/graph/tokenClaims";

function jwt(payload: unknown): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode(payload)}.c2lnbmF0dXJl`;
}

describe("tokenClaims", () => {
  it("reads audience, tenant and expiry", () => {
    const token = jwt({ aud: "https://graph.microsoft.us", tid: "tenant-1", exp: 1_795_000_000, roles: ["x"] });
    assert.deepEqual(readTokenClaims(token), {
      audience: "https://graph.microsoft.us",
      tenantId: "tenant-1",
      expiresAt: "2026-11-18T11:06:40.000Z",
    });
  });

  it("leaves out claims of the wrong type", () => {
    assert.deepEqual(readTokenClaims(jwt({ aud: ["a", "b"], tid: 7, exp: "soon" })), {
      audience: undefined,
      tenantId: undefined,
      expiresAt: undefined,
    });
  });

  for (const token of ["", "opaque-token", "a.b", "a.%%%.c", `x.${Buffer.from("[1]").toString("base64url")}.y`]) {
    it(`gives up on ${JSON.stringify(token)}`, () => {
      assert.equal(readTokenClaims(token), undefined);
    });
  }
});
