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
import type { AuthorizationOutputs, CheckedInputs } from "../resources/synchronizationAuthorization/authorizationState";
import {
  checkInputs,
  checkedInputs,
  createAuthorization,
  previewChange,
  refreshAuthorization,
  updateAuthorization,
  type AuthorizationOutcome,
} from "../resources/synchronizationAuthorization/lifecycle";
import { planNotice } from "../resources/synchronizationAuthorization/lifecycleNotices";
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
 * form is computed again wherever it is used (diff, create, update), never handed back to the engine. A key that
 * `ignoreChanges` dropped because state holds a list (0.1.0's form) is given back from `olds` (see checkInputs).
 */
export async function check(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const given = withoutSerializedProvider(news);
  const result = checkInputs(session, given, withoutSerializedProvider(olds));
  for (const warning of result.warnings) {
    // Provider output reaches the CLI attached to the resource; warnings name keys, never values.
    console.log(`warning: ${warning}`);
  }
  const inputs = result.news === given ? news : { ...result.news, __provider: news.__provider };
  return result.inputs === undefined ? { inputs, failures: result.failures } : { inputs };
}

/** The core's checked inputs for inputs that check accepted (warnings were shown by check). */
function checked(inputs: Record<string, unknown>): CheckedInputs {
  return checkedInputs(session, withoutSerializedProvider(inputs));
}

export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const inputs = checked(news);
  const plan = previewChange(session, withoutSerializedProvider(olds), inputs);
  const notice = planNotice(inputs.target, plan);
  if (notice !== undefined) {
    // Provider output reaches the CLI attached to the resource, as one line of text.
    console.log(notice.severity === "warning" ? `warning: ${notice.message}` : notice.message);
  }
  return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
}

function warn(warnings: readonly string[]): void {
  for (const warning of warnings) {
    console.log(`warning: ${warning}`);
  }
}

/**
 * The outputs of create or update; when `up` must fail although the authorization happened (a strict connection
 * test), the host's partial failure (an error carrying id, properties and reasons): the engine keeps the outputs,
 * so the authorization is not sent again.
 */
async function keepingAuthorization(
  inputs: Record<string, unknown>,
  run: () => Promise<AuthorizationOutcome>,
): Promise<AuthorizationOutputs> {
  const outcome = await run();
  if (outcome.failure !== undefined) {
    throw Object.assign(new Error(outcome.failure), {
      id: outcome.outputs.target,
      properties: { ...outcome.outputs, __provider: inputs.__provider },
      reasons: [outcome.failure],
    });
  }
  warn(outcome.warnings);
  return outcome.outputs;
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
  warn(refreshed.warnings);
  return { id, props: { ...props, ...refreshed.outputs } };
}

/** Graph has no way to withdraw an authorization: destroying the resource only forgets it (see README). */
export async function remove(): Promise<void> {}

export { remove as delete };
