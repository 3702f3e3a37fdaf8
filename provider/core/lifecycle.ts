/**
 * The lifecycle as any adapter runs it: plain data in (raw inputs, stored outputs, checked inputs) and out (checked
 * inputs and failures, a change plan, outputs, presence). Check and diff (all that preview runs) make no network call
 * and need no credential; create, update and read sign in. Write-only values are read only right before an
 * authorization is sent, and live only for that call.
 */
import type { EndpointSettings } from "../config/providerSettings";
import { apiVersionOf } from "../graph/apiVersion";
import { outputsAfterAuthorization } from "./authorizationOutputs";
import type { AuthorizationOutputs, CheckedInputs } from "./authorizationState";
import { newFingerprintSalt } from "./credentialFingerprint";
import { credentialsToSend } from "./credentialsToSend";
import { keyVaultHostFailures } from "./inputs/keyVaultHostFailures";
import { validateInputs, type InputValidation } from "./inputs/validateInputs";
import { planChange, type ChangePlan, type PlanContext } from "./planChange";
import { refuseRefreshElsewhere } from "./refreshGuard";
import type { Session } from "./session";
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
  await authorize(session, endpoints, inputs);
  return outputsAfterAuthorization(inputs, endpoints, newFingerprintSalt());
}

/**
 * Update: authorizes again when the plan says so, otherwise only refreshes the outputs (keeping the previous
 * `lastAuthorizedAt`): authorization codes are single-use, so Graph is never called without cause.
 */
export async function updateAuthorization(
  session: Session,
  old: Record<string, unknown>,
  news: CheckedInputs,
): Promise<AuthorizationOutputs> {
  const endpoints = session.endpoints();
  const plan = planChange(old, news, planContext(endpoints));
  const salt = typeof old.fingerprintSalt === "string" ? old.fingerprintSalt : newFingerprintSalt();
  if (!plan.authorize) {
    const previous = typeof old.lastAuthorizedAt === "string" ? old.lastAuthorizedAt : undefined;
    return outputsAfterAuthorization(news, endpoints, salt, previous);
  }
  await authorize(session, endpoints, news);
  return outputsAfterAuthorization(news, endpoints, salt);
}

async function authorize(session: Session, endpoints: EndpointSettings, inputs: CheckedInputs): Promise<void> {
  // Resolved first: when any reference fails, Graph is not even signed in to, let alone sent a partial set.
  const credentials = await credentialsToSend(inputs, session, endpoints);
  await session
    .graph(endpoints)
    .acquireAccessToken(targetOf(inputs.target), apiVersionOf(inputs.apiVersion), credentials);
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
