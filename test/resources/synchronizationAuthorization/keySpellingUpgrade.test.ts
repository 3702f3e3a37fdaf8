import { strict as assert } from "node:assert";
import type { CheckedInputs } from "../../../provider/resources/synchronizationAuthorization/authorizationState";
import { credentialFingerprint } from "../../../provider/resources/synchronizationAuthorization/credentialFingerprint";
import { planChange, type PlanContext } from "../../../provider/resources/synchronizationAuthorization/planChange";

const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const SALT = "dGVzdC1zYWx0LTEyMzQ1Ng";
const AUTHORIZED_AT = "2026-10-01T12:00:00.000Z";
const CONTEXT: PlanContext = {
  cloud: "global",
  graphEndpoint: "https://graph.microsoft.com",
  now: new Date(Date.parse(AUTHORIZED_AT) + 86_400_000),
};

/** How the previous main (e6ab62c) stored a key name: a known name as it is, any other as a salted fingerprint. */
function previousMainStoredKeyName(key: string): string {
  const known = ["BaseAddress", "SecretToken", "Oauth2AuthorizationCode"];
  return known.includes(key) ? key : `not shown: ${credentialFingerprint(SALT, [{ key, value: "" }])}`;
}

describe("one spelling per key across an upgrade from state that hid a known name in another case", () => {
  it("state written by the previous main with `secretToken` (stored hashed) plans no authorization after check respells it", () => {
    // The previous main accepted `secretToken` as typed, sent it, hashed it in credentialKeys (not a known name in
    // that case) and fingerprinted the credentials with the key as typed.
    const typed = [
      { key: "BaseAddress", value: "https://scim.example.test" },
      { key: "secretToken", value: "tok-CANARY-1234" },
    ];
    const olds = {
      target: `servicePrincipals/${SP_ID}`,
      servicePrincipalId: SP_ID,
      apiVersion: "v1.0",
      cloud: "global",
      graphEndpoint: "https://graph.microsoft.com",
      credentialKeys: typed.map((pair) => previousMainStoredKeyName(pair.key)).sort(),
      credentialFingerprint: credentialFingerprint(SALT, typed),
      fingerprintSalt: SALT,
      lastAuthorizedAt: AUTHORIZED_AT,
    };
    // Same program after the upgrade: check writes the key in Graph's spelling.
    const news: CheckedInputs = {
      target: `servicePrincipals/${SP_ID}`,
      servicePrincipalId: SP_ID,
      apiVersion: "v1.0",
      credentials: [
        { key: "BaseAddress", value: "https://scim.example.test" },
        { key: "SecretToken", value: "tok-CANARY-1234" },
      ],
    };
    const plan = planChange(olds, news, CONTEXT);
    assert.equal(plan.authorize, false, `an upgrade alone must send nothing: ${plan.reasons.join("; ")}`);
  });

  it("with a single-use code in the same set, an upgrade alone does not make up fail with 'already sent'", () => {
    const typed = [
      { key: "BaseAddress", value: "https://scim.example.test" },
      { key: "clientSecret", value: "cs-CANARY-5678" },
      { key: "Oauth2AuthorizationCode", value: "code-CANARY-0001" },
    ];
    const olds = {
      target: `servicePrincipals/${SP_ID}`,
      servicePrincipalId: SP_ID,
      apiVersion: "v1.0",
      cloud: "global",
      graphEndpoint: "https://graph.microsoft.com",
      credentialKeys: typed.map((pair) => previousMainStoredKeyName(pair.key)).sort(),
      credentialFingerprint: credentialFingerprint(SALT, typed),
      fingerprintSalt: SALT,
      singleUseFingerprints: {
        Oauth2AuthorizationCode: credentialFingerprint(SALT, [typed[2]]),
      },
      lastAuthorizedAt: AUTHORIZED_AT,
    };
    const news: CheckedInputs = {
      target: `servicePrincipals/${SP_ID}`,
      servicePrincipalId: SP_ID,
      apiVersion: "v1.0",
      credentials: [typed[0], { key: "ClientSecret", value: "cs-CANARY-5678" }, typed[2]],
    };
    const plan = planChange(olds, news, CONTEXT);
    assert.equal(plan.authorize, false, plan.reasons.join("; "));
    assert.equal(plan.refusal, undefined);
  });
});
