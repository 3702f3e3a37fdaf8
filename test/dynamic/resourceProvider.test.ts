import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { cloudEndpoints } from "../../provider/config/clouds";
import { outputsAfterAuthorization } from "../../provider/resources/synchronizationAuthorization/authorizationOutputs";
import type { CheckedInputs } from "../../provider/resources/synchronizationAuthorization/authorizationState";
import { validateInputs } from "../../provider/resources/synchronizationAuthorization/inputs/validateInputs";
import { check, configure, diff } from "../../provider/dynamic/resourceProvider";

const SP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

async function configureWith(values: Record<string, string>): Promise<void> {
  await configure({ config: { get: (key: string) => values[key] } } as unknown as pulumi.dynamic.ConfigureRequest);
}

function checkReference(fromKeyVault: string): Promise<pulumi.dynamic.CheckResult> {
  return check({}, { servicePrincipalId: SP_ID, writeOnlyCredentials: { Oauth2AuthorizationCode: { fromKeyVault } } });
}

describe("resourceProvider.check: the Key Vault host rule in preview", () => {
  after(() => configureWith({}));

  it("refuses a vault outside the configured cloud, naming the property, before anything is read", async () => {
    await configureWith({ "syncauth:cloud": "china" });
    const result = await checkReference("https://myvault.vault.azure.net/secrets/code");
    assert.deepEqual(result.failures, [
      {
        property: "writeOnlyCredentials.Oauth2AuthorizationCode.fromKeyVault",
        reason:
          'names the host "myvault.vault.azure.net", which is not a Key Vault of the china cloud (*.vault.azure.cn): ' +
          "use a vault of that cloud, configure syncauth:cloud for the vault's cloud, or, for a private or emulated " +
          "vault, add its host to syncauth:keyVaultHosts",
      },
    ]);
    assert.deepEqual((await checkReference("https://myvault.vault.azure.cn/secrets/code")).failures ?? [], []);
  });

  it("refuses a vault host that syncauth:keyVaultHosts does not name, whatever endpoints are custom", async () => {
    await configureWith({});
    assert.equal((await checkReference("https://127.0.0.1:8443/secrets/code")).failures?.length, 1);
    await configureWith({
      "syncauth:graphEndpoint": "https://127.0.0.1:9443",
      "syncauth:authorityHost": "https://127.0.0.1:9444",
    });
    assert.equal((await checkReference("https://127.0.0.1:8443/secrets/code")).failures?.length, 1);
    assert.equal((await checkReference("https://attacker.example/secrets/code")).failures?.length, 1);
    await configureWith({ "syncauth:keyVaultHosts": "127.0.0.1:8443" });
    assert.deepEqual((await checkReference("https://127.0.0.1:8443/secrets/code")).failures ?? [], []);
    assert.equal((await checkReference("https://attacker.example/secrets/code")).failures?.length, 1);
  });

  it("hands the inputs back in the shape the program sent, so that ignoreChanges paths resolve in state", async () => {
    await configureWith({});
    const news = {
      servicePrincipalId: SP_ID,
      credentials: { BaseAddress: "https://scim.example", SecretToken: "t" },
      writeOnlyCredentials: { Oauth2AuthorizationCode: { fromEnv: "T" } },
    };
    const result = await check({}, structuredClone(news));
    assert.deepEqual(result.failures ?? [], []);
    assert.deepEqual(result.inputs, news);
  });
});

describe("resourceProvider: __provider is the host's, not the core's", () => {
  const news = {
    __provider: "exports.handler = () => …",
    servicePrincipalId: SP_ID,
    credentials: { SecretToken: "t" },
  };

  it("checks inputs that carry the serialized provider without treating it as an input", async () => {
    await configureWith({});
    const result = await check({}, news);
    assert.deepEqual(result.failures ?? [], []);
  });

  it("sees no change when only the serialized provider differs", async () => {
    await configureWith({});
    const inputs = (await check({}, news)).inputs ?? {};
    const checked = validateInputs({ ...news, __provider: undefined }).inputs as CheckedInputs;
    const outputs = outputsAfterAuthorization(checked, { ...cloudEndpoints("global"), source: "default" }, "salt");
    const result = await diff(
      checked.target,
      { ...outputs, __provider: "old code" },
      {
        ...inputs,
        __provider: "new code",
      },
    );
    assert.equal(result.changes, false);
  });
});
