import { createHash } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { ConfigError } from "../config/configError";
import type { EndpointSettings } from "../config/providerSettings";
import type { SignInMethod, SignInSettings } from "../config/signInSettings";
import { createCredential } from "./credentialFactory";
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

const credentials = new Map<string, TokenCredential>();
const tokenSources = new Map<string, TokenSource>();

/**
 * The token source for an identity and scope (default: the Graph scope of `endpoints`), shared by every resource
 * in this provider process. Memoized by tenant, client, method, authority and a hash of the credential material,
 * so a changed secret gets a new credential and MSAL cache.
 *
 * @throws ConfigError when the credential cannot be built (e.g. a PFX that does not open); sign-in failures
 *   surface from getToken() as SignInError.
 */
export function tokenSourceFor(
  settings: SignInSettings,
  endpoints: EndpointSettings,
  scope: string = endpoints.graphScope,
): TokenSource {
  const identity = identityKey(settings, endpoints);
  const sourceKey = `${identity}|${scope}`;
  let source = tokenSources.get(sourceKey);
  if (source === undefined) {
    source = new CachingTokenSource(credentialFor(settings, endpoints), scope, (error) =>
      signInError(error, settings, endpoints),
    );
    tokenSources.set(sourceKey, source);
  }
  return source;
}

/**
 * The memoized @azure/identity credential of an identity, for SDK clients that take a TokenCredential
 * (e.g. Key Vault). Its tokens share the MSAL cache with {@link tokenSourceFor}.
 */
export function credentialFor(settings: SignInSettings, endpoints: EndpointSettings): TokenCredential {
  const key = identityKey(settings, endpoints);
  let credential = credentials.get(key);
  if (credential === undefined) {
    credential = createCredential(settings, endpoints);
    credentials.set(key, credential);
  }
  return credential;
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
  const hash = createHash("sha256");
  for (const part of materialOf(method)) {
    hash.update(part);
    hash.update("\0");
  }
  return hash.digest("base64url");
}

function materialOf(method: SignInMethod): Array<string | Buffer> {
  switch (method.kind) {
    case "clientSecret":
      return [method.clientSecret];
    case "clientCertificate":
      return [method.certificate, method.certificatePassword ?? ""];
    case "oidcToken":
      switch (method.getAssertion) {
        case "static":
          return [method.token];
        case "file":
          return [method.tokenFilePath];
        case "github":
          return [method.requestUrl, method.requestToken];
        case "azurePipelines":
          return [method.serviceConnectionId, method.systemAccessToken];
      }
    case "managedIdentity":
      return [method.msiEndpoint ?? ""];
    case "azureCli":
      return [];
  }
}
