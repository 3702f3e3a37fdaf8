import { packageVersion } from "./packageVersion";
import type { ProviderHandlers } from "./providerHandlers";
import { servePlugin } from "./servePlugin";

/**
 * A plugin executable's whole main: serve the handlers with the version of the package the entry file belongs
 * to; if the server cannot start, say why on stderr (the CLI shows it) and exit non-zero.
 *
 * `handlers` may be given as the function that makes them. The engine waits for the port before its first call, and
 * only a call about the configuration or a resource needs the provider's code: the function runs once the port is
 * announced (or at the first call that needs the handlers, should one come first), so loading that code overlaps
 * with the engine dialling the plugin instead of delaying the port. If it fails, the plugin says so and exits as if
 * the server could not start.
 */
export function startPlugin(handlers: ProviderHandlers | (() => ProviderHandlers), entryDir: string): void {
  const cannotStart = (error: unknown): never => {
    process.stderr.write(`the provider could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
  const deferred = typeof handlers === "function" ? deferredHandlers(handlers, cannotStart) : undefined;
  servePlugin(deferred?.handlers ?? (handlers as ProviderHandlers), { version: packageVersion(entryDir) }).then(
    () => deferred && setImmediate(deferred.load),
    cannotStart,
  );
}

/** Handlers that are made by `make` on the first use of any of them, or when `load` is called. */
function deferredHandlers(
  make: () => ProviderHandlers,
  onFailure: (error: unknown) => never,
): { handlers: ProviderHandlers; load(): void } {
  let made: ProviderHandlers | undefined;
  const load = (): ProviderHandlers => {
    try {
      made ??= make();
    } catch (error) {
      onFailure(error);
    }
    return made;
  };
  // Every access goes through `get` (the service reads each handler, optional ones included, when a call comes).
  const handlers = new Proxy({} as ProviderHandlers, {
    get: (_target, name) => {
      const real = load();
      const value: unknown = Reflect.get(real, name);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
  });
  return { handlers, load: () => void load() };
}
