import { X509Certificate, createHash } from "node:crypto";
import { compactVerify, decodeJwt, decodeProtectedHeader, type KeyLike } from "jose";
import type { ClientIdentity } from "./fixture";

/** A certificate registered on a client: what Entra matches the assertion's thumbprint header against. */
export interface RegisteredCertificate {
  certificatePem: string;
  /** Uppercase hex SHA-256 / SHA-1 of the DER certificate, as `x5t#S256` / `x5t` carry them (base64url). */
  thumbprintSha256: string;
  thumbprintSha1: string;
}

/** Resolves the signing key of a federated issuer the emulator runs; undefined for issuers it does not know. */
export type IssuerKeyResolver = (issuer: string) => KeyLike | undefined;

export type AssertionFailure = { aadsts: number; error: "invalid_client" | "invalid_request"; message: string };
export type AssertionCheck = { ok: true } | ({ ok: false } & AssertionFailure);

/** Entra accepts assertions a little past their window; the same five minutes apply here. */
const CLOCK_SKEW_SECONDS = 300;

export function registerCertificate(certificatePem: string): RegisteredCertificate {
  const der = new X509Certificate(certificatePem).raw;
  return {
    certificatePem,
    thumbprintSha256: createHash("sha256").update(der).digest("hex").toUpperCase(),
    thumbprintSha1: createHash("sha1").update(der).digest("hex").toUpperCase(),
  };
}

/** An assertion signed by the client itself (iss = sub = client id) rather than by a federated issuer. */
export function isSelfSignedAssertion(assertion: string, clientId: string): boolean {
  try {
    const claims = decodeJwt(assertion);
    return typeof claims.iss === "string" && claims.iss.toLowerCase() === clientId.toLowerCase();
  } catch {
    return false;
  }
}

/** Certificate credentials: the thumbprint picks a registered certificate, whose key must verify the signature. */
export async function verifyCertificateAssertion(
  assertion: string,
  client: ClientIdentity,
  certificates: RegisteredCertificate[],
  tokenEndpoint: string,
): Promise<AssertionCheck> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return invalidAssertion("Client assertion failed signature validation.");
  }
  const sha256 = typeof header["x5t#S256"] === "string" ? base64UrlToHex(header["x5t#S256"]) : undefined;
  const sha1 = typeof header.x5t === "string" ? base64UrlToHex(header.x5t) : undefined;
  const certificate = certificates.find(
    (candidate) => candidate.thumbprintSha256 === sha256 || candidate.thumbprintSha1 === sha1,
  );
  if (!certificate) {
    return invalidAssertion(
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${sha256 ?? sha1 ?? "none"}']`,
    );
  }
  const publicKey = new X509Certificate(certificate.certificatePem).publicKey;
  let claims: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(assertion, publicKey, { algorithms: ["PS256", "RS256"] });
    claims = JSON.parse(Buffer.from(payload).toString("utf8")) as Record<string, unknown>;
  } catch {
    return invalidAssertion("Client assertion failed signature validation.");
  }
  const timing = checkWindow(claims);
  if (timing) return timing;
  if (claims.iss !== client.clientId || claims.sub !== client.clientId) {
    return invalidAssertion("Client assertion contains an invalid issuer or subject: both must be the client id.");
  }
  if (claims.aud !== tokenEndpoint) {
    return invalidAssertion(
      `Client assertion audience claim does not match Realm issuer. Expected '${tokenEndpoint}'.`,
    );
  }
  return { ok: true };
}

/** Workload identity federation: a token from a known issuer whose iss/sub/aud match a registered credential. */
export async function verifyFederatedAssertion(
  assertion: string,
  client: ClientIdentity,
  issuerKey: IssuerKeyResolver,
): Promise<AssertionCheck> {
  let unverified: Record<string, unknown>;
  try {
    unverified = decodeJwt(assertion);
  } catch {
    return invalidAssertion("Client assertion is not a well-formed JWT.");
  }
  const issuer = typeof unverified.iss === "string" ? unverified.iss : "";
  const key = issuerKey(issuer);
  if (!key) return noMatchingFederatedIdentity(unverified);
  let claims: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(assertion, key, { algorithms: ["RS256"] });
    claims = JSON.parse(Buffer.from(payload).toString("utf8")) as Record<string, unknown>;
  } catch {
    return invalidAssertion("Client assertion failed signature validation.");
  }
  const timing = checkWindow(claims);
  if (timing) return timing;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const matches = client.federatedCredentials.some(
    (credential) =>
      credential.issuer === claims.iss &&
      credential.subject === claims.sub &&
      audiences.some((audience) => credential.audiences.includes(String(audience))),
  );
  return matches ? { ok: true } : noMatchingFederatedIdentity(claims);
}

function checkWindow(claims: Record<string, unknown>): AssertionCheck | undefined {
  const now = Math.floor(Date.now() / 1000);
  const exp = typeof claims.exp === "number" ? claims.exp : undefined;
  const nbf = typeof claims.nbf === "number" ? claims.nbf : undefined;
  if (exp === undefined || exp + CLOCK_SKEW_SECONDS <= now || (nbf !== undefined && nbf - CLOCK_SKEW_SECONDS > now)) {
    return {
      ok: false,
      aadsts: 700024,
      error: "invalid_client",
      message:
        `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, ` +
        `assertion valid from ${nbf === undefined ? "unknown" : new Date(nbf * 1000).toISOString()}, ` +
        `expiry time of assertion ${exp === undefined ? "unknown" : new Date(exp * 1000).toISOString()}.`,
    };
  }
  return undefined;
}

function invalidAssertion(message: string): AssertionCheck {
  return { ok: false, aadsts: 700027, error: "invalid_client", message };
}

function noMatchingFederatedIdentity(claims: Record<string, unknown>): AssertionCheck {
  return {
    ok: false,
    aadsts: 70021,
    error: "invalid_request",
    message:
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims.iss)}'. ` +
      `Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${String(claims.aud)}'.`,
  };
}

function base64UrlToHex(value: string): string {
  return Buffer.from(value, "base64url").toString("hex").toUpperCase();
}
