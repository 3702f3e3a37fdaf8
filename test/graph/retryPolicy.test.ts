import { strict as assert } from "node:assert";
import {
  AttemptOutcome,
  DEFAULT_BACKOFF,
  RetryContext,
  applicationOf,
  backoffDelayMs,
  decideRetry,
  isRetryableOutcome,
  parseRetryAfterMs,
} from "../../provider/graph/retryPolicy";

const NOW = Date.parse("2026-11-24T09:00:00Z");

function context(overrides: Partial<RetryContext>): RetryContext {
  return {
    outcome: { kind: "status", status: 429 },
    attemptsMade: 1,
    maxRetries: 5,
    retryTimeouts: false,
    nowMs: NOW,
    deadlineMs: NOW + 600_000,
    backoff: DEFAULT_BACKOFF,
    random: () => 0.5,
    ...overrides,
  };
}

describe("retryPolicy", () => {
  describe("isRetryableOutcome", () => {
    for (const status of [429, 502, 503, 504]) {
      it(`retries status ${status}`, () => {
        assert.equal(isRetryableOutcome({ kind: "status", status }, false), true);
      });
    }
    for (const status of [400, 401, 403, 404, 409, 412, 500, 501]) {
      it(`does not retry status ${status}`, () => {
        assert.equal(isRetryableOutcome({ kind: "status", status }, true), false);
      });
    }
    for (const code of ["ECONNRESET", "ECONNREFUSED", "EPIPE"]) {
      it(`retries connection failure ${code}`, () => {
        assert.equal(isRetryableOutcome({ kind: "connectionFailed", code }, false), true);
      });
    }
    it("does not retry an unknown connection failure such as a certificate error", () => {
      assert.equal(isRetryableOutcome({ kind: "connectionFailed", code: "SELF_SIGNED_CERT_IN_CHAIN" }, true), false);
    });
    it("retries a timeout only when the request may run twice", () => {
      assert.equal(isRetryableOutcome({ kind: "timedOut" }, true), true);
      assert.equal(isRetryableOutcome({ kind: "timedOut" }, false), false);
    });
    it("never retries an attempt the deadline aborted", () => {
      assert.equal(isRetryableOutcome({ kind: "aborted" }, true), false);
    });
  });

  describe("applicationOf", () => {
    const cases: Array<[AttemptOutcome, "notApplied" | "unknown"]> = [
      [{ kind: "status", status: 429 }, "notApplied"],
      [{ kind: "status", status: 503 }, "notApplied"],
      [{ kind: "status", status: 400 }, "notApplied"],
      [{ kind: "status", status: 404 }, "notApplied"],
      [{ kind: "status", status: 500 }, "unknown"],
      [{ kind: "status", status: 502 }, "unknown"],
      [{ kind: "status", status: 504 }, "unknown"],
      [{ kind: "connectionFailed", code: "ECONNREFUSED" }, "notApplied"],
      [{ kind: "connectionFailed", code: "ECONNRESET" }, "unknown"],
      [{ kind: "connectionFailed", code: "EPIPE" }, "unknown"],
      [{ kind: "timedOut" }, "unknown"],
      [{ kind: "aborted" }, "unknown"],
    ];
    for (const [outcome, expected] of cases) {
      it(`calls ${JSON.stringify(outcome)} ${expected}`, () => {
        assert.equal(applicationOf(outcome), expected);
      });
    }
  });

  describe("parseRetryAfterMs", () => {
    const cases: Array<[string | undefined, number | undefined]> = [
      [undefined, undefined],
      ["", undefined],
      ["0", 0],
      ["1", 1000],
      [" 7 ", 7000],
      ["2.128", 2128],
      ["0.25", 250],
      ["-1", undefined],
      ["1e3", undefined],
      ["soon", undefined],
      ["2026-11-24T09:00:05Z", 5000],
      ["Tue, 24 Nov 2026 09:00:05 GMT", 5000],
      ["Tue, 24 Nov 2026 08:59:00 GMT", 0],
      ["Tuesday, 24-Nov-26 09:01:00 GMT", 60_000],
    ];
    for (const [header, expected] of cases) {
      it(`reads ${JSON.stringify(header)} as ${expected}`, () => {
        assert.equal(parseRetryAfterMs(header, NOW), expected);
      });
    }
    it("measures an HTTP date against the injected clock", () => {
      const header = "Tue, 24 Nov 2026 09:00:30 GMT";
      assert.equal(parseRetryAfterMs(header, NOW + 10_000), 20_000);
    });
  });

  describe("backoffDelayMs", () => {
    it("spans 0 to the exponential ceiling with the random value", () => {
      const backoff = { baseDelayMs: 1000, maxDelayMs: 60_000 };
      assert.equal(
        backoffDelayMs(1, backoff, () => 0),
        0,
      );
      assert.equal(
        backoffDelayMs(1, backoff, () => 0.5),
        500,
      );
      assert.equal(
        backoffDelayMs(2, backoff, () => 0.5),
        1000,
      );
      assert.equal(
        backoffDelayMs(3, backoff, () => 0.999),
        3996,
      );
      assert.equal(
        backoffDelayMs(4, backoff, () => 0.25),
        2000,
      );
    });
    it("never exceeds the maximum delay", () => {
      const backoff = { baseDelayMs: 1000, maxDelayMs: 5000 };
      assert.equal(
        backoffDelayMs(10, backoff, () => 0.999999),
        4999,
      );
      assert.equal(
        backoffDelayMs(60, backoff, () => 0.5),
        2500,
      );
    });
  });

  describe("decideRetry", () => {
    it("waits as long as a numeric Retry-After says, ignoring jitter", () => {
      assert.deepEqual(decideRetry(context({ outcome: { kind: "status", status: 429, retryAfter: "3" } })), {
        retry: true,
        delayMs: 3000,
      });
    });
    it("waits until an HTTP-date Retry-After", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 503, retryAfter: "Tue, 24 Nov 2026 09:00:02 GMT" };
      assert.deepEqual(decideRetry(context({ outcome })), { retry: true, delayMs: 2000 });
    });
    it("backs off with jitter when Retry-After is absent or unreadable", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 504, retryAfter: "later" };
      assert.deepEqual(decideRetry(context({ outcome, attemptsMade: 3, random: () => 0.5 })), {
        retry: true,
        delayMs: 2000,
      });
    });
    it("backs off after a connection failure", () => {
      const outcome: AttemptOutcome = { kind: "connectionFailed", code: "ECONNRESET" };
      assert.deepEqual(decideRetry(context({ outcome, attemptsMade: 2, random: () => 0.1 })), {
        retry: true,
        delayMs: 200,
      });
    });
    it("allows exactly maxRetries retries", () => {
      assert.equal(decideRetry(context({ attemptsMade: 5, maxRetries: 5 })).retry, true);
      assert.deepEqual(decideRetry(context({ attemptsMade: 6, maxRetries: 5 })), {
        retry: false,
        reason: "attemptsExhausted",
      });
      assert.deepEqual(decideRetry(context({ attemptsMade: 1, maxRetries: 0 })), {
        retry: false,
        reason: "attemptsExhausted",
      });
    });
    it("stops when the wait would end past the deadline", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 429, retryAfter: "30" };
      assert.deepEqual(decideRetry(context({ outcome, deadlineMs: NOW + 29_000 })), {
        retry: false,
        reason: "deadlineReached",
      });
      assert.equal(decideRetry(context({ outcome, deadlineMs: NOW + 31_000 })).retry, true);
    });
    it("reports a non-retryable outcome before counting attempts", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 404 };
      assert.deepEqual(decideRetry(context({ outcome, attemptsMade: 9 })), { retry: false, reason: "notRetryable" });
    });
  });
});
