import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import type { AxiosResponse } from "axios";
import { AUTHORIZATION_CODE_REDEEMED, startEmulator, type Emulator } from "./index";
import { credentialsBody, postAcquireAccessToken } from "./graphCalls";
import { addServicePrincipal, graphToken } from "./testClients";

describe("emulator: a single-use Oauth2AuthorizationCode", () => {
  let emu: Emulator;
  let token: string;

  before(async () => {
    emu = await startEmulator();
    token = await graphToken(emu, emu.fixture.syncAll);
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.faults.clear();
    emu.clearLog();
  });

  /** A fresh object each test, so redemptions of one test do not leak into another. */
  const newObject = (): string => addServicePrincipal(emu);

  const authorize = (objectId: string, code: string): Promise<AxiosResponse> =>
    postAcquireAccessToken(
      emu.endpoints("global").graphRoot,
      token,
      `servicePrincipals/${objectId}`,
      credentialsBody({
        Oauth2AuthorizationCode: code,
        Oauth2RedirectUri: "https://portal.azure.com/TokenAuthorize",
      }),
    );

  function assertRedeemed(response: AxiosResponse): void {
    assert.equal(response.status, AUTHORIZATION_CODE_REDEEMED.status);
    assert.equal(response.data.error.code, AUTHORIZATION_CODE_REDEEMED.code);
    assert.equal(response.data.error.message, AUTHORIZATION_CODE_REDEEMED.message);
    assert.equal(response.data.error.innerError["request-id"], response.headers["request-id"]);
    assert.ok(!JSON.stringify(response.data).includes("code-"), "the error does not echo the code");
  }

  it("is redeemed by the first call; a second call with it fails and changes nothing", async () => {
    const objectId = newObject();
    const code = `code-${randomUUID()}`;
    assert.equal((await authorize(objectId, code)).status, 204);
    assertRedeemed(await authorize(objectId, code));
    assert.equal(emu.synchronization.redeemedCodes(objectId), 1);
    assert.equal(emu.synchronization.authorizations(objectId), 1);
    assert.equal(emu.count({ route: "acquireAccessToken", targetId: objectId, appliedStatus: 204 }), 1);
    assert.equal(emu.count({ route: "acquireAccessToken", targetId: objectId, status: 400 }), 1);
  });

  it("accepts a new code for the same object, and the same code for another object", async () => {
    const objectId = newObject();
    const code = `code-${randomUUID()}`;
    assert.equal((await authorize(objectId, code)).status, 204);
    assert.equal((await authorize(objectId, `code-${randomUUID()}`)).status, 204);
    assert.equal((await authorize(newObject(), code)).status, 204);
    assert.equal(emu.synchronization.redeemedCodes(objectId), 2);
  });

  it("is redeemed when a 504 after applying hides the outcome, so re-sending it fails", async () => {
    const objectId = newObject();
    const code = `code-${randomUUID()}`;
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: 504 } });
    assert.equal((await authorize(objectId, code)).status, 504);
    assertRedeemed(await authorize(objectId, code));
    assert.equal(emu.synchronization.redeemedCodes(objectId), 1);
    assert.equal(emu.count({ route: "acquireAccessToken", targetId: objectId, appliedStatus: 204 }), 1);
  });

  it("is still redeemed after a reset that followed the apply", async () => {
    const objectId = newObject();
    const code = `code-${randomUUID()}`;
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: "reset" } });
    await assert.rejects(authorize(objectId, code));
    assertRedeemed(await authorize(objectId, code));
    assert.equal(emu.synchronization.authorizations(objectId), 1);
  });

  it("is not redeemed by a call a fault answered in front of the service", async () => {
    const objectId = newObject();
    const code = `code-${randomUUID()}`;
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 503, retryAfter: "0" } });
    assert.equal((await authorize(objectId, code)).status, 503);
    assert.equal(emu.synchronization.redeemedCodes(objectId), 0);
    assert.equal((await authorize(objectId, code)).status, 204);
    assert.equal(emu.synchronization.redeemedCodes(objectId), 1);
  });

  it("does not limit other keys: the same SecretToken may be sent again", async () => {
    const objectId = newObject();
    const send = (): Promise<AxiosResponse> =>
      postAcquireAccessToken(
        emu.endpoints("global").graphRoot,
        token,
        `servicePrincipals/${objectId}`,
        credentialsBody({ BaseAddress: "https://scim.example.test", SecretToken: "same" }),
      );
    assert.equal((await send()).status, 204);
    assert.equal((await send()).status, 204);
    assert.equal(emu.synchronization.authorizations(objectId), 2);
    assert.equal(emu.synchronization.redeemedCodes(objectId), 0);
  });
});
