import type { GetTokenOptions, TokenCredential } from "@azure/identity";
import type { SecretClient } from "@azure/keyvault-secrets";
import { SETTINGS, configKey } from "../config/configKeys";
import { userAgent } from "../graph/userAgent";
import {
  keyVaultHostProblem,
  keyVaultScopesFor,
  needsChallengeResourceVerificationOff,
  type KeyVaultCloud,
  type KeyVaultSecretLocation,
} from "./credentialReference";
import { CredentialSourceError } from "./writeOnlyCredentialError";

export interface KeyVaultSecretReaderOptions {
  /** The identity that signs in to Graph (`tokenCredentialFor`), so the vault grants the same principal as Graph does. */
  tokenCredential: TokenCredential;
  /** The clients of the process, one per identity and vault. */
  clients: SecretClients;
  cloud: KeyVaultCloud;
  /** Who reads, for the 403 hint, e.g. `client 1234… in tenant 9b2d…`. */
  identity: string;
  /** Retries of throttled or failed requests (the SDK's own policy). */
  maxRetries: number;
  /** Ends the read (and its retries) when the operation's deadline passes. */
  abortSignal?: AbortSignal;
  /**
   * Turns a failure to get a token for `scope` into an error whose message holds no secret (see `signInError`).
   */
  describeSignInFailure(error: unknown, scope: string): Error;
}

/**
 * A function that reads one Key Vault secret's value with @azure/keyvault-secrets, or throws
 * {@link CredentialSourceError} whose reason says what to fix, never a value or a token.
 */
export function keyVaultSecretReader(
  options: KeyVaultSecretReaderOptions,
): (location: KeyVaultSecretLocation) => Promise<string> {
  return async (location) => {
    // The check of the reference text runs before any read too; this keeps a caller that skipped it from sending
    // a token to a host outside the cloud and the allow-list.
    const hostProblem = keyVaultHostProblem(location, options.cloud);
    if (hostProblem !== undefined) {
      throw new CredentialSourceError(`the reference ${hostProblem}; nothing was sent to it`);
    }
    const client = options.clients.clientFor(location, options);
    let value: string | undefined;
    try {
      const secret = await client.getSecret(location.name, {
        ...(location.version !== undefined && { version: location.version }),
        abortSignal: options.abortSignal,
      });
      value = secret.value;
    } catch (error) {
      throw new CredentialSourceError(failureReason(error, location, options));
    }
    if (value === undefined) {
      throw new CredentialSourceError("Key Vault returned the secret without a value: set a value in Key Vault");
    }
    return value;
  };
}

/**
 * The SecretClients of one provider process: one per identity and vault, so a bearer challenge is answered once per
 * vault and process rather than once per resource. Keyed weakly by the identity's credential: a changed identity
 * gets new clients.
 */
export class SecretClients {
  private readonly byIdentity = new WeakMap<TokenCredential, Map<string, SecretClient>>();

  clientFor(location: KeyVaultSecretLocation, options: KeyVaultSecretReaderOptions): SecretClient {
    const verificationOff = needsChallengeResourceVerificationOff(location, options.cloud);
    const key = JSON.stringify([location.vaultUrl, verificationOff, options.maxRetries]);
    let perVault = this.byIdentity.get(options.tokenCredential);
    if (perVault === undefined) {
      perVault = new Map();
      this.byIdentity.set(options.tokenCredential, perVault);
    }
    let client = perVault.get(key);
    if (client === undefined) {
      const credential = keyVaultScopesOnly(options.tokenCredential, keyVaultScopesFor(location, options.cloud));
      client = new (keyVaultSecrets().SecretClient)(location.vaultUrl, credential, {
        // Only for a vault host named in syncauth:keyVaultHosts outside the cloud's suffix: the SDK would refuse the
        // challenge of such a host. Real vaults keep the check that the token's audience matches their domain; the
        // scope guard above holds for both.
        disableChallengeResourceVerification: verificationOff,
        retryOptions: { maxRetries: options.maxRetries },
        userAgentOptions: { userAgentPrefix: userAgent() },
      });
      perVault.set(key, client);
    }
    return client;
  }
}

