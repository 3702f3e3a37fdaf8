import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import type { LocalStack, StateResource } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator, CREDENTIALS_NOT_ACCEPTED } from "../emulator";
import { echoForms } from "../../provider/secrets/redaction";
import { plannedOperations } from "./previewOutput";

/** The inputs the scenario gives the resource; each front door writes them into its own kind of program. */
export interface ScenarioInputs {
  servicePrincipalId: string;
  credentials: Record<string, string>;
  testConnection?: { jobId: string; failUpOnFailure?: boolean };
  triggers?: Record<string, string>;
}

/** A stack whose program declares one authorization, named as asked, with inputs that can change between runs. */
export interface ScenarioStack {
  stack: LocalStack;
  /** The inputs the next `preview` or `up` gives the resource. */
  setInputs(inputs: ScenarioInputs): Promise<void>;
}

/** A way into the resource (the dynamic resource, the plugin from a YAML program) that the scenario runs through. */
export interface FrontDoor {
  /** The resource's type token in state. */
  type: string;
  /**
   * Whether a refresh hands the provider the inputs (the plugin's Read does; the dynamic provider's read gets only
   * the state): only then can the target's text be cleaned of the credentials and shown.
   */
  refreshHoldsInputs: boolean;
  /** A stack on the real CLI whose provider calls the emulator. */
  stack(emu: Emulator, projectName: string, resourceName: string, inputs: ScenarioInputs): Promise<ScenarioStack>;
}

const REFUSED = CREDENTIALS_NOT_ACCEPTED.code;
/** One sign-in per provider process: one token request (and what the credential asks before it). */
export const SIGN_IN = { openidConfiguration: 1, token: 1 };

export function canary(label: string): string {
  return `canary-${label}-${crypto.randomBytes(18).toString("base64url")}`;
}

export function succeeded(result: { code: number; stdout: string; stderr: string; command: string }): void {
  assert.equal(result.code, 0, `${result.command} failed:\n${result.stdout}\n${result.stderr}`);
}

function failed(result: { code: number; stdout: string; stderr: string; command: string }): string {
  assert.notEqual(result.code, 0, `${result.command} succeeded:\n${result.stdout}`);
  return result.stdout + result.stderr;
}

/** Every request the provider made since the log was cleared, counted by route (sign-in discovery included). */
export function calls(emu: Emulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of emu.log) {
    counts[entry.route] = (counts[entry.route] ?? 0) + 1;
  }
  return counts;
}

/**
 * The connection test's whole story through the real CLI, the same for every front door: authorize and test;
 * the target revokes; refresh records the refusal; preview plans the re-authorization and says why; up authorizes
 * again and the test passes. Then a single-use code that cannot be sent again, and the strict option that fails
 * `up` while state keeps the authorization. Graph calls are counted exactly at every step.
 */
