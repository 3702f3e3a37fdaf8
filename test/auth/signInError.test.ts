import { strict as assert } from "node:assert";
import * as crypto from "node:crypto";
import { signInError, SignInError } from "../../provider/auth/signInError";
import { cloudEndpoints } from "../../provider/config/clouds";
import type { EndpointSettings } from "../../provider/config/providerSettings";
import type { SignInSettings } from "../../provider/config/signInSettings";

const SECRET = "Zx9~very-secret-value";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngifQ.c2lnbmF0dXJl";

const endpoints: EndpointSettings = { ...cloudEndpoints("china"), source: "ARM_ENVIRONMENT" };
const secretSettings: SignInSettings = {
  tenantId: "tenant-1",
  tenantIdFrom: "ARM_TENANT_ID",
  clientId: "client-1",
  clientIdFrom: "azuread:clientId",
  method: { kind: "clientSecret", clientSecret: SECRET },
  chosenBy: "syncauth:clientSecret",
};

function authenticationError(message: string): Error {
  return Object.assign(new Error(message), { name: "AuthenticationError" });
}

describe("signInError", () => {
  it("says which method, key, tenant, client and authority were used, and keeps Entra's AADSTS text", () => {
    const error = signInError(
      authenticationError("invalid_client: AADSTS7000215: Invalid client secret provided."),
      secretSettings,
      endpoints,
    );
    assert.ok(error instanceof SignInError);
    assert.equal(error.aadstsCode, "AADSTS7000215");
    assert.equal(error.reason, "AuthenticationError");
    for (const part of [
      "client secret (chosen by syncauth:clientSecret)",
      "tenant tenant-1 (from ARM_TENANT_ID)",
      "client client-1 (from azuread:clientId)",
      "https://login.chinacloudapi.cn",
      "AADSTS7000215: Invalid client secret provided",
      "set a current secret in syncauth:clientSecret",
    ]) {
      assert.ok(error.message.includes(part), `missing ${part}: ${error.message}`);
    }
  });

  it("removes the secret and any JWT even when the underlying error quotes them", () => {
    const error = signInError(
      authenticationError(`bad request client_secret=${SECRET}&client_assertion=${JWT}`),
      secretSettings,
      endpoints,
    );
    assert.ok(!error.message.includes(SECRET));
    assert.ok(!error.message.includes(JWT));
    assert.ok(error.message.includes("[redacted]"));
  });

  it("removes a client certificate's private key, whole or one line of it, and a PFX bundle's base64", () => {
    const keyLines = [crypto.randomBytes(48).toString("base64"), crypto.randomBytes(48).toString("base64")];
    const pem =
      "-----BEGIN CERTIFICATE-----\nMIIBpublicpart\n-----END CERTIFICATE-----\n" +
      `-----BEGIN PRIVATE KEY-----\n${keyLines.join("\n")}\n-----END PRIVATE KEY-----\n`;
    const certificateSettings = (certificate: Buffer): SignInSettings => ({
      ...secretSettings,
      method: { kind: "clientCertificate", certificate },
      chosenBy: "syncauth:clientCertificate",
    });
    const fromPem = signInError(
      authenticationError(`could not parse: ${keyLines[1]} / ${pem}`),
      certificateSettings(Buffer.from(pem)),
      endpoints,
    );
    for (const line of keyLines) assert.ok(!fromPem.message.includes(line), "a private key line is shown");
    const pfx = crypto.randomBytes(96);
    const fromPfx = signInError(
      authenticationError(`bad bundle ${pfx.toString("base64")}`),
      certificateSettings(pfx),
      endpoints,
    );
    assert.ok(!fromPfx.message.includes(pfx.toString("base64")), "the PFX bundle is shown");
  });

  it("removes request tokens of the GitHub method", () => {
    const settings: SignInSettings = {
      ...secretSettings,
      method: {
        kind: "oidcToken",
        getAssertion: "github",
        requestUrl: "https://x.test/t",
        requestToken: "gh-request-token-1",
      },
      chosenBy: "ACTIONS_ID_TOKEN_REQUEST_URL",
    };
    const error = signInError(new Error("401 for bearer gh-request-token-1"), settings, endpoints);
    assert.ok(!error.message.includes("gh-request-token-1"));
    assert.match(error.message, /OIDC token \(GitHub Actions\) \(chosen by ACTIONS_ID_TOKEN_REQUEST_URL\)/);
  });

  it("points at the tenant and cloud when the tenant is unknown", () => {
    const error = signInError(authenticationError("AADSTS90002: Tenant 'x' not found."), secretSettings, endpoints);
    assert.match(error.message, /check the tenant id \(ARM_TENANT_ID\) and the cloud \(ARM_ENVIRONMENT: china\)/);
  });

  it("explains an expired federated token", () => {
    const settings: SignInSettings = {
      ...secretSettings,
      method: { kind: "oidcToken", getAssertion: "static", token: JWT },
      chosenBy: "ARM_OIDC_TOKEN",
    };
    const error = signInError(
      authenticationError(`AADSTS700024: Client assertion ${JWT} is not within its valid time range.`),
      settings,
      endpoints,
    );
    assert.match(error.message, /federated token has expired; give a fresh one \(ARM_OIDC_TOKEN\)/);
    assert.ok(!error.message.includes(JWT));
  });

  it("tells Azure CLI users to run az login", () => {
    const settings: SignInSettings = {
      method: { kind: "azureCli" },
      chosenBy: "default (no other credential configured)",
    };
    const error = signInError(
      Object.assign(new Error("Please run 'az login' to set up an account"), { name: "CredentialUnavailableError" }),
      settings,
      endpoints,
    );
    assert.equal(error.reason, "CredentialUnavailableError");
    assert.match(error.message, /run "az login"/);
    assert.ok(!error.message.includes("tenant undefined"));
  });
});
