import type { CloudName } from "../../provider/config/clouds";
import { ROUTES_ANSWERING_204, SERVICE_ROUTES, type RouteName } from "./requestLog";

/**
 * What a fault does to a matching request.
 * - `status`: answer with that status in the route's error shape, with `Retry-After` when given
 *   (whole seconds "1", fractional "0.5", or an HTTP date).
 * - `latencyMs`: delay, then answer normally (combines with one other fault).
 * - `reset`: destroy the socket before any response.
 * - `hang`: never answer; the socket is destroyed when the emulator stops.
 * - `hold`: keep the request until `releaseHeld()`, then answer normally.
 * - `malformed`: `html` (502 with an HTML proxy page), `non-json` (500 whose JSON content type has a truncated
 *   body), `empty-200` (200 with an empty JSON body), `html-200` (200 with a proxy's HTML block page: "Blocked by
 *   policy").
 * - `hugeBody`: answer `status` (200 or 400) with a JSON content type and a body of `hugeBody` bytes, streamed with
 *   backpressure (never held in memory); the log entry's `bodyBytesSent` says how much the client let through.
 *
 * Graph documents 204 No Content for acquireAccessToken and validateCredentials and says nothing of bodies cut off,
 * HTML pages with a success status, or answers of hundreds of megabytes: those come from what stands between the
 * client and Graph (proxies, TLS-inspecting gateways, captive portals, broken connections), and are what the
 * client's one table of "applied" and its size limit are tested against.
 *
 * The faults above act in front of the service: the request never reaches it, nothing is applied. The two below
 * let the service answer first, so the call IS applied (and logged with `appliedStatus`) while the client sees:
 * - `afterApply`: a 502 or 504 in the route's error shape (with `Retry-After` when given), or `"reset"`: the socket
 *   destroyed after the whole body was read and the call applied. The outcome is unknown to the client.
 *   `"truncated-200"`: a 200 status line with `Content-Length: 100`, 5 bytes of body, then the socket destroyed
 *   (a connection lost mid-answer). `"html-200"`: the `html-200` block page in place of the service's answer (a
 *   proxy that let the request through and replaced the answer).
 * - `successStatus`: 200 or 202 with an empty body instead of the service's 204 (other answers pass unchanged);
 *   only on routes that answer 204.
 */
export type FaultAction =
  | { status: 429 | 500 | 502 | 503 | 504; retryAfter?: string }
  | { latencyMs: number }
  | { reset: true }
  | { hang: true }
  | { hold: true }
  | { malformed: MalformedKind }
  | { hugeBody: number; status: 200 | 400 }
  | { afterApply: 502 | 504 | "reset" | "truncated-200" | "html-200"; retryAfter?: string }
  | { successStatus: 200 | 202 };

export type MalformedKind = "html" | "non-json" | "empty-200" | "html-200";

/** Faults that let the service apply the call and then change what the client sees. */
export type AfterServiceFault = Extract<FaultAction, { afterApply: unknown } | { successStatus: unknown }>;

export function actsAfterService(action: FaultAction): action is AfterServiceFault {
  return "afterApply" in action || "successStatus" in action;
}

export interface FaultRule {
  route: RouteName;
  cloud?: CloudName;
  targetId?: string;
  /** Chance in [0, 1] that a matching request is faulted, drawn from the emulator's seeded generator. */
  probability?: number;
  /** Fault only the first N matching requests that the probability selects. */
  times?: number;
  action: FaultAction;
}

export interface FaultedRequest {
  route: RouteName;
  cloud: CloudName;
  targetId?: string;
}

/** The faults chosen for one request: an optional delay and at most one other action. */
export interface FaultDecision {
  latencyMs: number;
  action?: Exclude<FaultAction, { latencyMs: number }>;
  description?: string;
}

interface ActiveRule {
  rule: FaultRule;
  applied: number;
}

