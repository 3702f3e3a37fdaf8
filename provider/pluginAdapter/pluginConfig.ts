import { NAMESPACE, SETTINGS, type ConfigSource } from "../config/configKeys";
import { cut, didYouMean } from "../core/inputs/messageText";
import { isSecret, isUnknown, reveal, secret, type PropertyMap, type PropertyValue } from "../plugin/propertyValue";

/**
 * Every configuration key of the provider, from SETTINGS: each setting's own key and the key of its file-path
 * variant. A key two settings share (oidcRequestToken) appears once, secret when either says so.
 */
export function providerConfigKeys(): Map<string, { secret: boolean; setting: string }> {
  const keys = new Map<string, { secret: boolean; setting: string }>();
  for (const [setting, spec] of Object.entries(SETTINGS)) {
    const secret = "secret" in spec && spec.secret === true;
    const previous = keys.get(spec.key);
    keys.set(spec.key, { secret: secret || previous?.secret === true, setting: previous?.setting ?? setting });
    if ("files" in spec) keys.set(spec.files.key, { secret: false, setting });
  }
  return keys;
}

/**
 * The configuration a plugin's Configure receives (its own keys, `tenantId`) as the core's ConfigSource
 * (`syncauth:tenantId`). Only this package's keys arrive: the engine gives a provider no other namespace, so the
 * `azuread:` fallbacks of the dynamic resource do not apply here (the environment variables still do).
 */
export function pluginConfigSource(config: PropertyMap): ConfigSource {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(config)) {
    const text = configText(value);
    if (text !== undefined) values.set(`${NAMESPACE}:${key}`, text);
  }
  return { get: (key) => values.get(key) };
}

/** Stack config is text; a typed provider input (YAML `useMsi: true`, `maxRetries: 3`) becomes its text too. */
function configText(value: PropertyValue): string | undefined {
  const plain = reveal(value);
  if (plain === null || isUnknown(plain)) return undefined;
  if (typeof plain === "string") return plain;
  if (typeof plain === "number" || typeof plain === "boolean") return String(plain);
  return JSON.stringify(plain);
}

/** Keys the engine itself adds to a provider's configuration (pkg/resource/deploy/providers/registry.go). */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL", "pluginChecksums", "__internal"]);

/** The configuration's keys that are neither a setting of this provider nor the engine's own, in order. */
export function unknownConfigKeys(config: PropertyMap): string[] {
  const keys = providerConfigKeys();
  return Object.keys(config).filter((key) => !keys.has(key) && !ENGINE_KEYS.has(key));
}

/** The warning for a key that is no setting: named (a key name, not a value), with the setting it may mean. */
export function unknownConfigKeyWarning(key: string): string {
  return (
    `${NAMESPACE}:${cut(key)} is not a setting of this provider${didYouMean(key, [...providerConfigKeys().keys()])}; ` +
    "it is ignored, and its value is kept secret in case it is one"
  );
}

/**
 * The configuration with every key the schema calls secret (clientSecret, clientCertificate, …) marked secret, as
 * CheckConfig answers it: the engine stores the provider's configuration as this answer, so a sign-in secret given
 * as plain text (stack config set without --secret, a literal in a program) is still encrypted in state. A key that
 * is no setting at all is marked secret too: it may be a secret under a misspelt name.
 */
export function withSecretConfig(config: PropertyMap): PropertyMap {
  const keys = providerConfigKeys();
  const unknown = new Set(unknownConfigKeys(config));
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      (keys.get(key)?.secret === true || unknown.has(key)) && !isSecret(value) && !isUnknown(value) && value !== null
        ? secret(value)
        : value,
    ]),
  );
}
