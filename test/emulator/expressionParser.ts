import { EXPRESSION_FUNCTIONS, expressionFunction, parameterAt, type ExpressionFunction } from "./expressionFunctions";

/**
 * The emulator's parser of attribute-mapping expressions, written from Microsoft's documentation alone:
 *
 * - https://learn.microsoft.com/en-us/entra/identity/app-provisioning/functions-for-customizing-application-data
 *   ("Syntax overview"): `FunctionName(<<argument 1>>, <<argument N>>)`, functions nest; arguments are attributes in
 *   square brackets (`[attributeName]`), string constants in double quotes (`"United States"`), or other functions;
 *   in a string constant a backslash or a quotation mark "must be escaped with the backslash"
 *   (`"Company name: \"Contoso\""`); the syntax is case-sensitive.
 * - The same article's examples also write, and so this parser accepts: empty argument positions for optional
 *   parameters (`Replace([mail], "@contoso.com", , ,"", ,)`, `FormatDateTime([x], , "in", "out")`,
 *   `Switch([Active], , "1", …)`), whole numbers (`Mid([givenName], 1, 3)`, `DateAdd("d", 7, …)`,
 *   `Join("", 1000, …)`), VBA hexadecimal literals (`BitAnd(&HF, &HF7)`), the InStr compare types as bare words
 *   (`InStr("repEated","e",3,vbBinaryCompare)`), the comparison operators `=`, `<>`, `>`, `>=`, `<`, `<=` in IIF's
 *   condition ("The following comparison operators can be used in the condition") and in CBool
 *   (`CBool([attribute1] = [attribute2])`), and line breaks between arguments.
 * - What it refuses because the article says so: unknown or mis-cased function names, a wrong number of arguments
 *   (each function's parameters table), an empty position where the parameter is required, Switch with an odd
 *   number of arguments, SelectUniqueValue anywhere but at the top, AND/OR ("doesn't support AND and OR logical
 *   operators"), a backslash before anything but `\` or `"`.
 *
 * Where the documentation is silent the choice is the emulator's, and says so: negative numbers (`-10` appears as a
 * DateAdd value in a table, never in an expression: accepted); decimals (never shown: refused); a bare attribute or
 * constant as the whole expression (the article says "the entire expression must be defined in terms of
 * functions", but Graph's parseExpression answer parses `[preferredLanguage]` and `"-"` as sources of their own:
 * accepted); what Graph calls the parameters it does not show (the article's names); how a comparison appears in
 * `parsedExpression` (a Function named by its operator with `left` and `right`); the error's code and the
 * position's base (0-based character offset).
 */

/** attributeMappingSource (https://learn.microsoft.com/en-us/graph/api/resources/synchronization-attributemappingsource). */
export interface ParsedSource {
  expression: string;
  name: string;
  parameters: { key: string; value: ParsedSource }[];
  type: "Attribute" | "Constant" | "Function";
}

export type ParseOutcome = { ok: true; source: ParsedSource } | { ok: false; message: string; position: number };

const COMPARISONS = ["<>", ">=", "<=", "=", ">", "<"];
/** InStr's compareType "Can be vbTextCompare or vbBinaryCompare". */
const ENUM_WORDS = new Set(["vbTextCompare", "vbBinaryCompare"]);
const MAX_DEPTH = 100;

class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

interface Argument {
  /** Undefined for an empty position. */
  value?: ParsedSource;
  position: number;
}

