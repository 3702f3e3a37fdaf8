/**
 * The lifecycle as any adapter runs it: plain data in (raw inputs, stored outputs, checked inputs) and out (checked
 * inputs and failures, a change plan, outputs, presence). Check and diff (all that preview runs) make no network call
 * and need no credential; create, update and read sign in. Write-only values are read only right before an
 * authorization is sent, and live only for that call.
 */
import type { EndpointSettings } from "../../config/providerSettings";
import { apiVersionOf } from "../../graph/apiVersion";
import type { CredentialPair } from "../../graph/credentialPair";
import { GraphError } from "../../graph/graphError";
import { outputsAfterAuthorization } from "./authorizationOutputs";
import type { AuthorizationOutputs, CheckedInputs } from "./authorizationState";
import { storedConnectionTest, storedTestConnection } from "./connectionTest";
import type { HeldValues } from "./connectionTestResult";
import { newFingerprintSalt } from "./credentialFingerprint";
import { credentialsToSend } from "./credentialsToSend";
import { restoreKeysDroppedByShapeChange } from "./inputs/keysDroppedByShapeChange";
import { keyVaultHostFailures } from "./inputs/keyVaultHostFailures";
import { validateInputs, type InputValidation } from "./inputs/validateInputs";
import {
  connectionTestWarning,
  strictConnectionTestFailure,
  unconfirmedAuthorizationFailure,
} from "./lifecycleNotices";
import { planChange, type ChangePlan, type PlanContext } from "./planChange";
import { heldAtRefresh, testConnection } from "./runConnectionTest";
import type { Session } from "../../core/session";
import {
  SingleUseValueAlreadySentError,
  alreadySentSingleUseKeys,
  singleUseFingerprints,
  type SingleUseFingerprints,
} from "./singleUseValues";
import { targetOf } from "../../core/target";

/** What check decided: the validation, and `news`, the inputs to hand back to the engine (the program's shape). */
export interface CheckedRawInputs extends InputValidation {
  news: Record<string, unknown>;
}

/**
 * Check (preview and up): the raw inputs validated and normalized, then the Key Vault host rule applied to the
 * references' text. Reads no reference, signs in nowhere; the endpoints are resolved only for a vault reference.
 * `inputs` is set exactly when `failures` is empty; warnings name keys, never values. `olds`, the inputs in state,
 * give back a credential key that `ignoreChanges` dropped because state holds its collection as a list (see
 * restoreKeysDroppedByShapeChange); `news` is `raw` with such keys restored, in the shape the program sent.
 */
export function checkInputs(
  session: Session,
  raw: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): CheckedRawInputs {
  const restored = restoreKeysDroppedByShapeChange(olds, raw);
  const validation = validateInputs(restored.news);
  const warnings = [...restored.warnings, ...validation.warnings];
  const failures = [...restored.failures, ...validation.failures];
  if (validation.inputs === undefined || failures.length > 0) {
    return { news: restored.news, failures, warnings };
  }
  const vaultFailures = keyVaultHostFailures(validation.inputs, () => session.endpoints());
  return vaultFailures.length > 0
    ? { news: restored.news, failures: vaultFailures, warnings }
    : { news: restored.news, inputs: validation.inputs, failures, warnings };
}

/**
 * The checked inputs of inputs check already accepted, for diff, create and update (check hands the engine the
 * program's shape, not these). Throws check's own failures when they did not come through check.
 */
export function checkedInputs(session: Session, raw: Record<string, unknown>): CheckedInputs {
  const result = checkInputs(session, raw);
  if (result.inputs === undefined) {
    throw new Error(result.failures.map((failure) => `${failure.property}: ${failure.reason}`).join("\n"));
  }
  return result.inputs;
}

/** Where the provider would send an authorization now, and when "now" is: what {@link planChange} compares with. */
export function planContext(endpoints: EndpointSettings, now: Date = new Date()): PlanContext {
  return { cloud: endpoints.cloud, graphEndpoint: endpoints.graphRoot, now };
}

/**
 * Diff (preview, up, and refresh, whose display diffs too): what changes and why, from the stored outputs and the
 * checked inputs. No I/O. Never throws for a `refusal`: refresh must record what it learned; an adapter shows the
 * refusal as a warning, and update refuses. `publicInputs`: inputs the adapter knows were not secret (see PlanContext).
 */
export function previewChange(
  session: Session,
  old: Record<string, unknown>,
  news: CheckedInputs,
  publicInputs?: ReadonlySet<string>,
): ChangePlan {
  return planChange(old, news, { ...planContext(session.endpoints()), publicInputs });
}

