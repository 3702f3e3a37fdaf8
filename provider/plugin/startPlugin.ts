import { packageVersion } from "./packageVersion";
import type { ProviderHandlers } from "./providerHandlers";
import { ProviderError } from "./providerErrors";
import { servePlugin } from "./servePlugin";

/**
 * A plugin executable's whole main: serve the handlers with the version of the package the entry file belongs
 * to; if the server cannot start, say why on stderr (the CLI shows it) and exit non-zero.
 *
 * `handlers` may be given as the function that makes them. The engine waits for the port before its first call, and
 * only a call about the configuration or a resource needs the provider's code: the function runs once the port is
 * announced (or at the first call that needs the handlers, should one come first), so loading that code overlaps
 * with the engine dialling the plugin instead of delaying the port. If it fails, the plugin says so on stderr and
 * stays up: the engine has read the port, and a plugin gone by then leaves it retrying the connection for its dial
 * timeout (10 s) before it reports a dead plugin; instead every call that needs the handlers fails with the reason.
 */
export function startPlugin(handlers: ProviderHandlers | (() => ProviderHandlers), entryDir: string): void {
  const cannotStart = (error: unknown): never => {
    process.stderr.write(`the provider could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
  const deferred = typeof handlers === "function" ? deferredHandlers(handlers) : undefined;
  servePlugin(deferred?.handlers ?? (handlers as ProviderHandlers), { version: packageVersion(entryDir) }).then(
    () => deferred && setImmediate(deferred.load),
    cannotStart,
  );
}

/**
 * Handlers that are made by `make` on the first use of any of them, or when `load` is called. When `make` fails, the
 * reason is written to stderr once and every handler answers it as a failed precondition.
 */
function deferredHandlers(make: () => ProviderHandlers): { handlers: ProviderHandlers; load(): void } {
  let made: ProviderHandlers | undefined;
  let failure: ProviderError | undefined;
  const load = (): ProviderHandlers | undefined => {
    if (made === undefined && failure === undefined) {
      try {
        made = make();
      } catch (error) {
        failure = new ProviderError(
          `the provider could not start: ${error instanceof Error ? error.message : String(error)}`,
          "failedPrecondition",
        );
        process.stderr.write(`${failure.message}\n`);
      }
    }
    return made;
  };
  // Every access goes through `get` (the service reads each handler, optional ones included, when a call comes).
  const handlers = new Proxy({} as ProviderHandlers, {
    get: (_target, name) => {
      const real = load();
      if (real === undefined) {
        return () => Promise.reject(failure);
      }
      const value: unknown = Reflect.get(real, name);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
  });
  return { handlers, load: () => void load() };
}
