import { strict as assert } from "node:assert";
import { ConfigError } from "../../provider/config/configError";
import { ConfigSource, Env } from "../../provider/config/configKeys";
import { resolveSignInSettings, SignInSettings } from "../../provider/config/signInSettings";

const TENANT = "9b2d1f3e-5a41-4c6e-8f0a-1b2c3d4e5f60";
const CLIENT = "de0c11e0-0000-4000-8000-000000000001";
const SECRET = "s3cr3t~value-that-must-not-leak";

function configOf(values: Record<string, string>): ConfigSource {
  return { get: (key) => values[key] };
}

/** An in-memory file system that records which paths were read. */
function filesOf(files: Record<string, string | Buffer>) {
  const reads: string[] = [];
  const readFile = (path: string): Buffer => {
    reads.push(path);
    const content = files[path];
    if (content === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
    }
    return typeof content === "string" ? Buffer.from(content) : content;
  };
  return { readFile, reads };
}

function resolve(
  config: Record<string, string>,
  env: Env = {},
  files: Record<string, string | Buffer> = {},
): SignInSettings {
  return resolveSignInSettings(configOf(config), env, filesOf(files).readFile);
}

function assertConfigError(fn: () => unknown, check: (err: ConfigError) => void): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    check(err);
    return true;
  });
}

const identity = { "syncauth:tenantId": TENANT, "syncauth:clientId": CLIENT };