function refuseImpossiblePlan(plan: ChangePlan): ChangePlan {
  if (plan.refusal !== undefined) {
    throw new Error(plan.refusal);
  }
  return plan;
}

/**
 * What create or update did: the outputs to keep in state, and what to tell the user. A failed connection test is a
 * warning, unless `testConnection.failUpOnFailure` is set: then `failure` says why `up` fails, and the adapter
 * must still keep `outputs` (a partial failure), so that running `up` again does not send a single-use code a
 * second time.
 */
export interface AuthorizationOutcome {
  outputs: AuthorizationOutputs;
  /** Warnings to show (a connection test that did not pass); they name no value. */
  warnings: string[];
  /** Set when `up` must fail although the authorization happened. */
  failure?: string;
}

/**
 * The outputs with their connection test's warning, or with the failure when the test is strict. `detail` is what
 * a test that just ran may say of its failure; it goes to the warning, never to the outputs.
 */
function outcomeOf(outputs: AuthorizationOutputs, strict: boolean, detail?: string): AuthorizationOutcome {
  const warning = connectionTestWarning(outputs, detail);
  if (warning === undefined) {
    return { outputs, warnings: [] };
  }
  return strict
    ? { outputs, warnings: [], failure: strictConnectionTestFailure(outputs, detail) }
    : { outputs, warnings: [warning] };
}

/**
 * Create: authorizes the target, then (with `testConnection`) tests the connection once. Its id is
 * `outputs.target`.
 */
export async function createAuthorization(session: Session, inputs: CheckedInputs): Promise<AuthorizationOutcome> {
  const endpoints = session.endpoints();
  const salt = newFingerprintSalt();
  const sent = await authorize(session, endpoints, inputs, salt, () => {});
  if (sent.unconfirmed !== undefined) {
    return unconfirmedOutcome(inputs, endpoints, salt, sent, undefined);
  }
  const outputs = withSingleUse(outputsAfterAuthorization(inputs, endpoints, salt), sent.fingerprints);
  return testAfterUp(session, endpoints, outputs, inputs, { values: sent.values });
}

/**
 * Update: refuses, sending nothing, when the plan has a `refusal`; authorizes again when the plan says so, otherwise only refreshes the outputs (keeping the previous
 * `lastAuthorizedAt`): authorization codes are single-use, so Graph is never called without cause. An authorization
 * that would re-send a single-use value already sent (by its fingerprint in state) is refused before Graph.
 */
export async function updateAuthorization(
  session: Session,
  old: Record<string, unknown>,
  news: CheckedInputs,
): Promise<AuthorizationOutcome> {
  const endpoints = session.endpoints();
  const plan = refuseImpossiblePlan(planChange(old, news, planContext(endpoints)));
  const salt = typeof old.fingerprintSalt === "string" ? old.fingerprintSalt : newFingerprintSalt();
  const previous = typeof old.lastAuthorizedAt === "string" ? old.lastAuthorizedAt : undefined;
  if (!plan.authorize) {
    // The plain credentials are the ones last sent (their fingerprint matched), so their single-use values count
    // as sent even when older state kept no per-key fingerprint.
    const kept = isFingerprintMap(old.singleUseFingerprints)
      ? old.singleUseFingerprints
      : singleUseFingerprints(salt, news.credentials);
    const outputs = withSingleUse(outputsAfterAuthorization(news, endpoints, salt, previous), kept);
    if (!testsAgainWithoutAuthorizing(old, news)) {
      return outcomeOf(withPreviousTest(outputs, old, news), false);
    }
    return testAfterUp(session, endpoints, outputs, news, heldAtRefresh(news));
  }
  const sent = await authorize(session, endpoints, news, salt, (credentials) => {
    const repeated = alreadySentSingleUseKeys(salt, old.singleUseFingerprints, credentials);
    if (repeated.length > 0) {
      const sentAt = typeof old.unconfirmedAuthorizationAt === "string" ? old.unconfirmedAuthorizationAt : previous;
      throw new SingleUseValueAlreadySentError(news.target, repeated, sentAt);
    }
  });
  if (sent.unconfirmed !== undefined) {
    return unconfirmedOutcome(news, endpoints, salt, sent, previous);
  }
  const outputs = withSingleUse(outputsAfterAuthorization(news, endpoints, salt), sent.fingerprints);
  return testAfterUp(session, endpoints, outputs, news, { values: sent.values });
}

/**
 * What one authorization sent: the fingerprints of its single-use values, the values (to clean error text of), and,
 * when Graph's answer left it unknown whether a single-use value was redeemed, the error that said so.
 */
