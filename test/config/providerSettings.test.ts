import { strict as assert } from "node:assert";
import { ConfigError } from "../../provider/config/configError";
import {
  ConfigSource,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RETRIES,
  DEFAULT_OPERATION_TIMEOUT_SECONDS,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  resolveClientSettings,
  resolveEndpointSettings,
} from "../../provider/config/providerSettings";

function configOf(values: Record<string, string>): ConfigSource {
  return { get: (key) => values[key] };
}

const noConfig = configOf({});

function assertConfigError(fn: () => unknown, source: string, ...mustMention: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.source, source);
    for (const text of mustMention) {
      assert.ok(err.message.includes(text), `message should mention ${text}: ${err.message}`);
    }
    return true;
  });
}

describe("providerSettings", () => {
  describe("resolveEndpointSettings", () => {
    it("defaults to the global cloud with no configuration or credentials at all", () => {
      const endpoints = resolveEndpointSettings(noConfig, {});
      assert.equal(endpoints.cloud, "global");
      assert.equal(endpoints.graphRoot, "https://graph.microsoft.com");
      assert.equal(endpoints.source, "default");
      assert.equal(endpoints.custom, false);
    });

    const precedence: Array<[string, Record<string, string>, Record<string, string>, string, string]> = [
      [
        "syncauth:cloud",
        { "syncauth:cloud": "china", "azuread:environment": "usgovernment" },
        { ARM_ENVIRONMENT: "dod" },
        "china",
        "syncauth:cloud",
      ],
      [
        "azuread:environment",
        { "azuread:environment": "usgovernment" },
        { ARM_ENVIRONMENT: "dod" },
        "usgovernmentl4",
        "azuread:environment",
      ],
      ["ARM_ENVIRONMENT", {}, { ARM_ENVIRONMENT: "dod" }, "usgovernmentl5", "ARM_ENVIRONMENT"],
      [
        "a blank syncauth key falls through",
        { "syncauth:cloud": " " },
        { ARM_ENVIRONMENT: "public" },
        "global",
        "ARM_ENVIRONMENT",
      ],
    ];
    for (const [name, config, env, cloud, source] of precedence) {
      it(`chooses the cloud from ${name}`, () => {
        const endpoints = resolveEndpointSettings(configOf(config), env);
        assert.equal(endpoints.cloud, cloud);
        assert.equal(endpoints.source, source);
      });
    }

    it("names the variable holding an unknown cloud", () => {
      assertConfigError(
        () => resolveEndpointSettings(noConfig, { ARM_ENVIRONMENT: "mars" }),
        "ARM_ENVIRONMENT",
        "global",
      );
    });

    it("applies syncauth:graphEndpoint and syncauth:authorityHost", () => {
      const endpoints = resolveEndpointSettings(
        configOf({
          "syncauth:graphEndpoint": "https://127.0.0.1:9443/",
          "syncauth:authorityHost": "https://127.0.0.1:9444",
        }),
        {},
      );
      assert.equal(endpoints.graphRoot, "https://127.0.0.1:9443");
      assert.equal(endpoints.graphScope, "https://graph.microsoft.com/.default", "a proxy needs a real Graph token");
      assert.equal(endpoints.authorityHost, "https://127.0.0.1:9444");
      assert.equal(endpoints.custom, true);
      assert.deepEqual(endpoints.keyVaultHosts, []);
    });

    it("takes the Graph scope from syncauth:graphScope and vault hosts from syncauth:keyVaultHosts", () => {
      const endpoints = resolveEndpointSettings(
        configOf({
          "syncauth:graphEndpoint": "https://127.0.0.1:9443",
          "syncauth:graphScope": "https://127.0.0.1:9443/.default",
          "syncauth:keyVaultHosts": " 127.0.0.1:8443 , MyVault.Example.com ,",
        }),
        {},
      );
      assert.equal(endpoints.graphScope, "https://127.0.0.1:9443/.default");
      assert.deepEqual(endpoints.keyVaultHosts, ["127.0.0.1:8443", "myvault.example.com"]);
    });

    for (const bad of ["https://127.0.0.1:9443", "127.0.0.1/.default", "http://graph.example.test/.default"]) {
      it(`refuses syncauth:graphScope ${JSON.stringify(bad)} naming the key`, () => {
        assertConfigError(
          () => resolveEndpointSettings(configOf({ "syncauth:graphScope": bad }), {}),
          "syncauth:graphScope",
          "/.default",
        );
      });
    }

    for (const bad of ["https://vault.example.test", "*.example.test", "v.example.test/path"]) {
      it(`refuses syncauth:keyVaultHosts entry ${JSON.stringify(bad)} naming the key`, () => {
        assertConfigError(
          () => resolveEndpointSettings(configOf({ "syncauth:keyVaultHosts": `ok.example.test,${bad}` }), {}),
          "syncauth:keyVaultHosts",
          "host:port",
        );
      });
    }

    it("takes the authority from AZURE_AUTHORITY_HOST when syncauth:authorityHost is unset", () => {
      const endpoints = resolveEndpointSettings(noConfig, { AZURE_AUTHORITY_HOST: "https://login.example.test" });
      assert.equal(endpoints.authorityHost, "https://login.example.test");
      assert.equal(endpoints.custom, true);
    });

    it("prefers syncauth:authorityHost over AZURE_AUTHORITY_HOST", () => {
      const endpoints = resolveEndpointSettings(configOf({ "syncauth:authorityHost": "https://a.example.test" }), {
        AZURE_AUTHORITY_HOST: "https://b.example.test",
      });
      assert.equal(endpoints.authorityHost, "https://a.example.test");
    });

    it("refuses an http graph endpoint naming the key", () => {
      assertConfigError(
        () => resolveEndpointSettings(configOf({ "syncauth:graphEndpoint": "http://127.0.0.1:9443" }), {}),
        "syncauth:graphEndpoint",
        "https",
      );
    });

    it("refuses an http authority from the environment naming the variable", () => {
      assertConfigError(
        () => resolveEndpointSettings(noConfig, { AZURE_AUTHORITY_HOST: "http://127.0.0.1:1" }),
        "AZURE_AUTHORITY_HOST",
      );
    });
  });

  describe("resolveClientSettings", () => {
    it("uses the named defaults", () => {
      assert.deepEqual(resolveClientSettings(noConfig, {}), {
        requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000,
        maxRetries: DEFAULT_MAX_RETRIES,
        maxConcurrency: DEFAULT_MAX_CONCURRENCY,
        operationDeadlineMs: DEFAULT_OPERATION_TIMEOUT_SECONDS * 1000,
      });
      assert.deepEqual(
        [
          DEFAULT_REQUEST_TIMEOUT_SECONDS,
          DEFAULT_MAX_RETRIES,
          DEFAULT_MAX_CONCURRENCY,
          DEFAULT_OPERATION_TIMEOUT_SECONDS,
        ],
        [60, 5, 8, 600],
      );
    });

    it("reads every knob, including fractional seconds", () => {
      const settings = resolveClientSettings(
        configOf({
          "syncauth:requestTimeoutSeconds": "2.5",
          "syncauth:maxRetries": "0",
          "syncauth:maxConcurrency": "1",
          "syncauth:operationTimeoutSeconds": "30",
        }),
        {},
      );
      assert.deepEqual(settings, {
        requestTimeoutMs: 2500,
        maxRetries: 0,
        maxConcurrency: 1,
        operationDeadlineMs: 30000,
      });
    });

    const bad: Array<[string, string]> = [
      ["syncauth:requestTimeoutSeconds", "0"],
      // 0 ms means "no timeout" to the HTTP client; anything below a second is a mistake.
      ["syncauth:requestTimeoutSeconds", "0.0001"],
      ["syncauth:requestTimeoutSeconds", "0.5"],
      ["syncauth:requestTimeoutSeconds", "-1"],
      ["syncauth:requestTimeoutSeconds", "ten"],
      ["syncauth:requestTimeoutSeconds", "1e3"],
      ["syncauth:maxRetries", "2.5"],
      ["syncauth:maxRetries", "51"],
      ["syncauth:maxConcurrency", "0"],
      ["syncauth:maxConcurrency", "Infinity"],
      ["syncauth:operationTimeoutSeconds", "100000"],
      ["syncauth:operationTimeoutSeconds", "0x10"],
      // Below a second the deadline rounds to nothing (0.0001 s was a 0 ms deadline): the same floor as a request's.
      ["syncauth:operationTimeoutSeconds", "0.0001"],
      ["syncauth:operationTimeoutSeconds", "0.5"],
      ["syncauth:operationTimeoutSeconds", "9".repeat(400)],
    ];
    for (const [key, value] of bad) {
      it(`rejects ${key}=${JSON.stringify(value)} naming the key`, () => {
        assertConfigError(() => resolveClientSettings(configOf({ [key]: value }), {}), key, key);
      });
    }

    it("ignores azuread keys and environment variables (azuread has no such knobs)", () => {
      const settings = resolveClientSettings(configOf({ "azuread:maxRetries": "1" }), { maxRetries: "1" });
      assert.equal(settings.maxRetries, DEFAULT_MAX_RETRIES);
    });
  });
});
