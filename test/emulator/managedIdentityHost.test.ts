import { strict as assert } from "node:assert";
import { ManagedIdentityCredential } from "@azure/identity";
import axios from "axios";
import { decodeJwt } from "jose";
import { startEmulator } from "./index";

describe("emulator: the process-wide managed identity host", () => {
  const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("reopens on the same port for the next emulator, so msal-node's cached endpoint stays right", async () => {
    const first = await startEmulator();
    const environment = { ...first.managedIdentityEnvironment };
    Object.assign(process.env, environment);
    try {
      await new ManagedIdentityCredential().getToken(first.endpoints("global").graphScope);
      assert.equal(first.count({ route: "managedIdentity", status: 200 }), 1);
    } finally {
      await first.stop();
    }
    await assert.rejects(
      axios.get(environment.IDENTITY_ENDPOINT, { timeout: 2000 }),
      (error: { code?: string }) => error.code === "ECONNREFUSED",
      "the host closes with its last emulator",
    );
    const second = await startEmulator();
    try {
      assert.deepEqual(second.managedIdentityEnvironment, environment);
      const token = await new ManagedIdentityCredential().getToken(second.endpoints("global").graphScope);
      assert.equal(decodeJwt(token.token).aud, second.endpoints("global").graphRoot);
      assert.equal(second.count({ route: "managedIdentity", status: 200 }), 1);
    } finally {
      await second.stop();
    }
  });

  it("answers a resource no running emulator owns with invalid_resource", async () => {
    const emulator = await startEmulator();
    try {
      const url = new URL(emulator.managedIdentityEnvironment.IDENTITY_ENDPOINT);
      url.searchParams.set("api-version", "2019-08-01");
      url.searchParams.set("resource", "https://graph.microsoft.com");
      const response = await axios.get(url.toString(), {
        headers: { "x-identity-header": emulator.managedIdentityEnvironment.IDENTITY_HEADER },
        validateStatus: () => true,
      });
      assert.equal(response.status, 400);
      assert.equal(response.data.error, "invalid_resource");
    } finally {
      await emulator.stop();
    }
  });
});
