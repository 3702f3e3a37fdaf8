import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import axios from "axios";

/** Runs `npm run emulator`'s entry point as its own process, the way a user starts it. */
function startStandalone(args: string[]): { child: ChildProcess; output: Promise<string> } {
  const child = spawn(
    process.execPath,
    [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(__dirname, "main.ts"), ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } },
  );
  const output = new Promise<string>((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`no "Ready." within 60 s:\n${text}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("Ready.")) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${text}`));
    });
  });
  return { child, output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

describe("emulator: standalone process", () => {
  it("prints the stack config, applies command-line faults, and stops on SIGTERM", async () => {
    const { child, output } = startStandalone(["--fault", "getObject:503:retryAfter=2", "--seed", "3"]);
    try {
      const text = await output;
      const graphEndpoint = /syncauth:graphEndpoint (\S+)/.exec(text)?.[1];
      assert.ok(graphEndpoint, text);
      for (const expected of [
        "syncauth:authorityHost",
        "syncauth:tenantId 9b2d1f3e-5a41-4c6e-8f0a-1b2c3d4e5f60",
        "syncauth:clientId de0c11e0-0000-4000-8000-000000000001",
        "syncauth:clientSecret",
        "NODE_EXTRA_CA_CERTS=",
        "usgovernmentl5",
      ]) {
        assert.ok(text.includes(expected), `output mentions ${expected}`);
      }
      const faulted = await axios.get(`${graphEndpoint}/v1.0/servicePrincipals/x`, { validateStatus: () => true });
      assert.equal(faulted.status, 503);
      assert.equal(faulted.headers["retry-after"], "2");
      const log = await axios.get(`${graphEndpoint}/_emulator/requests?route=getObject`);
      assert.equal(log.data.count, 1);
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited(child), 0);
  });

  it("exits 2 with usage on a bad argument", async () => {
    const { child, output } = startStandalone(["--fault", "token:teapot"]);
    await assert.rejects(output, /unknown action 'teapot'[\s\S]*Usage:/);
    assert.equal(await exited(child), 2);
  });
});
