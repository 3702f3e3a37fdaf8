/**
 * How the plugin's single executable runs the bundled plugin: the bundle's text compiled as Node compiles a
 * CommonJS module (a function of `exports, require, module, __filename, __dirname`) and called with the main
 * script's own, so it runs as it would as the main script itself. Shared by the executable's main (main.ts) and
 * the build's training run (train.ts), so that the code cache one makes is for the exact text the other compiles.
 */
import * as vm from "node:vm";

/** The SEA assets: the bundle (scripts/lib/seaPlugin.ts bundleSyncauth) and its V8 code cache, if it has one. */
export const BUNDLE_ASSET = "pulumi-resource-syncauth.cjs";
export const CODE_CACHE_ASSET = "pulumi-resource-syncauth.codecache";

export interface ModuleScope {
  exports: unknown;
  require: NodeJS.Require;
  module: NodeJS.Module;
  filename: string;
  dirname: string;
}

/**
 * Compiles and runs the bundle. `cachedData`: a V8 code cache made from this exact text by the same Node. V8 refuses
 * a cache of another V8 version or flags, and compiles as if it had none (`script.cachedDataRejected`), but of the
 * text it checks only the length: the build makes the cache from the very file it ships beside it.
 */
export function runBundle(source: string, cachedData: Uint8Array | undefined, scope: ModuleScope): vm.Script {
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    // The name stack traces give the bundle's frames, as when the bundle was the executable's main script.
    filename: BUNDLE_ASSET,
    cachedData,
    // import() as in the main script (the bundle has none today; Node's SEA main resolves built-in modules).
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(scope.exports, scope.exports, scope.require, scope.module, scope.filename, scope.dirname);
  return script;
}
