import { ConfigError } from "./configError";

/** Stack configuration as `configure(req)` hands it over: keys like `syncauth:tenantId`, values decrypted. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** The provider process environment (or a test's stand-in for it). */
export type Env = Record<string, string | undefined>;

/** Our configuration namespace. */
export const NAMESPACE = "syncauth";
/** The namespace of @pulumi/azuread, whose keys of the same meaning are the first fallback. */
export const AZUREAD_NAMESPACE = "azuread";

/**
 * Where one setting may come from, in lookup order inside a layer (syncauth → azuread → environment).
 * `files` name keys/variables holding a path whose file content is the value.
 */
export interface SettingSpec {
  /** Key under `syncauth:`. */
  key: string;
  /** Key of the same meaning under `azuread:`; absent when azuread has none. */
  azuread?: string;
  /** Environment variables, most specific first. */
  env: readonly string[];
  /** Keys (in both namespaces) and variables whose value is a file path holding the setting. */
  files?: { key: string; azuread?: string; env: readonly string[] };
  /** What the setting does, for users: the README's table and a provider schema are written from it. */
  description?: string;
  /** The value is a secret (a password, a token): stored encrypted, never shown. */
  secret?: true;
  /** What the value is when not text (a provider schema types it so): read from text or from a typed value alike. */
  type?: "boolean" | "integer" | "number";
}

/** Where a value was found: the key or variable name, so that messages can point at it. */
export interface Found {
  value: string;
  /** e.g. `syncauth:clientSecret`, `azuread:clientSecretFilePath`, `ARM_CLIENT_SECRET`. */
  source: string;
  /** True when `value` is a path to read rather than the value itself. */
  isFilePath: boolean;
}

interface Candidate {
  source: string;
  read: () => string | undefined;
  isFilePath: boolean;
}

/** The setting's own key, `syncauth:<key>`: the one messages tell users to set. */
export function configKey(spec: SettingSpec): string {
  return `${NAMESPACE}:${spec.key}`;
}

/** Every key and variable that can set `spec`, in the order they are consulted. */
export function sourcesOf(spec: SettingSpec): string[] {
  return candidates(spec, { get: () => undefined }, {}).map((candidate) => candidate.source);
}

/** The first non-blank value for `spec`, trimmed, or undefined when nothing sets it. */
export function lookup(spec: SettingSpec, config: ConfigSource, env: Env): Found | undefined {
  for (const candidate of candidates(spec, config, env)) {
    const value = candidate.read()?.trim();
    if (value !== undefined && value !== "") {
      return { value, source: candidate.source, isFilePath: candidate.isFilePath };
    }
  }
  return undefined;
}

function candidates(spec: SettingSpec, config: ConfigSource, env: Env): Candidate[] {
  const fromConfig = (key: string, isFilePath: boolean): Candidate => ({
    source: key,
    read: () => config.get(key),
    isFilePath,
  });
  const fromEnv = (name: string, isFilePath: boolean): Candidate => ({
    source: name,
    read: () => env[name],
    isFilePath,
  });
  const list: Candidate[] = [fromConfig(configKey(spec), false)];
  if (spec.files) {
    list.push(fromConfig(`${NAMESPACE}:${spec.files.key}`, true));
  }
  if (spec.azuread) {
    list.push(fromConfig(`${AZUREAD_NAMESPACE}:${spec.azuread}`, false));
  }
  if (spec.files?.azuread) {
    list.push(fromConfig(`${AZUREAD_NAMESPACE}:${spec.files.azuread}`, true));
  }
  list.push(...spec.env.map((name) => fromEnv(name, false)));
  list.push(...(spec.files?.env ?? []).map((name) => fromEnv(name, true)));
  return list;
}

const TRUE_WORDS = ["true", "1", "yes"];
const FALSE_WORDS = ["false", "0", "no"];

/**
 * A boolean setting: undefined when unset, so that "explicitly false" (which switches a method off) differs
 * from "not said".
 */
export function lookupBoolean(
  spec: SettingSpec,
  config: ConfigSource,
  env: Env,
): { value: boolean; source: string } | undefined {
  const found = lookup(spec, config, env);
  if (found === undefined) {
    return undefined;
  }
  const word = found.value.toLowerCase();
  if (TRUE_WORDS.includes(word)) {
    return { value: true, source: found.source };
  }
  if (FALSE_WORDS.includes(word)) {
    return { value: false, source: found.source };
  }
  throw new ConfigError(found.source, `${found.source} must be true or false.`);
}

