/**
 * An attribute mapping's source as text (what a program declares: `[mail]`, `"Sales"`, `Join(" ", [a], [b])`) and as
 * Graph's attributeMappingSource (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-attributemappingsource:
 * `{ expression, name, parameters, type: Attribute | Constant | Function }`). Pure.
 */
import type { JsonObject } from "../../graph/jobSchemaCalls";
import type { Argument } from "./expressions/expressionTree";
import { parseExpression } from "./expressions/expressionSyntax";

/**
 * The text two sources are compared by: the expression printed back from its parse, so that spacing and line
 * breaks between arguments do not count as a change. Text that does not parse is compared as written.
 */
export function canonicalSource(text: string): string {
  const parsed = parseExpression(text);
  return parsed.ok ? printNode(parsed.tree) : text;
}

export function sameSource(a: string, b: string): boolean {
  return a === b || canonicalSource(a) === canonicalSource(b);
}

/** The text of a source Graph holds: its `expression`, or one printed from its type, name and parameters; text as it is. */
export function sourceTextOf(source: unknown): string {
  if (typeof source === "string") {
    // Already text: a declaration's source, as state records it.
    return source;
  }
  if (!isObject(source)) {
    return "";
  }
  if (typeof source.expression === "string" && source.expression.trim() !== "") {
    return source.expression;
  }
  const name = typeof source.name === "string" ? source.name : "";
  switch (source.type) {
    case "Attribute":
      return `[${name}]`;
    case "Constant":
      return quoted(name);
    default: {
      const parameters = Array.isArray(source.parameters) ? source.parameters : [];
      const values = parameters.map((parameter) => (isObject(parameter) ? sourceTextOf(parameter.value) : ""));
      return `${name}(${values.join(", ")})`;
    }
  }
}

/**
 * The attributeMappingSource of a bare attribute or constant, made here as Graph's reference shows them; undefined
 * for a function call, whose source only Graph's parseExpression makes (its parameter names are Graph's).
 */
export function simpleSourceOf(text: string): JsonObject | undefined {
  const parsed = parseExpression(text);
  if (!parsed.ok) {
    return undefined;
  }
  const node = parsed.tree;
  const expression = printNode(node);
  if (node.kind === "attribute") {
    return { expression, name: node.name, parameters: [], type: "Attribute" };
  }
  if (node.kind === "string") {
    return { expression, name: node.value, parameters: [], type: "Constant" };
  }
  return undefined;
}

/** The attribute names an expression reads (`[name]`), for messages and checks. */
export function attributesRead(text: string): string[] {
  const parsed = parseExpression(text);
  if (!parsed.ok) {
    return [];
  }
  const names: string[] = [];
  const visit = (node: Argument): void => {
    if (node.kind === "attribute") names.push(node.name);
    if (node.kind === "call") node.arguments.forEach(visit);
    if (node.kind === "comparison") [node.left, node.right].forEach(visit);
  };
  visit(parsed.tree);
  return names;
}

function printNode(node: Argument): string {
  switch (node.kind) {
    case "attribute":
      return `[${node.name}]`;
    case "string":
      return quoted(node.value);
    case "number":
      return node.text;
    case "name":
      return node.name;
    case "empty":
      return "";
    case "comparison":
      return `${printNode(node.left)} ${node.operator} ${printNode(node.right)}`;
    case "call":
      return `${node.name}(${node.arguments.map(printNode).join(", ")})`;
  }
}

/** A string constant as the expression language writes it: `\` and `"` escaped with a backslash. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
