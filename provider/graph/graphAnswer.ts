/**
 * Reads one answer in one pass: its status, the headers errors quote, and its body up to a size limit. The body is
 * never trusted to end: a connection lost mid-body, a body that stalls, and a body of hundreds of megabytes all end
 * the read with what came so far and say how it ended (answerMeaning.ts decides what that means).
 */
import type { Readable } from "node:stream";
import type { BodyEnd } from "./answerMeaning";

/**
 * The most bytes of one answer's body that are read: 4 MiB. Graph's answers to these calls are small (204, an error
 * JSON of a few hundred bytes, a template list of tens of KB); the largest this provider is meant to GET, a job's
 * synchronization schema, can be several hundred KB, so the limit leaves it ample room while bounding what up to
 * `maxConcurrency` calls (8 by default, 256 at most) hold at once. Counted after decompression, so a compressed bomb
 * stops here too. A body of 400 MB was read whole before: 480 MB more memory and 5.7 s per call.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** The limit as messages state it. */
export const MAX_ANSWER_SIZE_TEXT = "4 MiB";

/** One answer as read: nothing of the request, and only the headers that errors and retries use. */
export interface GraphAnswer {
  status: number;
  /** Lower-case header name → value, for the headers that were present. */
  headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text: all of it when `bodyEnd` is `whole`, otherwise what came before the read ended. */
  body: string;
  bodyEnd: BodyEnd;
  /** Bytes of body read (decompressed). */
  bytesRead: number;
}

/** The headers kept; the rest (cookies, anything a proxy adds) is never looked at. */
const KEPT_HEADERS = ["content-type", "content-length", "retry-after", "request-id", "client-request-id", "date"];

export interface AnswerReadLimits {
  /** See {@link MAX_ANSWER_BYTES}. */
  maxBytes: number;
  /** The body must have arrived within this long after the headers (the request timeout), else it is cut off. */
  timeoutMs: number;
}

/**
 * Reads `body` to its end, to `limits.maxBytes`, or until it fails or stalls, whichever comes first; then lets go of
 * the stream (destroying it unless it ended), so a body past the limit is not read on. Never rejects.
 */
export function readAnswer(
  status: number,
  headers: Readonly<Record<string, unknown>>,
  body: Readable,
  limits: AnswerReadLimits,
): Promise<GraphAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytesRead = 0;
    let settled = false;
    const finish = (bodyEnd: BodyEnd): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      body.off("data", onData);
      if (bodyEnd !== "whole") {
        body.destroy();
      }
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ status, headers: keptHeaders(headers), body: text, bodyEnd, bytesRead });
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      const room = limits.maxBytes - bytesRead;
      bytesRead += bytes.length;
      if (bytes.length > room) {
        chunks.push(bytes.subarray(0, Math.max(0, room)));
        finish("tooLarge");
        return;
      }
      chunks.push(bytes);
    };
    const timer = setTimeout(() => finish("cutOff"), limits.timeoutMs);
    body.on("data", onData);
    body.once("end", () => finish("whole"));
    // An error (reset, "aborted") or a close without an end: the body stopped before Content-Length was reached.
    body.once("error", () => finish("cutOff"));
    body.once("close", () => finish("cutOff"));
  });
}

function keptHeaders(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === "string" && text !== "") {
      kept[name] = text;
    } else if (typeof text === "number") {
      kept[name] = String(text);
    }
  }
  return kept;
}
