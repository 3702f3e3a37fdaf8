import * as assert from "node:assert/strict";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator, type FaultAction } from "../emulator";
import { emulatedStack } from "../engine/emulatedStack";
import { byName, Declared, failed, programOver, succeeded } from "./support";

/**
 * Answers that are not Graph's — a proxy's HTML page, a truncated JSON error (a 2xx is success, see graphClient) —
 * through the real CLI: each resource fails with a short error that names its target and says what came back, a
 * healthy resource beside them is authorized, and nothing of the body's markup reaches the user. The Graph client
 * tests cover the same answers call by call (test/graph/graphClient.test.ts); this is what a user sees.
 */
describe("reliability: malformed Graph answers through the CLI", function () {
  this.timeout(300_000);
  let emu: Emulator;
  let stack: LocalStack;

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    emu?.faults.clear();
    stack?.dispose();
    await emu?.stop();
  });

  it("fails each resource with a clear error and keeps the healthy one", async () => {
    const sps = emu.fixture.generatedServicePrincipals;
    const cases: {
      name: string;
      malformed: Extract<FaultAction, { malformed: string }>["malformed"];
      expect: RegExp;
    }[] = [
      { name: "html", malformed: "html", expect: /502, content type text\/html, body starts: "/ },
      { name: "nonJson", malformed: "non-json", expect: /unexpected answer 500, content type application\/json/ },
    ];
    const declared: Declared[] = [
      ...cases.map((c, i) => ({
        name: c.name,
        args: { servicePrincipalId: sps[100 + i].objectId, credentials: { SecretToken: `malformed-${c.name}` } },
      })),
      { name: "healthy", args: { servicePrincipalId: sps[110].objectId, credentials: { SecretToken: "healthy" } } },
    ];
    for (const [i, c] of cases.entries()) {
      emu.faults.add({
        route: "acquireAccessToken",
        targetId: sps[100 + i].objectId,
        action: { malformed: c.malformed },
      });
    }
    stack = await emulatedStack({
      emulator: emu,
      projectName: "malformed",
      program: programOver(() => declared),
      // The HTML page comes with a 502, which is retried; one retry shows that without a long backoff.
      config: { "syncauth:maxRetries": { value: "1" } },
    });

    emu.clearLog();
    const up = await stack.up("--continue-on-error");
    failed(up);
    const errorLines = (up.stdout + up.stderr).split("\n").filter((line) => /^\s*error: Graph POST/.test(line));
    for (const [i, c] of cases.entries()) {
      const id = sps[100 + i].objectId;
      const lines = errorLines.filter((line) => line.includes(`(id ${id})`));
      assert.ok(lines.length > 0, `an error names ${c.name}'s target ${id}:\n${up.stdout}`);
      for (const line of lines) {
        assert.match(line, c.expect);
        assert.match(line, /Hint: /);
        assert.match(line, /request-id|client-request-id/);
        assert.doesNotMatch(line, /<html|<body|<\/|<title/i, "markup is not echoed");
        assert.doesNotMatch(line, new RegExp(`malformed-${c.name}`), "the credential value is not echoed");
        assert.ok(line.length < 1200, `the error is one readable line (${line.length} characters)`);
      }
    }
    assert.equal(emu.count({ route: "acquireAccessToken", targetId: sps[100].objectId }), 2, "HTML 502: retried once");
    assert.equal(
      emu.count({ route: "acquireAccessToken", targetId: sps[101].objectId }),
      1,
      "truncated 500: not retried",
    );
    const state = byName(await stack.resources());
    assert.deepEqual([...state.keys()], ["healthy"], "only the healthy resource is recorded");

    emu.faults.clear();
    emu.clearLog();
    succeeded(await stack.up());
    assert.equal(
      emu.count({ route: "acquireAccessToken", status: 204 }),
      cases.length,
      "the failed ones are retried by the next up",
    );
  });
});
