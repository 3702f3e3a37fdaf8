import { strict as assert } from "node:assert";
import { parseCommandLine, parseFault, routeNames } from "./commandLine";

describe("emulator: command line", () => {
  it("parses a probabilistic 429 with Retry-After", () => {
    assert.deepEqual(parseFault("acquireAccessToken:429:retryAfter=1:p=0.3"), {
      route: "acquireAccessToken",
      action: { status: 429, retryAfter: "1" },
      probability: 0.3,
    });
  });

  it("keeps an HTTP-date Retry-After whole although it contains colons", () => {
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    assert.deepEqual(parseFault(`token:503:retryAfter=${date}:times=2`), {
      route: "token",
      action: { status: 503, retryAfter: date },
      times: 2,
    });
  });

  it("parses every non-status action with cloud and target", () => {
    assert.deepEqual(parseFault("getObject:reset:cloud=china"), {
      route: "getObject",
      action: { reset: true },
      cloud: "china",
    });
    assert.deepEqual(parseFault("acquireAccessToken:hang:target=abc"), {
      route: "acquireAccessToken",
      action: { hang: true },
      targetId: "abc",
    });
    assert.deepEqual(parseFault("token:hold").action, { hold: true });
    assert.deepEqual(parseFault("token:html").action, { malformed: "html" });
    assert.deepEqual(parseFault("token:non-json").action, { malformed: "non-json" });
    assert.deepEqual(parseFault("token:empty-200").action, { malformed: "empty-200" });
    assert.deepEqual(parseFault("keyVaultSecret:latency=150").action, { latencyMs: 150 });
  });

  it("parses the faults that act after the service applied the call", () => {
    assert.deepEqual(parseFault("acquireAccessToken:502-after-apply:times=1"), {
      route: "acquireAccessToken",
      action: { afterApply: 502 },
      times: 1,
    });
    assert.deepEqual(parseFault("acquireAccessToken:504-after-apply:retryAfter=2").action, {
      afterApply: 504,
      retryAfter: "2",
    });
    assert.deepEqual(parseFault("acquireAccessToken:reset-after-apply").action, { afterApply: "reset" });
    assert.deepEqual(parseFault("acquireAccessToken:200-for-204").action, { successStatus: 200 });
    assert.deepEqual(parseFault("acquireAccessToken:202-for-204:p=0.5").action, { successStatus: 202 });
    assert.deepEqual(parseFault("acquireAccessToken:truncated-200-after-apply").action, {
      afterApply: "truncated-200",
    });
    assert.deepEqual(parseFault("acquireAccessToken:html-200-after-apply").action, { afterApply: "html-200" });
  });

  it("parses the answers that are not Graph's: an HTML 200 and huge bodies", () => {
    assert.deepEqual(parseFault("acquireAccessToken:html-200").action, { malformed: "html-200" });
    assert.deepEqual(parseFault("acquireAccessToken:huge-400=419430400").action, { hugeBody: 419430400, status: 400 });
    assert.deepEqual(parseFault("listSynchronizationTemplates:huge-200=1024").action, { hugeBody: 1024, status: 200 });
    assert.throws(() => parseFault("acquireAccessToken:huge-400=lots"), /not a number/);
  });

  it("turns --latency into a delay on every route, and reads --seed and --token-lifetime", () => {
    const parsed = parseCommandLine(["--latency", "200", "--seed", "7", "--token-lifetime", "60"]);
    assert.equal(parsed.seed, 7);
    assert.equal(parsed.tokenLifetimeSeconds, 60);
    assert.deepEqual(
      parsed.faults.map((rule) => rule.route),
      routeNames(),
    );
    assert.ok(parsed.faults.every((rule) => "latencyMs" in rule.action && rule.action.latencyMs === 200));
  });

  const invalid: [string[], RegExp][] = [
    [["--fault", "nowhere:429"], /unknown route 'nowhere'/],
    [["--fault", "token"], /missing action/],
    [["--fault", "token:418"], /unknown action '418'/],
    [["--fault", "token:429:p=2"], /p must be within/],
    [["--fault", "token:429:p=x"], /not a number/],
    [["--fault", "token:reset:retryAfter=1"], /retryAfter only goes with a status/],
    [["--fault", "acquireAccessToken:reset-after-apply:retryAfter=1"], /retryAfter only goes with a status/],
    [["--fault", "token:200-for-204"], /route 'token' never answers/],
    [["--fault", "token:429:cloud=mars"], /unknown cloud 'mars'/],
    [["--fault", "token:429:colour=red"], /unknown option 'colour'/],
    [["--fault"], /--fault needs a value/],
    [["--latency", "-5"], /not a number >= 0/],
    [["--verbose"], /unknown argument '--verbose'/],
  ];
  for (const [args, message] of invalid) {
    it(`rejects ${args.join(" ")}`, () => {
      assert.throws(() => parseCommandLine(args), message);
    });
  }
});
