import * as fs from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import type { TokenCredential } from "@azure/identity";
import {
  ConfigError,
  ConfigSource,
  EndpointSettings,
  resolveClientSettings,
  resolveEndpointSettings,
  resolveSignInSettings,
} from "../config/providerSettings";
import { credentialFor, tokenSourceFor } from "../auth/tokenSource";
import { signInError } from "../auth/signInError";
import type { SignInSettings } from "../config/signInSettings";
import { GraphClient, Target } from "../graph/graphClient";
import {
  keyVaultHostProblem,
  parseKeyVaultSecretUrl,
  type KeyVaultSecretLocation,
} from "../writeOnly/credentialReference";
import { keyVaultSecretReader } from "../writeOnly/keyVaultSecretReader";
import { resolveCredentialReferences } from "../writeOnly/resolveCredentialReferences";
import { CredentialSourceError } from "../writeOnly/writeOnlyCredentialError";
import { AuthorizationOutputs, CheckedInputs, CredentialPair, UNKNOWN_VALUE } from "./authorizationState";
import { credentialFingerprint, newFingerprintSalt } from "./credentialFingerprint";
import { planDiff } from "./planDiff";
import { propertyPath, validateInputs } from "./validateInputs";

/**
 * The lifecycle as the dynamic-provider host runs it. Everything here runs in the provider process: the stack's
 * configuration arrives through `configure`, and sign-in happens only in create, update and read — check and diff
 * (all that preview runs) make no network call and need no credentials. Write-only credentials are read only right
 * before an authorization is sent (create, or an update that authorizes), and their values live only for that call.
 */

const EMPTY_CONFIG: ConfigSource = { get: () => undefined };
let config: ConfigSource = EMPTY_CONFIG;
const graphClients = new Map<string, GraphClient>();

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  config = req.config;
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
  const vaultFailures = keyVaultHostFailures(result.inputs);
  if (vaultFailures.length > 0) {
    return { inputs: news, failures: vaultFailures };
  }
  return { inputs: result.inputs };
}

/**
 * Preview refuses a vault outside the configured cloud (see `keyVaultHostProblem`) from the reference text alone:
 * nothing is read and nobody signs in.
 */
