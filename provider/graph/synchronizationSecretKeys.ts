/**
 * The key names Microsoft Graph accepts in `synchronizationSecretKeyStringValuePair.key`: the members of the
 * `synchronizationSecret` enum (Graph v1.0 and beta, 45 members), in Graph's own order.
 *
 * Graph adds members over time, so a name missing here is worth a warning, never a refusal.
 */
export const SYNCHRONIZATION_SECRET_KEYS = [
  "None",
  "UserName",
  "Password",
  "SecretToken",
  "AppKey",
  "BaseAddress",
  "ClientIdentifier",
  "ClientSecret",
  "SingleSignOnType",
  "Sandbox",
  "Url",
  "Domain",
  "ConsumerKey",
  "ConsumerSecret",
  "TokenKey",
  "TokenExpiration",
  "Oauth2AccessToken",
  "Oauth2AccessTokenCreationTime",
  "Oauth2RefreshToken",
  "SyncAll",
  "InstanceName",
  "Oauth2ClientId",
  "Oauth2ClientSecret",
  "CompanyId",
  "UpdateKeyOnSoftDelete",
  "SynchronizationSchedule",
  "SystemOfRecord",
  "SandboxName",
  "EnforceDomain",
  "SyncNotificationSettings",
  "SkipOutOfScopeDeletions",
  "Oauth2AuthorizationCode",
  "Oauth2RedirectUri",
  "ApplicationTemplateIdentifier",
  "Oauth2TokenExchangeUri",
  "Oauth2AuthorizationUri",
  "AuthenticationType",
  "Server",
  "PerformInboundEntitlementGrants",
  "HardDeletesEnabled",
  "SyncAgentCompatibilityKey",
  "SyncAgentADContainer",
  "ValidateDomain",
  "TestReferences",
  "ConnectionString",
] as const;

/** One of the key names Graph documents for the `synchronizationSecret` enum. */
export type SynchronizationSecretKey = (typeof SYNCHRONIZATION_SECRET_KEYS)[number];

/**
 * A credential key: editors complete the documented names, and any other string is still accepted because Graph
 * may know members this list does not yet.
 */
export type CredentialKey = SynchronizationSecretKey | (string & {});

const knownKeys: ReadonlySet<string> = new Set(SYNCHRONIZATION_SECRET_KEYS);

/** True when `key` is exactly (case-sensitively) one of the documented `synchronizationSecret` names. */
export function isKnownSynchronizationSecretKey(key: unknown): key is SynchronizationSecretKey {
  return typeof key === "string" && knownKeys.has(key);
}

const spellingOfFolded: ReadonlyMap<string, SynchronizationSecretKey> = new Map(
  SYNCHRONIZATION_SECRET_KEYS.map((key) => [key.toLowerCase(), key]),
);

/** Graph's names are ASCII letters and digits; a key with any other character is none of them in any case. */
export const KEY_NAME_CHARACTERS = /^[A-Za-z0-9]+$/;

/**
 * Graph's spelling of `key` when it is one of the documented names in another ASCII case (`secretToken` →
 * `SecretToken`); undefined for any other name. Graph reads the names without regard to case, so from check on a key
 * has this one spelling, and fingerprints, single-use checks and diffs never see another.
 */
export function graphSpelling(key: string): SynchronizationSecretKey | undefined {
  return KEY_NAME_CHARACTERS.test(key) ? spellingOfFolded.get(key.toLowerCase()) : undefined;
}

/**
 * Keys whose value Graph accepts only once (an OAuth authorization code is exchanged for tokens and then spent), so
 * re-sending unchanged credentials fails. Defined with the Graph client, which must not repeat a call carrying one.
 */
export { SINGLE_USE_KEYS, foldedKeyName, isSingleUseKey } from "./credentialPair";
