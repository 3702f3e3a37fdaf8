import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import packageJson from "../../package.json";
import type { CredentialPair } from "../../provider/graph/credentialPair";
import { GraphClient, GraphError, Target } from "../../provider/graph/graphClient";
import { Emulator, defaultFixture, startEmulator, type FaultAction } from "../emulator";
import { createCertificateAuthority, issueServerCertificate } from "../emulator/certificateAuthority";
import {
  RecordingTokenSource,
  TEST_CALL_LIMIT,
  TEST_CLIENT_SETTINGS,
  clientSecretTokens,
  emulatorEndpointSettings,
  emulatorGraphClient,
} from "./emulatorGraphClient";

const PACKAGE_VERSION = packageJson.version;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const CANARY_SECRET_TOKEN = `canary-secret-token-${randomUUID()}`;
const CANARY_BASE_ADDRESS = `https://scim.example.test/canary-${randomUUID()}`;
const CANARY_CLIENT_SECRETS = {
  syncAll: `canary-client-secret-${randomUUID()}`,
  demo: `canary-client-secret-${randomUUID()}`,
  noRoles: `canary-client-secret-${randomUUID()}`,
};
const CREDENTIALS: CredentialPair[] = [
  { key: "BaseAddress", value: CANARY_BASE_ADDRESS },
  { key: "SecretToken", value: CANARY_SECRET_TOKEN },
];

/** A short backoff so retries without Retry-After do not slow the suite down. */
const FAST_BACKOFF = { baseDelayMs: 50, maxDelayMs: 200 };

