import * as assert from "node:assert/strict";
import { targetOf } from "../../provider/core/target";

describe("targetOf", () => {
  it("reads both kinds of target", () => {
    assert.deepEqual(targetOf("servicePrincipals/abc"), { kind: "servicePrincipals", objectId: "abc" });
    assert.deepEqual(targetOf("applications/def"), { kind: "applications", objectId: "def" });
  });

  for (const bad of ["", "servicePrincipals", "servicePrincipals/", "users/abc", "abc"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => targetOf(bad), /expected servicePrincipals\/<id> or applications\/<id>/);
    });
  }
});
