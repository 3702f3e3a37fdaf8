import { CloudEndpoints, cloudEndpoints, parseCloudName, parseEndpointUrl } from "./clouds";
import { ConfigError } from "./configError";
import { ConfigSource, Env, lookup, SETTINGS, SettingSpec, sourcesOf } from "./configKeys";

export type { ConfigSource, Env } from "./configKeys";
export { ConfigError } from "./configError";
export {
  resolveSignInSettings,
  type OidcAssertionSource,
  type ReadFile,
  type SignInMethod,
  type SignInSettings,
} from "./signInSettings";

/** The cloud's endpoints plus where the cloud choice came from (for messages and outputs). */
export interface EndpointSettings extends CloudEndpoints {
  /** The key or variable that chose the cloud, e.g. `azuread:environment`, or `default` when none did. */
  source: string;
}

/** Knobs of the Graph client. */
export interface ClientSettings {
  /** Timeout of one HTTP request. `syncauth:requestTimeoutSeconds`, default {@link DEFAULT_REQUEST_TIMEOUT_SECONDS}. */
  requestTimeoutMs: number;
  /** Retries after the first attempt of a retryable failure. `syncauth:maxRetries`, default {@link DEFAULT_MAX_RETRIES}. */
  maxRetries: number;
  /** Graph calls in flight at once per provider process. `syncauth:maxConcurrency`, default {@link DEFAULT_MAX_CONCURRENCY}. */
  maxConcurrency: number;
  /**
   * Total time one operation (create, update, read) may take including retries and waits.
   * `syncauth:operationTimeoutSeconds`, default {@link DEFAULT_OPERATION_TIMEOUT_SECONDS}.
   */
  operationDeadlineMs: number;
}

/** A single Graph request is abandoned after this many seconds. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
/** Graph's own SDK retries 3 times; throttled identity writes often need a little more. */
export const DEFAULT_MAX_RETRIES = 5;
/** Keeps a large stack from tripping Graph's per-app write limits. */
export const DEFAULT_MAX_CONCURRENCY = 8;
/** Pulumi ignores customTimeouts for dynamic resources, so each operation bounds itself. */
export const DEFAULT_OPERATION_TIMEOUT_SECONDS = 600;

const MAX_TIMEOUT_SECONDS = 24 * 60 * 60;
const MAX_RETRIES_ALLOWED = 50;
const MAX_CONCURRENCY_ALLOWED = 256;

/**
 * Which cloud and endpoints to use. Reads no credential, so preview (check/diff) can call it with none configured.
 *
 * Cloud: `syncauth:cloud` → `azuread:environment` → `ARM_ENVIRONMENT` → `global`.
 * Graph root: `syncauth:graphEndpoint` → the cloud's. Authority: `syncauth:authorityHost` → `AZURE_AUTHORITY_HOST`
 * → the cloud's.
 *
 * @throws ConfigError for an unknown cloud or a custom endpoint that is not an https URL.
 */
export function resolveEndpointSettings(config: ConfigSource, env: Env): EndpointSettings {
  const cloudFound = lookup(SETTINGS.cloud, config, env);
  const cloud = parseCloudName(cloudFound?.value, cloudFound?.source ?? "default");
  const graphEndpoint = endpointUrl(SETTINGS.graphEndpoint, config, env);
  const authorityHost = endpointUrl(SETTINGS.authorityHost, config, env);
  const graphScope = scopeSetting(SETTINGS.graphScope, config, env);
  const keyVaultHosts = hostListSetting(SETTINGS.keyVaultHosts, config, env);
  return {
    ...cloudEndpoints(cloud, { graphEndpoint, authorityHost, graphScope, keyVaultHosts }),
    source: cloudFound?.source ?? "default",
  };
}

/** An https scope such as `https://graph.microsoft.com/.default`. */
function scopeSetting(spec: SettingSpec, config: ConfigSource, env: Env): string | undefined {
  const found = lookup(spec, config, env);
  if (found === undefined) {
    return undefined;
  }
  const root = found.value.endsWith("/.default") ? found.value.slice(0, -"/.default".length) : undefined;
  const valid = root !== undefined && parseEndpointUrlOrUndefined(root, found.source) !== undefined;
  if (!valid) {
    throw new ConfigError(
      found.source,
      `${found.source} must be an https resource followed by /.default, like https://graph.microsoft.com/.default ` +
        "(unset it for the cloud's Graph scope).",
    );
  }
  return found.value;
}

