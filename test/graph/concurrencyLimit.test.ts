import { strict as assert } from "node:assert";
import { GraphCallLimit } from "../../provider/graph/concurrencyLimit";

/** A task that stays running until released, recording how many ran at once. */
function gate(counter: { running: number; peak: number }) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    counter.running += 1;
    counter.peak = Math.max(counter.peak, counter.running);
    await released;
    counter.running -= 1;
  };
  return { task, release };
}

describe("concurrencyLimit", () => {
  let limits: GraphCallLimit;
  beforeEach(() => {
    limits = new GraphCallLimit();
  });

  it("is one limit for every caller asking with the same setting", () => {
    assert.equal(limits.forConcurrency(4), limits.forConcurrency(4));
  });

  it("runs at most maxConcurrency tasks at once", async () => {
    const limit = limits.forConcurrency(2);
    const counter = { running: 0, peak: 0 };
    const gates = Array.from({ length: 5 }, () => gate(counter));
    const done = Promise.all(gates.map(({ task }) => limit(task)));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(counter.running, 2);
    assert.equal(limit.pendingCount, 3);
    gates.forEach(({ release }) => release());
    await done;
    assert.equal(counter.peak, 2);
  });

  it("keeps the busy limit for a different setting, and switches once it is idle", async () => {
    const busy = limits.forConcurrency(3);
    const { task, release } = gate({ running: 0, peak: 0 });
    const running = busy(task);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(limits.forConcurrency(1), busy);
    release();
    await running;
    const switched = limits.forConcurrency(1);
    assert.notEqual(switched, busy);
    assert.equal(limits.forConcurrency(1), switched);
  });
});
