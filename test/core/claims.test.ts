import { strict as assert } from "node:assert";
import { Claims } from "../../provider/core/claims";

describe("Claims: what two resources may not both claim", () => {
  it("answers the keys another claimant holds, a prefix claim covering its keys", () => {
    const claims = new Claims();
    assert.deepEqual(claims.claim("a", ["job/User/externalId"]), []);
    assert.deepEqual(claims.claim("b", ["job/User/title"]), []);
    assert.deepEqual(claims.claim("c", ["job/User/*"]), [
      { key: "job/User/*", heldBy: "a" },
      { key: "job/User/*", heldBy: "b" },
    ]);
  });

  it("a claimant claiming again replaces its claims", () => {
    const claims = new Claims();
    claims.claim("a", ["k1"]);
    claims.claim("a", ["k2"]);
    assert.deepEqual(claims.claim("b", ["k1"]), []);
    assert.deepEqual(claims.claim("b", ["k2"]), [{ key: "k2", heldBy: "a" }]);
  });
});
