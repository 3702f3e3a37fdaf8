import { parseDuration } from "../../../core/duration";
import { INPUT_PROPERTIES } from "../properties";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import type { InputFailure } from "../../../core/resourceDefinition";
import {
  cut,
  describeHiddenText,
  describeType,
  didYouMean,
  propertyPath,
  quote,
} from "../../../core/inputs/messageText";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";

/** Accepted and dropped: `target` is derived, and comes back when checked inputs are validated again. */
const IGNORED_PROPERTIES: ReadonlySet<string> = new Set(["target"]);

/** Every property must be one of the resource's inputs. */
export function checkPropertyNames(news: Record<string, unknown>, failures: InputFailure[]): void {
  for (const [name, value] of Object.entries(news)) {
    if (isAbsent(value) || IGNORED_PROPERTIES.has(name) || (INPUT_PROPERTIES as readonly string[]).includes(name)) {
      continue;
    }
    failures.push({
      property: cut(name),
      reason:
        `unknown property ${quote(name)}${didYouMean(name, INPUT_PROPERTIES)}; ` +
        `known are ${INPUT_PROPERTIES.join(", ")}`,
    });
  }
}

export function checkWriteOnlyCredentialsVersion(raw: unknown, failures: InputFailure[]): string | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (typeof raw === "number" && Number.isFinite(raw)) {
    return String(raw);
  }
  if (typeof raw === "string" && raw.length > 0) {
    return raw;
  }
  failures.push({
    property: "writeOnlyCredentialsVersion",
    reason:
      'must be a non-empty string or a number, e.g. "3"; change it whenever a referenced value changes ' +
      `(got ${typeof raw === "string" ? "an empty string" : describeType(raw)})`,
  });
  return undefined;
}

export function checkTriggers(raw: unknown, failures: InputFailure[]): Record<string, string> | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (raw === UNKNOWN_VALUE) {
    return Object.fromEntries([[UNKNOWN_VALUE, UNKNOWN_VALUE]]);
  }
  if (!isPropertyMap(raw)) {
    failures.push({
      property: "triggers",
      reason: `must be a map of names to strings, e.g. { rotation: "2026-q3" } (got ${describeType(raw)})`,
    });
    return undefined;
  }
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") {
      entries.push([name, value]);
    } else {
      failures.push({
        property: propertyPath("triggers", name),
        reason: `must be a string; convert it with String(…) (got ${describeType(value)})`,
      });
    }
  }
  // Object.fromEntries, unlike assignment, keeps a trigger named "__proto__" as an ordinary entry.
  return Object.fromEntries(entries);
}

export function checkReauthorizeAfter(raw: unknown, failures: InputFailure[]): string | undefined {
  if (isAbsent(raw)) {
    return undefined;
  }
  if (raw === UNKNOWN_VALUE || (typeof raw === "string" && parseDuration(raw) !== undefined)) {
    return raw as string;
  }
  const got = typeof raw === "string" ? describeHiddenText(raw) : describeType(raw);
  failures.push({
    property: "reauthorizeAfter",
    reason: `must be a positive duration such as "720h", "30d", "2w" or "1h30m" (got ${got})`,
  });
  return undefined;
}
