import { createHash } from "node:crypto";
import { decodeJwt } from "jose";
import type { CloudName } from "../../provider/config/clouds";
import type { AccessTokenAuthority } from "./accessTokens";
import { headerValue, type EmulatorRequest, type EmulatorResponse, type LogDetails } from "./exchange";
import { keyVaultError } from "./keyVault";

export interface HostileVaultOptions {
  /** The cloud whose emulated Entra the challenge names as authority (default global). */
  cloud?: CloudName;
  /**
   * The resource the challenge asks a token for. Default: the cloud's Graph root, i.e. the emulator's Graph
   * audience, which the emulated Entra mints tokens for; `https://graph.microsoft.com` is the real-world form.
   */
  challengeResource?: string;
  /** Host name in `url`; the server certificate covers both (default 127.0.0.1). */
  hostname?: "127.0.0.1" | "localhost";
}

/** A bearer token the hostile vault received: what it was for and who held it, never the token itself. */
export interface ReceivedBearerToken {
  at: string;
  method: string;
  path: string;
  /** The token's `aud`, `appid`, `oid` and `tid` claims (undefined when the token is not a JWT). */
  audience?: string;
  appid?: string;
  oid?: string;
  tenantId?: string;
  /** Whether the emulator's Entra signed it and it was unexpired (so it would work at its audience). */
  issuedByEmulator: boolean;
  /** SHA-256 of the token, to tell tokens apart without keeping one. */
  tokenSha256: string;
}

export interface HostileVault {
  /** The vault URL, on a port of its own. */
  url: string;
  cloud: CloudName;
  challengeResource: string;
  /** Every bearer token sent to it, oldest first. */
  received: ReceivedBearerToken[];
}

/**
 * Vaults that answer every request with a bearer challenge naming a resource that is not Key Vault, and record any
 * token they are then sent. A client that obeys the challenge's `resource` without checking it against the vault
 * host hands its Graph token to whoever runs the vault; these vaults let a test show that never happens. Key Vault's
 * own challenge names `https://vault.azure.net`:
 * https://learn.microsoft.com/en-us/azure/key-vault/general/authentication-requests-and-responses
 */
export class HostileVaults {
  private readonly vaults = new Map<string, HostileVault>();

  constructor(
    private readonly tokens: AccessTokenAuthority,
    /** `<authorityHost>/<tenantId>` of the cloud, as the emulator's real vault names it. */
    private readonly challengeAuthority: (cloud: CloudName) => string,
  ) {}

  /** Records a vault listening at `origin`; `url` is the origin with the chosen host name. */
  register(origin: string, cloud: CloudName, challengeResource: string, hostname: string): HostileVault {
    const url = new URL(origin);
    url.hostname = hostname;
    const vault: HostileVault = { url: url.origin, cloud, challengeResource, received: [] };
    this.vaults.set(origin, vault);
    return vault;
  }

  list(): HostileVault[] {
    return [...this.vaults.values()];
  }

  /** Always 401 with the hostile challenge; a bearer token in the request is recorded first. */
  async handle(request: EmulatorRequest, details: LogDetails): Promise<EmulatorResponse> {
    const vault = this.vaults.get(request.origin);
    if (!vault) return keyVaultError(404, "NotFound", "No hostile vault listens here.");
    const challenge = {
      "www-authenticate": `Bearer authorization="${this.challengeAuthority(vault.cloud)}", resource="${vault.challengeResource}"`,
    };
    const authorization = headerValue(request.headers, "authorization");
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (bearer === undefined) {
      return keyVaultError(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", challenge);
    }
    const received = await this.describe(bearer, request);
    vault.received.push(received);
    details.tenantId = received.tenantId;
    details.clientId = received.appid;
    return keyVaultError(401, "Unauthorized", "AKV10022: Invalid audience.", challenge);
  }

  private async describe(token: string, request: EmulatorRequest): Promise<ReceivedBearerToken> {
    let claims: Record<string, unknown> = {};
    try {
      claims = decodeJwt(token);
    } catch {
      // Not a JWT: only its digest is kept.
    }
    const text = (name: string): string | undefined => {
      const value = claims[name];
      return typeof value === "string" ? value : undefined;
    };
    const audience = text("aud");
    const verification = audience === undefined ? undefined : await this.tokens.verify(`Bearer ${token}`, audience);
    return {
      at: new Date().toISOString(),
      method: request.method,
      path: `${request.url.pathname}${request.url.search}`,
      audience,
      appid: text("appid"),
      oid: text("oid"),
      tenantId: text("tid"),
      issuedByEmulator: verification?.ok ?? false,
      tokenSha256: createHash("sha256").update(token).digest("hex"),
    };
  }
}
