import { randomBytes, randomUUID } from "node:crypto";
import { SignJWT, generateKeyPair, type KeyLike } from "jose";
import { headerValue, jsonResponse, type EmulatorRequest, type EmulatorResponse } from "./exchange";
import {
  FEDERATED_TOKEN_AUDIENCE,
  GITHUB_ACTIONS_ISSUER,
  azurePipelinesIssuer,
  azurePipelinesSubject,
  type AzurePipelinesIssuerSeed,
} from "./fixture";

export const AZURE_PIPELINES_OIDC_API_VERSION = "7.1";

/** What a test asks {@link OidcIssuers.mintFederatedToken} for; defaults give a token the demo client accepts. */
export interface FederatedTokenRequest {
  /** Issuer URL; default the GitHub-Actions-like issuer. */
  issuer?: string;
  subject?: string;
  audience?: string;
  /** Negative values give an already expired token. Default 300. */
  expiresInSeconds?: number;
  /** Sign with a key no issuer publishes, to provoke a signature failure. */
  untrustedSignature?: boolean;
}

/**
 * The two CI token issuers workload identity federation trusts in tests: GitHub-Actions-like (`GET` with
 * `audience`, answers `{value}`) and Azure-Pipelines-like (`POST` with `serviceConnectionId`, answers `{oidcToken}`).
 */
export class OidcIssuers {
  /** Bearer token a GitHub job gets as ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly githubRequestToken = randomBytes(24).toString("base64url");
  /** Bearer token an Azure Pipelines job gets as System.AccessToken. */
  readonly azurePipelinesSystemAccessToken = randomBytes(24).toString("base64url");
  readonly azurePipelinesIssuer: string;

  private constructor(
    /** Per issuer URL: the private key it signs with and the public key Entra verifies with. */
    private readonly keys: Map<string, { privateKey: KeyLike; publicKey: KeyLike }>,
    private readonly untrustedKey: KeyLike,
    readonly githubSubject: string,
    readonly azurePipelines: AzurePipelinesIssuerSeed,
  ) {
    this.azurePipelinesIssuer = azurePipelinesIssuer(azurePipelines.organizationId);
  }

  static async create(githubSubject: string, azurePipelines: AzurePipelinesIssuerSeed): Promise<OidcIssuers> {
    const [github, pipelines, untrusted] = await Promise.all([
      generateKeyPair("RS256"),
      generateKeyPair("RS256"),
      generateKeyPair("RS256"),
    ]);
    const keys = new Map([
      [GITHUB_ACTIONS_ISSUER, github],
      [azurePipelinesIssuer(azurePipelines.organizationId), pipelines],
    ]);
    return new OidcIssuers(keys, untrusted.privateKey, githubSubject, azurePipelines);
  }

  /** The key that verifies tokens of `issuer`, if the emulator runs that issuer. */
  verificationKey(issuer: string): KeyLike | undefined {
    return this.keys.get(issuer)?.publicKey;
  }

  async mintFederatedToken(request: FederatedTokenRequest = {}): Promise<string> {
    const issuer = request.issuer ?? GITHUB_ACTIONS_ISSUER;
    const subject =
      request.subject ??
      (issuer === this.azurePipelinesIssuer ? azurePipelinesSubject(this.azurePipelines) : this.githubSubject);
    const signingKey = request.untrustedSignature
      ? this.untrustedKey
      : (this.keys.get(issuer)?.privateKey ?? this.untrustedKey);
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = request.expiresInSeconds ?? 300;
    // An expired token also started in the past, so only its expiry is wrong.
    const issuedAt = Math.min(now, now + expiresIn - 60);
    return new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "syncauth-emulator-oidc" })
      .setIssuer(issuer)
      .setSubject(subject)
      .setAudience(request.audience ?? FEDERATED_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(now + expiresIn)
      .sign(signingKey);
  }

  async githubIdToken(request: EmulatorRequest): Promise<EmulatorResponse> {
    if (headerValue(request.headers, "authorization") !== `Bearer ${this.githubRequestToken}`) {
      return jsonResponse(401, { message: "Bad credentials" });
    }
    const audience = request.url.searchParams.get("audience") ?? undefined;
    return jsonResponse(200, {
      count: 1,
      value: await this.mintFederatedToken({ issuer: GITHUB_ACTIONS_ISSUER, audience }),
    });
  }

  async azurePipelinesIdToken(request: EmulatorRequest): Promise<EmulatorResponse> {
    if (headerValue(request.headers, "authorization") !== `Bearer ${this.azurePipelinesSystemAccessToken}`) {
      return jsonResponse(401, {
        $id: "1",
        message: "TF400813: The user is not authorized to access this resource.",
        typeKey: "UnauthorizedRequestException",
      });
    }
    const query = request.url.searchParams;
    if (query.get("api-version") !== AZURE_PIPELINES_OIDC_API_VERSION) {
      return jsonResponse(400, {
        message: `The requested REST API version of ${query.get("api-version") ?? ""} is not supported.`,
      });
    }
    if (query.get("serviceConnectionId") !== this.azurePipelines.serviceConnectionId) {
      return jsonResponse(404, {
        message: `Service connection '${query.get("serviceConnectionId") ?? ""}' was not found or is not authorized for this pipeline.`,
      });
    }
    return jsonResponse(200, { oidcToken: await this.mintFederatedToken({ issuer: this.azurePipelinesIssuer }) });
  }
}
