import { SETTINGS, configKey, sourcesOf } from "../config/configKeys";
import type { EndpointSettings } from "../config/providerSettings";
import { signInMaterial } from "../config/signInMaterial";
import { describeMethod, type SignInSettings } from "../config/signInSettings";
import { redactSecrets } from "../secrets/redaction";

/**
 * Getting a token failed. The message says which method was used, which key or variable chose it, the tenant,
 * client and authority, what Entra or the credential said (AADSTS text kept), and what to fix. Secret values and
 * JWTs are removed from it.
 */
export class SignInError extends Error {
  /** e.g. `client secret`, `OIDC token (GitHub Actions)`. */
  readonly method: string;
  /** The key or variable that chose the method. */
  readonly chosenBy: string;
  /** Name of the underlying error, e.g. `AuthenticationError`, `CredentialUnavailableError`. */
  readonly reason: string;
  /** The first AADSTS code in the answer, when Entra gave one. */
  readonly aadstsCode?: string;

  constructor(message: string, details: { method: string; chosenBy: string; reason: string; aadstsCode?: string }) {
    super(message);
    this.name = "SignInError";
    this.method = details.method;
    this.chosenBy = details.chosenBy;
    this.reason = details.reason;
    this.aadstsCode = details.aadstsCode;
  }
}

/** Builds the SignInError for a failed token request. Pure: no I/O. */
export function signInError(error: unknown, settings: SignInSettings, endpoints: EndpointSettings): SignInError {
  const reason = error instanceof Error ? error.name : typeof error;
  const original = error instanceof Error ? error.message : String(error);
  const detail = redactSecrets(original, signInMaterial(settings.method).secrets).replace(/\s+/g, " ").trim();
  const aadstsCode = /AADSTS\d+/.exec(detail)?.[0];
  const method = describeMethod(settings.method);
  const identity = [
    settings.tenantId && `tenant ${settings.tenantId} (from ${settings.tenantIdFrom})`,
    settings.clientId && `client ${settings.clientId} (from ${settings.clientIdFrom})`,
    `authority ${endpoints.authorityHost}`,
    `scope ${endpoints.graphScope}`,
  ]
    .filter(Boolean)
    .join(", ");
  const message =
    `Sign-in with ${method} (chosen by ${settings.chosenBy}) failed for ${identity}: ${reason}: ${detail} ` +
    `Fix: ${hint(aadstsCode, detail, settings, endpoints)}`;
  return new SignInError(message, { method, chosenBy: settings.chosenBy, reason, aadstsCode });
}

const AADSTS_HINTS: Record<string, (settings: SignInSettings, endpoints: EndpointSettings) => string> = {
  AADSTS7000215: (s) => `the client secret is wrong or expired; set a current secret in ${s.chosenBy}.`,
  AADSTS7000222: (s) => `the client secret has expired; create a new one and set it in ${s.chosenBy}.`,
  AADSTS700016: (s, e) =>
    `no application with this client id exists in the tenant; check the client id (${s.clientIdFrom}), ` +
    `the tenant (${s.tenantIdFrom}) and the cloud (${e.source}: ${e.cloud}).`,
  AADSTS90002: (s, e) =>
    `the tenant was not found; check the tenant id (${s.tenantIdFrom}) and the cloud (${e.source}: ${e.cloud}).`,
  AADSTS900023: (s) => `the tenant id is malformed; check ${s.tenantIdFrom}.`,
  AADSTS700024: (s) =>
    `the federated token has expired; give a fresh one (${s.chosenBy}), or use a token file or request URL that renews it.`,
  AADSTS700027: () =>
    `the client assertion was rejected; upload this certificate to the app registration, or check the federated token's signature.`,
  AADSTS70021: () =>
    `no federated identity credential on the app matches the token's issuer, subject and audience; add one that does.`,
  AADSTS700213: () =>
    `no federated identity credential on the app matches the token's issuer, subject and audience; add one that does.`,
  AADSTS500011: (_, e) =>
    `the resource ${e.graphRoot} is unknown in this tenant; check the cloud (${e.source}) and graphEndpoint.`,
};

function hint(
  aadstsCode: string | undefined,
  detail: string,
  settings: SignInSettings,
  endpoints: EndpointSettings,
): string {
  const byCode = aadstsCode ? AADSTS_HINTS[aadstsCode] : undefined;
  if (byCode) {
    return byCode(settings, endpoints);
  }
  if (detail.includes("endpoints_resolution_error")) {
    // MSAL hides the answer: the tenant's OpenID metadata could not be read at the authority.
    return (
      `the authority did not describe this tenant; check the tenant id (${settings.tenantIdFrom}), ` +
      `the cloud (${endpoints.source}: ${endpoints.cloud}) and ${sourcesOf(SETTINGS.authorityHost).join(" / ")}.`
    );
  }
  switch (settings.method.kind) {
    case "azureCli":
      return (
        `run "az login" (after "az cloud set" for a national cloud), or configure a client secret, certificate, ` +
        `OIDC token or managed identity (${configKey(SETTINGS.useMsi)}) instead.`
      );
    case "managedIdentity":
      return (
        `run where a managed identity is assigned, point ${configKey(SETTINGS.msiEndpoint)} at its endpoint, or ` +
        `turn ${configKey(SETTINGS.useMsi)} off.`
      );
    case "oidcToken":
      return `check the OIDC token source (${settings.chosenBy}) and the app's federated identity credentials.`;
    default:
      return `check the credential in ${settings.chosenBy}, the tenant (${settings.tenantIdFrom}) and the client id (${settings.clientIdFrom}).`;
  }
}
