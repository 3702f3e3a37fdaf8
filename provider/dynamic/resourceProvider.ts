/**
 * The dynamic provider: this module's exports are the object the dynamic-provider host calls (the serialized
 * provider `require()`s it, see serializedProvider.ts). Each function turns `pulumi.dynamic` arguments into the
 * core's plain data and back; every decision and every Graph call is the core's.
 *
 * The host calls `configure` once per serialized provider text with the stack's configuration; the session it
 * builds serves every resource until the next `configure`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../config/providerSettings";
import type { CheckedInputs } from "../core/authorizationState";
import type { AuthorizationOutputs } from "../core/authorizationState";
import {
  ConnectionTestFailedError,
  checkInputs,
  connectionTestWarning,
  createAuthorization,
  previewChange,
  refreshAuthorization,
  updateAuthorization,
} from "../core/lifecycle";
import { Session, newSharedClients } from "../core/session";

const EMPTY_CONFIG: ConfigSource = { get: () => undefined };

/** One per provider process: every session shares its sign-ins, its limit on Graph calls and its vault clients. */
const shared = newSharedClients();

let session = new Session(EMPTY_CONFIG, process.env, shared);

/** The host adds the serialized provider to inputs and outputs as `__provider`; it is the host's, not the core's. */
function withoutSerializedProvider<T extends object>(properties: T): T {
  return Object.fromEntries(Object.entries(properties).filter(([name]) => name !== "__provider")) as T;
}

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  session = new Session(req.config, process.env, shared);
}

/**
 * Check answers the inputs in the shape the program sent them (a map stays a map): they are what the engine stores
 * and what `ignoreChanges` paths such as `credentials.SecretToken` are resolved against. The core's normalized
 * form is computed again wherever it is used (diff, create, update), never handed back to the engine.
 */
export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const result = checkInputs(session, withoutSerializedProvider(news));
  for (const warning of result.warnings) {
    // Provider output reaches the CLI attached to the resource; warnings name keys, never values.
    console.log(`warning: ${warning}`);
  }
  return result.inputs === undefined ? { inputs: news, failures: result.failures } : { inputs: news };
}

/** The core's checked inputs for inputs that check accepted (warnings were shown by check). */
function checked(inputs: Record<string, unknown>): CheckedInputs {
  const result = checkInputs(session, withoutSerializedProvider(inputs));
  if (result.inputs === undefined) {
    // Only when the inputs did not come through check (an engine that skips it): the same failures it would give.
    throw new Error(result.failures.map((failure) => `${failure.property}: ${failure.reason}`).join("\n"));
  }
  return result.inputs;
}

export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const inputs = checked(news);
  const plan = previewChange(session, withoutSerializedProvider(olds), inputs);
  if (plan.refusal !== undefined) {
    console.log(`warning: ${inputs.target}: up will fail: ${plan.refusal}`);
  } else if (plan.authorize && plan.reasons.length > 0) {
    // The engine shows which inputs changed, but not why an unchanged resource re-authorizes; say it.
    console.log(`${inputs.target}: will authorize again: ${plan.reasons.join("; ")}`);
  }
  return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
}

/** A connection test that did not pass is shown as a warning; the outputs record it either way. */
function warnAboutConnectionTest(outputs: Record<string, unknown>): void {
  const warning = connectionTestWarning(outputs);
  if (warning !== undefined) {
    console.log(`warning: ${warning}`);
  }
}

/**
 * Runs create or update; a strict connection test failure becomes the host's partial failure (an error carrying
 * id, properties and reasons): the engine keeps the outputs, so the authorization is not sent again.
 */
async function keepingAuthorization(
  inputs: Record<string, unknown>,
  run: () => Promise<AuthorizationOutputs>,
): Promise<AuthorizationOutputs> {
  try {
    const outs = await run();
    warnAboutConnectionTest({ ...outs });
    return outs;
  } catch (error) {
    if (error instanceof ConnectionTestFailedError) {
      throw Object.assign(new Error(error.message), {
        id: error.outputs.target,
        properties: { ...error.outputs, __provider: inputs.__provider },
        reasons: [error.message],
      });
    }
    throw error;
  }
}

export async function create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const outs = await keepingAuthorization(inputs, () => createAuthorization(session, checked(inputs)));
  return { id: outs.target, outs };
}

export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const outs = await keepingAuthorization(news, () =>
    updateAuthorization(session, withoutSerializedProvider(olds), checked(news)),
  );
  return { outs };
}

/**
 * Refresh: the resource leaves state when its target no longer exists (the next `up` authorizes again); with
 * `testConnection`, the connection test's result is recorded in the outputs the engine stores.
 */
export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
  const refreshed = await refreshAuthorization(session, id, withoutSerializedProvider(props));
  if (refreshed.presence === "absent") {
    return { id: "", props: {} };
  }
  warnAboutConnectionTest(refreshed.outputs);
  return { id, props: { ...props, ...refreshed.outputs } };
}

/** Graph has no way to withdraw an authorization: destroying the resource only forgets it (see README). */
export async function remove(): Promise<void> {}

export { remove as delete };
