import { faultRuleProblem, type FaultAction, type FaultRule } from "./faults";
import { SERVICE_ROUTES, type RouteName } from "./requestLog";

/** What `npm run emulator -- …` asks for. */
export interface EmulatorCommandLine {
  faults: FaultRule[];
  seed?: number;
  tokenLifetimeSeconds?: number;
  help: boolean;
}

export const USAGE = `Usage: npm run emulator -- [options]

  --fault <route>:<action>[:<option>=<value>...]   inject a fault (repeatable)
        action:  in front of the service (nothing applied):
                   429|500|502|503|504, reset, hang, hold, html, non-json, empty-200, html-200,
                   huge-200=<bytes>, huge-400=<bytes>, latency=<ms>
                 after the service applied the call (unknown outcome / other success):
                   502-after-apply, 504-after-apply, reset-after-apply, truncated-200-after-apply,
                   html-200-after-apply, 200-for-204, 202-for-204
        options: retryAfter=<seconds|fractional|HTTP date>, p=<probability 0..1>, times=<first N>,
                 cloud=<global|usgovernmentl4|usgovernmentl5|china>, target=<object id>
        e.g.     --fault acquireAccessToken:429:retryAfter=1:p=0.3
                 --fault acquireAccessToken:504-after-apply:times=1
  --latency <ms>             delay every request by <ms>
  --seed <n>                 seed of the generator behind p= (default 1)
  --token-lifetime <seconds> lifetime of minted access tokens (default 3599)
  --help

Routes: ${routeNames().join(", ")}`;

const CLOUDS = new Set(["global", "usgovernmentl4", "usgovernmentl5", "china"]);
const STATUSES = new Set(["429", "500", "502", "503", "504"]);

export function routeNames(): RouteName[] {
  return [...SERVICE_ROUTES];
}

/** Parses the arguments; throws an Error whose message says which argument is wrong and why. */
export function parseCommandLine(args: string[]): EmulatorCommandLine {
  const result: EmulatorCommandLine = { faults: [], help: false };
  for (let index = 0; index < args.length; index++) {
    const flag = args[index];
    const value = (): string => {
      const next = args[index + 1];
      if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value`);
      index += 1;
      return next;
    };
    switch (flag) {
      case "--fault":
        result.faults.push(parseFault(value()));
        break;
      case "--latency": {
        const latencyMs = nonNegativeNumber(value(), flag);
        for (const route of routeNames()) result.faults.push({ route, action: { latencyMs } });
        break;
      }
      case "--seed":
        result.seed = nonNegativeNumber(value(), flag);
        break;
      case "--token-lifetime":
        result.tokenLifetimeSeconds = nonNegativeNumber(value(), flag);
        break;
      case "--help":
      case "-h":
        result.help = true;
        break;
      default:
        throw new Error(`unknown argument '${flag}'`);
    }
  }
  return result;
}

/** `route:action[:option=value...]`; an HTTP date in retryAfter contains colons, so options are split on `:name=`. */
export function parseFault(spec: string): FaultRule {
  const [route, actionText, ...rest] = spec.split(":");
  if (!routeNames().includes(route as RouteName)) {
    throw new Error(`--fault ${spec}: unknown route '${route}' (one of ${routeNames().join(", ")})`);
  }
  if (!actionText) throw new Error(`--fault ${spec}: missing action`);
  const options = parseOptions(rest.join(":"), spec);
  const rule: FaultRule = { route: route as RouteName, action: parseAction(actionText, options.retryAfter, spec) };
  if (options.p !== undefined) rule.probability = probability(options.p, spec);
  if (options.times !== undefined) rule.times = nonNegativeNumber(options.times, `--fault ${spec} times`);
  if (options.cloud !== undefined) {
    if (!CLOUDS.has(options.cloud)) throw new Error(`--fault ${spec}: unknown cloud '${options.cloud}'`);
    rule.cloud = options.cloud as FaultRule["cloud"];
  }
  if (options.target !== undefined) rule.targetId = options.target;
  const unknown = Object.keys(options).filter(
    (name) => !["retryAfter", "p", "times", "cloud", "target"].includes(name),
  );
  if (unknown.length > 0) throw new Error(`--fault ${spec}: unknown option '${unknown[0]}'`);
  const problem = faultRuleProblem(rule);
  if (problem) throw new Error(`--fault ${spec}: ${problem}`);
  return rule;
}

function parseOptions(text: string, spec: string): Record<string, string> {
  const options: Record<string, string> = {};
  if (text === "") return options;
  const parts = text.split(/:(?=[A-Za-z]+=)/);
  for (const part of parts) {
    const separator = part.indexOf("=");
    if (separator <= 0) throw new Error(`--fault ${spec}: option '${part}' is not name=value`);
    options[part.slice(0, separator)] = part.slice(separator + 1);
  }
  return options;
}

function parseAction(text: string, retryAfter: string | undefined, spec: string): FaultAction {
  if (STATUSES.has(text)) {
    const status = Number(text) as 429 | 500 | 502 | 503 | 504;
    return retryAfter === undefined ? { status } : { status, retryAfter };
  }
  if (text === "502-after-apply" || text === "504-after-apply") {
    const afterApply = text === "502-after-apply" ? 502 : 504;
    return retryAfter === undefined ? { afterApply } : { afterApply, retryAfter };
  }
  if (retryAfter !== undefined) throw new Error(`--fault ${spec}: retryAfter only goes with a status`);
  if (text.startsWith("latency="))
    return { latencyMs: nonNegativeNumber(text.slice("latency=".length), `--fault ${spec}`) };
  const huge = /^huge-(200|400)=(.*)$/.exec(text);
  if (huge) return { hugeBody: nonNegativeNumber(huge[2], `--fault ${spec}`), status: Number(huge[1]) as 200 | 400 };
  switch (text) {
    case "reset":
      return { reset: true };
    case "hang":
      return { hang: true };
    case "hold":
      return { hold: true };
    case "html":
    case "non-json":
    case "empty-200":
    case "html-200":
      return { malformed: text };
    case "reset-after-apply":
      return { afterApply: "reset" };
    case "truncated-200-after-apply":
      return { afterApply: "truncated-200" };
    case "html-200-after-apply":
      return { afterApply: "html-200" };
    case "200-for-204":
      return { successStatus: 200 };
    case "202-for-204":
      return { successStatus: 202 };
    default:
      throw new Error(`--fault ${spec}: unknown action '${text}'`);
  }
}

function nonNegativeNumber(text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0)
    throw new Error(`${what}: '${text}' is not a number >= 0`);
  return value;
}

function probability(text: string, spec: string): number {
  const value = nonNegativeNumber(text, `--fault ${spec} p`);
  if (value > 1) throw new Error(`--fault ${spec}: p must be within [0, 1]`);
  return value;
}
