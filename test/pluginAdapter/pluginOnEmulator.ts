/** The syncauth plugin's handlers, in process, configured to sign in to the emulator: for tests of one resource. */
import { newSharedClients } from "../../provider/core/session";
import type { CallContext, ProviderHandlers } from "../../provider/plugin/providerHandlers";
import { secret, type PropertyMap } from "../../provider/plugin/propertyValue";
import { syncauthProvider } from "../../provider/pluginAdapter/syncauthProvider";
import type { Emulator } from "../emulator";

/** A call context that keeps every message logged, as `<level>: <message>`. */
export function recordingContext(): CallContext & { messages: string[] } {
  const messages: string[] = [];
  const log = (level: string) => (message: string) => messages.push(`${level}: ${message}`);
  return {
    messages,
    signal: new AbortController().signal,
    log: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
  };
}

/** A fresh plugin (its own shared clients) signed in as the emulator's demo client, with `extraConfig` on top. */
export async function pluginOnEmulator(
  emu: Emulator,
  context: CallContext,
  extraConfig: Record<string, unknown> = {},
): Promise<ProviderHandlers> {
  const endpoints = emu.endpoints("global");
  const client = emu.fixture.demo;
  const provider = syncauthProvider({}, newSharedClients());
  await provider.configure(
    {
      config: {
        graphEndpoint: endpoints.graphRoot,
        authorityHost: endpoints.authorityHost,
        graphScope: endpoints.graphScope,
        tenantId: client.tenantId,
        clientId: client.clientId,
        clientSecret: secret(client.clientSecrets[0]),
        ...extraConfig,
      } as PropertyMap,
    },
    context,
  );
  return provider;
}
