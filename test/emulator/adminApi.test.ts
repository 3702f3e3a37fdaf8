import { strict as assert } from "node:assert";
import { ClientSecretCredential } from "@azure/identity";
import axios from "axios";
import { startEmulator, type Emulator } from "./index";
import { credentialsBody, postAcquireAccessToken } from "./graphCalls";

describe("emulator: admin API under /_emulator/", () => {
  let emu: Emulator;
  let admin: string;

  before(async () => {
    emu = await startEmulator();
    admin = `${emu.endpoints("usgovernmentl4").graphRoot}/_emulator`;
  });
  after(() => emu.stop());
  beforeEach(() => axios.post(`${admin}/reset`));

  async function authorizeOnce(): Promise<number> {
    const demo = emu.fixture.demo;
    const endpoints = emu.endpoints("global");
    const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, demo.clientSecrets[0], {
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: true,
    });
    const token = (await credential.getToken(endpoints.graphScope)).token;
    const response = await postAcquireAccessToken(
      endpoints.graphRoot,
      token,
      `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`,
      credentialsBody({ SecretToken: "x" }),
    );
    return response.status;
  }

  it("lists endpoints of every cloud and the CA path", async () => {
    const response = await axios.get(`${admin}/endpoints`);
    assert.equal(response.data.caCertPath, emu.caCertPath);
    assert.deepEqual(response.data.clouds.china, emu.endpoints("china"));
    assert.equal(Object.keys(response.data.clouds).length, 4);
  });

  it("adds faults another process can see act, and returns the filtered request log without admin calls", async () => {
    const added = await axios.post(`${admin}/faults`, [
      { route: "acquireAccessToken", times: 1, action: { status: 429, retryAfter: "1" } },
    ]);
    assert.equal(added.status, 201);
    assert.equal((await axios.get(`${admin}/faults`)).data.rules.length, 1);
    assert.equal(await authorizeOnce(), 429);
    const log = await axios.get(`${admin}/requests?route=acquireAccessToken&status=429`);
    assert.equal(log.data.count, 1);
    assert.equal(log.data.entries[0].targetId, emu.fixture.ownedServicePrincipal.objectId);
    assert.equal(log.data.entries[0].headers.authorization, "<redacted>");
    const all = await axios.get(`${admin}/requests`);
    assert.ok(all.data.entries.every((entry: { route: string }) => entry.route !== "admin"));
    assert.equal(all.data.count, emu.count());
  });

  it("adds an after-apply fault and filters the log by the status the service answered", async () => {
    await axios.post(`${admin}/faults`, { route: "acquireAccessToken", times: 1, action: { afterApply: 504 } });
    assert.equal(await authorizeOnce(), 504);
    assert.equal(await authorizeOnce(), 204);
    const applied = await axios.get(`${admin}/requests?route=acquireAccessToken&appliedStatus=204`);
    assert.equal(applied.data.count, 2);
    const unknownOutcome = await axios.get(`${admin}/requests?route=acquireAccessToken&status=504&appliedStatus=204`);
    assert.equal(unknownOutcome.data.count, 1);
  });

  it("releases held requests, clears faults and resets the log", async () => {
    await axios.post(`${admin}/faults`, { route: "acquireAccessToken", times: 1, action: { hold: true } });
    const pending = authorizeOnce();
    for (let wait = 0; wait < 100 && emu.faults.heldCount() < 1; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await axios.post(`${admin}/faults/release-held`)).data.released, 1);
    assert.equal(await pending, 204);
    await axios.post(`${admin}/faults`, { route: "acquireAccessToken", action: { status: 503 } });
    await axios.post(`${admin}/faults/clear`);
    assert.equal(await authorizeOnce(), 204);
    assert.ok(emu.count() > 0);
    await axios.post(`${admin}/reset`);
    assert.equal(emu.count(), 0);
  });

  it("refuses an invalid rule and an unknown action", async () => {
    const invalid = await axios.post(`${admin}/faults`, "{not json", {
      headers: { "content-type": "application/json" },
      validateStatus: () => true,
      transformRequest: (data: string) => data,
    });
    assert.equal(invalid.status, 400);
    const unusable = await axios.post(
      `${admin}/faults`,
      { route: "token", action: { status: 200 } },
      { validateStatus: () => true },
    );
    assert.equal(unusable.status, 400);
    assert.match(unusable.data.error, /status must be one of/);
    const unknown = await axios.get(`${admin}/nothing`, { validateStatus: () => true });
    assert.equal(unknown.status, 404);
  });
});
