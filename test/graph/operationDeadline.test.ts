import { strict as assert } from "node:assert";
import { startDeadline } from "../../provider/graph/operationDeadline";

describe("operationDeadline", () => {
  it("ends at the start plus the duration", () => {
    const deadline = startDeadline(5000, 1_000_000);
    deadline.dispose();
    assert.equal(deadline.atMs, 1_005_000);
  });

  it("aborts its signal when the time is up", async () => {
    const deadline = startDeadline(20);
    assert.equal(deadline.signal.aborted, false);
    await new Promise((resolve) => deadline.signal.addEventListener("abort", resolve));
    assert.equal(deadline.signal.aborted, true);
  });

  it("never aborts once disposed", async () => {
    const deadline = startDeadline(20);
    deadline.dispose();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(deadline.signal.aborted, false);
  });
});
