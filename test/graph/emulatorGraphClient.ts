/**
 * Builds GraphClients against the emulator for tests, signing in with @azure/identity's real
 * ClientSecretCredential (not provider/auth, so these tests stand on their own).
 */
import { ClientSecretCredential } from "@azure/identity";
import type { TokenSource } from "../../provider/auth/tokenSource";
import { CloudName, cloudEndpoints } from "../../provider/config/clouds";
import type { ClientSettings, EndpointSettings } from "../../provider/config/providerSettings";
import { GraphCallLimit } from "../../provider/graph/concurrencyLimit";
import { GraphClient } from "../../provider/graph/graphClient";
import type { BackoffSettings } from "../../provider/graph/retryPolicy";
import type { ClientIdentity, Emulator } from "../emulator";

/** A token source that remembers every token it handed out, so tests can look for them in errors. */
export interface RecordingTokenSource extends TokenSource {
  readonly issued: Set<string>;
}

export function clientSecretTokens(
  emulator: Emulator,
  identity: ClientIdentity,
  cloud: CloudName = "global",
): RecordingTokenSource {
  const { authorityHost, graphScope } = emulator.endpoints(cloud);
  const credential = new ClientSecretCredential(identity.tenantId, identity.clientId, identity.clientSecrets[0], {
    authorityHost,
    disableInstanceDiscovery: true,
  });
  const issued = new Set<string>();
  return {
    issued,
    async getToken() {
      const token = await credential.getToken(graphScope);
      issued.add(token.token);
      return token.token;
    },
  };
}

/** One limit for every client of the test process, as a provider process has. */
export const TEST_CALL_LIMIT = new GraphCallLimit();

export const TEST_CLIENT_SETTINGS: ClientSettings = {
  requestTimeoutMs: 10_000,
  maxRetries: 5,
  maxConcurrency: 8,
  operationDeadlineMs: 60_000,
};

/** Endpoints of one emulator cloud as the provider would resolve them from syncauth:graphEndpoint. */
export function emulatorEndpointSettings(emulator: Emulator, cloud: CloudName = "global"): EndpointSettings {
  const { graphRoot, authorityHost, graphScope, keyVaultUrl } = emulator.endpoints(cloud);
  const keyVaultHosts = [new URL(keyVaultUrl).host];
  return {
    ...cloudEndpoints(cloud, { graphEndpoint: graphRoot, authorityHost, graphScope, keyVaultHosts }),
    source: "syncauth:graphEndpoint",
  };
}

export function emulatorGraphClient(
  emulator: Emulator,
  tokens: TokenSource,
  settings: Partial<ClientSettings> = {},
  backoff?: BackoffSettings,
): GraphClient {
  return new GraphClient({
    endpoints: emulatorEndpointSettings(emulator),
    client: { ...TEST_CLIENT_SETTINGS, ...settings },
    tokens,
    callLimit: TEST_CALL_LIMIT,
    backoff,
  });
}