function keyVaultHostFailures(inputs: CheckedInputs): pulumi.dynamic.CheckFailure[] {
  const vaultReferences = (inputs.writeOnlyCredentials ?? []).flatMap((credential) =>
    "fromKeyVault" in credential && credential.fromKeyVault !== UNKNOWN_VALUE
      ? [{ key: credential.key, url: credential.fromKeyVault }]
      : [],
  );
  if (vaultReferences.length === 0) {
    return [];
  }
  const endpoints = resolveEndpointSettings(config, process.env);
  return vaultReferences.flatMap(({ key, url }) => {
    const location = parseKeyVaultSecretUrl(url);
    const problem = "problem" in location ? location.problem : keyVaultHostProblem(location, endpoints);
    return problem === undefined
      ? []
      : [{ property: `${propertyPath("writeOnlyCredentials", key)}.fromKeyVault`, reason: problem }];
  });
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

/**
 * Graph answers 404 for an object of another cloud or endpoint just as for a deleted one, so a refresh after a
 * mistaken `syncauth:cloud` or `graphEndpoint` would silently drop every resource from state. Refuse instead: the
 * next `up` re-authorizes in the new cloud (diff treats a cloud change as a change), or the setting is put back.
 */
function refuseRefreshElsewhere(target: Target, props: Record<string, unknown>, endpoints: EndpointSettings): void {
  const authorizedAt = typeof props.graphEndpoint === "string" ? props.graphEndpoint : undefined;
  if (authorizedAt === undefined || sameEndpoint(authorizedAt, endpoints.graphRoot)) {
    return;
  }
  throw new Error(
    `Cannot refresh ${target.kind}/${target.objectId}: it was authorized through ${authorizedAt}` +
      `${typeof props.cloud === "string" ? ` (cloud ${props.cloud})` : ""}, but the stack now points at ` +
      `${endpoints.graphRoot} (cloud ${endpoints.cloud}). A missing object there would ` +
      `wrongly remove it from state. Run \`pulumi up\` to authorize it in the new cloud, or restore syncauth:cloud / ` +
      `syncauth:graphEndpoint.`,
  );
}

function sameEndpoint(a: string, b: string): boolean {
  const normalize = (url: string) => url.replace(/\/+$/, "").toLowerCase();
  return normalize(a) === normalize(b);
}

/** Graph has no way to withdraw an authorization: destroying the resource only forgets it (see README). */
export async function remove(): Promise<void> {}

async function authorize(endpoints: EndpointSettings, inputs: CheckedInputs): Promise<void> {
  const apiVersion = inputs.apiVersion === "beta" ? "beta" : "v1.0";
  // Resolved first: when any reference fails, Graph is not even signed in to, let alone sent a partial set.
  const credentials = await credentialsToSend(endpoints, inputs);
  await graphClient(endpoints).acquireAccessToken(parseTarget(inputs.target), apiVersion, credentials);
}

/** The `credentials` pairs followed by the write-only ones, their values read now. */
async function credentialsToSend(endpoints: EndpointSettings, inputs: CheckedInputs): Promise<CredentialPair[]> {
  const writeOnly = inputs.writeOnlyCredentials ?? [];
  if (writeOnly.length === 0) {
    return inputs.credentials;
  }
  const client = resolveClientSettings(config, process.env);
  const abortSignal = AbortSignal.timeout(client.operationDeadlineMs);
  let readSecret: ((location: KeyVaultSecretLocation) => Promise<string>) | undefined;
  const resolved = await resolveCredentialReferences(writeOnly, {
    env: process.env,
    cloud: endpoints,
    readKeyVaultSecret(location) {
      // Sign-in settings are read only when a Key Vault reference is, like for Graph: a stack that references only
      // variables and files needs no Key Vault access.
      readSecret ??= keyVaultReader(endpoints, client.maxRetries, abortSignal);
      return readSecret(location);
    },
  });
  return [...inputs.credentials, ...resolved];
}

function keyVaultReader(
  endpoints: EndpointSettings,
  maxRetries: number,
  abortSignal: AbortSignal,
): (location: KeyVaultSecretLocation) => Promise<string> {
  let signIn: SignInSettings;
  let credential: TokenCredential;
  try {
    signIn = signInSettings();
    // The same identity and cloud as Graph: one principal to grant, one sign-in configuration to keep.
    credential = credentialFor(signIn, endpoints);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    // ConfigError messages name keys and variables, never values.
    const reason = `signing in to read the secret is not possible: ${error.message}`;
    return () => Promise.reject(new CredentialSourceError(reason));
  }
  return keyVaultSecretReader({
    credential,
    cloud: endpoints,
    identity: describeIdentity(signIn),
    maxRetries,
    abortSignal,
    describeSignInFailure: (error, scope) => signInError(error, signIn, { ...endpoints, graphScope: scope }),
  });
}

function describeIdentity(signIn: SignInSettings): string {
  const who = signIn.clientId !== undefined ? `client ${signIn.clientId}` : `the identity chosen by ${signIn.chosenBy}`;
  return signIn.tenantId !== undefined ? `${who} in tenant ${signIn.tenantId}` : who;
}

function signInSettings(): SignInSettings {
  return resolveSignInSettings(config, process.env, (file) => fs.readFileSync(file));
}

function graphClient(endpoints: EndpointSettings): GraphClient {
  const signIn = signInSettings();
  const client = resolveClientSettings(config, process.env);
  const key = JSON.stringify([endpoints.graphRoot, endpoints.authorityHost, signIn.tenantId, signIn.clientId, client]);
  let graph = graphClients.get(key);
  if (graph === undefined) {
    graph = new GraphClient({ endpoints, client, tokens: tokenSourceFor(signIn, endpoints) });
    graphClients.set(key, graph);
  }
  return graph;
}

function parseTarget(target: string): Target {
  const [kind, objectId] = target.split("/");
  if ((kind !== "servicePrincipals" && kind !== "applications") || !objectId) {
    throw new Error(`Unexpected target "${target}": expected servicePrincipals/<id> or applications/<id>.`);
  }
  return { kind, objectId };
}

function outputsAfterAuthorization(
  inputs: CheckedInputs,
  endpoints: EndpointSettings,
  salt: string,
  lastAuthorizedAt: string = new Date().toISOString(),
): AuthorizationOutputs {
  return {
    target: inputs.target,
    ...(inputs.servicePrincipalId !== undefined && { servicePrincipalId: inputs.servicePrincipalId }),
    ...(inputs.applicationId !== undefined && { applicationId: inputs.applicationId }),
    apiVersion: inputs.apiVersion === "beta" ? "beta" : "v1.0",
    cloud: endpoints.cloud,
    graphEndpoint: endpoints.graphRoot,
    credentialKeys: [
      ...inputs.credentials.map((pair) => pair.key),
      ...(inputs.writeOnlyCredentials ?? []).map((credential) => credential.key),
    ].sort(),
    credentialFingerprint: credentialFingerprint(salt, inputs.credentials),
    fingerprintSalt: salt,
    ...(inputs.writeOnlyCredentials !== undefined && { writeOnlyCredentials: inputs.writeOnlyCredentials }),
    ...(inputs.writeOnlyCredentialsVersion !== undefined && {
      writeOnlyCredentialsVersion: inputs.writeOnlyCredentialsVersion,
    }),
    ...(inputs.triggers !== undefined && { triggers: inputs.triggers }),
    ...(inputs.reauthorizeAfter !== undefined && { reauthorizeAfter: inputs.reauthorizeAfter }),
    lastAuthorizedAt,
  };
}