/** Small deterministic generator (mulberry32) so a seed reproduces which requests fail. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULT_STATUSES = new Set([429, 500, 502, 503, 504]);
const MALFORMED_KINDS = new Set(["html", "non-json", "empty-200", "html-200"]);
const AFTER_APPLY_OUTCOMES = new Set<unknown>([502, 504, "reset", "truncated-200", "html-200"]);
const HUGE_BODY_STATUSES = new Set<unknown>([200, 400]);
const SUCCESS_STATUSES = new Set<unknown>([200, 202]);

/** What is wrong with a rule, or undefined when it is usable. */
export function faultRuleProblem(rule: FaultRule): string | undefined {
  if (!SERVICE_ROUTES.includes(rule.route)) return `unknown route '${String(rule.route)}'`;
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    return `probability must be within [0, 1], got ${rule.probability}`;
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0))
    return "times must be a whole number";
  const action = rule.action as Record<string, unknown> | undefined;
  if (typeof action !== "object" || action === null) return "action is missing";
  const keys = Object.keys(action).sort().join(",");
  if (keys === "status" || keys === "retryAfter,status") {
    if (!FAULT_STATUSES.has(action.status as number)) return `status must be one of ${[...FAULT_STATUSES].join(", ")}`;
    if (action.retryAfter !== undefined && typeof action.retryAfter !== "string") return "retryAfter must be a string";
    return undefined;
  }
  if (keys === "latencyMs") {
    return typeof action.latencyMs === "number" && action.latencyMs >= 0 ? undefined : "latencyMs must be >= 0";
  }
  if (keys === "reset" || keys === "hang" || keys === "hold") {
    return action[keys] === true ? undefined : `${keys} must be true`;
  }
  if (keys === "malformed") {
    return MALFORMED_KINDS.has(action.malformed as string)
      ? undefined
      : "malformed must be html, non-json, empty-200 or html-200";
  }
  if (keys === "hugeBody,status") {
    if (!(typeof action.hugeBody === "number" && Number.isInteger(action.hugeBody) && action.hugeBody >= 0)) {
      return "hugeBody must be a whole number of bytes";
    }
    return HUGE_BODY_STATUSES.has(action.status) ? undefined : "status of hugeBody must be 200 or 400";
  }
  if (keys === "afterApply" || keys === "afterApply,retryAfter") {
    if (!AFTER_APPLY_OUTCOMES.has(action.afterApply)) {
      return 'afterApply must be 502, 504, "reset", "truncated-200" or "html-200"';
    }
    const withRetryAfter = action.afterApply === 502 || action.afterApply === 504;
    if (action.retryAfter !== undefined && (typeof action.retryAfter !== "string" || !withRetryAfter)) {
      return "retryAfter must be a string and goes with afterApply 502 or 504 only";
    }
    return undefined;
  }
  if (keys === "successStatus") {
    if (!SUCCESS_STATUSES.has(action.successStatus)) return "successStatus must be 200 or 202";
    return ROUTES_ANSWERING_204.includes(rule.route)
      ? undefined
      : `successStatus replaces a 204, which route '${rule.route}' never answers (${ROUTES_ANSWERING_204.join(", ")} do)`;
  }
  return `unknown action ${JSON.stringify(action)}`;
}

export function describeFault(rule: FaultRule): string {
  return `${rule.route}:${JSON.stringify(rule.action)}`;
}

/** Fault injection shared by all listeners, in the spirit of a chaos handler: rules first, mechanism in the server. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number;
  private held: (() => void)[] = [];

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Adds a rule after checking it, since rules also arrive as JSON through the admin API. */
  add(rule: FaultRule): void {
    const problem = faultRuleProblem(rule);
    if (problem) throw new Error(`invalid fault rule ${JSON.stringify(rule)}: ${problem}`);
    this.rules.push({ rule, applied: 0 });
  }

  /** Removes every rule and restarts the generator so the next run with the same seed behaves the same. */
  clear(): void {
    this.rules = [];
    this.random = seededRandom(this.seed);
  }

  list(): FaultRule[] {
    return this.rules.map((active) => active.rule);
  }

  decide(request: FaultedRequest): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.route !== request.route) continue;
      if (rule.cloud !== undefined && rule.cloud !== request.cloud) continue;
      if (rule.targetId !== undefined && rule.targetId !== request.targetId) continue;
      if (rule.times !== undefined && active.applied >= rule.times) continue;
      const isLatency = "latencyMs" in rule.action;
      if (!isLatency && decision.action) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.applied += 1;
      if ("latencyMs" in rule.action) {
        decision.latencyMs += rule.action.latencyMs;
      } else {
        decision.action = rule.action;
        decision.description = describeFault(rule);
      }
    }
    return decision;
  }

  /** Parks a held request; resolves when {@link releaseHeld} is called (or the emulator stops). */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Lets every held request continue to its normal answer. */
  releaseHeld(): number {
    const released = this.held;
    this.held = [];
    for (const release of released) release();
    return released.length;
  }
}
