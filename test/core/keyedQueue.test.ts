import { strict as assert } from "node:assert";
import { KeyedQueue } from "../../provider/core/keyedQueue";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("KeyedQueue: one task at a time per key", () => {
  it("runs tasks of one key in turn, in order, and of other keys side by side", async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await pause(ms);
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      queue.run("job", task("a", 30)),
      queue.run("job", task("b", 1)),
      queue.run("other", task("c", 1)),
    ]);
    assert.deepEqual(results, ["a", "b", "c"]);
    assert.ok(events.indexOf("a end") < events.indexOf("b start"), events.join(", "));
    assert.ok(events.indexOf("c end") < events.indexOf("a end"), events.join(", "));
  });

  it("a failed task fails its own caller only; the next task of the key still runs", async () => {
    const queue = new KeyedQueue();
    const failed = queue.run("job", async () => {
      throw new Error("boom");
    });
    const next = queue.run("job", async () => "next");
    await assert.rejects(failed, /boom/);
    assert.equal(await next, "next");
  });
});