describe("GraphClient against the emulator", function () {
  let emulator: Emulator;
  let syncAllTokens: RecordingTokenSource;
  const tokenSources: RecordingTokenSource[] = [];
  const errors: GraphError[] = [];

  function tokensOf(identity: "syncAll" | "demo" | "noRoles"): RecordingTokenSource {
    const tokens = clientSecretTokens(emulator, emulator.fixture[identity]);
    tokenSources.push(tokens);
    return tokens;
  }

  function ownedServicePrincipal(): Target {
    return { kind: "servicePrincipals", objectId: emulator.fixture.ownedServicePrincipal.objectId };
  }

  async function expectGraphError(promise: Promise<unknown>): Promise<GraphError> {
    const error = await promise.then(
      () => assert.fail("expected a GraphError"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof GraphError, `expected a GraphError, got ${String(error)}`);
    errors.push(error);
    return error;
  }

  function acquireEntries(status?: number | "reset" | "hang") {
    return emulator.log.filter(
      (entry) => entry.route === "acquireAccessToken" && (status === undefined || entry.status === status),
    );
  }

  before(async () => {
    emulator = await startEmulator({ fixture: defaultFixture({ clientSecrets: CANARY_CLIENT_SECRETS }) });
    syncAllTokens = tokensOf("syncAll");
  });

  after(async () => {
    await emulator?.stop();
  });

  beforeEach(() => {
    emulator.faults.clear();
    emulator.clearLog();
  });

  describe("requests", () => {
    it("authorizes with one POST carrying the credentials, User-Agent and a client-request-id", async () => {
      await emulatorGraphClient(emulator, syncAllTokens).acquireAccessToken(
        ownedServicePrincipal(),
        "v1.0",
        CREDENTIALS,
      );
      const posts = acquireEntries();
      assert.equal(posts.length, 1);
      assert.equal(posts[0].status, 204);
      assert.equal(
        posts[0].headers["user-agent"],
        `pulumi-syncauth/${PACKAGE_VERSION} (node ${process.versions.node})`,
      );
      assert.match(posts[0].headers["client-request-id"], GUID);
      assert.equal(posts[0].headers["retry-attempt"], undefined);
      assert.deepEqual(posts[0].body, {
        credentials: CREDENTIALS.map(({ key, value }) => ({
          "@odata.type": "microsoft.graph.synchronizationSecretKeyStringValuePair",
          key,
          value,
        })),
      });
    });

    it("sends a fresh client-request-id on every request", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens);
      await client.acquireAccessToken(ownedServicePrincipal(), "beta", CREDENTIALS);
      await client.acquireAccessToken(ownedServicePrincipal(), "beta", CREDENTIALS);
      const ids = acquireEntries().map((entry) => entry.headers["client-request-id"]);
      assert.equal(new Set(ids).size, 2);
    });

    it("asks the token source once per attempt, so a retry never reuses an expired token", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 2, action: { status: 503, retryAfter: "0" } });
      let requested = 0;
      const counting = {
        getToken: () => {
          requested += 1;
          return syncAllTokens.getToken();
        },
      };
      await emulatorGraphClient(emulator, counting).acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      assert.equal(acquireEntries().length, 3);
      assert.equal(requested, 3);
    });

    it("lets a sign-in failure through unchanged and sends nothing", async () => {
      const signInFailure = new Error("sign-in failed: see syncauth:clientSecret");
      const failing = { getToken: () => Promise.reject(signInFailure) };
      const client = emulatorGraphClient(emulator, failing);
      await assert.rejects(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS), (error) => {
        assert.equal(error, signInFailure);
        return true;
      });
      assert.equal(acquireEntries().length, 0);
    });

    it("tells present from absent objects", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens);
      assert.equal(await client.getDirectoryObject(ownedServicePrincipal(), "v1.0"), "present");
      const application = { kind: "applications" as const, objectId: emulator.fixture.ownedApplication.objectId };
      assert.equal(await client.getDirectoryObject(application, "beta"), "present");
      assert.equal(
        await client.getDirectoryObject({ kind: "servicePrincipals", objectId: randomUUID() }, "v1.0"),
        "absent",
      );
      assert.equal(emulator.count({ route: "listSynchronizationTemplates" }), 3);
    });

    it("finds objects by appId, service principals first", async () => {
      const client = emulatorGraphClient(emulator, tokensOf("demo"));
      const { ownedServicePrincipal: sp, ownedApplication: app } = emulator.fixture;
      assert.deepEqual(await client.findByAppId(sp.appId, "v1.0"), {
        kind: "servicePrincipals",
        objectId: sp.objectId,
      });
      assert.deepEqual(await client.findByAppId(app.appId, "v1.0", ["applications"]), {
        kind: "applications",
        objectId: app.objectId,
      });
      assert.equal(await client.findByAppId(randomUUID(), "v1.0"), undefined);
    });
  });

  describe("retries", () => {
    const retryAfterForms: Array<[string, () => string, number]> = [
      ["whole seconds", () => "1", 900],
      ["fractional seconds", () => "1.5", 1400],
      ["an HTTP date", () => new Date(Date.now() + 2000).toUTCString(), 900],
    ];
    for (const [form, retryAfter, atLeastMs] of retryAfterForms) {
      it(`honours Retry-After as ${form}`, async () => {
        emulator.faults.add({
          route: "acquireAccessToken",
          times: 1,
          action: { status: 429, retryAfter: retryAfter() },
        });
        const started = Date.now();
        await emulatorGraphClient(emulator, syncAllTokens).acquireAccessToken(
          ownedServicePrincipal(),
          "v1.0",
          CREDENTIALS,
        );
        assert.ok(Date.now() - started >= atLeastMs, `waited only ${Date.now() - started} ms`);
        const posts = acquireEntries();
        assert.deepEqual(
          posts.map((entry) => entry.status),
          [429, 204],
        );
        assert.equal(posts[1].headers["retry-attempt"], "1");
        assert.notEqual(posts[0].headers["client-request-id"], posts[1].headers["client-request-id"]);
      });
    }

    it("backs off without Retry-After and numbers the retries", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 2, action: { status: 503 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      const posts = acquireEntries();
      assert.deepEqual(
        posts.map((entry) => [entry.status, entry.headers["retry-attempt"]]),
        [
          [503, undefined],
          [503, "1"],
          [204, "2"],
        ],
      );
    });

    const failingOnce: Array<[string, FaultAction, number | "reset"]> = [
      ["502", { status: 502 }, 502],
      ["504", { status: 504 }, 504],
      ["a connection reset", { reset: true }, "reset"],
    ];
    for (const [what, action, logged] of failingOnce) {
      it(`retries ${what}`, async () => {
        emulator.faults.add({ route: "acquireAccessToken", times: 1, action });
        await emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF).acquireAccessToken(
          ownedServicePrincipal(),
          "v1.0",
          CREDENTIALS,
        );
        assert.deepEqual(
          acquireEntries().map((entry) => entry.status),
          [logged, 204],
        );
      });
    }

    it("gives up after maxRetries failures without Retry-After and names the attempts and last status", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { status: 503 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 2 }, FAST_BACKOFF);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "retriesExhausted");
      assert.equal(error.status, 503);
      assert.equal(error.attempts, 3);
      assert.equal(acquireEntries().length, 3);
      assert.match(error.message, /Gave up after 3 attempts; the last answer was 503 without Retry-After/);
      assert.match(error.message, /syncauth:maxRetries \(now 2\)/);
    });

    it("survives a 429 storm on 50 concurrent authorizations with exactly one accepted POST per target", async () => {
      emulator.faults.add({
        route: "acquireAccessToken",
        probability: 0.3,
        action: { status: 429, retryAfter: "0.1" },
      });
      const client = emulatorGraphClient(emulator, tokensOf("demo"), { maxRetries: 12 });
      const targets = emulator.fixture.generatedServicePrincipals.slice(0, 50);
      await Promise.all(
        targets.map((sp) =>
          client.acquireAccessToken({ kind: "servicePrincipals", objectId: sp.objectId }, "v1.0", CREDENTIALS),
        ),
      );
      assert.ok(acquireEntries(429).length > 0, "the storm never hit");
      for (const sp of targets) {
        assert.equal(emulator.count({ route: "acquireAccessToken", targetId: sp.objectId, status: 204 }), 1);
      }
      assert.ok(emulator.inFlightPeak("acquireAccessToken") <= TEST_CLIENT_SETTINGS.maxConcurrency);
    });

    it("reports connection resets that never stop, with host and timeout keys", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { reset: true } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 2 }, FAST_BACKOFF);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "connection");
      assert.equal(error.attempts, 3);
      assert.equal(acquireEntries().length, 3);
      assert.match(error.message, /connection failed \(ECONNRESET\)/);
      assert.ok(error.message.includes(new URL(emulator.endpoints().graphRoot).host));
      assert.match(error.message, /syncauth:requestTimeoutSeconds/);
    });

    it("retries a refused connection and then names the host", async () => {
      const closedPort = await unusedPort();
      const endpoints = { ...emulatorEndpointSettings(emulator), graphRoot: `https://127.0.0.1:${closedPort}` };
      const client = new GraphClient({
        endpoints,
        client: { ...TEST_CLIENT_SETTINGS, maxRetries: 1 },
        tokens: syncAllTokens,
        callLimit: TEST_CALL_LIMIT,
        backoff: FAST_BACKOFF,
      });
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "connection");
      assert.equal(error.attempts, 2);
      assert.match(error.message, new RegExp(`Could not reach 127\\.0\\.0\\.1:${closedPort} after 2 attempts`));
      assert.match(error.message, /ECONNREFUSED/);
    });
  });

  describe("answers that leave it unknown whether Graph applied the call", () => {
    let authorizationCode = "";
    /** Credentials with a fresh single-use code: the emulator redeems each code once per object. */
    function withCode(key = "Oauth2AuthorizationCode"): CredentialPair[] {
      authorizationCode = `canary-authorization-code-${randomUUID()}`;
      return [
        { key: "BaseAddress", value: CANARY_BASE_ADDRESS },
        { key, value: authorizationCode },
      ];
    }
    const unknownOutcomes: Array<[string, FaultAction]> = [
      ["a 504 after applying", { afterApply: 504 }],
      ["a 502 after applying", { afterApply: 502 }],
      ["a connection reset after reading the body", { afterApply: "reset" }],
    ];
    for (const [what, action] of unknownOutcomes) {
      it(`${what} is retried when every key may be sent twice: two POSTs applied, success`, async () => {
        emulator.faults.add({ route: "acquireAccessToken", times: 1, action });
        await emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF).acquireAccessToken(
          ownedServicePrincipal(),
          "v1.0",
          CREDENTIALS,
        );
        assert.equal(acquireEntries().length, 2);
        assert.equal(emulator.count({ route: "acquireAccessToken", appliedStatus: 204 }), 2);
      });

      it(`${what} with an Oauth2AuthorizationCode: one POST, and the error says it may have been applied`, async () => {
        emulator.faults.add({ route: "acquireAccessToken", times: 1, action });
        const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
        const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", withCode()));
        assert.equal(error.kind, "unknownOutcome");
        assert.equal(acquireEntries().length, 1);
        assert.equal(emulator.count({ route: "acquireAccessToken", appliedStatus: 204 }), 1);
        assert.match(error.message, /may have been applied/);
        assert.match(error.hint, /Oauth2AuthorizationCode/);
        assert.match(error.hint, /Provisioning/);
        assert.match(error.hint, /triggers/);
        assert.doesNotMatch(error.hint, /run again/i);
        assert.ok(!inspect(error, { depth: 5 }).includes(authorizationCode));
        assert.ok(!error.message.includes(CANARY_BASE_ADDRESS));
      });
    }

    it("a 504 after applying with the code's key in another case: one POST, since Graph may read key names in any case", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: 504 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
      const credentials = withCode("oauth2AuthorizationCode");
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", credentials));
      assert.equal(error.kind, "unknownOutcome");
      assert.equal(acquireEntries().length, 1);
      assert.match(error.message, /may have been applied/);
      assert.ok(!inspect(error, { depth: 5 }).includes(authorizationCode));
    });

    it("a 429 or 503 before applying is retried even with an Oauth2AuthorizationCode: one POST applied", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 429, retryAfter: "0.1" } });
      emulator.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 503 } });
      await emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF).acquireAccessToken(
        ownedServicePrincipal(),
        "v1.0",
        withCode(),
      );
      assert.deepEqual(
        acquireEntries().map((entry) => entry.status),
        [429, 503, 204],
      );
      assert.equal(emulator.count({ route: "acquireAccessToken", appliedStatus: 204 }), 1);
    });

    it("a timed-out POST with an Oauth2AuthorizationCode is not repeated and says it may have been applied", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { hang: true } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { requestTimeoutMs: 300 });
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", withCode()));
      assert.equal(error.kind, "unknownOutcome");
      assert.equal(acquireEntries().length, 1);
      assert.match(error.message, /no response within 0\.3 s/);
      assert.match(error.message, /may have been applied/);
    });

    it("a POST cut off by the operation deadline in flight says it may have been applied, not run again", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { hang: true } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {
        requestTimeoutMs: 30_000,
        operationDeadlineMs: 500,
      });
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", withCode()));
      assert.equal(error.kind, "deadline");
      assert.equal(acquireEntries().length, 1);
      assert.match(error.hint, /may have been applied/);
      assert.doesNotMatch(error.hint, /run again/i);
    });

    it("a 200 whose body is cut off after 5 of 100 bytes, with an Oauth2AuthorizationCode: one POST, may have been applied, never 'not Graph'", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { afterApply: "truncated-200" } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", withCode()));
      assert.equal(error.kind, "unknownOutcome");
      assert.equal(error.mayHaveBeenApplied, true);
      assert.equal(error.status, 200);
      assert.equal(acquireEntries().length, 1);
      assert.match(error.message, /200 whose body was cut off after 5 of 100 bytes/);
      assert.match(error.message, /may have been applied/);
      assert.doesNotMatch(error.message, /proxy|captive portal/i);
      assert.match(error.hint, /Oauth2AuthorizationCode is single-use and was not sent again/);
      assert.ok(!inspect(error, { depth: 5 }).includes(authorizationCode));
    });

    it("a 200 whose body is cut off is sent again when every key may be sent twice: two POSTs applied, success", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: "truncated-200" } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      assert.deepEqual(
        acquireEntries().map((entry) => [entry.status, entry.appliedStatus]),
        [
          [200, 204],
          [204, 204],
        ],
      );
    });

    for (const [when, action] of [
      ["before Graph (nothing applied)", { malformed: "html-200" }],
      ["after Graph applied the call", { afterApply: "html-200" }],
    ] as const) {
      it(`a proxy's HTML block page with 200 ${when} is no success: one POST, and a code may have been applied`, async () => {
        emulator.faults.add({ route: "acquireAccessToken", action });
        const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
        const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", withCode()));
        assert.equal(error.kind, "malformedResponse");
        assert.equal(error.status, 200);
        assert.equal(error.mayHaveBeenApplied, true);
        assert.equal(acquireEntries().length, 1);
        assert.match(error.message, /unexpected answer 200, content type text\/html, body starts: "Blocked by policy/);
        assert.match(error.hint, /may have been applied/);
        assert.match(error.hint, /Oauth2AuthorizationCode is single-use and was not sent again/);
        assert.doesNotMatch(error.message, /<html|<title/i);
      });
    }

    it("a proxy's HTML block page with 200 is not a passed connection test either", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      emulator.faults.add({ route: "validateCredentials", action: { malformed: "html-200" } });
      const error = await expectGraphError(
        client.validateCredentials(ownedServicePrincipal(), emulator.fixture.ownedServicePrincipalJob.id, "v1.0"),
      );
      assert.equal(error.kind, "malformedResponse");
      assert.equal(error.mayHaveBeenApplied, true, "a POST, although this one changes nothing");
      assert.equal(emulator.count({ route: "validateCredentials" }), 1);
    });

    for (const status of [200, 202] as const) {
      it(`a ${status} instead of 204 is success: one POST`, async () => {
        emulator.faults.add({ route: "acquireAccessToken", action: { successStatus: status } });
        await emulatorGraphClient(emulator, syncAllTokens).acquireAccessToken(
          ownedServicePrincipal(),
          "v1.0",
          withCode(),
        );
        assert.deepEqual(
          acquireEntries().map((entry) => entry.status),
          [status],
        );
        assert.equal(emulator.count({ route: "acquireAccessToken", appliedStatus: 204 }), 1);
      });
    }
  });

  describe("throttling", () => {
    it("waits out a 429 or 503 with Retry-After beyond maxRetries: the wait is bounded by the deadline only", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 4, action: { status: 429, retryAfter: "0.05" } });
      emulator.faults.add({ route: "acquireAccessToken", times: 3, action: { status: 503, retryAfter: "0.05" } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 1 }, FAST_BACKOFF);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      assert.deepEqual(
        acquireEntries().map((entry) => entry.status),
        [429, 429, 429, 429, 503, 503, 503, 204],
      );
      assert.equal(emulator.count({ route: "acquireAccessToken", appliedStatus: 204 }), 1);
    });

    it("a 503 with Retry-After is waited out with an Oauth2AuthorizationCode beyond maxRetries: one POST applied", async () => {
      const code = `canary-authorization-code-${randomUUID()}`;
      emulator.faults.add({ route: "acquireAccessToken", times: 3, action: { status: 503, retryAfter: "0.05" } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 0 }, FAST_BACKOFF);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", [
        { key: "BaseAddress", value: CANARY_BASE_ADDRESS },
        { key: "Oauth2AuthorizationCode", value: code },
      ]);
      assert.deepEqual(
        acquireEntries().map((entry) => entry.status),
        [503, 503, 503, 204],
      );
      assert.equal(emulator.count({ route: "acquireAccessToken", appliedStatus: 204 }), 1);
    });

    it("a throttled refresh read waits out Retry-After beyond maxRetries and finds the object", async () => {
      emulator.faults.add({
        route: "listSynchronizationTemplates",
        times: 3,
        action: { status: 429, retryAfter: "0.05" },
      });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 0 }, FAST_BACKOFF);
      assert.equal(await client.getDirectoryObject(ownedServicePrincipal(), "v1.0"), "present");
      assert.deepEqual(
        emulator.log.filter((entry) => entry.route === "listSynchronizationTemplates").map((entry) => entry.status),
        [429, 429, 429, 200],
      );
    });

    it("a refresh read throttled without Retry-After gives up after maxRetries and says so", async () => {
      emulator.faults.add({ route: "listSynchronizationTemplates", action: { status: 429 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 1 }, FAST_BACKOFF);
      const error = await expectGraphError(client.getDirectoryObject(ownedServicePrincipal(), "v1.0"));
      assert.equal(error.kind, "retriesExhausted");
      assert.equal(emulator.count({ route: "listSynchronizationTemplates" }), 2);
      assert.match(error.message, /the last answer was 429 without Retry-After/);
      assert.match(error.message, /syncauth:maxRetries \(now 1\)/);
    });

    it("counts only failures without Retry-After against maxRetries", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 2, action: { status: 429, retryAfter: "0.05" } });
      emulator.faults.add({ route: "acquireAccessToken", action: { status: 503 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 2 }, FAST_BACKOFF);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "retriesExhausted");
      assert.deepEqual(
        acquireEntries().map((entry) => entry.status),
        [429, 429, 503, 503, 503],
      );
    });
  });

  describe("failures that are not retried", () => {
    it("an untrusted TLS certificate: one attempt, and the hint points at NODE_EXTRA_CA_CERTS", async () => {
      const directory = mkdtempSync(join(tmpdir(), "syncauth-untrusted-"));
      const untrustedCa = createCertificateAuthority(join(directory, "ca"));
      const certificate = issueServerCertificate(untrustedCa, join(directory, "server"));
      let requests = 0;
      const server = createHttpsServer(
        { cert: readFileSync(certificate.certPath), key: readFileSync(certificate.keyPath) },
        (_request, response) => {
          requests += 1;
          response.writeHead(204).end();
        },
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const client = new GraphClient({
          endpoints: { ...emulatorEndpointSettings(emulator), graphRoot: `https://127.0.0.1:${port}` },
          client: TEST_CLIENT_SETTINGS,
          tokens: syncAllTokens,
          callLimit: TEST_CALL_LIMIT,
        });
        const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
        assert.equal(error.kind, "connection");
        assert.equal(error.attempts, 1);
        assert.equal(requests, 0);
        assert.match(error.hint, new RegExp(`^The TLS certificate of 127\\.0\\.0\\.1:${port} is not trusted`));
        assert.match(error.hint, /NODE_EXTRA_CA_CERTS/);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        rmSync(directory, { recursive: true, force: true });
      }
    });

    it("400: one request, and the keys sent are listed", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", []));
      assert.equal(error.status, 400);
      assert.equal(error.code, "BadRequest");
      assert.equal(acquireEntries().length, 1);
      assert.match(error.message, /Keys sent: \(none\)/);
    });

    it("401 for a token of another cloud: one request, and the hint names the cloud and Graph root", async () => {
      const foreignCloudTokens = clientSecretTokens(emulator, emulator.fixture.syncAll, "usgovernmentl4");
      tokenSources.push(foreignCloudTokens);
      const client = emulatorGraphClient(emulator, foreignCloudTokens);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.status, 401);
      assert.equal(error.code, "InvalidAuthenticationToken");
      assert.equal(acquireEntries().length, 1);
      assert.ok(error.hint.includes(`global cloud (Graph root ${emulator.endpoints().graphRoot}`), error.hint);
      assert.match(error.hint, /chosen by syncauth:graphEndpoint/);
      const foreignRoot = emulator.endpoints("usgovernmentl4").graphRoot;
      assert.ok(error.hint.includes(`The token sent is for audience ${foreignRoot}`), error.hint);
      assert.match(error.hint, /the token is for another cloud or API/);
    });

    it("403: one request, and the hint names both permissions", async () => {
      const client = emulatorGraphClient(emulator, tokensOf("demo"));
      const foreign = {
        kind: "servicePrincipals" as const,
        objectId: emulator.fixture.foreignServicePrincipal.objectId,
      };
      const error = await expectGraphError(client.acquireAccessToken(foreign, "v1.0", CREDENTIALS));
      assert.equal(error.status, 403);
      assert.equal(error.code, "Authorization_RequestDenied");
      assert.equal(acquireEntries().length, 1);
      assert.match(error.hint, /Synchronization\.ReadWrite\.All/);
      assert.match(error.hint, /Application\.ReadWrite\.OwnedBy/);
      assert.ok(error.hint.includes(`owner of service principal ${foreign.objectId}`));
    });

    it("404 on an appId: one POST, and the hint names the service principal's object id", async () => {
      const { ownedServicePrincipal: sp } = emulator.fixture;
      // Looking an appId up needs a read permission; Application.ReadWrite.OwnedBy may list every object.
      const client = emulatorGraphClient(emulator, tokensOf("demo"));
      const error = await expectGraphError(
        client.acquireAccessToken({ kind: "servicePrincipals", objectId: sp.appId }, "v1.0", CREDENTIALS),
      );
      assert.equal(error.status, 404);
      assert.equal(acquireEntries().length, 1);
      assert.equal(
        error.hint,
        `${sp.appId} is an appId; the object id of the service principal is ${sp.objectId}: set servicePrincipalId to it.`,
      );
      assert.match(error.requestId ?? "", GUID);
      assert.match(error.clientRequestId ?? "", GUID);
      assert.ok(error.date);
      assert.ok(error.message.includes(`request-id: ${error.requestId}`));
      assert.ok(error.message.includes(`client-request-id: ${error.clientRequestId}`));
      assert.ok(error.message.includes("POST /v1.0/servicePrincipals/{id}/synchronization/acquireAccessToken"));
    });

    it("404 on an application's appId names the application's object id", async () => {
      const { ownedApplication: app } = emulator.fixture;
      // Looking an appId up needs a read permission; Application.ReadWrite.OwnedBy may list every object.
      const client = emulatorGraphClient(emulator, tokensOf("demo"));
      const error = await expectGraphError(
        client.acquireAccessToken({ kind: "applications", objectId: app.appId }, "beta", CREDENTIALS),
      );
      assert.equal(
        error.hint,
        `${app.appId} is an appId; the object id of the application is ${app.objectId}: set applicationId to it.`,
      );
    });

    it("404 on an unknown id says it does not exist in this tenant and cloud", async () => {
      const unknownId = randomUUID();
      // Looking an appId up needs a read permission; Application.ReadWrite.OwnedBy may list every object.
      const client = emulatorGraphClient(emulator, tokensOf("demo"));
      const error = await expectGraphError(
        client.acquireAccessToken({ kind: "servicePrincipals", objectId: unknownId }, "v1.0", CREDENTIALS),
      );
      assert.equal(acquireEntries().length, 1);
      assert.equal(emulator.count({ route: "lookupByAppId" }), 2);
      assert.match(error.hint, new RegExp(`No service principal with object id ${unknownId} exists`));
      assert.doesNotMatch(error.hint, /could not be checked/);
    });

    it("404 says when the identity may authorize but not look an appId up", async () => {
      const { ownedServicePrincipal: sp } = emulator.fixture;
      const client = emulatorGraphClient(emulator, syncAllTokens);
      const error = await expectGraphError(
        client.acquireAccessToken({ kind: "servicePrincipals", objectId: sp.appId }, "v1.0", CREDENTIALS),
      );
      assert.equal(error.status, 404);
      assert.equal(acquireEntries().length, 1);
      assert.equal(emulator.count({ route: "lookupByAppId", status: 403 }), 1, "the first refusal ends the lookup");
      assert.match(error.hint, new RegExp(`No service principal with object id ${sp.appId} exists`));
      assert.match(
        error.hint,
        /whether it is an appId was not checked: looking an appId up needs .*Application\.Read\.All/,
      );
      assert.doesNotMatch(error.hint, /could not be checked/);
    });

    it("404 says so when the appId lookup fails", async () => {
      emulator.faults.add({ route: "lookupByAppId", action: { status: 500 } });
      const client = emulatorGraphClient(emulator, syncAllTokens);
      const error = await expectGraphError(
        client.acquireAccessToken({ kind: "servicePrincipals", objectId: randomUUID() }, "v1.0", CREDENTIALS),
      );
      assert.equal(error.status, 404);
      assert.match(error.hint, /whether it is an appId could not be checked/);
    });

    it("a timed-out POST whose keys may all be sent twice is retried", async () => {
      emulator.faults.add({ route: "acquireAccessToken", times: 1, action: { hang: true } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { requestTimeoutMs: 300 }, FAST_BACKOFF);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      assert.deepEqual(
        acquireEntries().map((entry) => entry.status),
        ["hang", 204],
      );
    });

    it("a timed-out read is retried", async () => {
      emulator.faults.add({ route: "listSynchronizationTemplates", times: 1, action: { hang: true } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { requestTimeoutMs: 300 }, FAST_BACKOFF);
      assert.equal(await client.getDirectoryObject(ownedServicePrincipal(), "v1.0"), "present");
      assert.equal(emulator.count({ route: "listSynchronizationTemplates" }), 2);
    });

    it("tests the saved credentials with a body that carries no secret", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      await client.validateCredentials(ownedServicePrincipal(), emulator.fixture.ownedServicePrincipalJob.id, "v1.0");
      const tests = emulator.log.filter((entry) => entry.route === "validateCredentials");
      assert.equal(tests.length, 1);
      assert.equal(tests[0].status, 204);
      assert.deepEqual(tests[0].body, { useSavedCredentials: true });
      assert.equal(
        tests[0].path,
        `/v1.0/servicePrincipals/${emulator.fixture.ownedServicePrincipal.objectId}/synchronization/jobs/` +
          `${emulator.fixture.ownedServicePrincipalJob.id}/validateCredentials`,
      );
    });

    it("a timed-out connection test is retried like a read: it changes nothing", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens, { requestTimeoutMs: 300 }, FAST_BACKOFF);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      emulator.faults.add({ route: "validateCredentials", times: 1, action: { hang: true } });
      await client.validateCredentials(ownedServicePrincipal(), emulator.fixture.ownedServicePrincipalJob.id, "v1.0");
      assert.equal(emulator.count({ route: "validateCredentials" }), 2);
    });

    it("a target that refused the saved credentials is a GraphError with Graph's code", async () => {
      const client = emulatorGraphClient(emulator, syncAllTokens);
      await client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS);
      emulator.synchronization.revoke(emulator.fixture.ownedServicePrincipal.objectId);
      const error = await expectGraphError(
        client.validateCredentials(ownedServicePrincipal(), emulator.fixture.ownedServicePrincipalJob.id, "v1.0"),
      );
      assert.equal(error.status, 400);
      assert.equal(error.code, "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable");
      assert.equal(error.attempts, 1);
    });

    it("stops at once when Retry-After reaches past the operation deadline", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { status: 429, retryAfter: "30" } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { operationDeadlineMs: 2000 });
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "deadline");
      assert.equal(acquireEntries().length, 1);
      assert.match(
        error.message,
        /gave up at once: Graph asked to wait 30 s, past the operation deadline \(2 s\); the last answer was 429 TooManyRequests.*\(Retry-After: 30\)/,
      );
      assert.match(error.hint, /Graph asked to wait 30 s \(Retry-After\).*syncauth:operationTimeoutSeconds/);
    });

    it("a tiny Retry-After is waited at least a second: a throttled call makes a few requests, not a storm", async () => {
      // Reproduced before the floor: 1,424 POSTs in 3 s. With a 1 s floor, attempts go out at about 0 s, 1 s and 2 s;
      // the next wait would end past the 2.5 s deadline. The token is fetched first so that the count depends only
      // on the waits (the margin either side is half a second).
      emulator.faults.add({ route: "acquireAccessToken", action: { status: 429, retryAfter: "0.001" } });
      await syncAllTokens.getToken();
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 2, operationDeadlineMs: 2500 });
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(acquireEntries().length, 3);
      assert.equal(error.attempts, 3);
      assert.equal(error.kind, "deadline");
      assert.doesNotMatch(error.message, /at once/);
      assert.match(
        error.message,
        /gave up after 3 attempts: the next wait \(1 s\) would end past the operation deadline/,
      );
    });

    it("the operation deadline cuts a request shorter than its own timeout", async () => {
      emulator.faults.add({ route: "listSynchronizationTemplates", action: { hang: true } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {
        requestTimeoutMs: 30_000,
        operationDeadlineMs: 500,
      });
      const error = await expectGraphError(client.getDirectoryObject(ownedServicePrincipal(), "v1.0"));
      assert.equal(error.kind, "deadline");
      assert.equal(error.attempts, 1);
      assert.equal(emulator.count({ route: "listSynchronizationTemplates" }), 1);
    });
  });

  describe("deadline while queued", () => {
    it("a call waiting for a slot gives up at its deadline without sending anything", async () => {
      emulator.faults.add({ route: "listSynchronizationTemplates", action: { hang: true } });
      const hanging = emulatorGraphClient(emulator, syncAllTokens, {
        maxConcurrency: 1,
        requestTimeoutMs: 1500,
        maxRetries: 0,
      });
      const queued = emulatorGraphClient(emulator, syncAllTokens, { maxConcurrency: 1, operationDeadlineMs: 300 });
      const settled: string[] = [];
      const first = hanging.getDirectoryObject(ownedServicePrincipal(), "v1.0").catch((error: unknown) => {
        settled.push("hanging");
        return error;
      });
      await waitUntil(() => emulator.count({ route: "listSynchronizationTemplates" }) === 1);
      const error = await expectGraphError(
        queued.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS).finally(() => settled.push("queued")),
      );
      assert.equal(error.kind, "deadline");
      assert.equal(error.attempts, 0);
      assert.match(error.hint, /before any request was sent/);
      assert.deepEqual(settled, ["queued"]);
      assert.equal(acquireEntries().length, 0);
      assert.ok((await first) instanceof GraphError);
      assert.deepEqual(settled, ["queued", "hanging"]);
    });
  });

  describe("answers that do not come from Graph", () => {
    it("a proxy's HTML page is retried as a 502 and then described briefly", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { malformed: "html" } });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxRetries: 1 }, FAST_BACKOFF);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "retriesExhausted");
      assert.equal(error.status, 502);
      assert.equal(acquireEntries().length, 2);
      assert.match(error.message, /502, content type text\/html, body starts: "/);
      assert.doesNotMatch(error.message, /<html|<body|<\//i);
    });

    it("an error body of 400 MB stops at the size limit: a clear error, and the read stopped early", async () => {
      const bytes = 400 * 1024 * 1024;
      emulator.faults.add({ route: "acquireAccessToken", action: { hugeBody: bytes, status: 400 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "answerTooLarge");
      assert.equal(error.status, 400);
      assert.equal(error.attempts, 1);
      assert.equal(error.mayHaveBeenApplied, false, "a 400 was not applied, however long its body");
      assert.match(error.message, /the answer \(400\) is larger than 4 MiB, the limit on a Graph answer/);
      assert.equal(acquireEntries().length, 1);
      // What went out is what the client read (at most the limit) plus the socket buffers: far below the body.
      const sent = acquireEntries()[0].bodyBytesSent ?? 0;
      assert.ok(sent < 64 * 1024 * 1024, `the emulator wrote ${sent} of ${bytes} bytes`);
    });

    it("a 2xx larger than the limit on a POST with an Oauth2AuthorizationCode may have been applied", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { hugeBody: 8 * 1024 * 1024, status: 200 } });
      const client = emulatorGraphClient(emulator, syncAllTokens, {}, FAST_BACKOFF);
      const credentials: CredentialPair[] = [{ key: "Oauth2AuthorizationCode", value: `code-${randomUUID()}` }];
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", credentials));
      assert.equal(error.kind, "answerTooLarge");
      assert.equal(error.mayHaveBeenApplied, true);
      assert.equal(acquireEntries().length, 1);
      assert.match(error.hint, /may have been applied/);
      assert.match(error.hint, /Oauth2AuthorizationCode is single-use and was not sent again/);
    });

    it("a truncated JSON error body is reported with its status and content type, not retried", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { malformed: "non-json" } });
      const client = emulatorGraphClient(emulator, syncAllTokens);
      const error = await expectGraphError(client.acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS));
      assert.equal(error.kind, "malformedResponse");
      assert.equal(error.status, 500);
      assert.equal(acquireEntries().length, 1);
      assert.match(error.message, /unexpected answer 500, content type application\/json/);
    });
  });

  describe("concurrency", () => {
    it("never has more requests in flight than maxConcurrency, across clients", async () => {
      emulator.faults.add({ route: "acquireAccessToken", action: { latencyMs: 100 } });
      const clients = [1, 2].map(() => emulatorGraphClient(emulator, syncAllTokens, { maxConcurrency: 3 }));
      await Promise.all(
        Array.from({ length: 16 }, (_, index) =>
          clients[index % 2].acquireAccessToken(ownedServicePrincipal(), "v1.0", CREDENTIALS),
        ),
      );
      assert.equal(acquireEntries(204).length, 16);
      assert.equal(emulator.inFlightPeak("acquireAccessToken"), 3);
    });

    it("gives the slot back while waiting out a Retry-After", async () => {
      const throttled = emulator.fixture.ownedServicePrincipal;
      const other = emulator.fixture.foreignServicePrincipal;
      emulator.faults.add({
        route: "acquireAccessToken",
        targetId: throttled.objectId,
        times: 1,
        action: { status: 429, retryAfter: "1" },
      });
      const client = emulatorGraphClient(emulator, syncAllTokens, { maxConcurrency: 1 });
      const first = client.acquireAccessToken(
        { kind: "servicePrincipals", objectId: throttled.objectId },
        "v1.0",
        CREDENTIALS,
      );
      // The second call starts only once the first holds its 429, so it can only overtake if the slot is free.
      await waitUntil(() => acquireEntries(429).length === 1);
      const second = client.acquireAccessToken(
        { kind: "servicePrincipals", objectId: other.objectId },
        "v1.0",
        CREDENTIALS,
      );
      await Promise.all([first, second]);
      assert.deepEqual(
        acquireEntries().map((entry) => [entry.targetId, entry.status]),
        [
          [throttled.objectId, 429],
          [other.objectId, 204],
          [throttled.objectId, 204],
        ],
      );
    });
  });

  describe("secrets", () => {
    it("no error carries a credential value, client secret or access token, however it is printed", () => {
      assert.ok(errors.length >= 17, `only ${errors.length} errors were collected; run the whole file`);
      const secrets = [
        CANARY_SECRET_TOKEN,
        CANARY_BASE_ADDRESS,
        ...Object.values(CANARY_CLIENT_SECRETS),
        ...tokenSources.flatMap((tokens) => [...tokens.issued]),
      ];
      assert.ok(secrets.length > 6, "no access token was recorded");
      for (const error of errors) {
        const renderings = [
          error.message,
          String(error.stack),
          JSON.stringify(error),
          inspect(error, { depth: Infinity, showHidden: true }),
        ];
        for (const rendering of renderings) {
          for (const secret of secrets) {
            assert.ok(!rendering.includes(secret), `a secret leaked into: ${rendering.slice(0, 200)}`);
          }
        }
        assert.equal(error.cause, undefined);
        for (const [name, value] of Object.entries(error)) {
          assert.ok(typeof value !== "object" || name === "route", `GraphError.${name} holds an object`);
        }
      }
    });
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === "object");
  return address.port;
}

/** Polls a condition for at most ~5 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let poll = 0; poll < 500 && !condition(); poll++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(condition(), "the condition never became true");
}
