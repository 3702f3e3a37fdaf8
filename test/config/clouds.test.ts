import { strict as assert } from "node:assert";
import { CLOUD_NAMES, cloudEndpoints, parseCloudName, parseEndpointUrl } from "../../provider/config/clouds";
import { ConfigError } from "../../provider/config/configError";

describe("clouds", () => {
  describe("parseCloudName", () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, "global"],
      ["", "global"],
      ["  ", "global"],
      ["global", "global"],
      ["usgovernmentl4", "usgovernmentl4"],
      ["usgovernmentl5", "usgovernmentl5"],
      ["china", "china"],
      ["public", "global"],
      ["usgovernment", "usgovernmentl4"],
      ["dod", "usgovernmentl5"],
      ["AzureCloud", "global"],
      ["AzureUSGovernment", "usgovernmentl4"],
      ["AzureChinaCloud", "china"],
      [" China ", "china"],
    ];
    for (const [raw, expected] of cases) {
      it(`reads ${JSON.stringify(raw)} as ${expected}`, () => {
        assert.equal(parseCloudName(raw, "syncauth:cloud"), expected);
      });
    }

    it("rejects an unknown cloud naming the source and the accepted names", () => {
      assert.throws(
        () => parseCloudName("german", "ARM_ENVIRONMENT"),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.source === "ARM_ENVIRONMENT" &&
          err.message.includes("ARM_ENVIRONMENT") &&
          CLOUD_NAMES.every((name) => err.message.includes(name)) &&
          !err.message.includes("german"),
      );
    });
  });

  describe("cloudEndpoints", () => {
    const expected = {
      global: ["https://graph.microsoft.com", "https://login.microsoftonline.com", "vault.azure.net"],
      usgovernmentl4: ["https://graph.microsoft.us", "https://login.microsoftonline.us", "vault.usgovcloudapi.net"],
      usgovernmentl5: ["https://dod-graph.microsoft.us", "https://login.microsoftonline.us", "vault.usgovcloudapi.net"],
      china: ["https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn", "vault.azure.cn"],
    } as const;
    for (const cloud of CLOUD_NAMES) {
      it(`maps ${cloud} to its Graph root, authority, scopes and Key Vault suffix`, () => {
        const [graphRoot, authorityHost, keyVaultSuffix] = expected[cloud];
        assert.deepEqual(cloudEndpoints(cloud), {
          cloud,
          graphRoot,
          authorityHost,
          graphScope: `${graphRoot}/.default`,
          keyVaultSuffix,
          keyVaultScope: `https://${keyVaultSuffix}/.default`,
          keyVaultHosts: [],
          custom: false,
        });
      });
    }

    it("applies custom endpoints, strips trailing slashes and marks them custom", () => {
      const endpoints = cloudEndpoints("china", {
        graphEndpoint: "https://127.0.0.1:8443/",
        authorityHost: "https://127.0.0.1:8444//",
      });
      assert.equal(endpoints.graphRoot, "https://127.0.0.1:8443");
      assert.equal(
        endpoints.graphScope,
        "https://microsoftgraph.chinacloudapi.cn/.default",
        "the cloud's, not the override's",
      );
      assert.deepEqual(endpoints.keyVaultHosts, [], "a custom endpoint allows no vault host");
      assert.equal(endpoints.authorityHost, "https://127.0.0.1:8444");
      assert.equal(endpoints.keyVaultSuffix, "vault.azure.cn");
      assert.equal(endpoints.custom, true);
    });

    it("marks a custom authority alone as custom (instance discovery must be off)", () => {
      const endpoints = cloudEndpoints("global", { authorityHost: "https://login.example.test" });
      assert.equal(endpoints.graphRoot, "https://graph.microsoft.com");
      assert.equal(endpoints.custom, true);
    });

    it("does not mark an override equal to the cloud's own endpoint as custom", () => {
      assert.equal(cloudEndpoints("global", { graphEndpoint: "https://graph.microsoft.com/" }).custom, false);
    });

    it("treats blank overrides as unset", () => {
      assert.equal(cloudEndpoints("global", { graphEndpoint: " ", authorityHost: "" }).custom, false);
    });

    it("refuses http endpoints", () => {
      assert.throws(
        () => cloudEndpoints("global", { authorityHost: "http://127.0.0.1:8080" }),
        (err: unknown) => err instanceof ConfigError && /authorityHost must use https/.test(err.message),
      );
    });
  });

  describe("parseEndpointUrl", () => {
    it("keeps a path prefix", () => {
      assert.equal(parseEndpointUrl("https://proxy.example.test/graph/", "x"), "https://proxy.example.test/graph");
    });
    it("rejects relative URLs naming the source", () => {
      assert.throws(
        () => parseEndpointUrl("graph.example.test", "syncauth:graphEndpoint"),
        (err: unknown) => err instanceof ConfigError && err.message.startsWith("syncauth:graphEndpoint is not"),
      );
    });
    it("rejects URLs carrying credentials without echoing them", () => {
      assert.throws(
        () => parseEndpointUrl("https://user:hunter2@graph.example.test", "AZURE_AUTHORITY_HOST"),
        (err: unknown) => err instanceof ConfigError && !err.message.includes("hunter2"),
      );
    });
    it("rejects a query string", () => {
      assert.throws(() => parseEndpointUrl("https://graph.example.test/?a=b", "k"), ConfigError);
    });
  });
});
