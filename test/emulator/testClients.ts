import { randomUUID } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import type { CloudName } from "../../provider/config/clouds";
import type { ClientIdentity, Fixture } from "./fixture";
import type { Emulator } from "./index";

/** What the emulator's own tests sign in with: a client's first secret against one cloud's emulated Entra. */
export function secretCredential(
  emu: Emulator<Fixture>,
  client: ClientIdentity,
  cloud: CloudName = "global",
): ClientSecretCredential {
  return new ClientSecretCredential(client.tenantId, client.clientId, client.clientSecrets[0], {
    authorityHost: emu.endpoints(cloud).authorityHost,
    disableInstanceDiscovery: true,
  });
}

export async function graphToken(
  emu: Emulator<Fixture>,
  client: ClientIdentity,
  cloud: CloudName = "global",
): Promise<string> {
  return (await secretCredential(emu, client, cloud).getToken(emu.endpoints(cloud).graphScope)).token;
}

/** A new service principal in the first tenant, so a test's authorizations and revocations stay its own. */
export function addServicePrincipal(emu: Emulator<Fixture>, owners: string[] = []): string {
  const objectId = randomUUID();
  emu.directory.add({
    kind: "servicePrincipals",
    tenantId: emu.fixture.tenants[0],
    objectId,
    appId: randomUUID(),
    displayName: "SCIM provisioning (added by a test)",
    owners,
  });
  return objectId;
}
