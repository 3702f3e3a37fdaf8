import { randomUUID } from "node:crypto";
import { SignJWT, compactVerify, exportJWK, generateKeyPair, type JWK, type KeyLike } from "jose";

/** Claims of an access token the emulator's Entra mints, shaped like Entra's v1 app-only tokens. */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  oid: string;
  sub: string;
  /** Absent when the client has no application permissions, as in Entra's tokens. */
  roles?: string[];
  iat: number;
  nbf: number;
  exp: number;
  idtyp: "app";
  ver: "1.0";
  uti: string;
}

export interface AccessTokenSubject {
  tenantId: string;
  clientId: string;
  objectId: string;
  roles: string[];
}

/** Why a presented bearer token is not accepted; the resource server turns it into its own error shape. */
export type TokenRejection = "missing" | "malformed" | "signature" | "expired" | "audience";

export type TokenVerification = { ok: true; claims: AccessTokenClaims } | { ok: false; reason: TokenRejection };

const KEY_ID = "syncauth-emulator-signing-key";

/** The signing key of the emulator's Entra and everything that checks its tokens. */
export class AccessTokenAuthority {
  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicKey: KeyLike,
    readonly publicJwk: JWK,
    private readonly lifetimeSeconds: number,
  ) {}

  static async create(lifetimeSeconds: number): Promise<AccessTokenAuthority> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const publicJwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, use: "sig", alg: "RS256" };
    return new AccessTokenAuthority(privateKey, publicKey, publicJwk, lifetimeSeconds);
  }

  get tokenLifetimeSeconds(): number {
    return this.lifetimeSeconds;
  }

  async mint(subject: AccessTokenSubject, audience: string): Promise<{ token: string; claims: AccessTokenClaims }> {
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      aud: audience,
      iss: `https://sts.windows.net/${subject.tenantId}/`,
      tid: subject.tenantId,
      appid: subject.clientId,
      oid: subject.objectId,
      sub: subject.objectId,
      ...(subject.roles.length > 0 && { roles: subject.roles }),
      iat: now,
      // Entra backdates nbf by five minutes for clock skew; keeping it lets a skewed client still use the token.
      nbf: now - 300,
      exp: now + this.lifetimeSeconds,
      idtyp: "app",
      ver: "1.0",
      uti: randomUUID(),
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: KEY_ID })
      .sign(this.privateKey);
    return { token, claims };
  }

  /** Checks the signature, time window and audience of a bearer token, in the order Entra-protected APIs do. */
  async verify(authorizationHeader: string | undefined, expectedAudience: string): Promise<TokenVerification> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? "");
    if (!match) return { ok: false, reason: "missing" };
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(match[1], this.publicKey, { algorithms: ["RS256"] }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, reason: code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" ? "signature" : "malformed" };
    }
    let claims: AccessTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload).toString("utf8")) as AccessTokenClaims;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== "number" || claims.exp <= now || (claims.nbf ?? 0) > now) {
      return { ok: false, reason: "expired" };
    }
    if (claims.aud !== expectedAudience) return { ok: false, reason: "audience" };
    return { ok: true, claims };
  }
}
