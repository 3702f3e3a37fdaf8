import { strict as assert } from "node:assert";
import { AxiosError, AxiosHeaders, CanceledError, InternalAxiosRequestConfig } from "axios";
import type { BodyEnd } from "../../provider/graph/answerMeaning";
import { factsOfAnswer, failureKind, outcomeOf, outcomeOfAnswer, traceIds } from "../../provider/graph/failedAttempt";
import type { GraphAnswer } from "../../provider/graph/graphAnswer";
import { WITHHELD } from "../../provider/graph/responseBody";
import type { AttemptOutcome, StopReason } from "../../provider/graph/retryPolicy";

const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;

function answer(
  status: number,
  body: string,
  headers: Record<string, string> = {},
  bodyEnd: BodyEnd = "whole",
): GraphAnswer {
  return { status, body, headers, bodyEnd, bytesRead: Buffer.byteLength(body) };
}

function graphErrorJson(code: string, message: string, inner: Record<string, string> = {}): string {
  return JSON.stringify({ error: { code, message, innerError: inner } });
}

describe("failedAttempt", () => {
  describe("outcomeOf", () => {
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

  describe("outcomeOfAnswer: answerMeaning's table as the retry loop sees it", () => {
    it("is nothing for Graph's success", () => {
      assert.equal(outcomeOfAnswer(answer(204, "")), undefined);
      assert.equal(outcomeOfAnswer(answer(200, '{"value":[]}', { "content-type": "application/json" })), undefined);
    });
    it("reads the status and Retry-After of a failure", () => {
      assert.deepEqual(outcomeOfAnswer(answer(429, "", { "retry-after": "2.5" })), {
        kind: "status",
        status: 429,
        retryAfter: "2.5",
      });
    });
    it("reads a 2xx cut off as an unconfirmed success, and an HTML 200 as not Graph's", () => {
      assert.deepEqual(outcomeOfAnswer(answer(200, '{"val', {}, "cutOff")), {
        kind: "unconfirmedSuccess",
        status: 200,
        cause: "cutOff",
      });
      assert.deepEqual(outcomeOfAnswer(answer(200, "<html></html>", { "content-type": "text/html" })), {
        kind: "unconfirmedSuccess",
        status: 200,
        cause: "notGraph",
      });
    });
    it("reads any answer past the size limit as too large, whatever its status", () => {
      for (const status of [200, 400, 503]) {
        assert.deepEqual(outcomeOfAnswer(answer(status, "x", {}, "tooLarge")), { kind: "answerTooLarge", status });
      }
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
      [{ kind: "unconfirmedSuccess", status: 200, cause: "cutOff" }, "mayHaveBeenApplied", false, "unknownOutcome"],
      [{ kind: "unconfirmedSuccess", status: 200, cause: "cutOff" }, "attemptsExhausted", false, "retriesExhausted"],
      [{ kind: "unconfirmedSuccess", status: 200, cause: "notGraph" }, "notRetryable", false, "malformedResponse"],
      [{ kind: "answerTooLarge", status: 400 }, "notRetryable", false, "answerTooLarge"],
    ];
    for (const [outcome, stop, isGraphError, expected] of cases) {
      it(`${outcome.kind} stopped by ${stop} (Graph JSON: ${isGraphError}) is ${expected}`, () => {
        assert.equal(failureKind(outcome, stop, isGraphError), expected);
      });
    }
  });

  describe("factsOfAnswer", () => {
    it("takes code and message from Graph's error JSON, redacting secrets", () => {
      const read = factsOfAnswer(answer(400, graphErrorJson("BadRequest", "Value canary-123 is invalid.")), [
        "canary-123",
      ]);
      assert.deepEqual(read, {
        isGraphError: true,
        facts: { status: 400, retryAfter: undefined, code: "BadRequest", graphMessage: "Value [redacted] is invalid." },
      });
    });
    it("describes anything else by content type and excerpt", () => {
      const html = "<html><title>Proxy error</title></html>";
      const read = factsOfAnswer(
        answer(502, html, { "content-type": "text/html; charset=utf-8", "retry-after": "5" }),
        [],
      );
      assert.deepEqual(read, {
        isGraphError: false,
        facts: { status: 502, retryAfter: "5", contentType: "text/html", excerpt: "Proxy error" },
      });
    });
    it("says how far a body that was cut off came, and reads no Graph JSON from a part of one", () => {
      const cut = answer(400, '{"error":{"code":"X"', { "content-length": "100" }, "cutOff");
      const read = factsOfAnswer(cut, []);
      assert.equal(read.isGraphError, false);
      assert.equal(read.facts.bodyEnd, "cutOff");
      assert.equal(read.facts.bytesRead, 20);
      assert.equal(read.facts.contentLength, "100");
    });
    it("withholds a header value that carries a sent secret", () => {
      const read = factsOfAnswer(answer(429, "", { "retry-after": "token-abcdef" }), ["token-abcdef"]);
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
