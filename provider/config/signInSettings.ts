import { parseEndpointUrl, type EndpointUrlRules } from "./clouds";
import { ConfigError } from "./configError";
import {
  ConfigSource,
  configKey,
  Env,
  Found,
  lookup,
  lookupBoolean,
  SETTINGS,
  SettingSpec,
  sourcesOf,
} from "./configKeys";

/**
 * Reads a file. Pass `fs.readFileSync` (raw bytes): a PKCS#12 certificate file is binary and does not survive
 * decoding as text; text files work either way.
 */
export type ReadFile = (path: string) => Buffer | string;

/** Where a federated (OIDC) assertion comes from. */
export type OidcAssertionSource =
  /** A token given directly; it cannot be renewed, so it only works until it expires. */
  | { getAssertion: "static"; token: string }
  /** A file re-read when a new assertion is needed (AKS workload identity and others rotate it). */
  | { getAssertion: "file"; tokenFilePath: string }
  /** GitHub Actions: GET the request URL with `audience=api://AzureADTokenExchange` and the request token as bearer. */
  | { getAssertion: "github"; requestUrl: string; requestToken: string }
  /** Azure Pipelines service connection; @azure/identity reads SYSTEM_OIDCREQUESTURI from the process environment. */
  | { getAssertion: "azurePipelines"; serviceConnectionId: string; systemAccessToken: string };

export type SignInMethod =
  | { kind: "clientSecret"; clientSecret: string }
  /** `certificate` holds PEM text or PKCS#12 (PFX) bytes; the credential factory converts PFX to PEM. */
  | { kind: "clientCertificate"; certificate: Buffer; certificatePassword?: string }
  | ({ kind: "oidcToken" } & OidcAssertionSource)
  /** `msiEndpoint` replaces the IMDS endpoint (azuread's meaning); otherwise @azure/identity detects the host. */
  | { kind: "managedIdentity"; msiEndpoint?: string }
  | { kind: "azureCli" };

export interface SignInSettings {
  /** Required for secret, certificate and OIDC; optional for Azure CLI (its current tenant) and managed identity. */
  tenantId?: string;
  /** Required for secret, certificate and OIDC; for managed identity it selects a user-assigned identity. */
  clientId?: string;
  method: SignInMethod;
  /** The key or variable that decided the method, e.g. `syncauth:clientSecret` or `ARM_USE_MSI`. */
  chosenBy: string;
  /** Where tenantId and clientId came from, for messages. */
  tenantIdFrom?: string;
  clientIdFrom?: string;
}

interface Choice {
  method: SignInMethod;
  chosenBy: string;
}

/** Tenants that name no directory: client credentials need a real one. */
const NON_DIRECTORY_TENANTS = ["common", "organizations", "consumers"];

/**
 * Decides how the provider signs in. Called for create/update/read only; preview never needs credentials.
 *
 * Order (each key falls back to the azuread key, then to the environment variables, see `SETTINGS`):
 * 1. An explicit method wins: `useOidc`, then `useMsi`, then `useCli`, whichever is true first.
 * 2. Otherwise the first configured of: client secret → client certificate → OIDC (token, token file,
 *    Azure Pipelines service connection, GitHub Actions request URL) → Azure CLI.
 * A method whose flag is explicitly false is skipped; managed identity is never chosen without `useMsi`.
 *
 * @throws ConfigError naming the keys and variables to set, never a value.
 */
export function resolveSignInSettings(config: ConfigSource, env: Env, readFile: ReadFile): SignInSettings {
  const reader = new SettingReader(config, env, readFile);
  const choice = chooseMethod(reader);
  const tenant = reader.text(SETTINGS.tenantId);
  const client = reader.text(SETTINGS.clientId);
  const settings: SignInSettings = {
    ...choice,
    tenantId: tenant?.value,
    tenantIdFrom: tenant?.source,
    clientId: client?.value,
    clientIdFrom: client?.source,
  };
  if (tenant) {
    checkTenantId(tenant);
  }
  const needsAppIdentity = ["clientSecret", "clientCertificate", "oidcToken"].includes(choice.method.kind);
  if (needsAppIdentity && tenant === undefined) {
    throw missing(choice, "a tenant id", SETTINGS.tenantId);
  }
  if (needsAppIdentity && client === undefined) {
    throw missing(choice, "a client id", SETTINGS.clientId);
  }
  return settings;
}