function parseEndpointUrlOrUndefined(text: string, source: string): string | undefined {
  try {
    return parseEndpointUrl(text, source);
  } catch {
    return undefined;
  }
}

const HOST_ENTRY = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;

/** A comma-separated list of `host` or `host:port` entries, lower-cased; no scheme, path or wildcard. */
function hostListSetting(spec: SettingSpec, config: ConfigSource, env: Env): string[] | undefined {
  const found = lookup(spec, config, env);
  if (found === undefined) {
    return undefined;
  }
  const entries = found.value
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  const bad = entries.filter((entry) => !HOST_ENTRY.test(entry));
  if (bad.length > 0) {
    throw new ConfigError(
      found.source,
      `${found.source} must list vault hosts as host or host:port separated by commas, like ` +
        `myvault.example.com,127.0.0.1:8443 (no https://, path or wildcard); ${bad.length} ` +
        `entr${bad.length === 1 ? "y is" : "ies are"} not.`,
    );
  }
  return entries;
}

function endpointUrl(spec: SettingSpec, config: ConfigSource, env: Env): string | undefined {
  const found = lookup(spec, config, env);
  return found && parseEndpointUrl(found.value, found.source);
}

/**
 * Timeouts, retries and concurrency of the Graph client, from `syncauth:` keys only (azuread has no equivalent).
 *
 * @throws ConfigError naming the key when a value is not a number in its allowed range.
 */
export function resolveClientSettings(config: ConfigSource, env: Env): ClientSettings {
  return {
    // At least a second: 0 ms means "no timeout" to the HTTP client, and less than a second is always a mistake.
    requestTimeoutMs: Math.round(
      numberSetting(SETTINGS.requestTimeoutSeconds, config, env, DEFAULT_REQUEST_TIMEOUT_SECONDS, {
        integer: false,
        min: 1,
        max: MAX_TIMEOUT_SECONDS,
      }) * 1000,
    ),
    maxRetries: numberSetting(SETTINGS.maxRetries, config, env, DEFAULT_MAX_RETRIES, {
      integer: true,
      min: 0,
      max: MAX_RETRIES_ALLOWED,
    }),
    maxConcurrency: numberSetting(SETTINGS.maxConcurrency, config, env, DEFAULT_MAX_CONCURRENCY, {
      integer: true,
      min: 1,
      max: MAX_CONCURRENCY_ALLOWED,
    }),
    // At least a second, as a request's: below it the deadline rounds to nothing (0.0001 s was a 0 ms deadline).
    operationDeadlineMs: Math.round(
      numberSetting(SETTINGS.operationTimeoutSeconds, config, env, DEFAULT_OPERATION_TIMEOUT_SECONDS, {
        integer: false,
        min: 1,
        max: MAX_TIMEOUT_SECONDS,
      }) * 1000,
    ),
  };
}

interface NumberRule {
  integer: boolean;
  min: number;
  max: number;
}

function numberSetting(spec: SettingSpec, config: ConfigSource, env: Env, fallback: number, rule: NumberRule): number {
  const found = lookup(spec, config, env);
  if (found === undefined) {
    return fallback;
  }
  const parsed = /^[+]?\d+(\.\d+)?$/.test(found.value) ? Number(found.value) : Number.NaN;
  const valid =
    Number.isFinite(parsed) && (!rule.integer || Number.isInteger(parsed)) && parsed >= rule.min && parsed <= rule.max;
  if (!valid) {
    const range = `from ${rule.min} to ${rule.max}`;
    throw new ConfigError(
      found.source,
      `${found.source} must be ${rule.integer ? "a whole number" : "a number"} ${range} ` +
        `(unset it for the default, ${fallback}). Keys that set it: ${sourcesOf(spec).join(", ")}.`,
    );
  }
  return parsed;
}
