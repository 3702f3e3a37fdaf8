import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { cloudEndpoints } from "../../../provider/config/clouds";
import { outputsAfterAuthorization } from "../../../provider/resources/synchronizationAuthorization/authorizationOutputs";
import type { CheckedInputs } from "../../../provider/resources/synchronizationAuthorization/authorizationState";

const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const ENDPOINTS = { ...cloudEndpoints("global"), source: "default" as const };

describe("outputsAfterAuthorization", () => {
  it("stores a key that is not a known name only as a salted fingerprint: it may be a value typed as a key", () => {
    const token = `canary-${randomBytes(18).toString("base64url")}`;
    // The list form with key and value swapped: the token is the "key".
    const inputs: CheckedInputs = {
      target: `servicePrincipals/${SP_ID}`,
      servicePrincipalId: SP_ID,
      credentials: [
        { key: "BaseAddress", value: "https://scim.example/v2" },
        { key: token, value: "SecretToken" },
      ],
      apiVersion: "v1.0",
    };
    const outputs = outputsAfterAuthorization(inputs, ENDPOINTS, "c2FsdA");
    assert.ok(!JSON.stringify(outputs).includes(token), "the unknown key is not in the outputs");
    assert.equal(outputs.credentialKeys.length, 2);
    assert.ok(outputs.credentialKeys.includes("BaseAddress"), "a known name is kept as it is");
    const other = outputsAfterAuthorization(inputs, ENDPOINTS, "b3RoZXI");
    assert.notDeepEqual(other.credentialKeys, outputs.credentialKeys, "salted: not a plain hash of the key");
  });
});
