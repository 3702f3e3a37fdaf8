/**
 * The checks on a parsed expression that the grammar alone does not make, each from the function reference
 * (https://learn.microsoft.com/entra/identity/app-provisioning/functions-for-customizing-application-data):
 * known functions only (case-sensitive, with a suggestion), the number of arguments, required arguments not left
 * empty, Switch's key/value pairs, SelectUniqueValue only at the top, bare names only where documented (InStr's
 * compareType), and comparisons only inside a function's arguments ("The entire expression must be defined in
 * terms of functions"; the operators are documented for IIF's condition and shown in CBool's example).
 *
 * Of several problems, the one that starts first in the text is reported, so the answer does not depend on the
 * order of the walk.
 */

import { cut, didYouMean } from "../../../core/inputs/messageText";
import {
  type ExpressionFunction,
  FUNCTION_NAMES,
  expressionFunction,
  maximumArguments,
  minimumArguments,
  signature,
} from "./expressionFunctions";
import { type Argument, type CallNode, type ExpressionNode, type NameNode } from "./expressionTree";
import { type SyntaxFailure } from "./syntaxFailure";

export function checkRules(text: string, tree: ExpressionNode): SyntaxFailure | undefined {
  const failures: SyntaxFailure[] = [];
  const report = (message: string, position: number, end: number): void => {
    failures.push({ message, position, token: text.slice(position, end) });
  };
  if (tree.kind === "comparison") {
    report(
      "a comparison is not an expression by itself; it stands inside a function, such as IIF's condition",
      tree.operatorStart,
      tree.operatorStart + tree.operator.length,
    );
  }
  visit(tree, true, report);
  if (failures.length === 0) {
    return undefined;
  }
  return failures.reduce((first, failure) => (failure.position < first.position ? failure : first));
}

type Report = (message: string, position: number, end: number) => void;

function visit(node: Argument, topLevel: boolean, report: Report): void {
  switch (node.kind) {
    case "call":
      checkCall(node, topLevel, report);
      return;
    case "comparison":
      visit(node.left, false, report);
      visit(node.right, false, report);
      return;
    case "name":
      report(misplacedName(node), node.start, node.end);
      return;
    default:
      return;
  }
}

function checkCall(call: CallNode, topLevel: boolean, report: Report): void {
  const fn = expressionFunction(call.name);
  if (fn === undefined) {
    report(
      `unknown function ${cut(call.name)}${didYouMean(call.name, FUNCTION_NAMES)}; ` +
        "function names are case-sensitive and as the function reference lists them",
      call.start,
      call.nameEnd,
    );
    for (const argument of call.arguments) {
      visit(argument, false, report);
    }
    return;
  }
  if (fn.topLevelOnly === true && !topLevel) {
    report(
      `${fn.name} must be the whole expression; it cannot be nested in another function`,
      call.start,
      call.nameEnd,
    );
  }
  checkArgumentCount(fn, call, report);
  call.arguments.forEach((argument, index) => {
    if (argument.kind === "empty") {
      if (isRequired(fn, index)) {
        report(
          `${fn.name}'s argument ${index + 1} (${parameterName(fn, index)}) is required and cannot be left empty`,
          argument.start,
          argument.start,
        );
      }
      return;
    }
    if (argument.kind === "name" && fn.names?.position === index) {
      if (!fn.names.allowed.includes(argument.name)) {
        report(
          `${fn.name}'s ${parameterName(fn, index)} is one of ${fn.names.allowed.join(", ")}` +
            didYouMean(argument.name, fn.names.allowed),
          argument.start,
          argument.end,
        );
      }
      return;
    }
    visit(argument, false, report);
  });
}

function checkArgumentCount(fn: ExpressionFunction, call: CallNode, report: Report): void {
  const count = call.arguments.length;
  const minimum = minimumArguments(fn);
  const maximum = maximumArguments(fn);
  if (count < minimum) {
    const expected =
      maximum === Infinity ? `at least ${minimum}` : minimum === maximum ? `${minimum}` : `${minimum} to ${maximum}`;
    report(
      `${fn.name} takes ${expected} argument${minimum === 1 && maximum === 1 ? "" : "s"}, found ${count}: ` +
        `${signature(fn)}${skippedOptionalHint(fn)}`,
      call.close,
      call.close + 1,
    );
    return;
  }
  if (count > maximum) {
    const extra = call.arguments[maximum];
    report(
      `${fn.name} takes at most ${maximum} argument${maximum === 1 ? "" : "s"}, found ${count}: ${signature(fn)}`,
      extra.start,
      extra.end,
    );
    return;
  }
  const group = fn.repeated?.names.length ?? 1;
  if ((count - fn.parameters.length) % group !== 0) {
    const last = call.arguments[count - 1];
    report(
      `${fn.name}'s ${fn.repeated?.names.join(" and ")} come in pairs: this ${fn.repeated?.names[0]} has no ` +
        `${fn.repeated?.names[1]} (${fn.name} always has an even number of arguments: ${signature(fn)})`,
      last.start,
      last.end,
    );
  }
}

/** For FormatDateTime's dateTimeStyles and Switch's defaultValue: an optional place before a required one. */
function skippedOptionalHint(fn: ExpressionFunction): string {
  const required = fn.parameters.map((p) => p.optional !== true);
  const skippable = fn.parameters.find(
    (p, index) => p.optional === true && (required.indexOf(true, index) > index || fn.repeated !== undefined),
  );
  return skippable === undefined ? "" : `; leave ${skippable.name} empty (", ,"), not out`;
}

function isRequired(fn: ExpressionFunction, index: number): boolean {
  return index < fn.parameters.length ? fn.parameters[index].optional !== true : true;
}

function parameterName(fn: ExpressionFunction, index: number): string {
  if (index < fn.parameters.length) {
    return fn.parameters[index].name;
  }
  const names = fn.repeated?.names ?? [];
  return names[(index - fn.parameters.length) % names.length] ?? "argument";
}

function misplacedName(node: NameNode): string {
  const name = cut(node.name);
  if (expressionFunction(node.name) !== undefined) {
    return `${name} is a function: call it with parentheses, ${name}(…)`;
  }
  if (node.name === "vbTextCompare" || node.name === "vbBinaryCompare") {
    return `${name} is documented only as InStr's fourth argument (compareType)`;
  }
  return `${name} is neither a function call, an [attribute] nor a "string": write [${name}] for an attribute or "${name}" for text`;
}
