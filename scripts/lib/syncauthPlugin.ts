import * as path from "node:path";
import { LOCAL_DIR, PROJECT_ROOT } from "./pulumiCli";
import { PluginSource, stagePlugin } from "./stagePlugin";

const MANIFEST = require(path.join(PROJECT_ROOT, "package.json")) as { version: string; repository: { url: string } };

/** The `syncauth` provider plugin as the packaging scripts see it: the whole provider, entry pluginAdapter/main. */
export const SYNCAUTH_PLUGIN_SOURCE: PluginSource = {
  name: "syncauth",
  version: MANIFEST.version,
  repository: MANIFEST.repository.url,
  tsconfig: "tsconfig.build.json",
  entry: "provider/pluginAdapter/main.ts",
};

let stagedDir: string | undefined;

/** The plugin compiled and laid out once per process under .pulumi-local; the directory holding the launcher. */
export function stagedSyncauthDir(): string {
  if (stagedDir === undefined) {
    const dir = path.join(LOCAL_DIR, "plugin-syncauth");
    stagePlugin(SYNCAUTH_PLUGIN_SOURCE, dir);
    stagedDir = dir;
  }
  return stagedDir;
}