/** The settings this provider reads, with the azuread keys and variables that azuread and @azure/identity users already set. */
export const SETTINGS = {
  cloud: { key: "cloud", azuread: "environment", env: ["ARM_ENVIRONMENT"] },
  graphEndpoint: { key: "graphEndpoint", env: [] },
  authorityHost: { key: "authorityHost", env: ["AZURE_AUTHORITY_HOST"] },
  graphScope: {
    key: "graphScope",
    env: [],
    description:
      "The scope the Graph access token is requested for, e.g. https://graph.microsoft.com/.default. Default: the " +
      "configured cloud's Graph scope, even when syncauth:graphEndpoint points elsewhere (a proxy in front of real " +
      "Graph needs a real Graph token). Set it only for a Graph that is not Microsoft's, such as a local emulator.",
  },
  keyVaultHosts: {
    key: "keyVaultHosts",
    env: [],
    description:
      "Comma-separated vault hosts (host or host:port) outside the cloud's Key Vault domain that writeOnlyCredentials " +
      "may read with fromKeyVault, e.g. a private or emulated vault such as 127.0.0.1:8443. Only for these hosts is " +
      "the Key Vault SDK's check that the vault's challenge names the vault's own resource turned off; tokens are " +
      "still requested only for a Key Vault scope (the cloud's, or the listed vault's own origin). Custom Graph or " +
      "authority endpoints never widen which vaults are read. Default: none.",
  },
  tenantId: { key: "tenantId", azuread: "tenantId", env: ["ARM_TENANT_ID", "AZURE_TENANT_ID"] },
  clientId: {
    key: "clientId",
    azuread: "clientId",
    env: ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"],
    files: { key: "clientIdFilePath", azuread: "clientIdFilePath", env: ["ARM_CLIENT_ID_FILE_PATH"] },
  },
  clientSecret: {
    key: "clientSecret",
    secret: true,
    azuread: "clientSecret",
    env: ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"],
    files: { key: "clientSecretFilePath", azuread: "clientSecretFilePath", env: ["ARM_CLIENT_SECRET_FILE_PATH"] },
  },
  clientCertificate: {
    key: "clientCertificate",
    secret: true,
    azuread: "clientCertificate",
    env: ["ARM_CLIENT_CERTIFICATE"],
    files: {
      key: "clientCertificatePath",
      azuread: "clientCertificatePath",
      env: ["ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"],
    },
  },
  clientCertificatePassword: {
    key: "clientCertificatePassword",
    secret: true,
    azuread: "clientCertificatePassword",
    env: ["ARM_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"],
  },
  useOidc: { key: "useOidc", azuread: "useOidc", env: ["ARM_USE_OIDC"], type: "boolean" },
  oidcToken: { key: "oidcToken", azuread: "oidcToken", env: ["ARM_OIDC_TOKEN"], secret: true },
  oidcTokenFilePath: {
    key: "oidcTokenFilePath",
    azuread: "oidcTokenFilePath",
    env: ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"],
  },
  githubRequestUrl: {
    key: "oidcRequestUrl",
    azuread: "oidcRequestUrl",
    env: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
  },
  githubRequestToken: {
    key: "oidcRequestToken",
    secret: true,
    azuread: "oidcRequestToken",
    env: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
  },
  adoServiceConnectionId: {
    key: "adoPipelineServiceConnectionId",
    azuread: "adoPipelineServiceConnectionId",
    env: ["ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"],
  },
  adoSystemAccessToken: {
    key: "oidcRequestToken",
    secret: true,
    azuread: "oidcRequestToken",
    env: ["ARM_OIDC_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN"],
  },
  useMsi: { key: "useMsi", azuread: "useMsi", env: ["ARM_USE_MSI"], type: "boolean" },
  msiEndpoint: { key: "msiEndpoint", azuread: "msiEndpoint", env: ["ARM_MSI_ENDPOINT"] },
  useCli: { key: "useCli", azuread: "useCli", env: ["ARM_USE_CLI"], type: "boolean" },
  requestTimeoutSeconds: { key: "requestTimeoutSeconds", env: [], type: "number" },
  maxRetries: { key: "maxRetries", env: [], type: "integer" },
  maxConcurrency: { key: "maxConcurrency", env: [], type: "integer" },
  operationTimeoutSeconds: { key: "operationTimeoutSeconds", env: [], type: "number" },
} as const satisfies Record<string, SettingSpec>;
