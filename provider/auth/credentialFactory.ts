import type { TokenCredential } from "@azure/identity";
import type { EndpointSettings } from "../config/providerSettings";
import type { OidcAssertionSource, SignInSettings } from "../config/signInSettings";
import { certificateToPem } from "./certificatePem";
import { azureIdentity } from "./lazySdks";
import { fetchGithubActionsIdToken } from "./githubActionsIdToken";
import { MsiEndpointCredential } from "./msiEndpointCredential";
import { reusableAssertion } from "./reusableAssertion";

interface CommonOptions {
  authorityHost: string;
  disableInstanceDiscovery: boolean;
}

/** How long the Azure CLI may take to print a token. */
export const AZURE_CLI_TIMEOUT_MS = 30_000;

/**
 * Builds the @azure/identity credential for the chosen method. Never falls back to another method (no
 * DefaultAzureCredential): what was configured is what runs, so failures point at the right key.
 *
 * A custom authority (emulator, private cloud) turns off MSAL's instance discovery, which would otherwise call
 * login.microsoftonline.com before every first token.
 *
 * @throws ConfigError when a certificate cannot be opened.
 */
export function createTokenCredential(settings: SignInSettings, endpoints: EndpointSettings): TokenCredential {
  const options: CommonOptions = { authorityHost: endpoints.authorityHost, disableInstanceDiscovery: endpoints.custom };
  const method = settings.method;
  const { AzureCliCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } =
    azureIdentity();
  switch (method.kind) {
    case "clientSecret":
      return new ClientSecretCredential(tenantOf(settings), clientOf(settings), method.clientSecret, options);
    case "clientCertificate": {
      const { pem, password } = certificateToPem(method.certificate, method.certificatePassword, settings.chosenBy);
      return new ClientCertificateCredential(
        tenantOf(settings),
        clientOf(settings),
        { certificate: pem, certificatePassword: password },
        options,
      );
    }
    case "oidcToken":
      return federatedCredential(settings, method, options);
    case "managedIdentity":
      return method.msiEndpoint
        ? new MsiEndpointCredential(method.msiEndpoint, settings.clientId)
        : new ManagedIdentityCredential({ clientId: settings.clientId });
    case "azureCli":
      return new AzureCliCredential({ tenantId: settings.tenantId, processTimeoutInMs: AZURE_CLI_TIMEOUT_MS });
  }
}

function federatedCredential(
  settings: SignInSettings,
  source: OidcAssertionSource,
  options: CommonOptions,
): TokenCredential {
  const { AzurePipelinesCredential, ClientAssertionCredential, WorkloadIdentityCredential } = azureIdentity();
  switch (source.getAssertion) {
    case "static":
      return new ClientAssertionCredential(tenantOf(settings), clientOf(settings), async () => source.token, options);
    case "file":
      return new WorkloadIdentityCredential({
        ...options,
        tenantId: tenantOf(settings),
        clientId: clientOf(settings),
        tokenFilePath: source.tokenFilePath,
      });
    case "github":
      return new ClientAssertionCredential(
        tenantOf(settings),
        clientOf(settings),
        reusableAssertion(() => fetchGithubActionsIdToken(source.requestUrl, source.requestToken)),
        options,
      );
    case "azurePipelines":
      return new AzurePipelinesCredential(
        tenantOf(settings),
        clientOf(settings),
        source.serviceConnectionId,
        source.systemAccessToken,
        options,
      );
  }
}

// resolveSignInSettings guarantees both for app (secret, certificate, OIDC) sign-in.
function tenantOf(settings: SignInSettings): string {
  return requireValue(settings.tenantId, "tenantId");
}

function clientOf(settings: SignInSettings): string {
  return requireValue(settings.clientId, "clientId");
}

function requireValue(value: string | undefined, name: string): string {
  if (value === undefined) {
    throw new Error(`SignInSettings.${name} is required for this method; build settings with resolveSignInSettings`);
  }
  return value;
}
