import * as fs from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import {
  ConfigSource,
  EndpointSettings,
  resolveClientSettings,
  resolveEndpointSettings,
  resolveSignInSettings,
} from "../config/providerSettings";
import { tokenSourceFor } from "../auth/tokenSource";
import type { SignInSettings } from "../config/signInSettings";
import { GraphClient } from "../graph/graphClient";
import { credentialsToSend } from "../writeOnly/credentialsToSend";
import { keyVaultHostFailures } from "../writeOnly/keyVaultHostFailures";
import type { CheckedInputs } from "./authorizationState";
import { outputsAfterAuthorization } from "./authorizationOutputs";
import { parseTarget } from "./authorizationTarget";
import { newFingerprintSalt } from "./credentialFingerprint";
import { planDiff } from "./planDiff";
import { refuseRefreshElsewhere } from "./refreshGuard";
import { validateInputs } from "./validateInputs";

/**
 * The lifecycle as the dynamic-provider host runs it. Everything here runs in the provider process: the stack's
 * configuration arrives through `configure`, and sign-in happens only in create, update and read — check and diff
 * (all that preview runs) make no network call and need no credentials. Write-only credentials are read only right
 * before an authorization is sent (create, or an update that authorizes), and their values live only for that call.
 */

const EMPTY_CONFIG: ConfigSource = { get: () => undefined };
let config: ConfigSource = EMPTY_CONFIG;
/** Built on first use after `configure`, then shared by every resource: one sign-in resolution per process. */
let graph: GraphClient | undefined;

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  config = req.config;
  graph = undefined;
}

export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const result = validateInputs(news);
  for (const warning of result.warnings) {
    // Provider output reaches the CLI attached to the resource; warnings name keys, never values.
    console.log(`warning: ${warning}`);
  }
  if (result.failures.length > 0 || result.inputs === undefined) {
    return { inputs: news, failures: result.failures };
  }
  const vaultFailures = keyVaultHostFailures(result.inputs, () => resolveEndpointSettings(config, process.env));
  if (vaultFailures.length > 0) {
    return { inputs: news, failures: vaultFailures };
  }
  return { inputs: result.inputs };
}

export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: CheckedInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const endpoints = resolveEndpointSettings(config, process.env);
  const plan = planDiff(olds, news, { cloud: endpoints.cloud, graphEndpoint: endpoints.graphRoot, now: new Date() });
  if (plan.authorize && plan.reasons.length > 0) {
    // The engine shows which inputs changed, but not why an unchanged resource re-authorizes; say it.
    console.log(`${news.target}: will authorize again: ${plan.reasons.join("; ")}`);
  }
  return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.deleteBeforeReplace };
}

export async function create(inputs: CheckedInputs): Promise<pulumi.dynamic.CreateResult> {
  const endpoints = resolveEndpointSettings(config, process.env);
  await authorize(endpoints, inputs);
  return { id: inputs.target, outs: outputsAfterAuthorization(inputs, endpoints, newFingerprintSalt()) };
}

export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: CheckedInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  const endpoints = resolveEndpointSettings(config, process.env);
  const plan = planDiff(olds, news, { cloud: endpoints.cloud, graphEndpoint: endpoints.graphRoot, now: new Date() });
  const salt = typeof olds.fingerprintSalt === "string" ? olds.fingerprintSalt : newFingerprintSalt();
  if (!plan.authorize) {
    const previous = typeof olds.lastAuthorizedAt === "string" ? olds.lastAuthorizedAt : undefined;
    return { outs: outputsAfterAuthorization(news, endpoints, salt, previous) };
  }
  await authorize(endpoints, news);
  return { outs: outputsAfterAuthorization(news, endpoints, salt) };
}

/** Refresh: the resource leaves state when its target no longer exists (the next `up` authorizes again). */
export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
  const endpoints = resolveEndpointSettings(config, process.env);
  const target = parseTarget(typeof props.target === "string" ? props.target : id);
  refuseRefreshElsewhere(target, props, endpoints);
  const apiVersion = props.apiVersion === "beta" ? "beta" : "v1.0";
  const presence = await graphClient(endpoints).getDirectoryObject(target, apiVersion);
  return presence === "absent" ? { id: "", props: {} } : { id, props };
}

/** Graph has no way to withdraw an authorization: destroying the resource only forgets it (see README). */
export async function remove(): Promise<void> {}

async function authorize(endpoints: EndpointSettings, inputs: CheckedInputs): Promise<void> {
  const apiVersion = inputs.apiVersion === "beta" ? "beta" : "v1.0";
  // Resolved first: when any reference fails, Graph is not even signed in to, let alone sent a partial set.
  const credentials = await credentialsToSend(inputs, {
    endpoints,
    client: resolveClientSettings(config, process.env),
    env: process.env,
    signIn: signInSettings,
  });
  await graphClient(endpoints).acquireAccessToken(parseTarget(inputs.target), apiVersion, credentials);
}

function signInSettings(): SignInSettings {
  return resolveSignInSettings(config, process.env, (file) => fs.readFileSync(file));
}

/** `endpoints` are resolved from the same configuration every time, so the first call's serve all. */
function graphClient(endpoints: EndpointSettings): GraphClient {
  graph ??= new GraphClient({
    endpoints,
    client: resolveClientSettings(config, process.env),
    tokens: tokenSourceFor(signInSettings(), endpoints),
  });
  return graph;
}
