import { CLOUD_NAMES } from "../../provider/config/clouds";
import { parseCommandLine, USAGE } from "./commandLine";
import { startEmulator, type Emulator } from "./index";

/** Standalone emulator: prints where everything is and how to point a stack at it, then serves until a signal. */
async function main(): Promise<void> {
  let commandLine;
  try {
    commandLine = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (commandLine.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator({
    seed: commandLine.seed,
    tokenLifetimeSeconds: commandLine.tokenLifetimeSeconds,
  });
  for (const rule of commandLine.faults) emulator.faults.add(rule);
  console.log(describe(emulator));
  const stop = (signal: string): void => {
    console.log(`\n${signal}: stopping the emulator`);
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

function describe(emulator: Emulator): string {
  const { fixture } = emulator;
  const demo = fixture.demo;
  const global = emulator.endpoints("global");
  const [certificate] = emulator.clientCertificates(demo.clientId);
  const lines: string[] = ["Graph + Entra emulator on 127.0.0.1", ""];
  for (const cloud of CLOUD_NAMES) {
    const endpoints = emulator.endpoints(cloud);
    lines.push(`  ${cloud.padEnd(15)} graph/authority ${endpoints.graphRoot}   key vault ${endpoints.keyVaultUrl}`);
  }
  lines.push(
    "",
    `CA certificate (trust it):  ${emulator.caCertPath}`,
    `Admin API:                  ${global.graphRoot}/_emulator/{requests,endpoints,faults,faults/clear,faults/release-held,reset}`,
    `                            ${global.graphRoot}/_emulator/{synchronization,synchronization/jobs,synchronization/revoke,hostile-vaults}`,
    "",
    `Tenant                      ${fixture.tenantId}   (second tenant ${fixture.otherTenantId})`,
    `demo client (OwnedBy)       clientId ${demo.clientId}   secret ${demo.clientSecrets[0]}`,
    `syncAll client              clientId ${fixture.syncAll.clientId}   secret ${fixture.syncAll.clientSecrets[0]}`,
    `noRoles client              clientId ${fixture.noRoles.clientId}   secret ${fixture.noRoles.clientSecrets[0]}`,
    `demo certificate            ${certificate?.combinedPemPath ?? "(none)"}   PFX ${certificate?.pfxPath ?? "(none)"}   password ${certificate?.password ?? ""}`,
    `owned service principal     ${fixture.ownedServicePrincipal.objectId}   (appId ${fixture.ownedServicePrincipal.appId})`,
    `owned application           ${fixture.ownedApplication.objectId}`,
    `not-owned service principal ${fixture.foreignServicePrincipal.objectId}`,
    `generated service principals ${fixture.generatedServicePrincipals.length} owned by demo, e.g. ${fixture.generatedServicePrincipals[0]?.objectId ?? ""}`,
    `synchronization job         ${fixture.ownedServicePrincipalJob.id}   (of the owned service principal)`,
    `appReader client            clientId ${fixture.appReader.clientId}   secret ${fixture.appReader.clientSecrets[0]}`,
    "",
    "Point a stack at it:",
    `  export NODE_EXTRA_CA_CERTS=${emulator.caCertPath}`,
    `  pulumi config set syncauth:graphEndpoint ${global.graphRoot}`,
    `  pulumi config set syncauth:authorityHost ${global.authorityHost}`,
    `  pulumi config set syncauth:graphScope ${global.graphScope}`,
    `  pulumi config set syncauth:keyVaultHosts ${new URL(global.keyVaultUrl).host}`,
    `  pulumi config set syncauth:tenantId ${fixture.tenantId}`,
    `  pulumi config set syncauth:clientId ${demo.clientId}`,
    `  pulumi config set --secret syncauth:clientSecret ${demo.clientSecrets[0]}`,
    "",
    "Managed identity (App Service style):",
    `  export IDENTITY_ENDPOINT=${emulator.managedIdentityEnvironment.IDENTITY_ENDPOINT}`,
    `  export IDENTITY_HEADER=${emulator.managedIdentityEnvironment.IDENTITY_HEADER}`,
    "GitHub Actions OIDC:",
    `  export ACTIONS_ID_TOKEN_REQUEST_URL='${emulator.githubActionsEnvironment.ACTIONS_ID_TOKEN_REQUEST_URL}'`,
    `  export ACTIONS_ID_TOKEN_REQUEST_TOKEN=${emulator.githubActionsEnvironment.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
    "Azure Pipelines OIDC:",
    `  export SYSTEM_OIDCREQUESTURI=${emulator.azurePipelinesEnvironment.SYSTEM_OIDCREQUESTURI}`,
    `  system access token ${emulator.azurePipelinesEnvironment.systemAccessToken}   service connection ${emulator.azurePipelinesEnvironment.serviceConnectionId}`,
  );
  const faults = emulator.faults.list();
  if (faults.length > 0) {
    lines.push("", "Faults:", ...faults.map((rule) => `  ${JSON.stringify(rule)}`));
  }
  lines.push("", "Ready. Ctrl-C to stop.");
  return lines.join("\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
