import { strict as assert } from "node:assert";
import { PassThrough, Readable } from "node:stream";
import { MAX_ANSWER_BYTES, readAnswer } from "../../provider/graph/graphAnswer";

const LIMITS = { maxBytes: 1024, timeoutMs: 60_000 };

describe("graphAnswer: one answer read in one pass", () => {
  it("reads a whole body and keeps only the headers errors quote", async () => {
    const answer = await readAnswer(
      400,
      { "content-type": "application/json", "set-cookie": ["a=b"], "request-id": "r-1", "content-length": 7 },
      Readable.from([Buffer.from('{"a":1}')]),
      LIMITS,
    );
    assert.deepEqual(answer, {
      status: 400,
      headers: { "content-type": "application/json", "content-length": "7", "request-id": "r-1" },
      body: '{"a":1}',
      bodyEnd: "whole",
      bytesRead: 7,
    });
  });

  it("stops at the limit: the stream is let go, and no more than one chunk past the limit was read", async () => {
    let pulled = 0;
    const chunk = Buffer.alloc(256, "x");
    // An endless body: without a limit the read would never end.
    const endless = new Readable({
      read() {
        pulled += chunk.length;
        this.push(chunk);
      },
    });
    const answer = await readAnswer(200, {}, endless, LIMITS);
    assert.equal(answer.bodyEnd, "tooLarge");
    assert.equal(answer.body.length, LIMITS.maxBytes, "what is kept is exactly the limit");
    assert.ok(answer.bytesRead <= LIMITS.maxBytes + chunk.length, `read ${answer.bytesRead}`);
    assert.equal(endless.destroyed, true);
    const pulledAtStop = pulled;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pulled, pulledAtStop, "nothing is pulled after the stop");
  });

  it("a body that fails before its end is cut off, with what came", async () => {
    const body = new PassThrough();
    const reading = readAnswer(200, { "content-length": "100" }, body, LIMITS);
    body.write('{"val');
    body.destroy(new Error("aborted"));
    const answer = await reading;
    assert.equal(answer.bodyEnd, "cutOff");
    assert.equal(answer.body, '{"val');
    assert.equal(answer.bytesRead, 5);
  });

  it("a body that stalls is cut off at the request timeout", async () => {
    const body = new PassThrough();
    const answer = await readAnswer(200, {}, body, { maxBytes: 1024, timeoutMs: 20 });
    assert.equal(answer.bodyEnd, "cutOff");
    assert.equal(body.destroyed, true);
  });

  it("limits a body to 4 MiB: room for a synchronization schema of several hundred KB", () => {
    assert.equal(MAX_ANSWER_BYTES, 4 * 1024 * 1024);
  });
});
