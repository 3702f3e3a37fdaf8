/**
 * What "applied" means: the one table every Graph call reads an answer by. Pure. Graph documents 204 No Content
 * for acquireAccessToken and validateCredentials, and 200 with JSON for reads; a gateway in Microsoft's path may
 * turn a 204 into a 200 or 202 without a body. Anything else with a success status did not come from Graph as
 * Graph answers (a proxy's block page, a captive portal), and a body cut off leaves Graph's answer unread.
 *
 * | status                     | body                                  | meaning              |
 * | -------------------------- | ------------------------------------- | -------------------- |
 * | 204                        | whole                                 | applied              |
 * | 200 or 202                 | whole, and empty or JSON              | applied              |
 * | any 2xx                    | cut off, or stopped at the size limit | mayHaveBeenApplied   |
 * | 200 or 202                 | whole, any other (HTML, text)         | notGraph             |
 * | another 2xx (201, 203, …)  | whole                                 | notGraph             |
 * | not 2xx                    | any                                   | failure (its status) |
 *
 * For a read, "applied" means Graph answered it; its shape is checked after. What a failure status means is
 * retryPolicy.applicationOf's to say (429 and 503 were not applied, a 502 or 504 may have been).
 */

/**
 * How reading an answer's body ended: all of it (`whole`), cut off before its end (the connection closed or failed
 * before Content-Length was reached, the request timeout or the deadline struck), or stopped at the size limit.
 */
export type BodyEnd = "whole" | "cutOff" | "tooLarge";

/** What the table looks at: the status line, the media type, and the body as far as it was read. */
export interface AnswerShape {
  status: number;
  /** The Content-Type's media type, without parameters; undefined when absent. */
  mediaType?: string;
  body: string;
  bodyEnd: BodyEnd;
}

export type AnswerMeaning =
  /** Graph's own success: the request was applied (a read: answered). */
  | "applied"
  /** A success status line whose body never arrived whole: Graph may have applied the request. */
  | "mayHaveBeenApplied"
  /** A success status with a body Graph does not send: not Graph's answer; whether it reached Graph is unknown. */
  | "notGraph"
  /** Not a success status: a failure, described by its status. */
  | "failure";

/** Success statuses Graph (or a gateway rewriting its 204) answers with. */
const SUCCESS_STATUSES: readonly number[] = [200, 202];

export function meaningOfAnswer(answer: AnswerShape): AnswerMeaning {
  if (answer.status < 200 || answer.status > 299) {
    return "failure";
  }
  if (answer.bodyEnd !== "whole") {
    return "mayHaveBeenApplied";
  }
  if (answer.status === 204) {
    return "applied";
  }
  return SUCCESS_STATUSES.includes(answer.status) && isEmptyOrJson(answer) ? "applied" : "notGraph";
}

/**
 * An empty body (whatever the content type: a gateway's 200 for 204 may keep any), or a JSON value with a JSON
 * media type or none. A body that parses as JSON but is labelled `text/html` is a page, not Graph's answer.
 */
function isEmptyOrJson(answer: AnswerShape): boolean {
  if (answer.body.trim() === "") {
    return true;
  }
  const type = answer.mediaType?.toLowerCase();
  if (type !== undefined && type !== "application/json" && !type.endsWith("+json")) {
    return false;
  }
  try {
    JSON.parse(answer.body);
    return true;
  } catch {
    return false;
  }
}
