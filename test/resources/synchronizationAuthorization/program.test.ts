import { strict as assert } from "node:assert";
import { SynchronizationAuthorization } from "../../../provider";

const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

describe("SynchronizationAuthorization (the class a program constructs)", () => {
  it("fails naming the key whose value is undefined, before serialization drops it", () => {
    const unset: string | undefined = undefined;
    assert.throws(
      () =>
        new SynchronizationAuthorization("scim", {
          servicePrincipalId: SP_ID,
          credentials: { BaseAddress: "https://scim.example", SecretToken: unset as unknown as string },
        }),
      /^Error: credentials\.SecretToken is undefined: set it or remove the key$/,
    );
    assert.throws(
      () =>
        new SynchronizationAuthorization("scim", {
          servicePrincipalId: SP_ID,
          writeOnlyCredentials: { Oauth2AuthorizationCode: unset as unknown as { fromEnv: string } },
        }),
      /writeOnlyCredentials\.Oauth2AuthorizationCode is undefined: set it or remove the key/,
    );
  });
});
