import { packageVersion } from "./packageVersion";
import type { ProviderHandlers } from "./providerHandlers";
import { servePlugin } from "./servePlugin";

/**
 * A plugin executable's whole main: serve the handlers with the version of the package the entry file belongs
 * to; if the server cannot start, say why on stderr (the CLI shows it) and exit non-zero.
 */
export function startPlugin(handlers: ProviderHandlers, entryDir: string): void {
  servePlugin(handlers, { version: packageVersion(entryDir) }).catch((error: unknown) => {
    process.stderr.write(`the provider could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
