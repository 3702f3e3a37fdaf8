import { ConfigError } from "./configError";

/** The Microsoft clouds that have their own Graph and Entra endpoints. GCC (not High) uses `global`. */
export type CloudName = "global" | "usgovernmentl4" | "usgovernmentl5" | "china";

/** Where Graph, Entra and Key Vault live for one cloud, after any custom endpoint overrides. */
export interface CloudEndpoints {
  cloud: CloudName;
  /** Graph root without a trailing slash, e.g. `https://graph.microsoft.com`. */
  graphRoot: string;
  /** Entra authority host without a trailing slash, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /**
   * The scope a token for Graph is requested with: the cloud's (`https://graph.microsoft.com/.default`) unless
   * overridden, also when graphRoot is (a proxy in front of real Graph needs a real Graph token).
   */
  graphScope: string;
  /** DNS suffix of Key Vault URLs, e.g. `vault.azure.net`. */
  keyVaultSuffix: string;
  /** Scope of a Key Vault token, e.g. `https://vault.azure.net/.default`. */
  keyVaultScope: string;
  /**
   * Vault hosts (`host` or `host:port`, lower case) outside keyVaultSuffix that may be read anyway: private or
   * emulated vaults, named explicitly (`syncauth:keyVaultHosts`); never implied by another override.
   */
  keyVaultHosts: readonly string[];
  /**
   * True when graphEndpoint or authorityHost were overridden. A custom authority is not known to MSAL, so
   * credentials must be built with `disableInstanceDiscovery`.
   */
  custom: boolean;
}

/** Custom endpoints (sovereign/private deployments, or a local emulator). Both must be https URLs. */
export interface EndpointOverrides {
  graphEndpoint?: string;
  authorityHost?: string;
  /** The Graph token's scope; default the cloud's. */
  graphScope?: string;
  /** See {@link CloudEndpoints.keyVaultHosts}. */
  keyVaultHosts?: readonly string[];
}

export const CLOUD_NAMES: readonly CloudName[] = ["global", "usgovernmentl4", "usgovernmentl5", "china"];

type FixedEndpoints = Omit<CloudEndpoints, "cloud" | "graphScope" | "custom" | "keyVaultHosts">;

const CLOUD_TABLE: Readonly<Record<CloudName, FixedEndpoints>> = {
  global: {
    graphRoot: "https://graph.microsoft.com",
    authorityHost: "https://login.microsoftonline.com",
    keyVaultSuffix: "vault.azure.net",
    keyVaultScope: "https://vault.azure.net/.default",
  },
  usgovernmentl4: {
    graphRoot: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    keyVaultSuffix: "vault.usgovcloudapi.net",
    keyVaultScope: "https://vault.usgovcloudapi.net/.default",
  },
  usgovernmentl5: {
    graphRoot: "https://dod-graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    keyVaultSuffix: "vault.usgovcloudapi.net",
    keyVaultScope: "https://vault.usgovcloudapi.net/.default",
  },
  china: {
    graphRoot: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    keyVaultSuffix: "vault.azure.cn",
    keyVaultScope: "https://vault.azure.cn/.default",
  },
};

/**
 * Other spellings users already have in their stacks: azuread's and Terraform's legacy names, and the Azure CLI's
 * cloud names (`az cloud show`). Matching ignores case.
 */
const CLOUD_ALIASES: Readonly<Record<string, CloudName>> = {
  public: "global",
  azurecloud: "global",
  azurepubliccloud: "global",
  usgovernment: "usgovernmentl4",
  azureusgovernment: "usgovernmentl4",
  dod: "usgovernmentl5",
  azurechinacloud: "china",
};

/**
 * Reads a cloud name; an absent or blank value means `global`.
 *
 * @param source the key or variable the value came from, named in the error.
 * @throws ConfigError when the name is neither a cloud nor a known alias.
 */
export function parseCloudName(raw: string | undefined, source: string): CloudName {
  const name = (raw ?? "").trim().toLowerCase();
  if (name === "") {
    return "global";
  }
  if ((CLOUD_NAMES as readonly string[]).includes(name)) {
    return name as CloudName;
  }
  const aliased = CLOUD_ALIASES[name];
  if (aliased !== undefined) {
    return aliased;
  }
  throw new ConfigError(
    source,
    `${source} is not a known cloud. Set it to one of ${CLOUD_NAMES.join(", ")} ` +
      `(aliases: ${Object.keys(CLOUD_ALIASES).join(", ")}), or leave it unset for global.`,
  );
}

/**
 * The endpoints of a cloud, with custom Graph and authority hosts applied.
 *
 * Key Vault endpoints always follow the cloud: a private Graph or authority says nothing about where vaults live.
 *
 * @throws ConfigError when an override is not an absolute https URL.
 */
export function cloudEndpoints(cloud: CloudName, overrides: EndpointOverrides = {}): CloudEndpoints {
  const fixed = CLOUD_TABLE[cloud];
  const graphRoot = parseEndpointUrl(overrides.graphEndpoint, "graphEndpoint") ?? fixed.graphRoot;
  const authorityHost = parseEndpointUrl(overrides.authorityHost, "authorityHost") ?? fixed.authorityHost;
  return {
    cloud,
    graphRoot,
    authorityHost,
    graphScope: overrides.graphScope ?? `${fixed.graphRoot}/.default`,
    keyVaultSuffix: fixed.keyVaultSuffix,
    keyVaultScope: fixed.keyVaultScope,
    keyVaultHosts: overrides.keyVaultHosts ?? [],
    custom: graphRoot !== fixed.graphRoot || authorityHost !== fixed.authorityHost,
  };
}

/** Relaxations of {@link parseEndpointUrl} for URLs that are not Graph or authority roots. */
export interface EndpointUrlRules {
  /** Keep a query string (request URLs such as GitHub's `ACTIONS_ID_TOKEN_REQUEST_URL` carry one). Default false. */
  keepQuery?: boolean;
  /** Accept http (managed identity endpoints such as IMDS are plain http on a host-local address). Default false. */
  allowHttp?: boolean;
}

/**
 * Normalizes a custom endpoint to `https://host[:port][/path]` without a trailing slash, so that scopes and
 * URLs built from it have exactly one slash. Blank means not set.
 *
 * @param name the key or variable the value came from, named in the error.
 * @throws ConfigError when the value is not a plain absolute https URL.
 */
export function parseEndpointUrl(
  raw: string | undefined,
  name: string,
  rules: EndpointUrlRules = {},
): string | undefined {
  const trimmed = raw?.trim();
  if (trimmed === undefined || trimmed === "") {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigError(name, `${name} is not an absolute URL. Set it like https://graph.example.com.`);
  }
  const allowedProtocols = rules.allowHttp ? ["https:", "http:"] : ["https:"];
  if (!allowedProtocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `${name} must use https (Entra and Graph tokens must not travel in clear text). Set it like https://graph.example.com.`,
    );
  }
  if ((url.search !== "" && !rules.keepQuery) || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new ConfigError(name, `${name} must be a plain URL without credentials, query or fragment.`);
  }
  if (url.search !== "") {
    return url.href;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** Whether two Graph roots name the same endpoint: scheme and host are case-insensitive, a trailing slash is noise. */
export function sameGraphEndpoint(a: string, b: string): boolean {
  const normalize = (url: string) => url.replace(/\/+$/, "").toLowerCase();
  return normalize(a) === normalize(b);
}
