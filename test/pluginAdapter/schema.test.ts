import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTINGS } from "../../provider/config/configKeys";
import { cloudEndpoints } from "../../provider/config/clouds";
import { outputsAfterAuthorization } from "../../provider/resources/synchronizationAuthorization/authorizationOutputs";
import { connectionTestResult } from "../../provider/resources/synchronizationAuthorization/connectionTestResult";
import { validateInputs } from "../../provider/resources/synchronizationAuthorization/inputs/validateInputs";
import { GraphError } from "../../provider/graph/graphError";
import { validateCredentialsRoute } from "../../provider/graph/graphRoutes";
import { INPUT_PROPERTIES } from "../../provider/resources/synchronizationAuthorization/properties";
import { githubRepository, pluginDownloadUrl, syncauthSchema } from "../../provider/pluginAdapter/schema";
import packageJson from "../../package.json";
import { pluginConfigSource } from "../../provider/pluginAdapter/pluginConfig";
import { resolveClientSettings } from "../../provider/config/providerSettings";
import { sampleFailureFacts } from "../graph/sampleFailureFacts";

const RESOURCE = "syncauth:index:SynchronizationAuthorization";
const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

interface ObjectType {
  properties: Record<string, { type?: string }>;
  required?: string[];
}

interface Schema {
  types: Record<string, ObjectType>;
  config: { variables: Record<string, { secret?: boolean }> };
  provider: { inputProperties: Record<string, { secret?: boolean }> };
  resources: Record<
    string,
    { inputProperties: Record<string, { secret?: boolean }>; properties: Record<string, { secret?: boolean }> }
  >;
}

const schema = syncauthSchema("1.2.3") as unknown as Schema;
const resource = schema.resources[RESOURCE];

