import * as path from "node:path";
import { SETTINGS, configKey } from "../config/configKeys";

/**
 * Where a write-only credential's value lives. The provider process reads it at create/update time; only the
 * reference itself is ever an input, an output or part of a checkpoint.
 */
export type CredentialReference =
  /** A variable of the provider process's environment (it inherits the environment `pulumi up` runs in). */
  | { fromEnv: string }
  /** An absolute path to a file holding the value as UTF-8 text; one trailing line break is dropped. */
  | { fromFile: string }
  /** A Key Vault secret: `https://<vault>.<suffix>/secrets/<name>` or `…/secrets/<name>/<version>`. */
  | { fromKeyVault: string };

/** The field that says where a reference points. */
export type ReferenceKind = "fromEnv" | "fromFile" | "fromKeyVault";

export const REFERENCE_KINDS: readonly ReferenceKind[] = ["fromEnv", "fromFile", "fromKeyVault"];

/** One write-only credential as checked inputs and outputs hold it: `{ key: "SecretToken", fromEnv: "SCIM_TOKEN" }`. */
export type WriteOnlyCredential = { key: string } & CredentialReference;

/** A Key Vault secret reference taken apart. */
export interface KeyVaultSecretLocation {
  /** `https://<host>[:port]`, what SecretClient takes. */
  vaultUrl: string;
  /** The vault's host name, lower-case. */
  host: string;
  name: string;
  /** Absent: the latest version. */
  version?: string;
}

/** The part of the cloud endpoints the Key Vault host rule needs. */
export interface KeyVaultCloud {
  cloud: string;
  /** e.g. `vault.azure.net`. */
  keyVaultSuffix: string;
  /** e.g. `https://vault.azure.net/.default`: the audience real vaults of this cloud ask tokens for. */
  keyVaultScope: string;
  /**
   * Hosts (`host` or `host:port`, lower case) outside the suffix that may be read anyway (`syncauth:keyVaultHosts`):
   * private or emulated vaults, named explicitly.
   */
  keyVaultHosts: readonly string[];
}

/** Key Vault's own rules: 1–127 characters, letters, digits and dashes. */
const SECRET_NAME = /^[0-9A-Za-z-]{1,127}$/;
/** Key Vault versions are 32 hex digits; anything else is a typo that would only surface as a 404. */
const SECRET_VERSION = /^[0-9A-Fa-f]{32}$/;
/** POSIX's portable variable names; anything else cannot be set by the shells and CI systems users have. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Anything but printable ASCII without a backslash: the URL parser reads a backslash as "/", drops tabs and line
 * breaks and maps Unicode full stops to ".", so "keys\..\secrets" or a tab inside ".." would resolve to a path the
 * text does not plainly name. Vault names are ASCII letters, digits and dashes, so no real vault is refused.
 */
const NOT_PLAIN_ASCII = /[^\x21-\x5b\x5d-\x7e]/;

/** A "." or ".." path segment, literal or percent-encoded, anywhere after the scheme. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=[/\\?#]|$)/i;

const KEY_VAULT_EXAMPLE = "https://myvault.vault.azure.net/secrets/scim-token (optionally …/<32-hex-digit version>)";

/** The reference's kind and what it points at. */
export function referenceTarget(reference: CredentialReference): { kind: ReferenceKind; target: string } {
  if ("fromEnv" in reference) {
    return { kind: "fromEnv", target: reference.fromEnv };
  }
  if ("fromFile" in reference) {
    return { kind: "fromFile", target: reference.fromFile };
  }
  return { kind: "fromKeyVault", target: reference.fromKeyVault };
}

/** `environment variable "SCIM_TOKEN"`, `file "/run/secrets/x"`, `Key Vault secret "https://…"`: for messages. */
export function describeReference(reference: CredentialReference): string {
  const { kind, target } = referenceTarget(reference);
  const what = { fromEnv: "environment variable", fromFile: "file", fromKeyVault: "Key Vault secret" }[kind];
  return `${what} ${JSON.stringify(target)}`;
}

/**
 * Checks one reference's own text (without I/O and without knowing the cloud). Returns the reason it is refused,
 * or undefined when it is well formed. `target` may be the engine's unknown sentinel: callers test for it first.
 */
export function referenceProblem(kind: ReferenceKind, target: string): string | undefined {
  switch (kind) {
    case "fromEnv":
      return ENV_NAME.test(target)
        ? undefined
        : 'must be an environment variable name of letters, digits and "_", not starting with a digit, e.g. "SCIM_TOKEN"';
    case "fromFile":
      if (target.includes("\0")) {
        return "must be a file path without NUL characters";
      }
      return path.isAbsolute(target)
        ? undefined
        : 'must be an absolute path, e.g. "/run/secrets/scim-token": the provider process does not run in a directory you choose';
    case "fromKeyVault": {
      const parsed = parseKeyVaultSecretUrl(target);
      return "problem" in parsed ? parsed.problem : undefined;
    }
  }
}

/**
 * Takes a Key Vault secret URL apart. Only `https://<host>[:port]/secrets/<name>[/<version>]` is accepted: no
 * query, fragment, user info or trailing path, so that what state shows is exactly what is read.
 */
