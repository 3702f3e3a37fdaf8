/**
 * The build's training run of the plugin (scripts/lib/seaPlugin.ts): run by the target's Node, it runs the bundle
 * as the executable's main does (runBundle.ts), and when its stdin ends, after the build has made the calls an
 * engine makes first, writes V8's code cache of the bundle: the functions those calls ran, compiled.
 *
 * Environment: SYNCAUTH_TRAIN_BUNDLE, the bundle's path; SYNCAUTH_TRAIN_CODE_CACHE, where to write the cache.
 * (Not arguments: the plugin reads its command line, where the engine's address goes.)
 */
import * as fs from "node:fs";
import { runBundle } from "./runBundle";

const bundle = process.env.SYNCAUTH_TRAIN_BUNDLE;
const out = process.env.SYNCAUTH_TRAIN_CODE_CACHE;
if (!bundle || !out) throw new Error("SYNCAUTH_TRAIN_BUNDLE and SYNCAUTH_TRAIN_CODE_CACHE must be set");
const script = runBundle(fs.readFileSync(bundle, "utf8"), undefined, {
  exports: module.exports,
  require,
  module,
  filename: __filename,
  dirname: __dirname,
});
process.stdin.on("end", () => {
  fs.writeFileSync(out, script.createCachedData());
  process.exit(0);
});
process.stdin.resume();
