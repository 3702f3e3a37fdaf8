import * as assert from "node:assert/strict";
import type { LocalStack } from "../../scripts/lib/localStack";
import { generatedObjectId, startEmulator, type DirectoryObject, type Emulator } from "../emulator";
import { emulatedStack } from "../engine/emulatedStack";
import { byName, Declared, failed, programOver, succeeded } from "./support";

const STACK_SIZE = 20;
/** Positions in the stack of the targets missing from the directory. */
const MISSING_AT = [3, 11, 17];

/**
 * One `up --continue-on-error` where a few targets do not exist: the others are authorized and kept in state, each
 * missing one gets its own error naming it, and once the objects exist the next `up` authorizes exactly those.
 */
describe("reliability: partial failure", function () {
  this.timeout(300_000);
  let emu: Emulator;
  let stack: LocalStack;

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    stack?.dispose();
    await emu?.stop();
  });

  it(`keeps the ${STACK_SIZE - MISSING_AT.length} that succeeded, names the ${MISSING_AT.length} missing, and authorizes only those on the next up`, async () => {
    const existing = emu.fixture.generatedServicePrincipals;
    // Ids beyond the generated range: well-formed, owned-looking, and absent from the directory.
    const missing: DirectoryObject[] = MISSING_AT.map((_, i) => ({
      ...existing[0],
      objectId: generatedObjectId("5e000001", 0x700 + i),
      appId: generatedObjectId("5e000002", 0x700 + i),
      displayName: `Created later ${i}`,
    }));
    for (const object of missing) assert.equal(emu.directory.get(object.objectId), undefined);
    const ids = Array.from({ length: STACK_SIZE }, (_, i) =>
      MISSING_AT.includes(i) ? missing[MISSING_AT.indexOf(i)].objectId : existing[i].objectId,
    );
    const declared: Declared[] = ids.map((id, i) => ({
      name: `partial${i}`,
      args: { servicePrincipalId: id, credentials: { SecretToken: `partial-token-${i}` } },
    }));
    stack = await emulatedStack({ emulator: emu, projectName: "partial", program: programOver(() => declared) });

    emu.clearLog();
    // Without --continue-on-error the engine starts nothing new after the first failure, so how many of the 17 get
    // authorized would depend on scheduling; with it, every independent resource is attempted.
    const up = await stack.up("--continue-on-error");
    failed(up);
    const output = up.stdout + up.stderr;
    const errorLines = output.split("\n").filter((line) => /^\s*error: /.test(line));
    for (const object of missing) {
      const naming = errorLines.filter((line) => line.includes(object.objectId));
      assert.ok(naming.length >= 1, `an error names ${object.objectId}:\n${output}`);
      assert.ok(
        naming.some((line) => /does not exist/.test(line)),
        `the error says ${object.objectId} does not exist`,
      );
    }
    const present = ids.filter((id) => !missing.some((m) => m.objectId === id));
    for (const id of present) {
      assert.ok(!errorLines.some((line) => line.includes(id)), `no error about ${id}, which exists`);
    }
    const failedResources = errorLines.filter((line) => /Graph POST .*failed/.test(line));
    assert.equal(
      new Set(failedResources.map((line) => line.match(/\(id ([0-9a-f-]+)\)/)?.[1])).size,
      MISSING_AT.length,
    );
    assert.equal(emu.count({ route: "acquireAccessToken", status: 204 }), present.length);
    assert.equal(emu.count({ route: "acquireAccessToken", status: 404 }), MISSING_AT.length);
    assert.equal(emu.count({ route: "token" }), 1);

    const state = byName(await stack.resources());
    assert.equal(state.size, present.length, "the authorizations that succeeded are in state");
    for (const [name, resource] of state) {
      const index = Number(name.replace("partial", ""));
      assert.ok(!MISSING_AT.includes(index), `${name} failed and must not be in state`);
      assert.equal(resource.id, `servicePrincipals/${ids[index]}`);
      assert.match(String(resource.outputs?.lastAuthorizedAt), /^\d{4}-\d\d-\d\dT/);
    }
    const before = new Map([...state].map(([name, r]) => [name, r.outputs?.lastAuthorizedAt]));

    for (const object of missing) emu.directory.add(object);
    emu.clearLog();
    succeeded(await stack.up());
    const posts = emu.log.filter((e) => e.route === "acquireAccessToken");
    assert.equal(posts.length, MISSING_AT.length, "exactly the missing ones are authorized on the re-run");
    assert.deepEqual(posts.map((e) => e.targetId).sort(), missing.map((m) => m.objectId).sort());
    assert.ok(posts.every((e) => e.status === 204));
    const after = byName(await stack.resources());
    assert.equal(after.size, STACK_SIZE);
    for (const [name, lastAuthorizedAt] of before) {
      assert.equal(after.get(name)?.outputs?.lastAuthorizedAt, lastAuthorizedAt, `${name} was not touched again`);
    }
  });
});