export function parseKeyVaultSecretUrl(text: string): KeyVaultSecretLocation | { problem: string } {
  // The URL parser resolves "." and ".." (also percent-encoded): ".../keys/../secrets/x" would read a secret the
  // text does not plainly name. Refused, not normalized.
  if (NOT_PLAIN_ASCII.test(text)) {
    return {
      problem:
        "must be written in only printable ASCII, without spaces, backslashes or control characters, like " +
        KEY_VAULT_EXAMPLE,
    };
  }
  if (DOT_SEGMENT.test(text)) {
    return { problem: `must be a plain URL without "." or ".." path segments, like ${KEY_VAULT_EXAMPLE}` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `must be a Key Vault secret URL like ${KEY_VAULT_EXAMPLE}` };
  }
  if (url.protocol !== "https:") {
    return { problem: `must use https (Key Vault answers only over TLS), like ${KEY_VAULT_EXAMPLE}` };
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return { problem: `must be a plain URL without user info, query or fragment, like ${KEY_VAULT_EXAMPLE}` };
  }
  const segments = url.pathname.split("/").slice(1);
  const [collection, name, version, ...rest] = segments;
  if (collection !== "secrets" || name === undefined || rest.length > 0 || segments.length > 3) {
    return { problem: `must point at a secret: <vault URL>/secrets/<name>[/<version>], like ${KEY_VAULT_EXAMPLE}` };
  }
  if (!SECRET_NAME.test(name)) {
    return { problem: "names a secret Key Vault cannot hold: a name is 1 to 127 letters, digits and dashes" };
  }
  if (version !== undefined && !SECRET_VERSION.test(version)) {
    return {
      problem:
        "names a version Key Vault cannot hold: a version is 32 hex digits (leave it out to read the latest version)",
    };
  }
  return {
    vaultUrl: url.origin,
    host: url.hostname.toLowerCase(),
    name,
    ...(version !== undefined && { version }),
  };
}

/**
 * Why a vault host may not be read with this cloud's identity, or undefined when it may.
 *
 * The Key Vault SDK sends the deployment identity's bearer token to whatever host the reference names, and the
 * token's audience comes from that host's own challenge. Keeping references to hosts under the configured cloud's
 * vault suffix means the token only ever goes to that cloud's Key Vault (a vault of another cloud could not accept
 * it anyway, and the user learns so before any request). A private or emulated vault elsewhere must be named in
 * `syncauth:keyVaultHosts`; a custom Graph or authority endpoint never allows other hosts.
 */
export function keyVaultHostProblem(location: KeyVaultSecretLocation, cloud: KeyVaultCloud): string | undefined {
  if (hostMatchesSuffix(location.host, cloud.keyVaultSuffix) || isListedHost(location, cloud)) {
    return undefined;
  }
  return (
    `names the host ${JSON.stringify(location.host)}, which is not a Key Vault of the ${cloud.cloud} cloud ` +
    `(*.${cloud.keyVaultSuffix}): use a vault of that cloud, configure ${configKey(SETTINGS.cloud)} for the vault's ` +
    `cloud, or, for a private or emulated vault, add its host to ${configKey(SETTINGS.keyVaultHosts)}`
  );
}

/**
 * Whether the SDK's check that the challenge's resource matches the vault host must be switched off: only for a
 * vault named in `syncauth:keyVaultHosts` outside the cloud's suffix (the check requires the host to end with
 * `.<resource host>`, which such a host cannot). Every vault of the cloud keeps the check.
 */
export function needsChallengeResourceVerificationOff(location: KeyVaultSecretLocation, cloud: KeyVaultCloud): boolean {
  return !hostMatchesSuffix(location.host, cloud.keyVaultSuffix) && isListedHost(location, cloud);
}

/**
 * The scopes a Key Vault token may be requested for when reading `location`: the cloud's Key Vault scope, and for a
 * listed vault outside the suffix its own origin (an emulated or private vault is its own resource). Never a Graph
 * scope, whatever the vault's challenge names.
 */
export function keyVaultScopesFor(location: KeyVaultSecretLocation, cloud: KeyVaultCloud): string[] {
  return needsChallengeResourceVerificationOff(location, cloud)
    ? [cloud.keyVaultScope, `${new URL(location.vaultUrl).origin}/.default`]
    : [cloud.keyVaultScope];
}

/** The vault's `host[:port]` is in the allow-list; an entry without a port allows the default port only. */
function isListedHost(location: KeyVaultSecretLocation, cloud: KeyVaultCloud): boolean {
  const hostWithPort = new URL(location.vaultUrl).host.toLowerCase();
  return cloud.keyVaultHosts.includes(hostWithPort);
}

function hostMatchesSuffix(host: string, suffix: string): boolean {
  const lowerSuffix = suffix.toLowerCase();
  return host.endsWith(`.${lowerSuffix}`);
}

/**
 * A file's text as a credential value: files written by `echo` or editors end with a line break that is not part
 * of the secret, so exactly one trailing `\n` or `\r\n` is dropped.
 */
export function valueFromFileText(text: string): string {
  if (text.endsWith("\r\n")) {
    return text.slice(0, -2);
  }
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}