describe("the syncauth schema, made from the tables the code uses", () => {
  it("sends the engine for the plugin to the GitHub releases of package.json's repository, its one source", () => {
    const full = syncauthSchema("1.2.3") as Record<string, unknown>;
    assert.equal(full.pluginDownloadURL, "github://api.github.com/pulumi-syncauth/pulumi-syncauth");
    assert.equal(packageJson.repository.url, "git+https://github.com/pulumi-syncauth/pulumi-syncauth.git");
    const moved = syncauthSchema("1.2.3", "git+https://github.com/someone/fork.git") as Record<string, unknown>;
    assert.equal(moved.pluginDownloadURL, "github://api.github.com/someone/fork");
    assert.equal(moved.repository, "https://github.com/someone/fork");
  });

  it("reads npm's forms of a GitHub repository and refuses any other host", () => {
    for (const form of [
      "github:o/n",
      "https://github.com/o/n",
      "git+https://github.com/o/n.git",
      "git+ssh://git@github.com/o/n.git",
      "https://github.com/o/n/",
    ]) {
      assert.equal(githubRepository(form), "o/n", form);
    }
    assert.throws(() => pluginDownloadUrl("https://gitlab.com/o/n"), /not a GitHub repository/);
  });

  it("carries the registry's metadata: publisher, repository, a category and a kind among the keywords, logo, license", () => {
    const full = syncauthSchema("1.2.3") as Record<string, unknown>;
    for (const key of ["displayName", "publisher", "repository", "homepage", "logoUrl", "license", "description"]) {
      assert.equal(typeof full[key], "string", key);
    }
    const keywords = full.keywords as string[];
    assert.equal(keywords.filter((k) => k.startsWith("category/")).length, 1);
    assert.deepEqual(
      keywords.filter((k) => k.startsWith("kind/")),
      ["kind/native"],
    );
    assert.equal(full.license, packageJson.license);
    const logo = /\/main\/(docs\/[\w.-]+\.svg)$/.exec(full.logoUrl as string);
    assert.ok(
      logo && fs.existsSync(path.join(__dirname, "..", "..", logo[1])),
      `${full.logoUrl} is a file of this repository`,
    );
  });

  it("has a config key for every SETTINGS key and file-path key, and no other", () => {
    const keys = new Set<string>();
    for (const spec of Object.values(SETTINGS)) {
      keys.add(spec.key);
      if ("files" in spec) keys.add(spec.files.key);
    }
    assert.deepEqual(Object.keys(schema.config.variables).sort(), [...keys].sort());
    assert.deepEqual(Object.keys(schema.provider.inputProperties).sort(), [...keys].sort());
  });

  it("makes AttributeMappings' job and object mappings required arguments of the SDKs, and nothing of the authorization", () => {
    const resources = (syncauthSchema("1.0.0") as { resources: Record<string, { requiredInputs?: string[] }> })
      .resources;
    assert.deepEqual(resources["syncauth:index:AttributeMappings"].requiredInputs, ["jobId", "objectMappings"]);
    assert.equal(resources["syncauth:index:SynchronizationAuthorization"].requiredInputs, undefined);
  });

  it("marks exactly the secret settings secret", () => {
    const secretKeys = new Set(
      Object.values(SETTINGS)
        .filter((spec) => "secret" in spec && spec.secret)
        .map((spec) => spec.key),
    );
    const marked = Object.entries(schema.config.variables)
      .filter(([, p]) => p.secret)
      .map(([k]) => k);
    assert.deepEqual(marked.sort(), [...secretKeys].sort());
    assert.ok(marked.includes("clientSecret") && marked.includes("clientCertificatePassword"));
    assert.ok(!marked.includes("tenantId"));
  });

  it("types each config key as its reader parses it, and a provider given typed values reads them", () => {
    const types = Object.fromEntries(
      Object.entries(schema.config.variables).map(([key, p]) => [key, (p as { type?: string }).type]),
    );
    assert.deepEqual(Object.fromEntries(Object.entries(types).filter(([, type]) => type !== "string")), {
      useOidc: "boolean",
      useMsi: "boolean",
      useCli: "boolean",
      requestTimeoutSeconds: "number",
      operationTimeoutSeconds: "number",
      maxRetries: "integer",
      maxConcurrency: "integer",
    });
    // An explicit provider in YAML or Go passes these typed, not as text.
    const source = pluginConfigSource({ maxRetries: 2, maxConcurrency: 3, requestTimeoutSeconds: 1.5, useCli: false });
    const settings = resolveClientSettings(source, {});
    assert.equal(settings.maxRetries, 2);
    assert.equal(settings.maxConcurrency, 3);
    assert.equal(settings.requestTimeoutMs, 1500);
    assert.equal(source.get("syncauth:useCli"), "false");
  });

  it("has as inputs exactly the properties check accepts", () => {
    assert.deepEqual(Object.keys(resource.inputProperties).sort(), [...INPUT_PROPERTIES].sort());
    for (const name of Object.keys(resource.inputProperties)) {
      const failures = validateInputs({ servicePrincipalId: SP_ID, credentials: { SecretToken: "t" }, [name]: 1 });
      assert.ok(
        !failures.failures.some((f) => f.reason.startsWith("unknown property")),
        `${name} is a property check knows`,
      );
    }
    const refused = validateInputs({ servicePrincipalId: SP_ID, credentials: { SecretToken: "t" }, notInSchema: 1 });
    assert.match(refused.failures[0].reason, /unknown property/);
  });

  it("has as outputs exactly the fields of the outputs after an authorization", () => {
    const outputs = outputsAfterAuthorization(
      {
        target: `servicePrincipals/${SP_ID}`,
        servicePrincipalId: SP_ID,
        credentials: [{ key: "SecretToken", value: "t" }],
        writeOnlyCredentials: [{ key: "BaseAddress", fromEnv: "B" }],
        writeOnlyCredentialsVersion: "1",
        apiVersion: "v1.0",
        triggers: { a: "b" },
        reauthorizeAfter: "30d",
      },
      { ...cloudEndpoints("global"), source: "default" },
      "salt",
    );
    // Besides these, only outputs that exist with an other target kind, a single-use key, testConnection, or after
    // an authorization whose answer was lost.
    const optional = [
      "applicationId",
      "singleUseFingerprints",
      "testConnection",
      "connectionTest",
      "lastTestedAt",
      "unconfirmedAuthorizationAt",
    ];
    const all = new Set([...Object.keys(outputs), ...optional]);
    assert.deepEqual(Object.keys(resource.properties).sort(), [...all].sort());
  });

  it("marks credentials and the fingerprints secret, and nothing else of the resource", () => {
    const secretNames = (props: Record<string, { secret?: boolean }>) =>
      Object.entries(props)
        .filter(([, p]) => p.secret)
        .map(([k]) => k);
    assert.deepEqual(secretNames(resource.inputProperties), ["credentials"]);
    assert.deepEqual(secretNames(resource.properties).sort(), ["credentialFingerprint", "singleUseFingerprints"]);
  });

  describe("the connection test's objects", () => {
    const settingsType = () => {
      const ref = (resource.inputProperties.testConnection as { $ref?: string }).$ref ?? "";
      return schema.types[ref.replace("#/types/", "")];
    };
    const resultType = () => {
      const ref = (resource.properties.connectionTest as { $ref?: string }).$ref ?? "";
      return schema.types[ref.replace("#/types/", "")];
    };
    const JOB = `scim.${"a".repeat(32)}.${"b".repeat(32)}`;
    const withTestConnection = (testConnection: Record<string, unknown>) =>
      validateInputs({ servicePrincipalId: SP_ID, credentials: { SecretToken: "t" }, testConnection });
    const sampleValue = (type: string | undefined) => (type === "boolean" ? true : JOB);

    it("testConnection: exactly the fields check accepts, each with a value of its schema type", () => {
      const fields = settingsType().properties;
      const all = Object.fromEntries(Object.entries(fields).map(([name, p]) => [name, sampleValue(p.type)]));
      assert.deepEqual(withTestConnection(all).failures, [], "check accepts every field the schema lists");
      for (const name of Object.keys(fields)) {
        const without = Object.fromEntries(Object.entries(all).filter(([other]) => other !== name));
        const refusedWithout = withTestConnection(without).failures.length > 0;
        assert.equal(
          refusedWithout,
          settingsType().required?.includes(name) ?? false,
          `${name} required as check says`,
        );
      }
      const unknownField = withTestConnection({ ...all, notInSchema: true }).failures;
      assert.match(unknownField[0]?.reason ?? "", /unknown property/);
      const known = /known are (.+)$/.exec(unknownField[0]?.reason ?? "")?.[1].split(", ");
      assert.deepEqual(known?.sort(), Object.keys(fields).sort(), "check knows exactly the schema's fields");
    });

    it("connectionTest: exactly the fields a test records, the ones always there required", () => {
      const route = validateCredentialsRoute({ kind: "servicePrincipals", objectId: SP_ID }, JOB, "v1.0");
      const failure = new GraphError(
        sampleFailureFacts(route, { kind: "status", status: 400, code: "Refused", graphMessage: "no" }),
        { requestId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789" },
      );
      const failed = connectionTestResult(JOB, "refresh", failure);
      const passed = connectionTestResult(JOB, "up");
      assert.deepEqual(Object.keys(resultType().properties).sort(), Object.keys(failed).sort());
      assert.deepEqual([...(resultType().required ?? [])].sort(), Object.keys(passed).sort());
      for (const [name, value] of Object.entries(failed)) {
        assert.equal(resultType().properties[name].type, typeof value, `${name}'s type`);
      }
    });
  });
});
