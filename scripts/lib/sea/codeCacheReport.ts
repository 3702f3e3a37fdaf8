import { spawn } from "node:child_process";

export type CodeCacheState = "accepted" | "rejected" | "none";

/**
 * Whether a built executable's V8 code cache is used when it starts (`command args…`, an emulator first if need
 * be): its main says so on stderr when SYNCAUTH_SEA_CODE_CACHE_REPORT=1 (main.ts). V8 refuses a cache made by
 * another Node or with other flags without a word, and the plugin then only starts slower.
 */
export function codeCacheState(command: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(command, args, {
    env: { ...env, SYNCAUTH_SEA_CODE_CACHE_REPORT: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise<CodeCacheState>((resolve, reject) => {
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const said = /code cache: (accepted|rejected|none)\r?\n/.exec(stderr);
      if (said) {
        resolve(said[1] as CodeCacheState);
        child.kill();
      }
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`the plugin exited (${code}) before reporting its code cache\n${stderr}`)),
    );
  });
}
