import type { TokenCredential } from "@azure/identity";
import { signInError } from "../../auth/signInError";
import { ConfigError, type EndpointSettings, type SignInSettings } from "../../config/providerSettings";
import type { CredentialPair } from "../../graph/credentialPair";
import type { KeyVaultSecretLocation } from "../../writeOnly/credentialReference";
import { keyVaultSecretReader } from "../../writeOnly/keyVaultSecretReader";
import { resolveCredentialReferences } from "../../writeOnly/resolveCredentialReferences";
import { CredentialSourceError } from "../../writeOnly/writeOnlyCredentialError";
import type { CheckedInputs } from "./authorizationState";
import type { Session } from "../../core/session";

/**
 * The `credentials` pairs followed by the write-only ones, their values read now, all or nothing: the caller sends
 * nothing to Graph when any reference fails.
 */
export async function credentialsToSend(
  inputs: CheckedInputs,
  session: Session,
  endpoints: EndpointSettings,
): Promise<CredentialPair[]> {
  const references = inputs.writeOnlyCredentials ?? [];
  if (references.length === 0) {
    return inputs.credentials;
  }
  const client = session.clientSettings();
  const abortSignal = AbortSignal.timeout(client.operationDeadlineMs);
  let readSecret: ((location: KeyVaultSecretLocation) => Promise<string>) | undefined;
  const resolved = await resolveCredentialReferences(references, {
    env: session.env,
    cloud: endpoints,
    readKeyVaultSecret(location) {
      // Sign-in settings are read only when a Key Vault reference is, like for Graph: a stack that references only
      // variables and files needs no Key Vault access.
      readSecret ??= keyVaultReader(session, endpoints, client.maxRetries, abortSignal);
      return readSecret(location);
    },
  });
  return [...inputs.credentials, ...resolved];
}

function keyVaultReader(
  session: Session,
  endpoints: EndpointSettings,
  maxRetries: number,
  abortSignal: AbortSignal,
): (location: KeyVaultSecretLocation) => Promise<string> {
  let signIn: SignInSettings;
  let tokenCredential: TokenCredential;
  try {
    signIn = session.signInSettings();
    // The same identity and cloud as Graph: one principal to grant, one sign-in configuration to keep.
    tokenCredential = session.tokenCredential(signIn, endpoints);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    // ConfigError messages name keys and variables, never values.
    const reason = `signing in to read the secret is not possible: ${error.message}`;
    return () => Promise.reject(new CredentialSourceError(reason));
  }
  return keyVaultSecretReader({
    tokenCredential,
    clients: session.shared.secretClients,
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
