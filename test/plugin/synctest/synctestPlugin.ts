import * as fs from "node:fs";
import * as path from "node:path";
import { nodeVariable } from "../../../scripts/lib/pluginLauncher";
import { LOCAL_DIR } from "../../../scripts/lib/pulumiCli";
import { PluginSource, stagePlugin } from "../../../scripts/lib/stagePlugin";

/** The test-only `synctest` provider, as the packaging scripts see it. */
export const SYNCTEST_SOURCE: PluginSource = {
  name: "synctest",
  version: "0.0.1",
  tsconfig: "test/plugin/synctest/tsconfig.json",
  entry: "test/plugin/synctest/main.ts",
};

/**
 * The Node.js binary the plugin runs on: the one running the tests, which `npm test` guarantees is a supported
 * one (Node 22 or later; plugins refuse the machine's Node 20).
 */
export function node22Path(): string {
  return process.execPath;
}

let stagedDir: string | undefined;

/** The plugin compiled and laid out once per test run (see stagePlugin); the directory holding the launcher. */
export function stagedSynctestDir(): string {
  if (stagedDir === undefined) {
    const dir = path.join(LOCAL_DIR, "plugin-synctest"); // laid out afresh by each run
    stagePlugin(SYNCTEST_SOURCE, dir);
    stagedDir = dir;
  }
  return stagedDir;
}

/** What the Echo provider records, and the environment its process needs. */
export class EchoWorld {
  readonly storeDir: string;
  readonly callLog: string;

  constructor(dir: string) {
    this.storeDir = path.join(dir, "store");
    this.callLog = path.join(dir, "calls.jsonl");
    fs.mkdirSync(this.storeDir, { recursive: true });
  }

  env(): NodeJS.ProcessEnv {
    return {
      SYNCTEST_STORE_DIR: this.storeDir,
      SYNCTEST_CALL_LOG: this.callLog,
      [nodeVariable(SYNCTEST_SOURCE.name)]: node22Path(),
    };
  }

  /** The calls recorded since the last time this was asked, as "method" or "method(preview)"; then forgets them. */
  takeCalls(): string[] {
    if (!fs.existsSync(this.callLog)) return [];
    const lines = fs.readFileSync(this.callLog, "utf8").split("\n").filter(Boolean);
    fs.rmSync(this.callLog);
    return lines.map((line) => {
      const call = JSON.parse(line) as { method: string; preview?: boolean };
      return call.preview ? `${call.method}(preview)` : call.method;
    });
  }

  /** The records of the resources the provider holds: id → message. */
  records(): Record<string, string> {
    return Object.fromEntries(
      fs
        .readdirSync(this.storeDir)
        .map((file) => [
          file.replace(/\.json$/, ""),
          (JSON.parse(fs.readFileSync(path.join(this.storeDir, file), "utf8")) as { message: string }).message,
        ]),
    );
  }
}

/** A YAML program with one Echo resource whose inputs come from the stack's config. */
export function echoProgram(projectName: string, pluginDir?: string): string {
  const plugins = pluginDir ? `plugins:\n  providers:\n    - name: synctest\n      path: ${pluginDir}\n` : "";
  return `name: ${projectName}
runtime: yaml
${plugins}config:
  message:
    type: string
  token:
    type: string
resources:
  echo:
    type: synctest:index:Echo
    properties:
      message: \${message}
      token: \${token}
outputs:
  greeting: \${echo.greeting}
  length: \${echo.length}
  token: \${echo.token}
  receipt: \${echo.receipt}
`;
}
