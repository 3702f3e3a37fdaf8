/**
 * The checks of one declared attribute mapping and of a scoping filter: shapes, Graph's enums, and the syntax of
 * the source expression (checkExpression: documented functions and arities, brackets, quoting), each failure naming
 * its path and, for an expression, the position. No network.
 */
import type { InputFailure } from "../../../core/resourceDefinition";
import { describeType, didYouMean, quote } from "../../../core/inputs/messageText";
import { isAbsent, isPropertyMap } from "../../../core/inputs/propertyMap";
import { UNKNOWN_VALUE } from "../../../core/unknownValue";
import { checkExpression } from "../expressions/checkExpression";
import {
  ATTRIBUTE_MAPPING_DEFAULTS,
  FLOW_BEHAVIORS,
  FLOW_TYPES,
  type DeclaredAttributeMapping,
  type ScopingGroup,
} from "../declarations";
import { ATTRIBUTE_MAPPING_FIELDS, SCOPING_CLAUSE_FIELDS, SCOPING_GROUP_FIELDS } from "../properties";

/** Refuses names outside `known` (absent values are let through: an SDK sends unset fields as null). */
export function checkFieldNames(
  path: string,
  raw: Record<string, unknown>,
  known: readonly string[],
  failures: InputFailure[],
): void {
  for (const name of Object.keys(raw)) {
    if (!known.includes(name) && !isAbsent(raw[name])) {
      failures.push({
        property: `${path}.${name.length <= 40 ? name : "…"}`,
        reason: `unknown property ${quote(name)}${didYouMean(name, known)}; known are ${known.join(", ")}`,
      });
    }
  }
}

/** A non-empty string (or unknown during preview). */
export function checkName(path: string, raw: unknown, what: string, failures: InputFailure[]): string | undefined {
  if (typeof raw === "string" && raw.trim() !== "") {
    return raw;
  }
  failures.push({
    property: path,
    reason: `must be ${what} (got ${typeof raw === "string" ? "an empty string" : describeType(raw)})`,
  });
  return undefined;
}

function checkEnum<T extends string>(
  path: string,
  raw: unknown,
  values: readonly T[],
  fallback: T,
  failures: InputFailure[],
): T | undefined {
  if (isAbsent(raw)) return fallback;
  if (raw === UNKNOWN_VALUE || values.includes(raw as T)) return raw as T;
  const shown = typeof raw === "string" ? quote(raw) : describeType(raw);
  const hint = typeof raw === "string" ? didYouMean(raw, values) : "";
  failures.push({ property: path, reason: `must be one of ${values.join(", ")} (got ${shown})${hint}` });
  return undefined;
}

/**
 * The source: an expression in the documented language. A bare name is refused with the bracketed form to use, so
 * that `mail` is never taken for a constant or an attribute by guess.
 */
function checkSource(path: string, raw: unknown, failures: InputFailure[]): string | undefined {
  if (raw === UNKNOWN_VALUE) return raw;
  if (typeof raw !== "string" || raw.trim() === "") {
    failures.push({
      property: path,
      reason:
        'must be an expression: an attribute in brackets ("[mail]"), a constant in double quotes ("\\"Sales\\"") ' +
        `or a function ("Join(\\" \\", [givenName], [surname])") (got ${typeof raw === "string" ? "an empty string" : describeType(raw)})`,
    });
    return undefined;
  }
  if (/^[A-Za-z_][\w.:-]*$/.test(raw.trim())) {
    failures.push({
      property: path,
      reason:
        `${quote(raw.trim())} is a bare name: write ${quote(`[${raw.trim()}]`)} for the attribute, or ` +
        `${quote(`"${raw.trim()}"`)} for the constant text`,
    });
    return undefined;
  }
  const checked = checkExpression(raw);
  if (!checked.ok) {
    failures.push({ property: path, reason: `is not a valid expression: ${checked.message}` });
    return undefined;
  }
  return raw;
}

