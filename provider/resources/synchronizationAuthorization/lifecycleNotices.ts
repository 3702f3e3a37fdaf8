/**
 * What an adapter tells the user beside the engine's own display, in the same words whichever way in they came:
 * why an unchanged resource authorizes again, that `up` will refuse, that a connection test did not pass. Pure;
 * every message names the target and keys, never a value.
 */
import { describeConnectionTest, storedConnectionTest } from "./connectionTest";
import type { ChangePlan } from "./planChange";

export interface Notice {
  severity: "info" | "warning";
  message: string;
}

/**
 * A diff's notice: the refusal the next `up` will meet (a warning: preview must not fail for it, refresh must
 * still record what it learned), or why the resource authorizes again, which the engine's display of changed
 * inputs does not say. Undefined when there is nothing to add.
 */
export function planNotice(target: string, plan: ChangePlan): Notice | undefined {
  if (plan.refusal !== undefined) {
    return { severity: "warning", message: `${target}: up will fail: ${plan.refusal}` };
  }
  if (plan.authorize && plan.reasons.length > 0) {
    return { severity: "info", message: `${target}: will authorize again: ${plan.reasons.join("; ")}` };
  }
  return undefined;
}

/**
 * A connection test that did not pass, as a warning for the adapter to show; undefined when it passed. `detail` is
 * what the test that just ran may say (see connectionTestDetail); a result read from state has none.
 */
export function connectionTestWarning(
  outputs: { target?: unknown; connectionTest?: unknown },
  detail?: string,
): string | undefined {
  const result = storedConnectionTest(outputs);
  return result === undefined || result.status === "passed"
    ? undefined
    : `${String(outputs.target)}: ${describeConnectionTest(result, detail)}`;
}

/** Why `up` fails although the target was authorized: the strict connection test after it did not pass. */
export function strictConnectionTestFailure(
  outputs: { target: string; connectionTest?: unknown },
  detail?: string,
): string {
  const result = storedConnectionTest(outputs);
  return (
    `${outputs.target} was authorized, but ${result ? describeConnectionTest(result, detail) : "the connection test failed"}. ` +
    "testConnection.failUpOnFailure is set, so up fails; the authorization is recorded and is not sent again."
  );
}

/**
 * Why `up` fails when Graph's answer to an authorization carrying a single-use value was lost: the client's error
 * (which says what came back and what to check, never a value), and what the state now holds and the next up does.
 */
export function unconfirmedAuthorizationFailure(target: string, graphError: string): string {
  return (
    `${graphError.replace(/^GraphError: /, "")} ${target} is kept in state as not confirmed ` +
    "(unconfirmedAuthorizationAt; lastAuthorizedAt is the last authorization Graph confirmed), with the " +
    "fingerprint of each single-use value sent, never the value: the next up will not send the same code again. " +
    "Get a new code and supply it to authorize again."
  );
}