/** A short name of a method for messages, e.g. `client secret` or `OIDC token (GitHub Actions)`. */
export function describeMethod(method: SignInMethod): string {
  switch (method.kind) {
    case "clientSecret":
      return "client secret";
    case "clientCertificate":
      return "client certificate";
    case "oidcToken":
      return {
        static: "OIDC token",
        file: "OIDC token file",
        github: "OIDC token (GitHub Actions)",
        azurePipelines: "OIDC token (Azure Pipelines service connection)",
      }[method.getAssertion];
    case "managedIdentity":
      return "managed identity";
    case "azureCli":
      return "Azure CLI";
  }
}

function missing(choice: Choice, what: string, spec: SettingSpec): ConfigError {
  const keys = sourcesOf(spec);
  return new ConfigError(
    keys[0],
    `Sign-in with ${describeMethod(choice.method)} (chosen by ${choice.chosenBy}) needs ${what}. ` +
      `Set one of: ${keys.join(", ")}.`,
  );
}

function checkTenantId(tenant: Found): void {
  if (!/^[0-9a-zA-Z.-]+$/.test(tenant.value) || NON_DIRECTORY_TENANTS.includes(tenant.value.toLowerCase())) {
    throw new ConfigError(
      tenant.source,
      `${tenant.source} must be the directory (tenant) id or a verified domain of the tenant, ` +
        `not ${NON_DIRECTORY_TENANTS.join("/")} and without spaces or slashes.`,
    );
  }
}

function chooseMethod(reader: SettingReader): Choice {
  const useOidc = reader.flag(SETTINGS.useOidc);
  const useMsi = reader.flag(SETTINGS.useMsi);
  const useCli = reader.flag(SETTINGS.useCli);

  if (useOidc?.value) {
    const oidc = oidcChoice(reader) ?? throwNoOidcSource(useOidc.source);
    return { ...oidc, chosenBy: `${useOidc.source} with ${oidc.chosenBy}` };
  }
  if (useMsi?.value) {
    return {
      method: { kind: "managedIdentity", msiEndpoint: reader.url(SETTINGS.msiEndpoint, { allowHttp: true }) },
      chosenBy: useMsi.source,
    };
  }
  if (useCli?.value) {
    return { method: { kind: "azureCli" }, chosenBy: useCli.source };
  }

  const secret = reader.text(SETTINGS.clientSecret);
  if (secret) {
    return { method: { kind: "clientSecret", clientSecret: secret.value }, chosenBy: secret.source };
  }
  const certificate = reader.certificate();
  if (certificate) {
    const password = reader.text(SETTINGS.clientCertificatePassword);
    return {
      method: { kind: "clientCertificate", certificate: certificate.bytes, certificatePassword: password?.value },
      chosenBy: certificate.source,
    };
  }
  if (useOidc?.value !== false) {
    const oidc = oidcChoice(reader);
    if (oidc) {
      return oidc;
    }
  }
  if (useCli === undefined || useCli.value) {
    return { method: { kind: "azureCli" }, chosenBy: "default (no other credential configured)" };
  }
  throw new ConfigError(
    useCli.source,
    `No sign-in method is configured and ${useCli.source} turns the Azure CLI off. ` +
      `Set a client secret (${sourcesOf(SETTINGS.clientSecret).join(", ")}), ` +
      `a client certificate (${sourcesOf(SETTINGS.clientCertificate).join(", ")}), ` +
      `an OIDC token source (${oidcSourceNames().join(", ")}), or ${configKey(SETTINGS.useMsi)}=true.`,
  );
}

function oidcChoice(reader: SettingReader): Choice | undefined {
  const token = reader.text(SETTINGS.oidcToken);
  if (token) {
    return { method: { kind: "oidcToken", getAssertion: "static", token: token.value }, chosenBy: token.source };
  }
  const tokenFile = reader.raw(SETTINGS.oidcTokenFilePath);
  if (tokenFile) {
    reader.readText(tokenFile);
    return {
      method: { kind: "oidcToken", getAssertion: "file", tokenFilePath: tokenFile.value },
      chosenBy: tokenFile.source,
    };
  }
  const serviceConnection = reader.text(SETTINGS.adoServiceConnectionId);
  if (serviceConnection) {
    return azurePipelinesChoice(reader, serviceConnection);
  }
  const requestUrl = reader.raw(SETTINGS.githubRequestUrl);
  if (requestUrl) {
    const requestToken = reader.text(SETTINGS.githubRequestToken);
    if (requestToken === undefined) {
      throw new ConfigError(
        requestUrl.source,
        `${requestUrl.source} is set but no bearer token for it: set one of ${sourcesOf(SETTINGS.githubRequestToken).join(", ")} ` +
          `(in GitHub Actions, grant the job "permissions: id-token: write").`,
      );
    }
    return {
      method: {
        kind: "oidcToken",
        getAssertion: "github",
        requestUrl: requiredUrl(requestUrl, { keepQuery: true }),
        requestToken: requestToken.value,
      },
      chosenBy: requestUrl.source,
    };
  }
  return undefined;
}

