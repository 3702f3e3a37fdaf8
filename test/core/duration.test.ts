import { strict as assert } from "node:assert";
import { formatDuration, parseDuration } from "../../provider/core/duration";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("duration", () => {
  describe("parseDuration", () => {
    const accepted: Array<[string, number]> = [
      ["720h", 720 * HOUR],
      ["30d", 30 * DAY],
      ["2w", 14 * DAY],
      ["1h30m", 90 * MINUTE],
      ["90m", 90 * MINUTE],
      ["1.5h", 90 * MINUTE],
      [".5s", 500],
      ["45s", 45 * SECOND],
      ["500ms", 500],
      ["1ms", 1],
      ["1m500ms", MINUTE + 500],
      ["1w2d3h4m5s6ms", 9 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND + 6],
      ["0d1h", HOUR],
    ];
    for (const [text, milliseconds] of accepted) {
      it(`reads ${JSON.stringify(text)} as ${milliseconds} ms`, () => {
        assert.equal(parseDuration(text), milliseconds);
      });
    }

    const refused = [
      "",
      " 1h",
      "1h ",
      "1 h",
      "-1h",
      "+1h",
      "0s",
      "0h0m",
      "0.5ms",
      "1",
      "h",
      "1.h",
      "1H",
      "1y",
      "1h1h",
      "30m1h",
      "1s1m",
      "1e3s",
      "Infinityh",
      "NaNs",
      "1h-30m",
      "１h",
      `${"9".repeat(400)}w`,
      "1".repeat(65) + "s",
      `${"9".repeat(60)}w`,
    ];
    for (const text of refused) {
      it(`refuses ${JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text)}`, () => {
        assert.equal(parseDuration(text), undefined);
      });
    }

    it("refuses non-strings without throwing", () => {
      for (const value of [undefined, null, 5, {}, ["1h"]]) {
        assert.equal(parseDuration(value as unknown as string), undefined);
      }
    });
  });

  describe("formatDuration", () => {
    const cases: Array<[number, string]> = [
      [0, "0s"],
      [500, "500ms"],
      [45 * SECOND, "45s"],
      [90 * MINUTE, "1h30m"],
      [30 * DAY, "30d"],
      [14 * DAY, "14d"],
      [DAY + 1, "1d1ms"],
      [-500, "-500ms"],
      [1.4, "1ms"],
    ];
    for (const [milliseconds, text] of cases) {
      it(`writes ${milliseconds} ms as ${text}`, () => {
        assert.equal(formatDuration(milliseconds), text);
      });
    }

    it("keeps only the requested number of consecutive units, truncating", () => {
      const age = 31 * DAY + 4 * HOUR + 59 * MINUTE;
      assert.equal(formatDuration(age, { maxUnits: 2 }), "31d4h");
      assert.equal(formatDuration(age, { maxUnits: 1 }), "31d");
      assert.equal(formatDuration(31 * DAY + 5 * MINUTE, { maxUnits: 2 }), "31d");
    });

    it("writes what parseDuration reads back", () => {
      for (const milliseconds of [1, 999, 61 * SECOND, 25 * HOUR + 1, 400 * DAY + 7]) {
        assert.equal(parseDuration(formatDuration(milliseconds)), milliseconds);
      }
    });
  });
});
