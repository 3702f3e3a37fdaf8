import type { TokenCredential } from "@azure/identity";
import { credentialFor } from "../auth/tokenSource";
import { signInError } from "../auth/signInError";
import { ConfigError, type ClientSettings, type EndpointSettings } from "../config/providerSettings";
import type { SignInSettings } from "../config/signInSettings";
import type { CheckedInputs, CredentialPair } from "../lifecycle/authorizationState";
import type { KeyVaultSecretLocation } from "./credentialReference";
import { keyVaultSecretReader } from "./keyVaultSecretReader";
import { resolveCredentialReferences } from "./resolveCredentialReferences";
import { CredentialSourceError } from "./writeOnlyCredentialError";

export interface CredentialsToSendContext {
  endpoints: EndpointSettings;
  client: ClientSettings;
  env: Record<string, string | undefined>;
  /** Resolves sign-in settings; called only when a Key Vault reference needs them. */
  signIn: () => SignInSettings;
}

/**
 * The `credentials` pairs followed by the write-only ones, their values read now, all or nothing: the caller sends
 * nothing to Graph when any reference fails.
 */
export async function credentialsToSend(
  inputs: CheckedInputs,
  context: CredentialsToSendContext,
): Promise<CredentialPair[]> {
  const writeOnly = inputs.writeOnlyCredentials ?? [];
  if (writeOnly.length === 0) {
    return inputs.credentials;
  }
  const abortSignal = AbortSignal.timeout(context.client.operationDeadlineMs);
  let readSecret: ((location: KeyVaultSecretLocation) => Promise<string>) | undefined;
  const resolved = await resolveCredentialReferences(writeOnly, {
    env: context.env,
    cloud: context.endpoints,
    readKeyVaultSecret(location) {
      // Sign-in settings are read only when a Key Vault reference is, like for Graph: a stack that references only
      // variables and files needs no Key Vault access.
      readSecret ??= keyVaultReader(context, abortSignal);
      return readSecret(location);
    },
  });
  return [...inputs.credentials, ...resolved];
}

function keyVaultReader(
  context: CredentialsToSendContext,
  abortSignal: AbortSignal,
): (location: KeyVaultSecretLocation) => Promise<string> {
  const { endpoints } = context;
  let signIn: SignInSettings;
  let credential: TokenCredential;
  try {
    signIn = context.signIn();
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
    maxRetries: context.client.maxRetries,
    abortSignal,
    describeSignInFailure: (error, scope) => signInError(error, signIn, { ...endpoints, graphScope: scope }),
  });
}

function describeIdentity(signIn: SignInSettings): string {
  const who = signIn.clientId !== undefined ? `client ${signIn.clientId}` : `the identity chosen by ${signIn.chosenBy}`;
  return signIn.tenantId !== undefined ? `${who} in tenant ${signIn.tenantId}` : who;
}
