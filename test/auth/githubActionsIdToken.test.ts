import { strict as assert } from "node:assert";
import { decodeJwt } from "jose";
import { FEDERATED_TOKEN_AUDIENCE, fetchGithubActionsIdToken } from "../../provider/auth/githubActionsIdToken";
import { startEmulator, type Emulator } from "../emulator";

describe("githubActionsIdToken against the emulator's GitHub-Actions-like issuer", () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.stop());

  it("asks for the Entra audience with the request token as bearer", async () => {
    const { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN } = emu.githubActionsEnvironment;
    const token = await fetchGithubActionsIdToken(ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    const claims = decodeJwt(token);
    assert.equal(claims.aud, FEDERATED_TOKEN_AUDIENCE);
    assert.equal(claims.iss, "https://token.actions.githubusercontent.com");
    assert.equal(emu.count({ route: "githubIdToken", status: 200 }), 1);
  });

  it("reports a refused request token by status only, never echoing the token", async () => {
    const wrong = "wrong-request-token-7f3a";
    await assert.rejects(
      fetchGithubActionsIdToken(emu.githubActionsEnvironment.ACTIONS_ID_TOKEN_REQUEST_URL, wrong),
      (error: Error) =>
        /HTTP 401/.test(error.message) && /id-token: write/.test(error.message) && !error.message.includes(wrong),
    );
  });
});