export function checkAttributeMapping(
  path: string,
  raw: unknown,
  failures: InputFailure[],
): DeclaredAttributeMapping | undefined {
  if (!isPropertyMap(raw)) {
    failures.push({
      property: path,
      reason: `must be an object such as { targetAttributeName: "externalId", source: "[employeeId]" } (got ${describeType(raw)})`,
    });
    return undefined;
  }
  const before = failures.length;
  checkFieldNames(path, raw, Object.keys(ATTRIBUTE_MAPPING_FIELDS), failures);
  const targetAttributeName = checkName(
    `${path}.targetAttributeName`,
    raw.targetAttributeName,
    'the target attribute\'s name, e.g. "externalId"',
    failures,
  );
  const source = checkSource(`${path}.source`, raw.source, failures);
  const flowType = checkEnum(
    `${path}.flowType`,
    raw.flowType,
    FLOW_TYPES,
    ATTRIBUTE_MAPPING_DEFAULTS.flowType,
    failures,
  );
  const flowBehavior = checkEnum(
    `${path}.flowBehavior`,
    raw.flowBehavior,
    FLOW_BEHAVIORS,
    ATTRIBUTE_MAPPING_DEFAULTS.flowBehavior,
    failures,
  );
  const matchingPriority = isAbsent(raw.matchingPriority) ? 0 : raw.matchingPriority;
  if (
    !(Number.isInteger(matchingPriority) && (matchingPriority as number) >= 0) &&
    matchingPriority !== UNKNOWN_VALUE
  ) {
    failures.push({
      property: `${path}.matchingPriority`,
      reason:
        "must be a whole number: 0 (the default) for an attribute that is not matched on, 1 for the first " +
        `matching attribute, 2 for the next (got ${describeType(matchingPriority)})`,
    });
  }
  const defaultValue = isAbsent(raw.defaultValue) ? null : raw.defaultValue;
  if (defaultValue !== null && typeof defaultValue !== "string") {
    failures.push({
      property: `${path}.defaultValue`,
      reason: `must be a string, used when the source is empty (got ${describeType(defaultValue)})`,
    });
  }
  const exportMissingReferences = isAbsent(raw.exportMissingReferences) ? false : raw.exportMissingReferences;
  if (typeof exportMissingReferences !== "boolean" && exportMissingReferences !== UNKNOWN_VALUE) {
    failures.push({
      property: `${path}.exportMissingReferences`,
      reason: `must be true or false (got ${describeType(exportMissingReferences)})`,
    });
  }
  if (failures.length > before) return undefined;
  return {
    targetAttributeName: targetAttributeName as string,
    source: source as string,
    flowType: flowType!,
    flowBehavior: flowBehavior!,
    matchingPriority: matchingPriority as number,
    defaultValue: defaultValue as string | null,
    exportMissingReferences: exportMissingReferences as boolean,
  };
}

/**
 * A scoping filter: a list of groups (an object is in scope when any group holds), each a list of clauses that must
 * all hold. Operator names are Graph's (`EQUALS`, `NOT EQUALS`, `IS TRUE`, …): Graph lists them per job
 * (GET …/schema/filterOperators) rather than as an enum, so any non-empty name passes here and Graph decides.
 */
export function checkScopingFilter(path: string, raw: unknown, failures: InputFailure[]): ScopingGroup[] | undefined {
  if (!Array.isArray(raw)) {
    failures.push({
      property: path,
      reason:
        'must be a list of groups such as [{ name: "Sales", clauses: [{ sourceOperandName: "department", ' +
        `operatorName: "EQUALS", values: ["Sales"] }] }], or [] for none (got ${describeType(raw)})`,
    });
    return undefined;
  }
  const before = failures.length;
  const groups = raw.map((group, g): ScopingGroup => {
    const groupPath = `${path}[${g}]`;
    if (!isPropertyMap(group)) {
      failures.push({
        property: groupPath,
        reason: `must be an object { name, clauses } (got ${describeType(group)})`,
      });
      return { clauses: [] };
    }
    checkFieldNames(groupPath, group, Object.keys(SCOPING_GROUP_FIELDS), failures);
    const name = isAbsent(group.name) ? undefined : checkName(`${groupPath}.name`, group.name, "a name", failures);
    const clauses = Array.isArray(group.clauses) ? group.clauses : [];
    if (!Array.isArray(group.clauses) || clauses.length === 0) {
      failures.push({ property: `${groupPath}.clauses`, reason: "must be a non-empty list of clauses" });
    }
    return {
      ...(name !== undefined && { name }),
      clauses: clauses.map((clause, c) => {
        const clausePath = `${groupPath}.clauses[${c}]`;
        if (!isPropertyMap(clause)) {
          failures.push({
            property: clausePath,
            reason: `must be an object { sourceOperandName, operatorName, values } (got ${describeType(clause)})`,
          });
          return { sourceOperandName: "", operatorName: "", values: [] };
        }
        checkFieldNames(clausePath, clause, Object.keys(SCOPING_CLAUSE_FIELDS), failures);
        const values = isAbsent(clause.values) ? [] : clause.values;
        if (!Array.isArray(values) || values.some((value) => !["string", "boolean", "number"].includes(typeof value))) {
          failures.push({ property: `${clausePath}.values`, reason: "must be a list of strings" });
        }
        return {
          sourceOperandName:
            checkName(
              `${clausePath}.sourceOperandName`,
              clause.sourceOperandName,
              "a source attribute's name",
              failures,
            ) ?? "",
          operatorName:
            checkName(`${clausePath}.operatorName`, clause.operatorName, 'an operator such as "EQUALS"', failures) ??
            "",
          values: Array.isArray(values) ? values.map(valueText) : [],
        };
      }),
    };
  });
  return failures.length > before ? undefined : groups;
}

/**
 * A clause value as Graph holds it, text. YAML reads a bare True or 42 as a boolean or a number (and `pulumi import`'s
 * generated YAML writes Graph's "True" bare), so those are taken as the text Graph writes: "True", "False", "42".
 */
function valueText(value: unknown): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}