/** A found (hence non-blank) URL setting, validated. */
function requiredUrl(found: Found, rules: EndpointUrlRules): string {
  const url = parseEndpointUrl(found.value, found.source, rules);
  if (url === undefined) {
    throw new ConfigError(found.source, `${found.source} must be an absolute URL.`);
  }
  return url;
}

function azurePipelinesChoice(reader: SettingReader, serviceConnection: Found): Choice {
  if ((reader.env.SYSTEM_OIDCREQUESTURI ?? "").trim() === "") {
    throw new ConfigError(
      "SYSTEM_OIDCREQUESTURI",
      `${serviceConnection.source} selects an Azure Pipelines service connection, but SYSTEM_OIDCREQUESTURI is not set. ` +
        `Run inside an Azure Pipelines job (AzureCLI@2 or a task with the service connection) that exposes it.`,
    );
  }
  const accessToken = reader.text(SETTINGS.adoSystemAccessToken);
  if (accessToken === undefined) {
    throw new ConfigError(
      "SYSTEM_ACCESSTOKEN",
      `${serviceConnection.source} selects an Azure Pipelines service connection, but no system access token is set. ` +
        `Map it into the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)) or set one of ` +
        `${sourcesOf(SETTINGS.adoSystemAccessToken).join(", ")}.`,
    );
  }
  return {
    method: {
      kind: "oidcToken",
      getAssertion: "azurePipelines",
      serviceConnectionId: serviceConnection.value,
      systemAccessToken: accessToken.value,
    },
    chosenBy: serviceConnection.source,
  };
}

function oidcSourceNames(): string[] {
  return [
    ...sourcesOf(SETTINGS.oidcToken),
    ...sourcesOf(SETTINGS.oidcTokenFilePath),
    ...sourcesOf(SETTINGS.adoServiceConnectionId),
    ...sourcesOf(SETTINGS.githubRequestUrl),
  ];
}

function throwNoOidcSource(flagSource: string): never {
  throw new ConfigError(
    flagSource,
    `${flagSource} asks for OIDC sign-in but no OIDC token source is set. Set one of: ${oidcSourceNames().join(", ")}.`,
  );
}

/** Looks settings up and reads the files that some of them point to, turning read failures into ConfigErrors. */
class SettingReader {
  constructor(
    private readonly config: ConfigSource,
    readonly env: Env,
    private readonly readFile: ReadFile,
  ) {}

  /** The value as found, without reading a file it may name. */
  raw(spec: SettingSpec): Found | undefined {
    return lookup(spec, this.config, this.env);
  }

  /** The setting's text: the value, or the trimmed content of the file a `…FilePath` key names. */
  text(spec: SettingSpec): Found | undefined {
    const found = this.raw(spec);
    if (found === undefined || !found.isFilePath) {
      return found;
    }
    const content = this.readText(found);
    if (content === "") {
      throw new ConfigError(found.source, `The file named by ${found.source} is empty.`);
    }
    return { value: content, source: found.source, isFilePath: false };
  }

  flag(spec: SettingSpec): { value: boolean; source: string } | undefined {
    return lookupBoolean(spec, this.config, this.env);
  }

  url(spec: SettingSpec, rules: EndpointUrlRules): string | undefined {
    const found = this.raw(spec);
    return found && requiredUrl(found, rules);
  }

  readText(found: Found): string {
    return this.readBytes(found).toString("utf8").trim();
  }

  /** PEM text, or base64 of PKCS#12 or PEM in the inline key; raw file bytes from a path. */
  certificate(): { bytes: Buffer; source: string } | undefined {
    const found = this.raw(SETTINGS.clientCertificate);
    if (found === undefined) {
      return undefined;
    }
    if (found.isFilePath) {
      return { bytes: this.readBytes(found), source: found.source };
    }
    if (found.value.includes("-----BEGIN")) {
      return { bytes: Buffer.from(found.value, "utf8"), source: found.source };
    }
    const compact = found.value.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
      throw new ConfigError(
        found.source,
        `${found.source} must be a base64-encoded PKCS#12 (PFX) bundle or PEM text holding the certificate and its private key.`,
      );
    }
    return { bytes: Buffer.from(compact, "base64"), source: found.source };
  }

  private readBytes(found: Found): Buffer {
    try {
      const content = this.readFile(found.value);
      return typeof content === "string" ? Buffer.from(content, "utf8") : content;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "read error";
      throw new ConfigError(
        found.source,
        `Cannot read the file named by ${found.source} (${code}). Fix the path or unset the key.`,
      );
    }
  }
}
