import { strict as assert } from "node:assert";
import { ClientSecretCredential } from "@azure/identity";
import axios from "axios";
import * as https from "node:https";
import { startEmulator, type Emulator } from "./index";
import { credentialsBody, postAcquireAccessToken } from "./graphCalls";

describe("emulator: fault injection", () => {
  let emu: Emulator;
  let token: string;

  before(async () => {
    emu = await startEmulator({ seed: 42 });
    const demo = emu.fixture.demo;
    const endpoints = emu.endpoints("global");
    const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, demo.clientSecrets[0], {
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: true,
    });
    token = (await credential.getToken(endpoints.graphScope)).token;
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.faults.clear();
    emu.clearLog();
  });

  const owned = (): string => `servicePrincipals/${emu.fixture.ownedServicePrincipal.objectId}`;
  const post = (target = owned(), cloud: "global" | "china" = "global", timeout = 0) =>
    axios.post(
      `${emu.endpoints(cloud).graphRoot}/v1.0/${target}/synchronization/acquireAccessToken`,
      credentialsBody({ SecretToken: "x" }),
      { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true, timeout },
    );

  it("answers 429 TooManyRequests with Retry-After in whole seconds for the first N matches only", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 2, action: { status: 429, retryAfter: "1" } });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await post();
      statuses.push(response.status);
      if (response.status === 429) {
        assert.equal(response.headers["retry-after"], "1");
        assert.equal(response.data.error.code, "TooManyRequests");
        assert.ok(response.headers["request-id"]);
      }
    }
    assert.deepEqual(statuses, [429, 429, 204]);
    assert.equal(emu.count({ route: "acquireAccessToken", status: 429 }), 2);
    assert.match(emu.log[0].fault ?? "", /429/);
  });

  it("passes fractional and HTTP-date Retry-After values through verbatim on 503 and 504", async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 503, retryAfter: "0.5" } });
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 504, retryAfter: date } });
    const first = await post();
    const second = await post();
    assert.equal(first.status, 503);
    assert.equal(first.headers["retry-after"], "0.5");
    assert.equal(first.data.error.code, "ServiceUnavailable");
    assert.equal(second.status, 504);
    assert.equal(second.headers["retry-after"], date);
    assert.equal(second.data.error.code, "GatewayTimeout");
  });

  it("answers 502 without Retry-After", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 502 } });
    const response = await post();
    assert.equal(response.status, 502);
    assert.equal(response.headers["retry-after"], undefined);
  });

  it("limits a rule to one cloud and one target", async () => {
    emu.faults.add({ route: "acquireAccessToken", cloud: "china", action: { status: 503 } });
    assert.equal((await post()).status, 204);
    // Faults act in front of authentication, like a gateway: the global token never reaches china's checks.
    assert.equal((await post(owned(), "china")).status, 503);
    emu.faults.add({
      route: "acquireAccessToken",
      targetId: emu.fixture.generatedServicePrincipals[0].objectId,
      action: { status: 429 },
    });
    assert.equal((await post(`servicePrincipals/${emu.fixture.generatedServicePrincipals[0].objectId}`)).status, 429);
    assert.equal((await post(`servicePrincipals/${emu.fixture.generatedServicePrincipals[1].objectId}`)).status, 204);
  });

  it("applies probabilistic faults reproducibly for the same seed", async () => {
    const run = async (): Promise<number[]> => {
      emu.faults.clear();
      emu.faults.add({ route: "acquireAccessToken", probability: 0.5, action: { status: 503 } });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 20; attempt++) statuses.push((await post()).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    assert.deepEqual(first, second);
    assert.ok(first.includes(503) && first.includes(204), `both outcomes in ${first.join(",")}`);
  });

  it("refuses rules it could not apply", () => {
    const invalid: [unknown, RegExp][] = [
      [{ route: "token", probability: 1.5, action: { status: 503 } }, /probability must be within/],
      [{ route: "everything", action: { status: 503 } }, /unknown route 'everything'/],
      [{ route: "token", action: { status: 418 } }, /status must be one of/],
      [{ route: "token", action: { status: 429, retryAfter: 1 } }, /retryAfter must be a string/],
      [{ route: "token", action: { reset: true, hang: true } }, /unknown action/],
      [{ route: "token", action: { malformed: "xml" } }, /malformed must be/],
      [{ route: "token", times: 1.5, action: { hold: true } }, /times must be a whole number/],
      [{ route: "token" }, /action is missing/],
    ];
    for (const [rule, message] of invalid) {
      assert.throws(() => emu.faults.add(rule as Parameters<Emulator["faults"]["add"]>[0]), message);
    }
    assert.deepEqual(emu.faults.list(), []);
  });

  it("adds latency and still answers normally", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { latencyMs: 50 } });
    const response = await post();
    assert.equal(response.status, 204);
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 1);
  });

  it("combines latency with a status fault", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { latencyMs: 20 } });
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 429, retryAfter: "2" } });
    const response = await post();
    assert.equal(response.status, 429);
    assert.equal(response.headers["retry-after"], "2");
  });

  it("resets the connection before any response", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { reset: true } });
    await assert.rejects(post(), (error: { code?: string }) => {
      assert.ok(["ECONNRESET", "EPIPE", "ERR_BAD_RESPONSE"].includes(error.code ?? ""), `code ${error.code}`);
      return true;
    });
    assert.equal(emu.count({ route: "acquireAccessToken", status: "reset" }), 1);
    assert.equal((await post()).status, 204, "only the first request is reset");
  });

  it("hangs a request until the client gives up, and logs it as hang", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { hang: true } });
    await assert.rejects(post(owned(), "global", 300), (error: { code?: string }) => error.code === "ECONNABORTED");
    assert.equal(emu.count({ route: "acquireAccessToken", status: "hang" }), 1);
  });

  it("holds requests until released, counting them and the in-flight peak", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 3, action: { hold: true } });
    const pending = [post(), post(), post()];
    for (let wait = 0; wait < 100 && emu.faults.heldCount() < 3; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(emu.faults.heldCount(), 3);
    assert.equal(emu.count({ route: "acquireAccessToken", status: "held" }), 3);
    assert.equal(emu.inFlightPeak("acquireAccessToken"), 3);
    assert.equal(emu.faults.releaseHeld(), 3);
    const responses = await Promise.all(pending);
    assert.deepEqual(
      responses.map((response) => response.status),
      [204, 204, 204],
    );
    assert.equal(emu.faults.heldCount(), 0);
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), 3);
  });

  it("answers malformed bodies: an HTML gateway page, truncated JSON, an empty 200", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { malformed: "html" } });
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { malformed: "non-json" } });
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { malformed: "empty-200" } });
    const raw = (target = owned()) =>
      axios.post(
        `${emu.endpoints("global").graphRoot}/v1.0/${target}/synchronization/acquireAccessToken`,
        credentialsBody({ A: "b" }),
        {
          headers: { authorization: `Bearer ${token}` },
          validateStatus: () => true,
          responseType: "text",
          transitional: { silentJSONParsing: true, forcedJSONParsing: false, clarifyTimeoutError: false },
        },
      );
    const html = await raw();
    assert.equal(html.status, 502);
    assert.match(String(html.headers["content-type"]), /text\/html/);
    assert.match(html.data, /<html>/);
    const truncated = await raw();
    assert.equal(truncated.status, 500);
    assert.throws(() => JSON.parse(truncated.data));
    const empty = await raw();
    assert.equal(empty.status, 200);
    assert.equal(empty.data, "");
    assert.deepEqual(
      emu.log.map((entry) => entry.status),
      [502, 500, 200],
    );
  });

  it("answers a proxy's HTML block page with 200, applying nothing", async () => {
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { malformed: "html-200" } });
    const response = await post();
    assert.equal(response.status, 200);
    assert.match(String(response.headers["content-type"]), /text\/html/);
    assert.match(String(response.data), /<title>Blocked by policy<\/title>/);
    assert.deepEqual(
      emu.log.map((entry) => [entry.status, entry.appliedStatus]),
      [[200, undefined]],
    );
  });

  it("streams a huge body only as fast as the client reads it, and logs how much went out", async () => {
    const small = 256 * 1024;
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { hugeBody: small, status: 400 } });
    const whole = await axios.post(
      `${emu.endpoints("global").graphRoot}/v1.0/${owned()}/synchronization/acquireAccessToken`,
      credentialsBody({ SecretToken: "x" }),
      { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true, responseType: "text" },
    );
    assert.equal(whole.status, 400);
    assert.equal(Buffer.byteLength(String(whole.data)), small);
    assert.equal(emu.log[0].bodyBytesSent, small);

    // A client that reads 1 MiB of 64 MiB and hangs up: what went out is bounded by what it read plus the socket
    // buffers, far below the whole body, at any moment.
    const huge = 64 * 1024 * 1024;
    emu.faults.add({ route: "acquireAccessToken", times: 1, action: { hugeBody: huge, status: 400 } });
    const { graphRoot } = emu.endpoints("global");
    const read = await new Promise<number>((resolve, reject) => {
      const request = https.request(
        `${graphRoot}/v1.0/${owned()}/synchronization/acquireAccessToken`,
        { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
        (response) => {
          let total = 0;
          response.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total >= 1024 * 1024) {
              request.destroy();
              resolve(total);
            }
          });
        },
      );
      request.on("error", (error) => (error.message === "socket hang up" ? undefined : reject(error)));
      request.end(JSON.stringify(credentialsBody({ SecretToken: "x" })));
    });
    assert.ok(read >= 1024 * 1024);
    const sent = emu.log[1].bodyBytesSent ?? 0;
    assert.ok(sent < huge / 2, `the emulator wrote ${sent} of ${huge} bytes`);
  });

  describe("faults after the service applied the call (unknown outcome)", () => {
    it("answers 502 BadGateway after applying: the log shows the call applied once", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: 502 } });
      const response = await post();
      assert.equal(response.status, 502);
      assert.equal(response.data.error.code, "BadGateway");
      assert.equal(response.data.error.innerError["request-id"], response.headers["request-id"]);
      assert.equal((await post()).status, 204);
      assert.deepEqual(
        emu.log.map((entry) => [entry.status, entry.appliedStatus]),
        [
          [502, 204],
          [204, 204],
        ],
      );
      assert.equal(emu.count({ route: "acquireAccessToken", appliedStatus: 204 }), 2);
      assert.equal(emu.count({ route: "acquireAccessToken", status: 502, appliedStatus: 204 }), 1);
      assert.match(emu.log[0].fault ?? "", /afterApply/);
    });

    it("answers 504 GatewayTimeout with Retry-After after applying", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: 504, retryAfter: "3" } });
      const response = await post();
      assert.equal(response.status, 504);
      assert.equal(response.data.error.code, "GatewayTimeout");
      assert.equal(response.headers["retry-after"], "3");
      assert.equal(emu.count({ route: "acquireAccessToken", status: 504, appliedStatus: 204 }), 1);
    });

    it("resets the connection after reading the whole body and applying the call", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: "reset" } });
      await assert.rejects(post(), (error: { code?: string }) => {
        assert.ok(["ECONNRESET", "EPIPE", "ERR_BAD_RESPONSE"].includes(error.code ?? ""), `code ${error.code}`);
        return true;
      });
      const [entry] = emu.log;
      assert.equal(entry.status, "reset");
      assert.equal(entry.appliedStatus, 204);
      assert.deepEqual(entry.body, credentialsBody({ SecretToken: "x" }), "the whole body was read");
    });

    it("answers a 200 status line whose body is cut off after 5 of 100 bytes, having applied the call", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: "truncated-200" } });
      await assert.rejects(post(), (error: { code?: string; response?: { status: number } }) => {
        assert.ok(["ECONNRESET", "ERR_BAD_RESPONSE"].includes(error.code ?? ""), `code ${error.code}`);
        return true;
      });
      assert.deepEqual(
        emu.log.map((entry) => [entry.status, entry.appliedStatus]),
        [[200, 204]],
      );
    });

    it("answers a proxy's HTML block page with 200 after applying the call", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { afterApply: "html-200" } });
      const response = await post();
      assert.equal(response.status, 200);
      assert.match(String(response.data), /Blocked by policy/);
      assert.equal(emu.count({ route: "acquireAccessToken", status: 200, appliedStatus: 204 }), 1);
    });

    it("answers 200 or 202 with an empty body instead of 204, and leaves error answers alone", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { successStatus: 200 } });
      emu.faults.add({ route: "acquireAccessToken", times: 2, action: { successStatus: 202 } });
      const ok = await post();
      assert.equal(ok.status, 200);
      assert.equal(ok.data, "");
      assert.ok(ok.headers["request-id"]);
      const accepted = await post();
      assert.equal(accepted.status, 202);
      assert.equal(accepted.data, "");
      const denied = await post(`servicePrincipals/${emu.fixture.foreignServicePrincipal.objectId}`);
      assert.equal(denied.status, 403, "a refusal is not turned into a success");
      assert.equal((await post()).status, 204, "the rules are used up");
      assert.deepEqual(
        emu.log.map((entry) => [entry.status, entry.appliedStatus]),
        [
          [200, 204],
          [202, 204],
          [403, 403],
          [204, 204],
        ],
      );
    });

    it("leaves appliedStatus out when a fault answered in front of the service", async () => {
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { status: 502 } });
      emu.faults.add({ route: "acquireAccessToken", times: 1, action: { reset: true } });
      assert.equal((await post()).status, 502);
      await assert.rejects(post());
      assert.deepEqual(
        emu.log.map((entry) => [entry.status, entry.appliedStatus]),
        [
          [502, undefined],
          ["reset", undefined],
        ],
      );
      assert.equal(emu.count({ route: "acquireAccessToken", appliedStatus: 204 }), 0);
    });

    it("refuses after-service rules it could not apply", () => {
      const invalid: [unknown, RegExp][] = [
        [{ route: "acquireAccessToken", action: { afterApply: 503 } }, /afterApply must be 502, 504, "reset"/],
        [{ route: "acquireAccessToken", action: { afterApply: "reset", retryAfter: "1" } }, /retryAfter must be/],
        [{ route: "acquireAccessToken", action: { successStatus: 201 } }, /successStatus must be 200 or 202/],
        [{ route: "getObject", action: { successStatus: 200 } }, /route 'getObject' never answers/],
      ];
      for (const [rule, message] of invalid) {
        assert.throws(() => emu.faults.add(rule as Parameters<Emulator["faults"]["add"]>[0]), message);
      }
    });
  });

  it("faults the token endpoint in Entra's error shape", async () => {
    emu.faults.add({ route: "token", action: { status: 503, retryAfter: "0" } });
    const demo = emu.fixture.demo;
    const endpoints = emu.endpoints("global");
    const response = await axios.post(
      `${endpoints.authorityHost}/${demo.tenantId}/oauth2/v2.0/token`,
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: demo.clientId,
        client_secret: demo.clientSecrets[0],
        scope: endpoints.graphScope,
      }),
      { validateStatus: () => true },
    );
    assert.equal(response.status, 503);
    assert.equal(response.data.error, "temporarily_unavailable");
    assert.deepEqual(response.data.error_codes, [90033]);
  });

  it("closes hung and held connections when the emulator stops", async () => {
    const local = await startEmulator();
    const demo = local.fixture.demo;
    const endpoints = local.endpoints("global");
    const credential = new ClientSecretCredential(demo.tenantId, demo.clientId, demo.clientSecrets[0], {
      authorityHost: endpoints.authorityHost,
      disableInstanceDiscovery: true,
    });
    const localToken = (await credential.getToken(endpoints.graphScope)).token;
    local.faults.add({ route: "acquireAccessToken", times: 1, action: { hang: true } });
    local.faults.add({ route: "acquireAccessToken", times: 1, action: { hold: true } });
    const target = `servicePrincipals/${local.fixture.ownedServicePrincipal.objectId}`;
    const hung = postAcquireAccessToken(endpoints.graphRoot, localToken, target, credentialsBody({ A: "b" }));
    const held = postAcquireAccessToken(endpoints.graphRoot, localToken, target, credentialsBody({ A: "b" }));
    for (let wait = 0; wait < 100 && local.faults.heldCount() < 1; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(local.count({ route: "acquireAccessToken", status: "hang" }), 1);
    await local.stop();
    await local.stop();
    const outcomes = await Promise.allSettled([hung, held]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ["rejected", "rejected"],
    );
  });
});
