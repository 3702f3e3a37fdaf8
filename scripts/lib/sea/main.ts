/**
 * The main script of the plugin's single executable (scripts/lib/seaPlugin.ts): runs the bundled plugin, an asset
 * of the executable, with the V8 code cache the build made for it when it could (another asset).
 *
 * Node's own SEA code cache (`useCodeCache`) holds only what V8 compiles before the script runs, its top level: the
 * functions the plugin runs to serve its first calls were compiled at every start. The build's cache is taken
 * after a training run has served those calls (train.ts), so it holds them compiled.
 *
 * SYNCAUTH_SEA_CODE_CACHE_REPORT=1 writes one line to stderr, whether the cache was used, for tests of the build.
 */
import * as sea from "node:sea";
import { BUNDLE_ASSET, CODE_CACHE_ASSET, runBundle } from "./runBundle";

function codeCache(): Uint8Array | undefined {
  try {
    return new Uint8Array(sea.getRawAsset(CODE_CACHE_ASSET));
  } catch {
    return undefined; // a target whose Node the build could not run has none
  }
}

const cachedData = codeCache();
const script = runBundle(sea.getAsset(BUNDLE_ASSET, "utf8"), cachedData, {
  exports: module.exports,
  require,
  module,
  filename: __filename,
  dirname: __dirname,
});
if (process.env.SYNCAUTH_SEA_CODE_CACHE_REPORT === "1") {
  const state = cachedData === undefined ? "none" : script.cachedDataRejected ? "rejected" : "accepted";
  process.stderr.write(`code cache: ${state}\n`);
}
