import { strict as assert } from "node:assert";
import { type AnswerMeaning, type AnswerShape, meaningOfAnswer } from "../../provider/graph/answerMeaning";

describe("answerMeaning: the one table of what 'applied' means", () => {
  const BLOCK_PAGE = "<html><title>Blocked by policy</title><body>Blocked</body></html>";
  // [what, answer, meaning]
  const table: Array<[string, AnswerShape, AnswerMeaning]> = [
    ["204 No Content, as Graph documents", { status: 204, body: "", bodyEnd: "whole" }, "applied"],
    ["200 with an empty body (a gateway's 204)", { status: 200, body: "", bodyEnd: "whole" }, "applied"],
    ["202 with an empty body", { status: 202, body: "", bodyEnd: "whole" }, "applied"],
    ["200 with whitespace only", { status: 200, body: " \r\n", bodyEnd: "whole" }, "applied"],
    [
      "200 with JSON",
      { status: 200, mediaType: "application/json", body: '{"value":[]}', bodyEnd: "whole" },
      "applied",
    ],
    ["200 with JSON and no content type", { status: 200, body: '{"value":[]}', bodyEnd: "whole" }, "applied"],
    [
      "202 with odata JSON",
      { status: 202, mediaType: "application/odata+json", body: "{}", bodyEnd: "whole" },
      "applied",
    ],
    ["200 whose body is cut off", { status: 200, body: '{"val', bodyEnd: "cutOff" }, "mayHaveBeenApplied"],
    [
      "204 cut off (a reset right after the status line)",
      { status: 204, body: "", bodyEnd: "cutOff" },
      "mayHaveBeenApplied",
    ],
    ["200 past the size limit", { status: 200, body: "x", bodyEnd: "tooLarge" }, "mayHaveBeenApplied"],
    [
      "200 with a proxy's block page",
      { status: 200, mediaType: "text/html", body: BLOCK_PAGE, bodyEnd: "whole" },
      "notGraph",
    ],
    ["200 with plain text", { status: 200, mediaType: "text/plain", body: "OK", bodyEnd: "whole" }, "notGraph"],
    ["200 with text and no content type", { status: 200, body: "OK", bodyEnd: "whole" }, "notGraph"],
    ["200 with JSON labelled HTML", { status: 200, mediaType: "text/html", body: "{}", bodyEnd: "whole" }, "notGraph"],
    [
      "200 with broken JSON",
      { status: 200, mediaType: "application/json", body: '{"a":', bodyEnd: "whole" },
      "notGraph",
    ],
    ["201 Created", { status: 201, body: "", bodyEnd: "whole" }, "notGraph"],
    ["203 Non-Authoritative Information", { status: 203, body: "{}", bodyEnd: "whole" }, "notGraph"],
    ["400", { status: 400, body: '{"error":{"code":"BadRequest"}}', bodyEnd: "whole" }, "failure"],
    ["503 cut off", { status: 503, body: "", bodyEnd: "cutOff" }, "failure"],
    ["302 (never followed)", { status: 302, body: "", bodyEnd: "whole" }, "failure"],
    ["100", { status: 100, body: "", bodyEnd: "whole" }, "failure"],
  ];
  for (const [what, answer, meaning] of table) {
    it(`${what}: ${meaning}`, () => {
      assert.equal(meaningOfAnswer(answer), meaning);
    });
  }
});
