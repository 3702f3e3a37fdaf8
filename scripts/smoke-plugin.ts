/**
 * Smoke test of a built plugin executable on the machine it is for (each release runner runs its own target's):
 * started as the engine starts it, with no node on PATH, it must answer GetPluginInfo with package.json's version,
 * accept a valid resource in Check and refuse an invalid one, and use the V8 code cache it was built with.
 *
 * Usage: ts-node scripts/smoke-plugin.ts <path of pulumi-resource-syncauth[.exe]>
 */
import * as path from "node:path";
import { probeSyncauthPlugin } from "./lib/pluginProbe";
import { codeCacheState } from "./lib/sea/codeCacheReport";
import { projectManifest } from "./lib/seaPlugin";

async function main(binary: string | undefined): Promise<void> {
  if (!binary) throw new Error("usage: smoke-plugin.ts <path of pulumi-resource-syncauth>");
  const env = { ...process.env, PATH: path.join(path.dirname(path.resolve(binary)), "no-such-dir") };
  const probe = await probeSyncauthPlugin(path.resolve(binary), [], env);
  const wanted = projectManifest().version;
  const problems = [
    probe.version === wanted ? "" : `GetPluginInfo says ${probe.version}, package.json ${wanted}`,
    probe.validFailures.length === 0 ? "" : `a valid resource failed Check: ${probe.validFailures.join("; ")}`,
    /servicePrincipalId/.test(probe.invalidFailures.join()) ? "" : "an invalid servicePrincipalId passed Check",
  ].filter(Boolean);
  // Built on its own platform, the executable carries a code cache its Node must accept (V8 refuses one made by
  // another Node without a word, and the plugin only starts slower).
  const codeCache = await codeCacheState(path.resolve(binary), [], env);
  if (codeCache !== "accepted") problems.push(`its V8 code cache: ${codeCache}, not accepted`);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  process.stdout.write(
    `${path.basename(binary)} ${probe.version}: Check answered ${Math.round(probe.startToFirstCheckMs)} ms after start, ` +
      "code cache accepted\n",
  );
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`smoke-plugin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
