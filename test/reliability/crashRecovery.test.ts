import * as assert from "node:assert/strict";
import type { LocalStack } from "../../scripts/lib/localStack";
import { startEmulator, type Emulator } from "../emulator";
import { emulatedStack } from "../engine/emulatedStack";
import * as fs from "node:fs";
import * as path from "node:path";
import { byName, Declared, descendantsOf, failed, isRunning, programOver, succeeded, waitUntil } from "./support";

const STACK_SIZE = 50;
/** Authorizations Graph accepts before the rest are held and the CLI is killed. */
const LET_THROUGH = 20;

interface PendingOperation {
  type: string;
  resource: { urn: string };
}

/**
 * The file backend writes a checkpoint's data atomically (temporary file, then rename) but its `<stack>.json.attrs`
 * sidecar in place: a kill during that write leaves it empty, and every command then fails with "failed to load
 * checkpoint: EOF". The checkpoint itself is whole; removing the empty sidecar is the repair. Returns what it
 * removed (usually nothing: the window is short).
 */
function repairInterruptedCheckpointWrite(stack: LocalStack): string[] {
  const stacksDir = path.join(stack.stateDir, ".pulumi", "stacks");
  const removed: string[] = [];
  for (const project of fs.readdirSync(stacksDir)) {
    for (const file of fs.readdirSync(path.join(stacksDir, project))) {
      const full = path.join(stacksDir, project, file);
      if (file.endsWith(".json.attrs") && fs.statSync(full).size === 0) {
        fs.rmSync(full);
        removed.push(path.join(project, file));
      }
    }
  }
  return removed;
}

/**
 * The CLI is killed (SIGKILL, with the provider processes it started) in the middle of an `up`, while some POSTs are
 * held at Graph. Graph then accepts those held POSTs although no state records them. Recovery is what Pulumi
 * v3.259 asks for on a self-managed backend: `pulumi cancel` (the dead CLI's lock stays behind), `pulumi refresh
 * --clear-pending-creates` (the interrupted creates stay pending otherwise, even across a successful `up`), `up`.
 */
