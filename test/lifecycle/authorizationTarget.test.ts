import * as assert from "node:assert/strict";
import { parseTarget } from "../../provider/lifecycle/authorizationTarget";

describe("parseTarget", () => {
  it("reads both kinds of target", () => {
    assert.deepEqual(parseTarget("servicePrincipals/abc"), { kind: "servicePrincipals", objectId: "abc" });
    assert.deepEqual(parseTarget("applications/def"), { kind: "applications", objectId: "def" });
  });

  for (const bad of ["", "servicePrincipals", "servicePrincipals/", "users/abc", "abc"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseTarget(bad), /expected servicePrincipals\/<id> or applications\/<id>/);
    });
  }
});
