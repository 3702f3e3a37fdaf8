import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import * as semver from "semver";

/** The major release the scripts fall back to on an unsupported Node: the active LTS line. */
export const FALLBACK_NODE_MAJOR = 24;

/** Whether Node `version` ("20.20.2" or "v20.20.2") satisfies the `engines.node` range. */
export function isSupportedNode(version: string, range: string): boolean {
  if (!semver.valid(version)) throw new Error(`"${version}" is not a Node version`);
  if (!semver.validRange(range)) throw new Error(`engines.node "${range}" is not a version range`);
  return semver.satisfies(version, range);
}

/** The one line said before a command is re-run under another Node. */
export function fallbackNotice(version: string, range: string, commandLine: string): string {
  return (
    `[node] Node ${version} is not one this project supports (engines.node: ${range}): ` +
    `running \`${commandLine}\` under Node ${FALLBACK_NODE_MAJOR} from the npm registry instead (fetched once, then cached)`
  );
}

/** `env` with the directory of `node` first on PATH, so `node`, npm and every `#!/usr/bin/env node` use it. */
export function environmentFor(node: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    PATH: [path.dirname(node), env.PATH].filter(Boolean).join(path.delimiter),
    // npm passes its own Node to scripts here; tools that read them must see the same one.
    NODE: node,
    npm_node_execpath: node,
  };
}

export interface RunOptions {
  /** The Node running now (process.versions.node). */
  version: string;
  /** `engines.node` from package.json. */
  range: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Path of a supported `node` binary; called only when the running Node is not supported. */
  fetchNode: () => string;
  /** Where the notice goes (stderr). */
  say: (line: string) => void;
}

/**
 * Runs `command` under a supported Node: as it is when this Node is supported, otherwise with a fetched one first
 * on PATH. Returns the exit status (128 + signal number when the command was killed by a signal).
 */
export function runOnSupportedNode(options: RunOptions): number {
  let env = options.env;
  if (!isSupportedNode(options.version, options.range)) {
    const commandLine = [options.command, ...options.args].join(" ");
    options.say(fallbackNotice(`v${options.version.replace(/^v/, "")}`, options.range, commandLine));
    let node: string;
    try {
      node = options.fetchNode();
    } catch (error) {
      // What went wrong is on stderr already (ensure-node.sh says it); a stack trace would bury it.
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      options.say(
        `[node] could not get Node ${FALLBACK_NODE_MAJOR} (${reason}): ` +
          `install a Node that package.json's engines.node (${options.range}) allows and run again`,
      );
      return 1;
    }
    env = environmentFor(node, env);
  }
  const result = spawnSync(options.command, options.args, { stdio: "inherit", env });
  if (result.error) throw result.error;
  if (result.signal) return 128 + (os.constants.signals[result.signal] ?? 0);
  return result.status ?? 1;
}