describe("reliability: crash recovery", function () {
  this.timeout(300_000);
  let emu: Emulator;
  let stack: LocalStack;
  const killed: number[] = [];

  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await waitUntil("the killed processes are gone", () => !killed.some(isRunning), 10_000);
    emu?.faults.clear();
    stack?.dispose();
    await emu?.stop();
  });

  it(`recovers an up of ${STACK_SIZE} killed mid-run, re-authorizing only what state lost`, async () => {
    const targets = emu.fixture.generatedServicePrincipals.slice(0, STACK_SIZE);
    const declared: Declared[] = targets.map((sp, i) => ({
      name: `crash${i}`,
      args: { servicePrincipalId: sp.objectId, credentials: { SecretToken: `crash-token-${i}` } },
    }));
    stack = await emulatedStack({ emulator: emu, projectName: "crash", program: programOver(() => declared) });
    const accepted = (targetId?: string) => emu.count({ route: "acquireAccessToken", status: 204, targetId });

    emu.clearLog();
    let cliPid: number | undefined;
    const interrupted = stack.pulumi(["up", "--yes", "--skip-preview", "--non-interactive"], {
      onSpawn: (pid) => (cliPid = pid),
    });
    await waitUntil(`${LET_THROUGH} authorizations accepted`, () => accepted() >= LET_THROUGH);
    emu.faults.add({ route: "acquireAccessToken", action: { hold: true } });
    await waitUntil("a POST held at Graph", () => emu.faults.heldCount() > 0);
    assert.ok(cliPid !== undefined);
    // A crash takes the whole tree: the CLI and the provider processes whose requests are on the wire.
    const tree = [cliPid, ...descendantsOf(cliPid)];
    for (const pid of tree) process.kill(pid, "SIGKILL");
    killed.push(...tree);
    const killedRun = await interrupted;
    assert.notEqual(killedRun.code, 0);

    const acceptedBeforeKill = accepted();
    const held = emu.faults.releaseHeld();
    emu.faults.clear();
    // Released, the held POSTs reach Graph's handler and are applied; nobody is left to record them.
    await waitUntil("held POSTs answered", () => accepted() === acceptedBeforeKill + held);

    const repaired = repairInterruptedCheckpointWrite(stack);
    const exported = JSON.parse(await stack.exportText());
    const pending = (exported.deployment.pending_operations ?? []) as PendingOperation[];
    const recorded = byName(exported.deployment.resources ?? []);
    assert.ok(pending.length > 0, "the kill left interrupted creates");
    assert.ok(pending.every((op) => op.type === "creating"));
    const pendingUrns = new Set(pending.map((op) => op.resource.urn));
    for (const sp of targets.filter((t) => accepted(t.objectId) > 0)) {
      const name = `crash${targets.indexOf(sp)}`;
      const known = recorded.has(name) || [...pendingUrns].some((urn) => urn.endsWith(`::${name}`));
      assert.ok(known, `${name} was accepted by Graph, so state records it as created or as an interrupted create`);
    }
    for (const [name, resource] of recorded) {
      assert.equal(accepted(String(resource.id).split("/")[1]), 1, `${name} is recorded only after Graph accepted it`);
    }

    const locked = await stack.up();
    failed(locked);
    assert.match(locked.stdout + locked.stderr, /locked.*pulumi cancel/s, "the dead CLI's lock blocks the next up");
    assert.equal(emu.count({ route: "acquireAccessToken" }), acceptedBeforeKill + held, "a locked up calls nothing");

    succeeded(await stack.pulumi(["cancel", "--yes", "--non-interactive"]));
    const refresh = await stack.refresh("--clear-pending-creates");
    succeeded(refresh);
    const cleared = JSON.parse(await stack.exportText());
    assert.deepEqual(cleared.deployment.pending_operations ?? [], [], "refresh --clear-pending-creates clears them");
    assert.equal(byName(cleared.deployment.resources ?? []).size, recorded.size, "refresh keeps what was recorded");

    const recovery = await stack.up();
    succeeded(recovery);
    assert.doesNotMatch(recovery.stdout + recovery.stderr, /pending operations/);
    const final = byName(await stack.resources());
    assert.equal(final.size, STACK_SIZE);

    const recordedIds = new Set([...recorded.values()].map((r) => r.id));
    let twice = 0;
    for (const sp of targets) {
      const times = accepted(sp.objectId);
      if (recordedIds.has(`servicePrincipals/${sp.objectId}`)) {
        assert.equal(times, 1, `${sp.objectId} was recorded before the kill and must not be authorized again`);
      } else {
        assert.ok(times === 1 || times === 2, `${sp.objectId} authorized ${times} times`);
        if (times === 2) twice += 1;
      }
    }
    const lostAfterAcceptance = acceptedBeforeKill + held - recorded.size;
    assert.equal(twice, lostAfterAcceptance, "exactly the authorizations that state lost are sent again");
    assert.equal(accepted(), STACK_SIZE + twice);
    console.log(
      `      crash: ${STACK_SIZE} resources; killed with ${acceptedBeforeKill} accepted by Graph and ${held} held ` +
        `(${tree.length} processes killed); state recorded ${recorded.size}, ${pending.length} pending creates; ` +
        `Graph accepted ${held} held POSTs after the kill; recovery re-authorized ${twice} whose state was lost ` +
        `(${lostAfterAcceptance - held} accepted before the kill but not checkpointed), ` +
        `${STACK_SIZE - recorded.size - twice} never reached Graph before; refresh read ${emu.count({ route: "listSynchronizationTemplates" })} objects` +
        (repaired.length > 0 ? `; the kill interrupted a checkpoint write (removed empty ${repaired.join(", ")})` : ""),
    );

    emu.clearLog();
    succeeded(await stack.up());
    assert.equal(emu.count({}), 0, "after recovery an up calls nothing");
  });
});