interface Sent {
  fingerprints: SingleUseFingerprints | undefined;
  values: string[];
  unconfirmed?: GraphError;
}

/** Reads the values, lets `beforeSending` refuse them, sends them. */
async function authorize(
  session: Session,
  endpoints: EndpointSettings,
  inputs: CheckedInputs,
  salt: string,
  beforeSending: (credentials: CredentialPair[]) => void,
): Promise<Sent> {
  // Resolved first: when any reference fails, Graph is not even signed in to, let alone sent a partial set.
  const credentials = await credentialsToSend(inputs, session, endpoints);
  beforeSending(credentials);
  const sent: Sent = {
    fingerprints: singleUseFingerprints(salt, credentials),
    values: credentials.map((pair) => pair.value),
  };
  try {
    await session
      .graph(endpoints)
      .acquireAccessToken(targetOf(inputs.target), apiVersionOf(inputs.apiVersion), credentials);
  } catch (error) {
    // A single-use value Graph may have redeemed counts as sent, or the next up would send it again. Values that
    // may be sent twice need no record: the next up sends them again, harmlessly.
    if (error instanceof GraphError && error.mayHaveBeenApplied && sent.fingerprints !== undefined) {
      return { ...sent, unconfirmed: error };
    }
    throw error;
  }
  return sent;
}

/**
 * After an authorization whose answer was lost with a single-use value in it: `up` fails, but the resource keeps
 * the outputs of what was sent (a partial failure), the value's fingerprint among them, so that the next `up` refuses
 * to send it again and asks for a new one. `lastAuthorizedAt` stays the last one Graph confirmed (none after a
 * create); `unconfirmedAuthorizationAt` says when the unconfirmed one was sent. No connection test runs: its result
 * would be about an authorization that may not exist.
 */
function unconfirmedOutcome(
  inputs: CheckedInputs,
  endpoints: EndpointSettings,
  salt: string,
  sent: Sent,
  lastConfirmedAt: string | undefined,
): AuthorizationOutcome {
  const { lastAuthorizedAt: sentAt, ...unconfirmed } = outputsAfterAuthorization(inputs, endpoints, salt);
  const outputs: AuthorizationOutputs = {
    ...withSingleUse(unconfirmed, sent.fingerprints),
    ...(lastConfirmedAt !== undefined && { lastAuthorizedAt: lastConfirmedAt }),
    unconfirmedAuthorizationAt: sentAt,
  };
  return { outputs, warnings: [], failure: unconfirmedAuthorizationFailure(inputs.target, String(sent.unconfirmed)) };
}

function withSingleUse<T extends object>(outputs: T, sent: SingleUseFingerprints | undefined): T {
  return sent === undefined ? outputs : { ...outputs, singleUseFingerprints: sent };
}

function isFingerprintMap(value: unknown): value is SingleUseFingerprints {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === "string")
  );
}

/**
 * An update that does not authorize tests only when the job changed, or when a strict test failed before (the
 * engine retries a resource saved with a failed strict test; it should stay failed until the test passes).
 */
function testsAgainWithoutAuthorizing(old: Record<string, unknown>, news: CheckedInputs): boolean {
  const setting = news.testConnection;
  if (setting === undefined) {
    return false;
  }
  const last = storedConnectionTest(old);
  const strictFailure = setting.failUpOnFailure === true && last !== undefined && last.status !== "passed";
  return storedTestConnection(old)?.jobId !== setting.jobId || strictFailure;
}

/** The last test's result stays in the outputs while the same job is named. */
function withPreviousTest(
  outputs: AuthorizationOutputs,
  old: Record<string, unknown>,
  news: CheckedInputs,
): AuthorizationOutputs {
  const last = storedConnectionTest(old);
  if (news.testConnection === undefined || last === undefined || typeof old.lastTestedAt !== "string") {
    return outputs;
  }
  return { ...outputs, connectionTest: last, lastTestedAt: old.lastTestedAt };
}

async function testAfterUp(
  session: Session,
  endpoints: EndpointSettings,
  outputs: AuthorizationOutputs,
  inputs: CheckedInputs,
  held: HeldValues,
): Promise<AuthorizationOutcome> {
  const setting = inputs.testConnection;
  if (setting === undefined) {
    return outcomeOf(outputs, false);
  }
  const tested = await testConnection(session, endpoints, outputs, setting.jobId, "up", held);
  return outcomeOf(tested.outputs, setting.failUpOnFailure === true, tested.detail);
}