export function describeConnectionTestScenario(door: FrontDoor): void {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu?.stop();
  });

  async function theResource(stack: LocalStack): Promise<StateResource> {
    const found = (await stack.resources()).filter((r) => r.type === door.type);
    assert.equal(found.length, 1, "one authorization in state");
    return found[0];
  }

  describe("authorize, test, revoke, refresh, re-authorize", () => {
    let stack: LocalStack;
    const secretToken = canary("SecretToken");

    before(async () => {
      ({ stack } = await door.stack(emu, "connection-test", "scim", {
        servicePrincipalId: emu.fixture.ownedServicePrincipal.objectId,
        credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: secretToken },
        testConnection: { jobId: emu.fixture.ownedServicePrincipalJob.id },
      }));
    });
    after(() => stack?.dispose());
    beforeEach(() => emu.clearLog());

    it("tests once right after the authorization, and records a pass", async () => {
      succeeded(await stack.up());
      assert.deepEqual(calls(emu), { ...SIGN_IN, acquireAccessToken: 1, validateCredentials: 1 });
      const [test] = emu.log.filter((e) => e.route === "validateCredentials");
      assert.equal(test.status, 204);
      assert.deepEqual(test.body, { useSavedCredentials: true }, "no secret is sent to test");
      const outputs = (await theResource(stack)).outputs ?? {};
      assert.deepEqual(outputs.connectionTest, {
        status: "passed",
        jobId: emu.fixture.ownedServicePrincipalJob.id,
        during: "up",
      });
      assert.match(String(outputs.lastTestedAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    });

    it("does not test on an unchanged up, nor in preview", async () => {
      succeeded(await stack.preview("--diff"));
      succeeded(await stack.up());
      assert.equal(emu.count({}), 0);
    });

    it("records the target's refusal at refresh with Graph's code, its words only in the warning, cleaned", async () => {
      // A SCIM target that quotes what it was given, raw and JSON-escaped, URL-encoded and in base64.
      const echo =
        `Failed to reach https://scim.example.com/v2 with token ${secretToken} ` +
        `(${JSON.stringify({ token: secretToken })}, ${encodeURIComponent(secretToken)}, ` +
        `${Buffer.from(secretToken).toString("base64")})`;
      assert.equal(emu.synchronization.revoke(emu.fixture.ownedServicePrincipal.objectId, echo), true);
      const refresh = await stack.refresh();
      succeeded(refresh);
      assert.deepEqual(calls(emu), { ...SIGN_IN, listSynchronizationTemplates: 1, validateCredentials: 1 });
      const outputs = (await theResource(stack)).outputs ?? {};
      const test = outputs.connectionTest as Record<string, unknown>;
      assert.equal(test.status, "failed");
      assert.equal(test.during, "refresh");
      assert.equal(test.code, REFUSED);
      assert.equal(test.message, undefined, "Graph's text is not kept");
      const said = refresh.stdout + refresh.stderr;
      assert.match(said, new RegExp(`warning: .*connection test .* at refresh failed: ${REFUSED}`));
      if (door.refreshHoldsInputs) {
        assert.match(said, /Failed to reach \[redacted\] with token \[redacted\]/, "shown, cleaned");
      } else {
        assert.match(said, /Graph's message is not shown: this refresh does not hold the credentials/);
      }
      const state = await stack.exportText();
      for (const form of echoForms(secretToken)) {
        assert.ok(!said.includes(form), `no form of the credential in the output: ${form}`);
        assert.ok(!state.includes(form), `no form of the credential in state: ${form}`);
      }
      // Not even encrypted: the credentials are (secret) inputs, but the target's words are kept nowhere.
      assert.ok(!(await stack.exportText({ showSecrets: true })).includes("Failed to reach"), "not in state");
    });

    it("previews a re-authorization and says why, with no call", async () => {
      const preview = await stack.preview("--diff");
      succeeded(preview);
      assert.equal(plannedOperations(preview.stdout).scim, "update");
      assert.ok(
        (preview.stdout + preview.stderr).includes(
          `will authorize again: the connection test at refresh failed: ${REFUSED}`,
        ),
        preview.stdout + preview.stderr,
      );
      assert.equal(emu.count({}), 0);
    });

    it("re-authorizes on up, and the test after it passes", async () => {
      succeeded(await stack.up());
      assert.deepEqual(calls(emu), { ...SIGN_IN, acquireAccessToken: 1, validateCredentials: 1 });
      const outputs = (await theResource(stack)).outputs ?? {};
      assert.equal((outputs.connectionTest as Record<string, unknown>).status, "passed");
      emu.clearLog();
      succeeded(await stack.refresh());
      assert.deepEqual(calls(emu), { ...SIGN_IN, listSynchronizationTemplates: 1, validateCredentials: 1 });
      assert.equal(((await theResource(stack)).outputs?.connectionTest as Record<string, unknown>).status, "passed");
      emu.clearLog();
      succeeded(await stack.up());
      assert.equal(emu.count({}), 0, "a passing refresh leaves nothing to do");
    });
  });

  describe("a single-use authorization code", () => {
    let scenario: ScenarioStack;
    let inputs: ScenarioInputs;
    const codes = [canary("code"), canary("new-code")];

    before(async () => {
      const sp = emu.fixture.generatedServicePrincipals[0].objectId;
      const job = emu.synchronization.addJob(sp);
      inputs = {
        servicePrincipalId: sp,
        credentials: { BaseAddress: "https://api.example.com", Oauth2AuthorizationCode: codes[0] },
        testConnection: { jobId: job.id },
      };
      scenario = await door.stack(emu, "connection-test-code", "oauth", inputs);
      succeeded(await scenario.stack.up());
      assert.equal(emu.synchronization.revoke(sp), true);
      succeeded(await scenario.stack.refresh());
    });
    after(() => scenario?.stack.dispose());
    beforeEach(() => emu.clearLog());

    it("warns in preview and fails up with the new-code message, sending nothing", async () => {
      const preview = await scenario.stack.preview("--diff");
      succeeded(preview);
      const shown = preview.stdout + preview.stderr;
      assert.match(
        shown,
        /warning: .*up will fail: the connection test at refresh failed: \S+, and Oauth2AuthorizationCode is accepted only once/,
      );
      assert.match(shown, /Get a new authorization code/);
      assert.equal(emu.count({}), 0);
      const up = failed(await scenario.stack.up());
      assert.match(up, /Oauth2AuthorizationCode is accepted only once.*triggers/s);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      assert.equal(emu.count({ route: "validateCredentials" }), 0);
    });

    it("authorizes once with a new code, and the test after it passes", async () => {
      await scenario.setInputs({
        ...inputs,
        credentials: { BaseAddress: "https://api.example.com", Oauth2AuthorizationCode: codes[1] },
      });
      succeeded(await scenario.stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
      assert.equal(emu.count({ route: "validateCredentials", status: 204 }), 1);
      const resource = await theResource(scenario.stack);
      assert.equal((resource.outputs?.connectionTest as Record<string, unknown>).status, "passed");
      const state = await scenario.stack.exportText();
      assert.ok(!codes.some((code) => state.includes(code)), "no authorization code in state");
    });
  });

  describe("a key written in another spelling of Graph's name", () => {
    let scenario: ScenarioStack;
    let sp: string;
    let jobId: string;
    const code = canary("code");

    before(async () => {
      sp = emu.fixture.generatedServicePrincipals[1].objectId;
      jobId = emu.synchronization.addJob(sp).id;
      scenario = await door.stack(emu, "key-spelling", "spelling", {
        servicePrincipalId: sp,
        credentials: { BaseAddress: "https://api.example.com", oauth2AuthorizationCode: code },
        testConnection: { jobId },
      });
    });
    after(() => scenario?.stack.dispose());
    beforeEach(() => emu.clearLog());

    it("is sent in Graph's spelling, with a warning that says so", async () => {
      const up = await scenario.stack.up();
      succeeded(up);
      assert.match(
        up.stdout + up.stderr,
        /oauth2AuthorizationCode is sent as "Oauth2AuthorizationCode", Graph's spelling/,
      );
      const [sent] = emu.log.filter((e) => e.route === "acquireAccessToken");
      const keys = (sent.body as { credentials: { key: string }[] }).credentials.map((pair) => pair.key);
      assert.deepEqual(keys, ["BaseAddress", "Oauth2AuthorizationCode"]);
      assert.equal(emu.synchronization.redeemedCodes(sp), 1);
    });

    it("following the warning (the spelling fixed, the same code) sends nothing", async () => {
      await scenario.setInputs({
        servicePrincipalId: sp,
        credentials: { BaseAddress: "https://api.example.com", Oauth2AuthorizationCode: code },
        testConnection: { jobId },
      });
      const preview = await scenario.stack.preview("--diff");
      succeeded(preview);
      assert.notEqual(plannedOperations(preview.stdout).spelling, "update", preview.stdout);
      succeeded(await scenario.stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "the redeemed code is not sent again");
    });
  });

  describe("a test that cannot pass after up", () => {
    let scenario: ScenarioStack;
    let inputs: ScenarioInputs;
    const missingJob = `scim.${"0".repeat(32)}.${"1".repeat(32)}`;

    before(async () => {
      inputs = {
        servicePrincipalId: emu.fixture.generatedServicePrincipals[1].objectId,
        credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: canary("SecretToken") },
        testConnection: { jobId: missingJob },
      };
      scenario = await door.stack(emu, "connection-test-strict", "strict", inputs);
    });
    after(() => scenario?.stack.dispose());
    beforeEach(() => emu.clearLog());

    it("warns by default: up succeeds, the outputs say the test could not run", async () => {
      const up = await scenario.stack.up();
      succeeded(up);
      assert.equal(emu.count({ route: "acquireAccessToken" }), 1);
      assert.equal(emu.count({ route: "validateCredentials", status: 404 }), 1);
      assert.match(up.stdout, /warning: .*connection test with job .* at up could not run: Request_ResourceNotFound/);
      const test = (await theResource(scenario.stack)).outputs?.connectionTest as Record<string, unknown>;
      assert.equal(test.status, "error");
      assert.equal(test.code, "Request_ResourceNotFound");
    });

    it("fails up with failUpOnFailure, keeping the authorization so a re-run sends none", async () => {
      inputs = { ...inputs, testConnection: { jobId: missingJob, failUpOnFailure: true }, triggers: { rotation: "2" } };
      await scenario.setInputs(inputs);
      const first = failed(await scenario.stack.up());
      assert.match(
        first,
        /was authorized, but the connection test with job .* could not run: Request_ResourceNotFound/,
      );
      assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
      assert.equal(emu.count({ route: "validateCredentials" }), 1);
      const recorded = (await theResource(scenario.stack)).outputs ?? {};
      assert.deepEqual(recorded.triggers, { rotation: "2" }, "state records the authorization that happened");
      emu.clearLog();
      failed(await scenario.stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0, "the re-run does not authorize again");
      assert.equal(emu.count({ route: "validateCredentials" }), 1, "it tests again, and fails again");
    });

    it("passes once the job exists, still without authorizing again", async () => {
      const job = emu.synchronization.addJob(emu.fixture.generatedServicePrincipals[1].objectId);
      await scenario.setInputs({ ...inputs, testConnection: { jobId: job.id, failUpOnFailure: true } });
      succeeded(await scenario.stack.up());
      assert.equal(emu.count({ route: "acquireAccessToken" }), 0);
      assert.equal(emu.count({ route: "validateCredentials", status: 204 }), 1);
      const resource = await theResource(scenario.stack);
      assert.equal((resource.outputs?.connectionTest as Record<string, unknown>).status, "passed");
    });
  });
}
