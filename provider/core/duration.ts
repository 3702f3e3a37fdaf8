/**
 * Durations as users write them for `reauthorizeAfter`: Go-style sequences of a number and a unit, largest unit
 * first, each unit at most once ("720h", "1h30m", "1.5h", "45s", "500ms"), plus days ("30d") and weeks ("2w")
 * because re-authorization periods are counted in days.
 *
 * A day is exactly 24 h and a week 7 days: the age of an authorization is measured on the UTC clock, so calendar
 * effects (daylight saving) do not apply.
 */

const UNIT_MILLISECONDS = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
} as const;

type Unit = keyof typeof UNIT_MILLISECONDS;

/** Units from largest to smallest: the order a duration must follow. */
const UNITS_LARGEST_FIRST: readonly Unit[] = ["w", "d", "h", "m", "s", "ms"];

/** Weeks are read but not written: "31d ago" reads better than "4w3d ago". */
const FORMAT_UNITS: readonly Unit[] = ["d", "h", "m", "s", "ms"];

/** Longer texts are refused outright, so that absurd input costs nothing to reject. */
const MAX_DURATION_TEXT_LENGTH = 64;

// "ms" is tried before "m" so that "500ms" is not read as 500 minutes followed by garbage.
const DURATION_PART = /^(\d+(?:\.\d+)?|\.\d+)(ms|w|d|h|m|s)/;

/**
 * Parses a duration such as "720h", "30d", "2w", "1h30m", "1.5h", "45s" or "500ms" into milliseconds.
 *
 * Returns `undefined` for anything else: empty text, whitespace, signs ("-1h", "+1h"), a bare number without a
 * unit, units out of order or repeated ("30m1h", "1h1h"), zero ("0s"), or a total under 1 ms or over
 * `Number.MAX_SAFE_INTEGER` ms (about 285,000 years).
 */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== "string" || text.length === 0 || text.length > MAX_DURATION_TEXT_LENGTH) {
    return undefined;
  }
  let rest = text;
  let total = 0;
  let smallestUnitSoFar = -1;
  while (rest.length > 0) {
    const part = DURATION_PART.exec(rest);
    if (!part) {
      return undefined;
    }
    const unitRank = UNITS_LARGEST_FIRST.indexOf(part[2] as Unit);
    if (unitRank <= smallestUnitSoFar) {
      return undefined;
    }
    smallestUnitSoFar = unitRank;
    total += Number(part[1]) * UNIT_MILLISECONDS[part[2] as Unit];
    rest = rest.slice(part[0].length);
  }
  return total >= 1 && total <= Number.MAX_SAFE_INTEGER ? total : undefined;
}

/** Options of {@link formatDuration}. */
export interface FormatDurationOptions {
  /**
   * Show at most this many consecutive units, starting from the largest present, dropping (not rounding)
   * the rest: 31 days 4 hours 5 minutes reads "31d4h" with 2 and "31d" with 1; 31 days 5 minutes reads "31d" with 2. Default: every unit down to milliseconds.
   */
  maxUnits?: number;
}

/**
 * Formats milliseconds in the syntax {@link parseDuration} reads, using days as the largest unit ("31d4h",
 * "1h30m", "500ms"). Fractions of a millisecond are rounded; zero is "0s"; negative durations get a leading "-".
 */
export function formatDuration(milliseconds: number, options: FormatDurationOptions = {}): string {
  if (!Number.isFinite(milliseconds)) {
    return String(milliseconds);
  }
  const sign = milliseconds < 0 ? "-" : "";
  let remaining = Math.round(Math.abs(milliseconds));
  const maxUnits = options.maxUnits ?? Number.POSITIVE_INFINITY;
  const parts: string[] = [];
  let unitsShown = 0;
  for (const unit of FORMAT_UNITS) {
    const count = Math.floor(remaining / UNIT_MILLISECONDS[unit]);
    remaining -= count * UNIT_MILLISECONDS[unit];
    if (count > 0 || unitsShown > 0) {
      unitsShown += 1;
    }
    if (count > 0 && unitsShown <= maxUnits) {
      parts.push(`${count}${unit}`);
    }
  }
  return parts.length === 0 ? "0s" : sign + parts.join("");
}