describe("signInSettings", () => {
  describe("identity keys", () => {
    const tenantSources: Array<[string, Record<string, string>, Env]> = [
      [
        "syncauth:tenantId",
        { "syncauth:tenantId": "t-syncauth", "azuread:tenantId": "t-azuread" },
        { ARM_TENANT_ID: "t-arm" },
      ],
      ["azuread:tenantId", { "azuread:tenantId": "t-azuread" }, { ARM_TENANT_ID: "t-arm", AZURE_TENANT_ID: "t-azure" }],
      ["ARM_TENANT_ID", {}, { ARM_TENANT_ID: "t-arm", AZURE_TENANT_ID: "t-azure" }],
      ["AZURE_TENANT_ID", {}, { AZURE_TENANT_ID: "t-azure" }],
    ];
    for (const [winner, config, env] of tenantSources) {
      it(`takes the tenant from ${winner} first`, () => {
        const settings = resolve({ ...config, "syncauth:clientId": CLIENT, "syncauth:clientSecret": SECRET }, env);
        assert.equal(settings.tenantIdFrom, winner);
        assert.equal(
          settings.tenantId,
          {
            "syncauth:tenantId": "t-syncauth",
            "azuread:tenantId": "t-azuread",
            ARM_TENANT_ID: "t-arm",
            AZURE_TENANT_ID: "t-azure",
          }[winner],
        );
      });
    }

    const clientSources: Array<[string, Record<string, string>, Env, Record<string, string>, string]> = [
      ["syncauth:clientId", { "syncauth:clientId": "c1", "syncauth:clientIdFilePath": "/f" }, {}, { "/f": "c2" }, "c1"],
      [
        "syncauth:clientIdFilePath",
        { "syncauth:clientIdFilePath": "/f", "azuread:clientId": "c3" },
        {},
        { "/f": "c2\n" },
        "c2",
      ],
      [
        "azuread:clientId",
        { "azuread:clientId": "c3", "azuread:clientIdFilePath": "/g" },
        { ARM_CLIENT_ID: "c5" },
        {},
        "c3",
      ],
      ["azuread:clientIdFilePath", { "azuread:clientIdFilePath": "/g" }, { ARM_CLIENT_ID: "c5" }, { "/g": "c4" }, "c4"],
      ["ARM_CLIENT_ID", {}, { ARM_CLIENT_ID: "c5", AZURE_CLIENT_ID: "c6" }, {}, "c5"],
      ["AZURE_CLIENT_ID", {}, { AZURE_CLIENT_ID: "c6", ARM_CLIENT_ID_FILE_PATH: "/h" }, { "/h": "c7" }, "c6"],
      ["ARM_CLIENT_ID_FILE_PATH", {}, { ARM_CLIENT_ID_FILE_PATH: "/h" }, { "/h": " c7 \n" }, "c7"],
    ];
    for (const [winner, config, env, files, expected] of clientSources) {
      it(`takes the client id from ${winner} first`, () => {
        const settings = resolve(
          { ...config, "syncauth:tenantId": TENANT, "syncauth:clientSecret": SECRET },
          env,
          files,
        );
        assert.equal(settings.clientIdFrom, winner);
        assert.equal(settings.clientId, expected);
      });
    }

    it("reads only the file of the winning key", () => {
      const { readFile, reads } = filesOf({ "/secret": SECRET, "/other": "x" });
      resolveSignInSettings(
        configOf({ ...identity, "syncauth:clientSecretFilePath": "/secret", "azuread:clientSecretFilePath": "/other" }),
        {},
        readFile,
      );
      assert.deepEqual(reads, ["/secret"]);
    });

    it("lists every key and variable that could set a missing client id", () => {
      assertConfigError(
        () => resolve({ "syncauth:tenantId": TENANT }, { ARM_CLIENT_SECRET: SECRET }),
        (err) => {
          for (const name of [
            "syncauth:clientId",
            "syncauth:clientIdFilePath",
            "azuread:clientId",
            "ARM_CLIENT_ID",
            "AZURE_CLIENT_ID",
            "ARM_CLIENT_ID_FILE_PATH",
          ]) {
            assert.ok(err.message.includes(name), `${name} missing from: ${err.message}`);
          }
          assert.ok(err.message.includes("client secret (chosen by ARM_CLIENT_SECRET)"), err.message);
          assert.ok(!err.message.includes(SECRET));
        },
      );
    });

    it("lists every key and variable that could set a missing tenant", () => {
      assertConfigError(
        () => resolve({ "syncauth:clientId": CLIENT, "syncauth:clientSecret": SECRET }),
        (err) => {
          assert.match(err.message, /syncauth:tenantId, azuread:tenantId, ARM_TENANT_ID, AZURE_TENANT_ID/);
          assert.ok(!err.message.includes(SECRET));
        },
      );
    });

    for (const tenant of ["common", "organizations", "a/b", "has space"]) {
      it(`rejects tenant ${JSON.stringify(tenant)}`, () => {
        assertConfigError(
          () => resolve({ "syncauth:tenantId": tenant, "syncauth:clientId": CLIENT, "syncauth:clientSecret": SECRET }),
          (err) => assert.equal(err.source, "syncauth:tenantId"),
        );
      });
    }

    it("names the key whose file cannot be read, without the secret", () => {
      assertConfigError(
        () => resolve({ ...identity, "azuread:clientSecretFilePath": "/missing" }),
        (err) => {
          assert.equal(err.source, "azuread:clientSecretFilePath");
          assert.match(err.message, /ENOENT/);
        },
      );
    });

    it("refuses an empty secret file", () => {
      assertConfigError(
        () => resolve({ ...identity }, { ARM_CLIENT_SECRET_FILE_PATH: "/empty" }, { "/empty": "\n" }),
        (err) => assert.equal(err.source, "ARM_CLIENT_SECRET_FILE_PATH"),
      );
    });
  });

  describe("client secret", () => {
    const sources: Array<[string, Record<string, string>, Env, Record<string, string>]> = [
      ["syncauth:clientSecret", { "syncauth:clientSecret": SECRET, "azuread:clientSecret": "other" }, {}, {}],
      [
        "syncauth:clientSecretFilePath",
        { "syncauth:clientSecretFilePath": "/s" },
        { ARM_CLIENT_SECRET: "other" },
        { "/s": `${SECRET}\n` },
      ],
      ["azuread:clientSecret", { "azuread:clientSecret": SECRET }, { ARM_CLIENT_SECRET: "other" }, {}],
      [
        "azuread:clientSecretFilePath",
        { "azuread:clientSecretFilePath": "/s" },
        { ARM_CLIENT_SECRET: "other" },
        { "/s": SECRET },
      ],
      ["ARM_CLIENT_SECRET", {}, { ARM_CLIENT_SECRET: SECRET, AZURE_CLIENT_SECRET: "other" }, {}],
      ["AZURE_CLIENT_SECRET", {}, { AZURE_CLIENT_SECRET: SECRET }, {}],
      ["ARM_CLIENT_SECRET_FILE_PATH", {}, { ARM_CLIENT_SECRET_FILE_PATH: "/s" }, { "/s": SECRET }],
    ];
    for (const [winner, config, env, files] of sources) {
      it(`is taken from ${winner}`, () => {
        const settings = resolve({ ...identity, ...config }, env, files);
        assert.deepEqual(settings.method, { kind: "clientSecret", clientSecret: SECRET });
        assert.equal(settings.chosenBy, winner);
      });
    }
  });

  describe("client certificate", () => {
    const pem =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
    const pfx = Buffer.from([0x30, 0x82, 0x0a, 0x01, 0xff, 0x00, 0x80]);

    it("reads a PFX file's raw bytes from syncauth:clientCertificatePath with its password", () => {
      const settings = resolve(
        { ...identity, "syncauth:clientCertificatePath": "/c.pfx", "syncauth:clientCertificatePassword": "pw" },
        {},
        { "/c.pfx": pfx },
      );
      assert.equal(settings.method.kind, "clientCertificate");
      assert.ok(settings.method.kind === "clientCertificate" && settings.method.certificate.equals(pfx));
      assert.equal(settings.method.kind === "clientCertificate" && settings.method.certificatePassword, "pw");
      assert.equal(settings.chosenBy, "syncauth:clientCertificatePath");
    });

    it("decodes a base64 PFX from azuread:clientCertificate and the password from ARM_CLIENT_CERTIFICATE_PASSWORD", () => {
      const settings = resolve(
        { ...identity, "azuread:clientCertificate": pfx.toString("base64") },
        { ARM_CLIENT_CERTIFICATE_PASSWORD: "pw2", AZURE_CLIENT_CERTIFICATE_PASSWORD: "pw3" },
      );
      assert.ok(settings.method.kind === "clientCertificate" && settings.method.certificate.equals(pfx));
      assert.equal(settings.method.kind === "clientCertificate" && settings.method.certificatePassword, "pw2");
    });

    it("keeps inline PEM text as is", () => {
      const settings = resolve({ ...identity, "syncauth:clientCertificate": pem });
      assert.ok(settings.method.kind === "clientCertificate");
      assert.equal(settings.method.certificate.toString("utf8"), pem.trim());
      assert.equal(settings.method.certificatePassword, undefined);
    });

    for (const variable of ["ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"]) {
      it(`reads the certificate file named by ${variable}`, () => {
        const settings = resolve(
          identity,
          { [variable]: "/c.pem", AZURE_CLIENT_CERTIFICATE_PASSWORD: "pw" },
          { "/c.pem": pem },
        );
        assert.equal(settings.chosenBy, variable);
        assert.ok(settings.method.kind === "clientCertificate" && settings.method.certificate.toString() === pem);
        assert.equal(settings.method.certificatePassword, "pw");
      });
    }

    it("rejects an inline certificate that is neither PEM nor base64, without echoing it", () => {
      assertConfigError(
        () => resolve({ ...identity, "syncauth:clientCertificate": "not*base64!" }),
        (err) => {
          assert.equal(err.source, "syncauth:clientCertificate");
          assert.ok(!err.message.includes("not*base64!"));
        },
      );
    });

    it("loses to a client secret", () => {
      const settings = resolve({ ...identity, "syncauth:clientCertificate": pem }, { ARM_CLIENT_SECRET: SECRET });
      assert.equal(settings.method.kind, "clientSecret");
    });
  });

  describe("OIDC", () => {
    it("uses a static token from syncauth:oidcToken", () => {
      const settings = resolve({ ...identity, "syncauth:oidcToken": "eyJ.a.b" });
      assert.deepEqual(settings.method, { kind: "oidcToken", getAssertion: "static", token: "eyJ.a.b" });
      assert.equal(settings.chosenBy, "syncauth:oidcToken");
    });

    it("uses ARM_OIDC_TOKEN", () => {
      const settings = resolve(identity, { ARM_OIDC_TOKEN: "eyJ.c.d" });
      assert.equal(settings.chosenBy, "ARM_OIDC_TOKEN");
    });

    for (const variable of ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"]) {
      it(`uses the token file named by ${variable}, checking it is readable`, () => {
        const files = filesOf({ "/token": "eyJ.e.f\n" });
        const settings = resolveSignInSettings(configOf(identity), { [variable]: "/token" }, files.readFile);
        assert.deepEqual(settings.method, { kind: "oidcToken", getAssertion: "file", tokenFilePath: "/token" });
        assert.deepEqual(files.reads, ["/token"]);
      });
    }

    it("fails early when the token file is missing", () => {
      assertConfigError(
        () => resolve(identity, { AZURE_FEDERATED_TOKEN_FILE: "/nope" }),
        (err) => assert.equal(err.source, "AZURE_FEDERATED_TOKEN_FILE"),
      );
    });

    it("uses the GitHub Actions request URL and token", () => {
      const settings = resolve(identity, {
        ACTIONS_ID_TOKEN_REQUEST_URL: "https://127.0.0.1:7000/token?api-version=2.0",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token",
      });
      assert.deepEqual(settings.method, {
        kind: "oidcToken",
        getAssertion: "github",
        requestUrl: "https://127.0.0.1:7000/token?api-version=2.0",
        requestToken: "gh-request-token",
      });
      assert.equal(settings.chosenBy, "ACTIONS_ID_TOKEN_REQUEST_URL");
    });

    it("prefers azuread:oidcRequestUrl/Token over the GitHub variables", () => {
      const settings = resolve(
        { ...identity, "azuread:oidcRequestUrl": "https://127.0.0.1:7001/x", "azuread:oidcRequestToken": "t1" },
        { ACTIONS_ID_TOKEN_REQUEST_URL: "https://127.0.0.1:7000/y", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t2" },
      );
      assert.ok(settings.method.kind === "oidcToken" && settings.method.getAssertion === "github");
      assert.equal(settings.method.requestUrl, "https://127.0.0.1:7001/x");
      assert.equal(settings.method.requestToken, "t1");
    });

    it("asks for the request token when only the URL is set, without echoing anything", () => {
      assertConfigError(
        () => resolve(identity, { ACTIONS_ID_TOKEN_REQUEST_URL: "https://127.0.0.1:7000/y" }),
        (err) => assert.match(err.message, /ACTIONS_ID_TOKEN_REQUEST_TOKEN.*id-token: write/),
      );
    });

    it("refuses a plain-http request URL", () => {
      assertConfigError(
        () => resolve(identity, { ARM_OIDC_REQUEST_URL: "http://127.0.0.1:7000/y", ARM_OIDC_REQUEST_TOKEN: "t" }),
        (err) => assert.equal(err.source, "ARM_OIDC_REQUEST_URL"),
      );
    });

    it("uses an Azure Pipelines service connection with SYSTEM_ACCESSTOKEN", () => {
      const settings = resolve(identity, {
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: "sc-1",
        SYSTEM_OIDCREQUESTURI: "https://127.0.0.1:7002/oidc",
        SYSTEM_ACCESSTOKEN: "ado-token",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "not-for-ado",
      });
      assert.deepEqual(settings.method, {
        kind: "oidcToken",
        getAssertion: "azurePipelines",
        serviceConnectionId: "sc-1",
        systemAccessToken: "ado-token",
      });
      assert.equal(settings.chosenBy, "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID");
    });

    it("takes the Azure Pipelines access token from syncauth:oidcRequestToken first", () => {
      const settings = resolve(
        { ...identity, "syncauth:adoPipelineServiceConnectionId": "sc-2", "syncauth:oidcRequestToken": "cfg-token" },
        { SYSTEM_OIDCREQUESTURI: "https://127.0.0.1:7002/oidc", SYSTEM_ACCESSTOKEN: "ado-token" },
      );
      assert.ok(settings.method.kind === "oidcToken" && settings.method.getAssertion === "azurePipelines");
      assert.equal(settings.method.systemAccessToken, "cfg-token");
    });

    it("explains SYSTEM_OIDCREQUESTURI when an Azure Pipelines connection is set outside a pipeline", () => {
      assertConfigError(
        () => resolve({ ...identity, "azuread:adoPipelineServiceConnectionId": "sc" }, { SYSTEM_ACCESSTOKEN: "x" }),
        (err) => assert.equal(err.source, "SYSTEM_OIDCREQUESTURI"),
      );
    });

    it("explains SYSTEM_ACCESSTOKEN when it is not mapped into the step", () => {
      assertConfigError(
        () =>
          resolve(
            { ...identity, "azuread:adoPipelineServiceConnectionId": "sc" },
            { SYSTEM_OIDCREQUESTURI: "https://x.test/o" },
          ),
        (err) => assert.match(err.message, /\$\(System\.AccessToken\)/),
      );
    });

    it("orders OIDC sources: static token, token file, Azure Pipelines, GitHub", () => {
      const all: Env = {
        ARM_OIDC_TOKEN: "static",
        ARM_OIDC_TOKEN_FILE_PATH: "/token",
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: "sc",
        SYSTEM_OIDCREQUESTURI: "https://x.test/o",
        SYSTEM_ACCESSTOKEN: "a",
        ACTIONS_ID_TOKEN_REQUEST_URL: "https://x.test/g",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "g",
      };
      const files = { "/token": "file-token" };
      const order: string[] = [];
      const env = { ...all };
      for (const remove of [
        "ARM_OIDC_TOKEN",
        "ARM_OIDC_TOKEN_FILE_PATH",
        "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
      ]) {
        const settings = resolve(identity, env, files);
        order.push(settings.method.kind === "oidcToken" ? settings.method.getAssertion : settings.method.kind);
        delete env[remove];
      }
      assert.deepEqual(order, ["static", "file", "azurePipelines", "github"]);
    });

    it("loses to a certificate when not asked for explicitly", () => {
      const settings = resolve(
        { ...identity, "syncauth:clientCertificate": "-----BEGIN X-----" },
        { ARM_OIDC_TOKEN: "t" },
      );
      assert.equal(settings.method.kind, "clientCertificate");
    });

    it("wins over a client secret when useOidc is true", () => {
      const settings = resolve(
        { ...identity, "syncauth:useOidc": "true", "syncauth:clientSecret": SECRET },
        { ARM_OIDC_TOKEN: "t" },
      );
      assert.equal(settings.method.kind, "oidcToken");
      assert.equal(settings.chosenBy, "syncauth:useOidc with ARM_OIDC_TOKEN");
    });

    it("is skipped when useOidc is false", () => {
      const settings = resolve(identity, { ARM_USE_OIDC: "false", ARM_OIDC_TOKEN: "t" });
      assert.equal(settings.method.kind, "azureCli");
    });

    it("names every OIDC source when useOidc is true but none is set", () => {
      assertConfigError(
        () => resolve({ ...identity, "azuread:useOidc": "true" }),
        (err) => {
          assert.equal(err.source, "azuread:useOidc");
          for (const name of [
            "ARM_OIDC_TOKEN",
            "AZURE_FEDERATED_TOKEN_FILE",
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
          ]) {
            assert.ok(err.message.includes(name), name);
          }
        },
      );
    });
  });

  describe("managed identity and Azure CLI", () => {
    it("is never chosen without useMsi, even with an msiEndpoint", () => {
      const settings = resolve({ "syncauth:msiEndpoint": "http://127.0.0.1:1/msi" });
      assert.equal(settings.method.kind, "azureCli");
    });

    it("wins over a client secret with syncauth:useMsi and needs no tenant or client id", () => {
      const settings = resolve({ "syncauth:useMsi": "true", "syncauth:clientSecret": SECRET });
      assert.deepEqual(settings.method, { kind: "managedIdentity", msiEndpoint: undefined });
      assert.equal(settings.chosenBy, "syncauth:useMsi");
      assert.equal(settings.tenantId, undefined);
    });

    it("takes ARM_USE_MSI and ARM_MSI_ENDPOINT, and a client id for a user-assigned identity", () => {
      const settings = resolve(
        {},
        { ARM_USE_MSI: "TRUE", ARM_MSI_ENDPOINT: "http://127.0.0.1:5000/msi/token", ARM_CLIENT_ID: CLIENT },
      );
      assert.deepEqual(settings.method, { kind: "managedIdentity", msiEndpoint: "http://127.0.0.1:5000/msi/token" });
      assert.equal(settings.chosenBy, "ARM_USE_MSI");
      assert.equal(settings.clientId, CLIENT);
    });

    it("lets syncauth:useMsi=false override ARM_USE_MSI=true", () => {
      const settings = resolve(
        { ...identity, "syncauth:useMsi": "false", "syncauth:clientSecret": SECRET },
        { ARM_USE_MSI: "true" },
      );
      assert.equal(settings.method.kind, "clientSecret");
    });

    it("prefers useOidc over useMsi over useCli", () => {
      const all = {
        ...identity,
        "syncauth:useOidc": "true",
        "syncauth:useMsi": "true",
        "syncauth:useCli": "true",
        "syncauth:oidcToken": "t",
      };
      assert.equal(resolve(all).method.kind, "oidcToken");
      assert.equal(resolve({ ...all, "syncauth:useOidc": "false" }).method.kind, "managedIdentity");
      assert.equal(resolve({ ...all, "syncauth:useOidc": "false", "syncauth:useMsi": "0" }).method.kind, "azureCli");
    });

    it("uses the Azure CLI when explicitly asked, over a client secret", () => {
      const settings = resolve({ ...identity, "azuread:useCli": "true", "syncauth:clientSecret": SECRET });
      assert.equal(settings.method.kind, "azureCli");
      assert.equal(settings.chosenBy, "azuread:useCli");
    });

    it("falls back to the Azure CLI with nothing configured, tenant optional", () => {
      const settings = resolve({}, {});
      assert.deepEqual(settings.method, { kind: "azureCli" });
      assert.match(settings.chosenBy, /^default/);
    });

    it("explains what to set when the Azure CLI is turned off and nothing else is configured", () => {
      assertConfigError(
        () => resolve(identity, { ARM_USE_CLI: "false" }),
        (err) => {
          assert.equal(err.source, "ARM_USE_CLI");
          assert.match(err.message, /ARM_CLIENT_SECRET.*ARM_CLIENT_CERTIFICATE_PATH.*ARM_OIDC_TOKEN.*useMsi/s);
        },
      );
    });

    it("rejects a flag that is not a boolean, naming it", () => {
      assertConfigError(
        () => resolve({}, { ARM_USE_MSI: "maybe" }),
        (err) => assert.equal(err.source, "ARM_USE_MSI"),
      );
    });

    it("rejects an msiEndpoint that is not a URL", () => {
      assertConfigError(
        () => resolve({ "syncauth:useMsi": "true", "azuread:msiEndpoint": "127.0.0.1:5000" }),
        (err) => assert.equal(err.source, "azuread:msiEndpoint"),
      );
    });
  });

  it("never puts a secret value in any ConfigError (table of bad setups)", () => {
    const setups: Array<[Record<string, string>, Env]> = [
      [{ "syncauth:clientSecret": SECRET }, {}],
      [{ "syncauth:tenantId": "common", "syncauth:clientSecret": SECRET }, {}],
      [{ "syncauth:tenantId": TENANT, "syncauth:clientCertificate": `${SECRET}!` }, {}],
      [{ "syncauth:useOidc": "true", "syncauth:clientSecret": SECRET }, {}],
      [{ "syncauth:tenantId": TENANT }, { ARM_OIDC_REQUEST_URL: "https://x.test/a", ARM_CLIENT_SECRET: SECRET }],
    ];
    for (const [config, env] of setups) {
      assertConfigError(
        () => resolve(config, env),
        (err) => assert.ok(!err.message.includes(SECRET), err.message),
      );
    }
  });
});
