/**
 * The lifecycle as any adapter runs it: plain data in (raw inputs, stored outputs, checked inputs) and out (checked
 * inputs and failures, a change plan, outputs, presence). Check and diff (all that preview runs) make no network call
 * and need no credential; create, update and read sign in. Write-only values are read only right before an
 * authorization is sent, and live only for that call.
 */
import type { EndpointSettings } from "../config/providerSettings";
import { apiVersionOf } from "../graph/apiVersion";
import type { CredentialPair } from "../graph/credentialPair";
import { outputsAfterAuthorization } from "./authorizationOutputs";
import type { AuthorizationOutputs, CheckedInputs } from "./authorizationState";
import { newFingerprintSalt } from "./credentialFingerprint";
import { credentialsToSend } from "./credentialsToSend";
import { keyVaultHostFailures } from "./inputs/keyVaultHostFailures";
import { validateInputs, type InputValidation } from "./inputs/validateInputs";
import { planChange, type ChangePlan, type PlanContext } from "./planChange";
import { refuseRefreshElsewhere } from "./refreshGuard";
import type { Session } from "./session";
import {
  SingleUseValueAlreadySentError,
  alreadySentSingleUseKeys,
  singleUseFingerprints,
  type SingleUseFingerprints,
} from "./singleUseValues";
import { targetOf } from "./target";

/**
 * Check (preview and up): the raw inputs validated and normalized, then the Key Vault host rule applied to the
 * references' text. Reads no reference, signs in nowhere; the endpoints are resolved only for a vault reference.
 * `inputs` is set exactly when `failures` is empty; warnings name keys, never values.
 */
export function checkInputs(session: Session, raw: Record<string, unknown>): InputValidation {
  const validation = validateInputs(raw);
  if (validation.inputs === undefined) {
    return validation;
  }
  const vaultFailures = keyVaultHostFailures(validation.inputs, () => session.endpoints());
  return vaultFailures.length > 0 ? { failures: vaultFailures, warnings: validation.warnings } : validation;
}

/** Where the provider would send an authorization now, and when "now" is: what {@link planChange} compares with. */
export function planContext(endpoints: EndpointSettings, now: Date = new Date()): PlanContext {
  return { cloud: endpoints.cloud, graphEndpoint: endpoints.graphRoot, now };
}

/** Diff (preview and up): what changes and why, from the stored outputs and the checked inputs. No I/O. */
export function previewChange(session: Session, old: Record<string, unknown>, news: CheckedInputs): ChangePlan {
  return planChange(old, news, planContext(session.endpoints()));
}

/** Create: authorizes the target. Its id is `outputs.target`. */
export async function createAuthorization(session: Session, inputs: CheckedInputs): Promise<AuthorizationOutputs> {
  const endpoints = session.endpoints();
  const salt = newFingerprintSalt();
  const sent = await authorize(session, endpoints, inputs, salt, () => {});
  return withSingleUse(outputsAfterAuthorization(inputs, endpoints, salt), sent);
}

/**
 * Update: authorizes again when the plan says so, otherwise only refreshes the outputs (keeping the previous
 * `lastAuthorizedAt`): authorization codes are single-use, so Graph is never called without cause. An authorization
 * that would re-send a single-use value already sent (by its fingerprint in state) is refused before Graph.
 */
export async function updateAuthorization(
  session: Session,
  old: Record<string, unknown>,
  news: CheckedInputs,
): Promise<AuthorizationOutputs> {
  const endpoints = session.endpoints();
  const plan = planChange(old, news, planContext(endpoints));
  const salt = typeof old.fingerprintSalt === "string" ? old.fingerprintSalt : newFingerprintSalt();
  const previous = typeof old.lastAuthorizedAt === "string" ? old.lastAuthorizedAt : undefined;
  if (!plan.authorize) {
    // The plain credentials are the ones last sent (their fingerprint matched), so their single-use values count
    // as sent even when older state kept no per-key fingerprint.
    const kept = isFingerprintMap(old.singleUseFingerprints)
      ? old.singleUseFingerprints
      : singleUseFingerprints(salt, news.credentials);
    return withSingleUse(outputsAfterAuthorization(news, endpoints, salt, previous), kept);
  }
  const sent = await authorize(session, endpoints, news, salt, (credentials) => {
    const repeated = alreadySentSingleUseKeys(salt, old.singleUseFingerprints, credentials);
    if (repeated.length > 0) {
      throw new SingleUseValueAlreadySentError(news.target, repeated, previous);
    }
  });
  return withSingleUse(outputsAfterAuthorization(news, endpoints, salt), sent);
}

/**
 * Reads the values, lets `beforeSending` refuse them, sends them; answers the fingerprints of the single-use values
 * sent.
 */
async function authorize(
  session: Session,
  endpoints: EndpointSettings,
  inputs: CheckedInputs,
  salt: string,
  beforeSending: (credentials: CredentialPair[]) => void,
): Promise<SingleUseFingerprints | undefined> {
  // Resolved first: when any reference fails, Graph is not even signed in to, let alone sent a partial set.
  const credentials = await credentialsToSend(inputs, session, endpoints);
  beforeSending(credentials);
  await session
    .graph(endpoints)
    .acquireAccessToken(targetOf(inputs.target), apiVersionOf(inputs.apiVersion), credentials);
  return singleUseFingerprints(salt, credentials);
}

function withSingleUse(outputs: AuthorizationOutputs, sent: SingleUseFingerprints | undefined): AuthorizationOutputs {
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
 * Read (refresh): whether the authorized target still exists. "absent" means the resource leaves state (the next
 * `up` authorizes again); a refresh against another Graph endpoint than the one that authorized is refused.
 */
export async function readTarget(
  session: Session,
  id: string,
  state: Record<string, unknown>,
): Promise<"present" | "absent"> {
  const endpoints = session.endpoints();
  const target = targetOf(typeof state.target === "string" ? state.target : id);
  refuseRefreshElsewhere(target, state, endpoints);
  return session.graph(endpoints).getDirectoryObject(target, apiVersionOf(state.apiVersion));
}
