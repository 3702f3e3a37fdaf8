import { createHash } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { ConfigError } from "../config/configError";
import type { EndpointSettings } from "../config/providerSettings";
import { signInMaterial } from "../config/signInMaterial";
import type { SignInMethod, SignInSettings } from "../config/signInSettings";
import { createTokenCredential } from "./credentialFactory";
import { refreshTime } from "./refreshPolicy";
import { signInError } from "./signInError";

/** A bearer token for one scope, cached and renewed before it expires. */
export interface TokenSource {
  /** The bearer string (no `Bearer ` prefix). Concurrent callers share one token request. */
  getToken(): Promise<string>;
}

interface CachedToken {
  token: string;
  refreshAt: number;
}

/**
 * Caches one token, renews it at {@link refreshTime}, and lets concurrent callers share a single request
 * (single flight). A failed request is not cached: the next call tries again.
 */
export class CachingTokenSource implements TokenSource {
  private cached?: CachedToken;
  private inFlight?: Promise<string>;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly describeFailure: (error: unknown) => Error,
    private readonly now: () => number = Date.now,
  ) {}

  getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) {
      return Promise.resolve(this.cached.token);
    }
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<string> {
    const requestedAt = this.now();
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.scope);
    } catch (error) {
      throw error instanceof ConfigError ? error : this.describeFailure(error);
    }
    if (!token) {
      throw this.describeFailure(new Error("the credential returned no token"));
    }
    this.cached = {
      token: token.token,
      refreshAt: refreshTime(requestedAt, token.expiresOnTimestamp, token.refreshAfterTimestamp),
    };
    return token.token;
  }
}

/**
 * The credentials and token sources of one provider process, memoized by identity: every resource and every
 * reconfiguration in the process shares one sign-in per identity. Keyed by tenant, client, method, authority and a
 * hash of the method's material (see `signInMaterial`), so a changed secret gets a new credential and MSAL cache.
 */
export class TokenSources {
  private readonly tokenCredentials = new Map<string, TokenCredential>();
  private readonly sources = new Map<string, TokenSource>();

  /**
   * The token source for an identity and scope (default: the Graph scope of `endpoints`).
   *
   * @throws ConfigError when the credential cannot be built (e.g. a PFX that does not open); sign-in failures
   *   surface from getToken() as SignInError.
   */
  tokenSourceFor(
    settings: SignInSettings,
    endpoints: EndpointSettings,
    scope: string = endpoints.graphScope,
  ): TokenSource {
    const sourceKey = `${identityKey(settings, endpoints)}|${scope}`;
    let source = this.sources.get(sourceKey);
    if (source === undefined) {
      source = new CachingTokenSource(this.tokenCredentialFor(settings, endpoints), scope, (error) =>
        signInError(error, settings, endpoints),
      );
      this.sources.set(sourceKey, source);
    }
    return source;
  }

  /**
   * The memoized @azure/identity credential of an identity, for SDK clients that take a TokenCredential
   * (e.g. Key Vault). Its tokens share the MSAL cache with {@link tokenSourceFor}.
   */
  tokenCredentialFor(settings: SignInSettings, endpoints: EndpointSettings): TokenCredential {
    const key = identityKey(settings, endpoints);
    let tokenCredential = this.tokenCredentials.get(key);
    if (tokenCredential === undefined) {
      tokenCredential = createTokenCredential(settings, endpoints);
      this.tokenCredentials.set(key, tokenCredential);
    }
    return tokenCredential;
  }
}

function identityKey(settings: SignInSettings, endpoints: EndpointSettings): string {
  const method = settings.method;
  return JSON.stringify([
    settings.tenantId ?? "",
    settings.clientId ?? "",
    method.kind,
    method.kind === "oidcToken" ? method.getAssertion : "",
    endpoints.authorityHost,
    endpoints.custom,
    materialHash(method),
  ]);
}

/** Keeps secrets out of the key itself (keys may show up in a debugger or heap dump). */
function materialHash(method: SignInMethod): string {
  const { secrets, settings } = signInMaterial(method);
  const hash = createHash("sha256");
  for (const part of [...secrets, SECRETS_END, ...settings]) {
    hash.update(part);
    hash.update("\0");
  }
  return hash.digest("base64url");
}

/** Separates the secrets from the settings in the hashed material, so that no part can pass for one of the other. */
const SECRETS_END = "\u0001";