/** The Key Vault SDK, loaded when a first vault is read: most stacks never read one, and it is slow to load. */
function keyVaultSecrets(): typeof import("@azure/keyvault-secrets") {
  return require("@azure/keyvault-secrets") as typeof import("@azure/keyvault-secrets");
}

/** Thrown instead of asking for a token whose scope is not a Key Vault scope. */
export class KeyVaultScopeRefused extends Error {
  constructor() {
    super("the vault's challenge asked for a token that is not a Key Vault scope; none was requested");
    this.name = "KeyVaultScopeRefused";
  }
}

/**
 * The identity as the SDK may use it: tokens only for `allowed` scopes. A vault's challenge chooses the scope, so a
 * host that names Graph's resource would otherwise receive a Graph token.
 */
function keyVaultScopesOnly(credential: TokenCredential, allowed: readonly string[]): TokenCredential {
  return {
    getToken(scopes: string | string[], getTokenOptions?: GetTokenOptions) {
      const asked = Array.isArray(scopes) ? scopes : [scopes];
      if (asked.length === 0 || !asked.every((scope) => allowed.includes(scope))) {
        return Promise.reject(new KeyVaultScopeRefused());
      }
      return credential.getToken(scopes, getTokenOptions);
    },
  };
}

interface SdkError {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
}

/** Key Vault error codes are short identifiers; anything else is not shown. */
const ERROR_CODE = /^[A-Za-z][\w.]{0,63}$/;

/**
 * The scope the SDK asks a token for: the resource named by the vault's challenge, which is the cloud's Key Vault
 * resource for a vault under the cloud's suffix and the vault's own origin for a listed host (emulator, private).
 */
function tokenScope(location: KeyVaultSecretLocation, cloud: KeyVaultCloud): string {
  const scopes = keyVaultScopesFor(location, cloud);
  return scopes[scopes.length - 1];
}

function failureReason(error: unknown, location: KeyVaultSecretLocation, options: KeyVaultSecretReaderOptions): string {
  if (error instanceof KeyVaultScopeRefused || (error as SdkError | undefined)?.name === "KeyVaultScopeRefused") {
    return (
      "the vault's authentication challenge asked for a token that is not a Key Vault scope, so no token was " +
      "requested or sent; check the vault URL"
    );
  }
  const sdkError = (typeof error === "object" && error !== null ? error : {}) as SdkError;
  const code = typeof sdkError.code === "string" && ERROR_CODE.test(sdkError.code) ? sdkError.code : undefined;
  const answer = (status: number) => `Key Vault answered ${status}${code !== undefined ? ` ${code}` : ""}`;
  const secret = `${JSON.stringify(location.name)}${location.version !== undefined ? ` version ${location.version}` : ""}`;
  if (typeof sdkError.statusCode === "number") {
    switch (sdkError.statusCode) {
      case 404:
        return (
          `${answer(404)}: the vault has no secret ${secret}; check the name` +
          `${location.version !== undefined ? " and version" : ""} in the reference, and that the secret is not deleted`
        );
      case 403:
        return (
          `${answer(403)}: ${options.identity} may not read the secret; grant it the "Key Vault Secrets User" role ` +
          "on the secret or vault (or a Get secrets access policy), and check the vault's network rules"
        );
      case 401:
        return (
          `${answer(401)}: the vault refused the token; the vault must belong to the tenant the provider signs in ` +
          "to, in the configured cloud"
        );
      default:
        return `${answer(sdkError.statusCode)} reading secret ${secret}`;
    }
  }
  if (sdkError.name === "AbortError") {
    return `reading the secret did not finish before the operation's deadline (${configKey(SETTINGS.operationTimeoutSeconds)})`;
  }
  if (sdkError.name === "RestError") {
    return `the vault could not be reached${code !== undefined ? ` (${code})` : ""}; check the vault URL and the network`;
  }
  if (typeof sdkError.message === "string" && /challenge resource .* does not match/.test(sdkError.message)) {
    return (
      "the vault's authentication challenge names a resource outside the vault's own domain, so no token was " +
      "sent; check the vault URL"
    );
  }
  return `signing in to read the secret failed: ${options.describeSignInFailure(error, tokenScope(location, options.cloud)).message}`;
}
