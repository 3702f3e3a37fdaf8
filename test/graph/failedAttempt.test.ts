import { strict as assert } from "node:assert";
import { AxiosError, AxiosHeaders, AxiosResponse, CanceledError, InternalAxiosRequestConfig } from "axios";
import { failureKind, outcomeOf, readAnswer, traceIds } from "../../provider/graph/failedAttempt";
import { WITHHELD } from "../../provider/graph/responseBody";
import type { AttemptOutcome, StopReason } from "../../provider/graph/retryPolicy";

const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;

function answer(status: number, data: string, headers: Record<string, string> = {}): AxiosResponse<string> {
  return { status, statusText: "", data, headers, config };
}

function graphErrorJson(code: string, message: string, inner: Record<string, string> = {}): string {
  return JSON.stringify({ error: { code, message, innerError: inner } });
}

describe("failedAttempt", () => {
  describe("outcomeOf", () => {
    it("reads the status and Retry-After of an answer", () => {
      const error = new AxiosError("x", "ERR_BAD_RESPONSE", config, {}, answer(429, "", { "retry-after": "2.5" }));
      assert.deepEqual(outcomeOf(error), { kind: "status", status: 429, retryAfter: "2.5" });
    });
    it("reads a cancellation as the deadline's abort", () => {
      assert.deepEqual(outcomeOf(new CanceledError(undefined, config)), { kind: "aborted" });
    });
    for (const code of ["ETIMEDOUT", "ECONNABORTED"]) {
      it(`reads ${code} as a timeout`, () => {
        assert.deepEqual(outcomeOf(new AxiosError("x", code, config)), { kind: "timedOut" });
      });
    }
    it("reads other codes as connection failures", () => {
      assert.deepEqual(outcomeOf(new AxiosError("x", "ECONNRESET", config)), {
        kind: "connectionFailed",
        code: "ECONNRESET",
        requestWritten: true,
      });
      assert.deepEqual(outcomeOf(new AxiosError("x", undefined, config)), {
        kind: "connectionFailed",
        code: "unknown",
        requestWritten: true,
      });
    });
    it("tells a request that was not written whole from one that was", () => {
      const notWritten = new AxiosError("x", "ECONNRESET", config, { writableFinished: false });
      assert.deepEqual(outcomeOf(notWritten), { kind: "connectionFailed", code: "ECONNRESET", requestWritten: false });
      const written = new AxiosError("x", "EPIPE", config, { writableFinished: true });
      assert.deepEqual(outcomeOf(written), { kind: "connectionFailed", code: "EPIPE", requestWritten: true });
    });
  });

  describe("failureKind", () => {
    const status: AttemptOutcome = { kind: "status", status: 503 };
    const cases: Array<[AttemptOutcome, StopReason, boolean, string]> = [
      [status, "notRetryable", true, "status"],
      [status, "notRetryable", false, "malformedResponse"],
      [status, "attemptsExhausted", false, "retriesExhausted"],
      [status, "deadlineReached", true, "deadline"],
      [{ kind: "aborted" }, "notRetryable", false, "deadline"],
      [{ kind: "timedOut" }, "notRetryable", false, "timeout"],
      [{ kind: "timedOut" }, "attemptsExhausted", false, "timeout"],
      [{ kind: "connectionFailed", code: "ECONNRESET" }, "attemptsExhausted", false, "connection"],
      [{ kind: "connectionFailed", code: "ECONNRESET" }, "deadlineReached", false, "deadline"],
    ];
    for (const [outcome, stop, isGraphError, expected] of cases) {
      it(`${outcome.kind} stopped by ${stop} (Graph JSON: ${isGraphError}) is ${expected}`, () => {
        assert.equal(failureKind(outcome, stop, isGraphError), expected);
      });
    }
  });

  describe("readAnswer", () => {
    it("takes code and message from Graph's error JSON, redacting secrets", () => {
      const read = readAnswer(answer(400, graphErrorJson("BadRequest", "Value canary-123 is invalid.")), [
        "canary-123",
      ]);
      assert.deepEqual(read, {
        isGraphError: true,
        facts: { status: 400, retryAfter: undefined, code: "BadRequest", graphMessage: "Value [redacted] is invalid." },
      });
    });
    it("describes anything else by content type and excerpt", () => {
      const html = "<html><title>Proxy error</title></html>";
      const read = readAnswer(
        answer(502, html, { "content-type": "text/html; charset=utf-8", "retry-after": "5" }),
        [],
      );
      assert.deepEqual(read, {
        isGraphError: false,
        facts: { status: 502, retryAfter: "5", contentType: "text/html", excerpt: "Proxy error" },
      });
    });
    it("withholds a header value that carries a sent secret", () => {
      const read = readAnswer(answer(429, "", { "retry-after": "token-abcdef" }), ["token-abcdef"]);
      assert.equal(read.facts.retryAfter, WITHHELD);
    });
  });

  describe("traceIds", () => {
    it("prefers the answer's headers and the id that was sent", () => {
      const body = graphErrorJson("X", "m", { "request-id": "body-r", date: "body-d", "client-request-id": "body-c" });
      const ids = traceIds(answer(403, body, { "request-id": "hdr-r", date: "hdr-d" }), "sent-c", []);
      assert.deepEqual(ids, { requestId: "hdr-r", clientRequestId: "sent-c", date: "hdr-d" });
    });
    it("falls back to the ids inside Graph's error JSON", () => {
      const body = graphErrorJson("X", "m", { "request-id": "body-r", date: "body-d", "client-request-id": "body-c" });
      assert.deepEqual(traceIds(answer(403, body), undefined, []), {
        requestId: "body-r",
        clientRequestId: "body-c",
        date: "body-d",
      });
    });
    it("knows only the id sent when nothing answered", () => {
      assert.deepEqual(traceIds(undefined, "sent-c", []), {
        requestId: undefined,
        clientRequestId: "sent-c",
        date: undefined,
      });
    });
  });
});
