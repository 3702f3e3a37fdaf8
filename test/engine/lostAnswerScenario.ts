import * as assert from "node:assert/strict";
import type { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator, type FaultAction } from "../emulator";
import { canary, type FrontDoor, type ScenarioStack } from "./connectionTestScenario";

function succeeded(result: { code: number; stdout: string; stderr: string; command: string }): void {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
}

function failed(result: { code: number; stdout: string; stderr: string; command: string }): string {
  assert.notEqual(result.code, 0, `${result.command} succeeded:\n${result.stdout}`);
  return result.stdout + result.stderr;
}

/**
 * Answers that are not Graph's success, through the real CLI, the same for every front door: a 200 whose body is
 * cut off after Graph applied the call, and a proxy's HTML block page with 200 (before Graph, and after it). With
 * an Oauth2AuthorizationCode each fails `up` but keeps the resource in state with the code's fingerprint and no
 * lastAuthorizedAt, so the next `up` refuses to send the same code (no POST) and a new code authorizes once. With
 * only keys that may be sent twice nothing is recorded, and the next `up` simply sends again. POSTs are counted
 * exactly at the emulator.
 */
export function describeLostAnswerScenario(door: FrontDoor): void {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu?.stop();
  });

  async function resourcesOf(stack: LocalStack): Promise<StateResource[]> {
    return (await stack.resources()).filter((r) => r.type === door.type);
  }

  const cases: Array<[string, FaultAction, number]> = [
    ["a 200 whose body is cut off after Graph applied the call", { afterApply: "truncated-200" }, 1],
    ["a proxy's HTML block page with 200, in front of Graph", { malformed: "html-200" }, 0],
    ["a proxy's HTML block page with 200, after Graph applied the call", { afterApply: "html-200" }, 1],
  ];
  for (const [index, [what, action, applied]] of cases.entries()) {
    describe(`${what}, with an Oauth2AuthorizationCode`, () => {
      let scenario: ScenarioStack;
      const sp = (): string => emu.fixture.generatedServicePrincipals[10 + index].objectId;
      const codes = [canary("code"), canary("new-code")];
      const inputsWith = (code: string) => ({
        servicePrincipalId: sp(),
        credentials: { BaseAddress: "https://api.example.com", Oauth2AuthorizationCode: code },
      });

      before(async () => {
        scenario = await door.stack(emu, `lost-answer-${index}`, "oauth", inputsWith(codes[0]));
      });
      after(() => scenario?.stack.dispose());
      beforeEach(() => emu.clearLog());

      it("fails up after one POST, saying it may have been applied, and keeps the resource without lastAuthorizedAt", async () => {
        emu.faults.add({ route: "acquireAccessToken", targetId: sp(), action });
        const up = failed(await scenario.stack.up());
        emu.faults.clear();
        assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
        assert.equal(emu.count({ route: "acquireAccessToken", appliedStatus: 204 }), applied);
        assert.match(up, /may have been applied/);
        assert.match(up, /Oauth2AuthorizationCode is single-use and was not sent again/);
        const [resource] = await resourcesOf(scenario.stack);
        assert.ok(resource, "the resource is kept in state");
        const outputs = resource.outputs ?? {};
        assert.equal(outputs.lastAuthorizedAt, undefined, "no authorization is claimed");
        assert.match(String(outputs.unconfirmedAuthorizationAt), /^\d{4}-\d\d-\d\dT/);
        assert.ok(outputs.singleUseFingerprints, "the code counts as sent");
        assert.ok(!(await scenario.stack.exportText()).includes(codes[0]), "no code in state");
        assert.ok(!up.includes(codes[0]), "no code in the output");
      });

      it("refuses to send the same code again: no POST, and the error asks for a new one", async () => {
        const preview = await scenario.stack.preview("--diff");
        succeeded(preview);
        assert.match(preview.stdout + preview.stderr, /single-use code already sent/);
        const up = failed(await scenario.stack.up());
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
        assert.match(up, /Oauth2AuthorizationCode.*holds the value already sent/s);
        assert.match(up, /Get a new code/);
      });

      it("authorizes once with a new code, and records lastAuthorizedAt", async () => {
        await scenario.setInputs(inputsWith(codes[1]));
        succeeded(await scenario.stack.up());
        assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
        assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
        const outputs = (await resourcesOf(scenario.stack))[0].outputs ?? {};
        assert.match(String(outputs.lastAuthorizedAt), /^\d{4}-\d\d-\d\dT/);
        assert.equal(outputs.unconfirmedAuthorizationAt, undefined);
        emu.clearLog();
        succeeded(await scenario.stack.up());
        assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "an unchanged up sends nothing");
      });
    });
  }

  describe("a proxy's HTML block page with 200, with keys that may be sent twice", () => {
    let scenario: ScenarioStack;
    const sp = (): string => emu.fixture.generatedServicePrincipals[20].objectId;

    before(async () => {
      scenario = await door.stack(emu, "lost-answer-scim", "scim", {
        servicePrincipalId: sp(),
        credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: canary("SecretToken") },
      });
    });
    after(() => scenario?.stack.dispose());
    beforeEach(() => emu.clearLog());

    it("is no success: up fails after one POST and records nothing; the next up sends once", async () => {
      emu.faults.add({ route: "acquireAccessToken", targetId: sp(), action: { malformed: "html-200" } });
      const up = failed(await scenario.stack.up());
      emu.faults.clear();
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
      assert.match(up, /unexpected answer 200, content type text\/html, body starts: "Blocked by policy/);
      assert.deepEqual(await resourcesOf(scenario.stack), [], "nothing is recorded");
      emu.clearLog();
      succeeded(await scenario.stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
    });
  });
}
