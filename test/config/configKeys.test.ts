import { strict as assert } from "node:assert";
import { ConfigError } from "../../provider/config/configError";
import { lookup, lookupBoolean, SETTINGS, sourcesOf } from "../../provider/config/configKeys";

const none = { get: () => undefined };

describe("configKeys", () => {
  it("consults syncauth, then azuread, then the environment, value before file path in each layer", () => {
    assert.deepEqual(sourcesOf(SETTINGS.clientSecret), [
      "syncauth:clientSecret",
      "syncauth:clientSecretFilePath",
      "azuread:clientSecret",
      "azuread:clientSecretFilePath",
      "ARM_CLIENT_SECRET",
      "AZURE_CLIENT_SECRET",
      "ARM_CLIENT_SECRET_FILE_PATH",
    ]);
  });

  const expected: Record<keyof typeof SETTINGS, string[]> = {
    cloud: ["syncauth:cloud", "azuread:environment", "ARM_ENVIRONMENT"],
    graphEndpoint: ["syncauth:graphEndpoint"],
    authorityHost: ["syncauth:authorityHost", "AZURE_AUTHORITY_HOST"],
    graphScope: ["syncauth:graphScope"],
    keyVaultHosts: ["syncauth:keyVaultHosts"],
    tenantId: ["syncauth:tenantId", "azuread:tenantId", "ARM_TENANT_ID", "AZURE_TENANT_ID"],
    clientId: [
      "syncauth:clientId",
      "syncauth:clientIdFilePath",
      "azuread:clientId",
      "azuread:clientIdFilePath",
      "ARM_CLIENT_ID",
      "AZURE_CLIENT_ID",
      "ARM_CLIENT_ID_FILE_PATH",
    ],
    clientSecret: sourcesOf(SETTINGS.clientSecret),
    clientCertificate: [
      "syncauth:clientCertificate",
      "syncauth:clientCertificatePath",
      "azuread:clientCertificate",
      "azuread:clientCertificatePath",
      "ARM_CLIENT_CERTIFICATE",
      "ARM_CLIENT_CERTIFICATE_PATH",
      "AZURE_CLIENT_CERTIFICATE_PATH",
    ],
    clientCertificatePassword: [
      "syncauth:clientCertificatePassword",
      "azuread:clientCertificatePassword",
      "ARM_CLIENT_CERTIFICATE_PASSWORD",
      "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    ],
    useOidc: ["syncauth:useOidc", "azuread:useOidc", "ARM_USE_OIDC"],
    oidcToken: ["syncauth:oidcToken", "azuread:oidcToken", "ARM_OIDC_TOKEN"],
    oidcTokenFilePath: [
      "syncauth:oidcTokenFilePath",
      "azuread:oidcTokenFilePath",
      "ARM_OIDC_TOKEN_FILE_PATH",
      "AZURE_FEDERATED_TOKEN_FILE",
    ],
    githubRequestUrl: [
      "syncauth:oidcRequestUrl",
      "azuread:oidcRequestUrl",
      "ARM_OIDC_REQUEST_URL",
      "ACTIONS_ID_TOKEN_REQUEST_URL",
    ],
    githubRequestToken: [
      "syncauth:oidcRequestToken",
      "azuread:oidcRequestToken",
      "ARM_OIDC_REQUEST_TOKEN",
      "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    ],
    adoServiceConnectionId: [
      "syncauth:adoPipelineServiceConnectionId",
      "azuread:adoPipelineServiceConnectionId",
      "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
      "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID",
    ],
    adoSystemAccessToken: [
      "syncauth:oidcRequestToken",
      "azuread:oidcRequestToken",
      "ARM_OIDC_REQUEST_TOKEN",
      "SYSTEM_ACCESSTOKEN",
    ],
    useMsi: ["syncauth:useMsi", "azuread:useMsi", "ARM_USE_MSI"],
    msiEndpoint: ["syncauth:msiEndpoint", "azuread:msiEndpoint", "ARM_MSI_ENDPOINT"],
    useCli: ["syncauth:useCli", "azuread:useCli", "ARM_USE_CLI"],
    requestTimeoutSeconds: ["syncauth:requestTimeoutSeconds"],
    maxRetries: ["syncauth:maxRetries"],
    maxConcurrency: ["syncauth:maxConcurrency"],
    operationTimeoutSeconds: ["syncauth:operationTimeoutSeconds"],
  };
  for (const [name, sources] of Object.entries(expected)) {
    it(`documents where ${name} comes from`, () => {
      assert.deepEqual(sourcesOf(SETTINGS[name as keyof typeof SETTINGS]), sources);
    });
  }

  it("skips blank values and trims the one it takes", () => {
    const found = lookup(
      SETTINGS.tenantId,
      { get: (key) => (key === "syncauth:tenantId" ? "   " : undefined) },
      {
        ARM_TENANT_ID: "",
        AZURE_TENANT_ID: "  t1 \n",
      },
    );
    assert.deepEqual(found, { value: "t1", source: "AZURE_TENANT_ID", isFilePath: false });
  });

  it("marks a file-path source so the caller reads the file", () => {
    assert.deepEqual(lookup(SETTINGS.clientId, none, { ARM_CLIENT_ID_FILE_PATH: "/run/id" }), {
      value: "/run/id",
      source: "ARM_CLIENT_ID_FILE_PATH",
      isFilePath: true,
    });
  });

  describe("lookupBoolean", () => {
    for (const [raw, value] of [
      ["true", true],
      ["TRUE", true],
      ["1", true],
      ["yes", true],
      ["false", false],
      ["0", false],
      ["No", false],
    ] as const) {
      it(`reads ${raw} as ${value}`, () => {
        assert.deepEqual(lookupBoolean(SETTINGS.useMsi, none, { ARM_USE_MSI: raw }), { value, source: "ARM_USE_MSI" });
      });
    }
    it("is undefined when unset, so explicit false differs from unset", () => {
      assert.equal(lookupBoolean(SETTINGS.useMsi, none, {}), undefined);
    });
    it("names the key holding a non-boolean", () => {
      assert.throws(
        () =>
          lookupBoolean(SETTINGS.useCli, { get: (key) => (key === "azuread:useCli" ? "sometimes" : undefined) }, {}),
        (error: unknown) => error instanceof ConfigError && error.source === "azuread:useCli",
      );
    });
  });
});