export function parseExpression(text: string): ParseOutcome {
  try {
    const parser = new Parser(text);
    const source = parser.parseWhole();
    return { ok: true, source };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}

class Parser {
  private index = 0;

  constructor(private readonly text: string) {}

  parseWhole(): ParsedSource {
    this.skipSpace();
    if (this.index >= this.text.length) throw new ParseError("The expression is empty.", 0);
    const source = this.term(0, true);
    this.skipSpace();
    if (this.index < this.text.length) {
      const rest = this.text[this.index];
      if (COMPARISONS.some((operator) => this.text.startsWith(operator, this.index))) {
        throw new ParseError(
          `A comparison can only be the condition of IIF or the argument of CBool (at '${rest}').`,
          this.index,
        );
      }
      throw new ParseError(`Unexpected '${rest}' after the end of the expression.`, this.index);
    }
    return source;
  }

  private term(depth: number, topLevel: boolean): ParsedSource {
    if (depth > MAX_DEPTH) throw new ParseError(`Functions are nested more than ${MAX_DEPTH} deep.`, this.index);
    const char = this.text[this.index];
    if (char === "[") return this.attribute();
    if (char === '"') return this.string();
    if (char === "&") return this.hex();
    if (char === "-" || isDigit(char)) return this.number();
    if (isIdentifierStart(char)) return this.nameOrCall(depth, topLevel);
    if (char === undefined) throw new ParseError("The expression ends where a value was expected.", this.index);
    throw new ParseError(`Unexpected '${char}' where a function, [attribute] or "string" was expected.`, this.index);
  }

  private attribute(): ParsedSource {
    const start = this.index;
    const close = this.text.indexOf("]", start + 1);
    if (close < 0) throw new ParseError("The attribute name has no closing ']'.", start);
    const name = this.text.slice(start + 1, close);
    const bad = /[[\r\n]/.exec(name);
    if (bad) throw new ParseError(`An attribute name cannot contain '${bad[0]}'.`, start + 1 + bad.index);
    if (name.trim() === "") throw new ParseError("The attribute name is empty.", start);
    this.index = close + 1;
    return { expression: `[${name}]`, name, parameters: [], type: "Attribute" };
  }

  private string(): ParsedSource {
    const start = this.index;
    let value = "";
    this.index++;
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined) throw new ParseError("The string constant has no closing '\"'.", start);
      if (char === '"') break;
      if (char === "\\") {
        const next = this.text[this.index + 1];
        if (next !== "\\" && next !== '"') {
          throw new ParseError(
            'A backslash in a string constant must escape a backslash or a quotation mark (write \\\\ or \\").',
            this.index,
          );
        }
        value += next;
        this.index += 2;
        continue;
      }
      value += char;
      this.index++;
    }
    this.index++;
    return { expression: quote(value), name: value, parameters: [], type: "Constant" };
  }

  private hex(): ParsedSource {
    const match = /^&H[0-9A-Fa-f]+/.exec(this.text.slice(this.index));
    if (!match) throw new ParseError("'&' must start a hexadecimal number such as &HF7.", this.index);
    return this.literal(match[0]);
  }

  private number(): ParsedSource {
    const match = /^-?[0-9]+/.exec(this.text.slice(this.index));
    if (!match) throw new ParseError("'-' must start a whole number.", this.index);
    const after = this.text[this.index + match[0].length];
    if (after === "." || (after !== undefined && isIdentifierStart(after))) {
      throw new ParseError("Only whole numbers are written in expressions.", this.index + match[0].length);
    }
    return this.literal(match[0]);
  }

  private literal(text: string): ParsedSource {
    this.index += text.length;
    return { expression: text, name: text, parameters: [], type: "Constant" };
  }

  private nameOrCall(depth: number, topLevel: boolean): ParsedSource {
    const start = this.index;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(start))![0];
    this.index += name.length;
    this.skipSpace();
    if (this.text[this.index] !== "(") {
      this.index = start + name.length;
      if (ENUM_WORDS.has(name)) return this.literalAt(name);
      throw new ParseError(
        `'${name}' is not a value: a function call needs '(', an attribute '[${name}]', a string '"${name}"'.`,
        start,
      );
    }
    const fn = expressionFunction(name);
    if (!fn) {
      const other = caseInsensitiveMatch(name);
      throw new ParseError(
        other ? `Unknown function '${name}' (names are case-sensitive: '${other}').` : `Unknown function '${name}'.`,
        start,
      );
    }
    if (fn.topLevelOnly && !topLevel) {
      throw new ParseError(`${fn.name} must be at the top level of the expression and cannot be nested.`, start);
    }
    this.index++;
    const args = this.arguments(fn, depth);
    return this.call(fn, args, start);
  }

  private literalAt(text: string): ParsedSource {
    return { expression: text, name: text, parameters: [], type: "Constant" };
  }

  private arguments(fn: ExpressionFunction, depth: number): Argument[] {
    const args: Argument[] = [];
    this.skipSpace();
    if (this.text[this.index] === ")") {
      this.index++;
      return args;
    }
    for (;;) {
      this.skipSpace();
      const position = this.index;
      const char = this.text[this.index];
      if (char === undefined) throw new ParseError(`${fn.name}( has no closing ')'.`, this.index);
      if (char === "," || char === ")") {
        args.push({ position });
      } else {
        const allowComparison = fn.comparisonArguments?.includes(args.length) ?? false;
        args.push({ value: this.argument(depth, allowComparison), position });
      }
      this.skipSpace();
      const next = this.text[this.index];
      if (next === ",") {
        this.index++;
        continue;
      }
      if (next === ")") {
        this.index++;
        return args;
      }
      if (next === undefined) throw new ParseError(`${fn.name}( has no closing ')'.`, this.index);
      if (COMPARISONS.some((operator) => this.text.startsWith(operator, this.index))) {
        throw new ParseError(
          `A comparison can only be the condition of IIF or the argument of CBool, not argument ${args.length} of ${fn.name}.`,
          this.index,
        );
      }
      const word = /^(AND|OR|And|Or|and|or)\b/.exec(this.text.slice(this.index));
      if (word) throw new ParseError(`Expressions have no '${word[1]}' operator: nest IIF instead.`, this.index);
      throw new ParseError(`Expected ',' or ')' in ${fn.name}(…), found '${next}'.`, this.index);
    }
  }

  private argument(depth: number, allowComparison: boolean): ParsedSource {
    const left = this.term(depth + 1, false);
    if (!allowComparison) return left;
    this.skipSpace();
    const operator = COMPARISONS.find((candidate) => this.text.startsWith(candidate, this.index));
    if (!operator) return left;
    this.index += operator.length;
    this.skipSpace();
    const right = this.term(depth + 1, false);
    this.skipSpace();
    if (COMPARISONS.some((candidate) => this.text.startsWith(candidate, this.index))) {
      throw new ParseError("Comparisons cannot be chained.", this.index);
    }
    return {
      expression: `${left.expression} ${operator} ${right.expression}`,
      name: operator,
      parameters: [
        { key: "left", value: left },
        { key: "right", value: right },
      ],
      type: "Function",
    };
  }

  private call(fn: ExpressionFunction, args: Argument[], start: number): ParsedSource {
    const count = args.length;
    if (count < fn.minArguments || (fn.maxArguments !== undefined && count > fn.maxArguments)) {
      throw new ParseError(`${fn.name} takes ${arityText(fn)}, not ${count}.`, start);
    }
    const countProblem = fn.argumentCountRule?.(count);
    if (countProblem) throw new ParseError(`${countProblem}, not ${count}.`, start);
    const parameters: ParsedSource["parameters"] = [];
    args.forEach((arg, index) => {
      const parameter = parameterAt(fn, index, count);
      if (arg.value === undefined) {
        if (parameter.required) {
          throw new ParseError(`${fn.name}: the required argument '${parameter.name}' is empty.`, arg.position);
        }
        return;
      }
      parameters.push({ key: parameter.name, value: arg.value });
    });
    // Graph writes the parsed expression back with ", " between positions, empty ones kept (parseExpression example).
    const expression = `${fn.name}(${args.map((arg) => arg.value?.expression ?? "").join(", ")})`;
    return { expression, name: fn.name, parameters, type: "Function" };
  }

  private skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index])) this.index++;
  }
}

function arityText(fn: ExpressionFunction): string {
  if (fn.maxArguments === undefined) return `at least ${fn.minArguments} argument${fn.minArguments === 1 ? "" : "s"}`;
  if (fn.minArguments === fn.maxArguments) {
    return `${fn.minArguments} argument${fn.minArguments === 1 ? "" : "s"}`;
  }
  return `${fn.minArguments} to ${fn.maxArguments} arguments`;
}

function caseInsensitiveMatch(name: string): string | undefined {
  return EXPRESSION_FUNCTIONS.find((fn) => fn.name.toLowerCase() === name.toLowerCase())?.name;
}

/** A string constant written back with the documented escapes. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

function isIdentifierStart(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z_]/.test(char);
}
