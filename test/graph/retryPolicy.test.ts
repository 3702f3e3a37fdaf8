import { strict as assert } from "node:assert";
import {
  AttemptOutcome,
  DEFAULT_BACKOFF,
  MAX_ATTEMPTS_PER_CALL,
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_AFTER_WAIT_MS,
  RetryContext,
  applicationOf,
  backoffDelayMs,
  countsAgainstRetryLimit,
  decideRetry,
  isRetryableOutcome,
  parseRetryAfterMs,
} from "../../provider/graph/retryPolicy";

const NOW = Date.parse("2026-11-24T09:00:00Z");

function context(overrides: Partial<RetryContext>): RetryContext {
  return {
    outcome: { kind: "status", status: 429 },
    attempts: 1,
    countedFailures: 1,
    maxRetries: 5,
    repeatable: true,
    nowMs: NOW,
    deadlineMs: NOW + 600_000,
    backoff: DEFAULT_BACKOFF,
    random: () => 0.5,
    ...overrides,
  };
}

describe("retryPolicy", () => {
  describe("isRetryableOutcome and decideRetry: every outcome, with and without a single-use key", () => {
    // [outcome, application, retried when every key may be sent twice, retried with a single-use key]
    const table: Array<[AttemptOutcome, "notApplied" | "unknown", boolean, boolean]> = [
      [{ kind: "status", status: 429, retryAfter: "1" }, "notApplied", true, true],
      [{ kind: "status", status: 429 }, "notApplied", true, true],
      [{ kind: "status", status: 503, retryAfter: "1" }, "notApplied", true, true],
      [{ kind: "status", status: 503 }, "notApplied", true, true],
      [{ kind: "status", status: 502 }, "unknown", true, false],
      [{ kind: "status", status: 504 }, "unknown", true, false],
      [{ kind: "status", status: 504, retryAfter: "1" }, "unknown", true, false],
      [{ kind: "status", status: 500 }, "unknown", false, false],
      [{ kind: "status", status: 501 }, "unknown", false, false],
      [{ kind: "status", status: 400 }, "notApplied", false, false],
      [{ kind: "status", status: 401 }, "notApplied", false, false],
      [{ kind: "status", status: 403 }, "notApplied", false, false],
      [{ kind: "status", status: 404 }, "notApplied", false, false],
      [{ kind: "status", status: 409 }, "notApplied", false, false],
      [{ kind: "connectionFailed", code: "ECONNREFUSED", requestWritten: false }, "notApplied", true, true],
      [{ kind: "connectionFailed", code: "ECONNRESET", requestWritten: false }, "notApplied", true, true],
      [{ kind: "connectionFailed", code: "EPIPE", requestWritten: false }, "notApplied", true, true],
      [{ kind: "connectionFailed", code: "ECONNRESET", requestWritten: true }, "unknown", true, false],
      [{ kind: "connectionFailed", code: "EPIPE", requestWritten: true }, "unknown", true, false],
      [{ kind: "connectionFailed", code: "ECONNRESET" }, "unknown", true, false],
      [
        { kind: "connectionFailed", code: "SELF_SIGNED_CERT_IN_CHAIN", requestWritten: false },
        "notApplied",
        false,
        false,
      ],
      [{ kind: "connectionFailed", code: "ENOTFOUND", requestWritten: false }, "notApplied", false, false],
      [{ kind: "timedOut" }, "unknown", true, false],
      [{ kind: "aborted", inFlight: true }, "unknown", false, false],
      [{ kind: "aborted", inFlight: false }, "notApplied", false, false],
    ];
    for (const [outcome, application, whenRepeatable, withSingleUse] of table) {
      const name = JSON.stringify(outcome);
      it(`${name}: ${application}; retried ${whenRepeatable} / with a single-use key ${withSingleUse}`, () => {
        assert.equal(applicationOf(outcome), application);
        assert.equal(isRetryableOutcome(outcome, true), whenRepeatable);
        assert.equal(isRetryableOutcome(outcome, false), withSingleUse);
        assert.equal(decideRetry(context({ outcome, repeatable: true })).retry, whenRepeatable);
        const withheld = decideRetry(context({ outcome, repeatable: false }));
        assert.equal(withheld.retry, withSingleUse);
        if (!withheld.retry) {
          const withheldRepeat = whenRepeatable && application === "unknown";
          assert.equal(withheld.reason, withheldRepeat ? "mayHaveBeenApplied" : "notRetryable");
        }
      });
    }
  });

  describe("countsAgainstRetryLimit", () => {
    const cases: Array<[AttemptOutcome, boolean]> = [
      [{ kind: "status", status: 429, retryAfter: "1" }, false],
      [{ kind: "status", status: 503, retryAfter: "0.5" }, false],
      [{ kind: "status", status: 429, retryAfter: "Tue, 24 Nov 2026 09:00:05 GMT" }, false],
      [{ kind: "status", status: 429 }, true],
      [{ kind: "status", status: 429, retryAfter: "0" }, true],
      [{ kind: "status", status: 429, retryAfter: "Tue, 24 Nov 2026 08:59:00 GMT" }, true],
      [{ kind: "status", status: 429, retryAfter: "soon" }, true],
      [{ kind: "status", status: 503 }, true],
      [{ kind: "status", status: 504, retryAfter: "1" }, true],
      [{ kind: "status", status: 502, retryAfter: "1" }, true],
      [{ kind: "connectionFailed", code: "ECONNRESET", requestWritten: false }, true],
      [{ kind: "timedOut" }, true],
    ];
    for (const [outcome, expected] of cases) {
      it(`${JSON.stringify(outcome)} ${expected ? "counts" : "does not count"}`, () => {
        assert.equal(countsAgainstRetryLimit(outcome, NOW), expected);
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
    // Date.parse alone reads free text as dates ("Retry 3000" is the year 3000, "x 1" is 2001): only HTTP's three
    // date forms (RFC 9110, section 5.6.7) and ISO 8601 with a zone are dates; the rest is unreadable.
    for (const header of [
      "Retry 3000",
      "x 1",
      "5 May",
      "Feb 30 2026",
      "Tue, 24 Nov 2026 09:00:05",
      "Tue, 24 Nov 2026 09:00:05 PST",
      "2026-11-24T09:00:05",
      "Wed, 99 Foo 2026 00:00:00 GMT",
    ]) {
      it(`reads ${JSON.stringify(header)} as unreadable`, () => {
        assert.equal(parseRetryAfterMs(header, NOW), undefined);
      });
    }
    it("reads HTTP's asctime form as GMT whatever the machine's time zone", () => {
      const zone = process.env.TZ;
      process.env.TZ = "America/New_York";
      try {
        assert.equal(parseRetryAfterMs("Tue Nov 24 09:00:05 2026", NOW), 5000);
        assert.equal(parseRetryAfterMs("Tue Nov  3 09:00:05 2026", Date.parse("2026-11-03T09:00:00Z")), 5000);
      } finally {
        if (zone === undefined) {
          delete process.env.TZ;
        } else {
          process.env.TZ = zone;
        }
      }
    });
    it("reads a Retry-After of hundreds of digits as the longest wait, never as Infinity", () => {
      assert.equal(Number("9".repeat(400)), Infinity, "what the header would read as without a bound");
      assert.equal(parseRetryAfterMs("9".repeat(400), NOW), MAX_RETRY_AFTER_MS);
      assert.equal(parseRetryAfterMs("90000", NOW), MAX_RETRY_AFTER_MS);
      assert.equal(parseRetryAfterMs("9999-12-31T23:59:59Z", NOW), MAX_RETRY_AFTER_MS);
    });
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
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 3, random: () => 0.5 })), {
        retry: true,
        delayMs: 2000,
      });
    });
    it("backs off, rather than giving up at the deadline, when Retry-After is free text that looks like a year", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 429, retryAfter: "Retry 3000" };
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 1, random: () => 0.5 })), {
        retry: true,
        delayMs: 500,
      });
    });
    it("backs off after a connection failure", () => {
      const outcome: AttemptOutcome = { kind: "connectionFailed", code: "ECONNRESET" };
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 2, random: () => 0.1 })), {
        retry: true,
        delayMs: 200,
      });
    });
    it("allows exactly maxRetries retries of failures that count", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 503 };
      assert.equal(decideRetry(context({ outcome, countedFailures: 5, maxRetries: 5 })).retry, true);
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 6, maxRetries: 5 })), {
        retry: false,
        reason: "attemptsExhausted",
      });
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 1, maxRetries: 0 })), {
        retry: false,
        reason: "attemptsExhausted",
      });
    });
    it("waits out throttling with Retry-After whatever the count, up to the deadline", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 429, retryAfter: "1" };
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 40, maxRetries: 0 })), {
        retry: true,
        delayMs: 1000,
      });
      assert.deepEqual(decideRetry(context({ outcome, maxRetries: 0, deadlineMs: NOW + 1000 })), {
        retry: false,
        reason: "deadlineReached",
        retryAfterMs: 1000,
      });
    });
    it("stops when the wait would end past the deadline", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 429, retryAfter: "30" };
      assert.deepEqual(decideRetry(context({ outcome, deadlineMs: NOW + 29_000 })), {
        retry: false,
        reason: "deadlineReached",
        retryAfterMs: 30_000,
      });
      const backoffOnly: AttemptOutcome = { kind: "status", status: 503, retryAfter: "soon" };
      assert.deepEqual(decideRetry(context({ outcome: backoffOnly, random: () => 0.5, deadlineMs: NOW + 100 })), {
        retry: false,
        reason: "deadlineReached",
      });
      assert.equal(decideRetry(context({ outcome, deadlineMs: NOW + 31_000 })).retry, true);
    });
    it("waits at least the floor whatever Retry-After says: a tiny one is not an invitation to a storm", () => {
      for (const retryAfter of ["0.001", "0", "0.5", "Tue, 24 Nov 2026 08:59:00 GMT"]) {
        const outcome: AttemptOutcome = { kind: "status", status: 429, retryAfter };
        assert.deepEqual(
          decideRetry(context({ outcome })),
          { retry: true, delayMs: MIN_RETRY_AFTER_WAIT_MS },
          retryAfter,
        );
      }
      assert.equal(MIN_RETRY_AFTER_WAIT_MS, 1000);
    });
    it("stops at the cap on attempts per call, which neither Retry-After nor maxRetries lifts", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 429, retryAfter: "1" };
      assert.equal(decideRetry(context({ outcome, attempts: MAX_ATTEMPTS_PER_CALL - 1, maxRetries: 50 })).retry, true);
      assert.deepEqual(decideRetry(context({ outcome, attempts: MAX_ATTEMPTS_PER_CALL, maxRetries: 50 })), {
        retry: false,
        reason: "attemptsExhausted",
      });
      const counted: AttemptOutcome = { kind: "status", status: 503 };
      assert.deepEqual(
        decideRetry(context({ outcome: counted, attempts: MAX_ATTEMPTS_PER_CALL, countedFailures: 1, maxRetries: 50 })),
        { retry: false, reason: "attemptsExhausted" },
      );
    });
    it("reports a non-retryable outcome before counting attempts", () => {
      const outcome: AttemptOutcome = { kind: "status", status: 404 };
      assert.deepEqual(decideRetry(context({ outcome, countedFailures: 9 })), { retry: false, reason: "notRetryable" });
    });
  });
});
