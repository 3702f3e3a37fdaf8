import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { probeSyncauthPlugin } from "../../scripts/lib/pluginProbe";

const ROOT = path.resolve(__dirname, "..", "..");

/** The package a loaded file belongs to, or `ours:<file under dist/>` for our own code. */
const PACKAGE_OF = `(file) => {
  const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
  if (m) return m[1].replace(/\\\\/g, "/");
  const ours = file.split(${JSON.stringify(path.join(ROOT, "dist") + path.sep)})[1];
  return ours === undefined ? undefined : "ours:" + ours.replace(/\\\\/g, "/").replace(/\\.js$/, "");
}`;

/**
 * The packages a fresh Node process has loaded after requiring `modulePath` (built code under dist/), by name.
 * Run in a child so that this test process's own imports do not count.
 */
function packagesLoadedBy(modulePath: string): string[] {
  const script =
    `require(${JSON.stringify(path.join(ROOT, "dist", modulePath))});` +
    `const names = new Set(Object.keys(require.cache).map(${PACKAGE_OF}).filter(Boolean));` +
    "process.stdout.write(JSON.stringify([...names]));";
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
}

/**
 * Preloaded into the plugin's process: what it has loaded when it prints its port (the moment the engine waits
 * for), and when the probe ends it after its calls, written as JSON to STARTUP_LOAD_OUT.
 */
const RECORDER = `
const fs = require("node:fs");
const packageOf = ${PACKAGE_OF};
const loaded = () => [...new Set(Object.keys(require.cache).map(packageOf).filter(Boolean))];
let atPort;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (atPort === undefined && /^\\d+\\r?\\n$/.test(String(chunk))) atPort = loaded();
  return write(chunk, ...rest);
};
process.on("SIGTERM", () => {
  fs.writeFileSync(process.env.STARTUP_LOAD_OUT, JSON.stringify({ atPort, afterCalls: loaded() }));
  process.exit(0);
});
`;

/** The packages that only create, update, read and delete need: signing in, a vault, Graph calls over axios. */
const NOT_FOR_CHECK = ["axios", "@azure/identity", "@azure/keyvault-secrets", "@azure/msal-node", "node-forge"];

describe("what start-up loads", () => {
  // Check, diff and preview never sign in or read a vault: the SDKs for that (about 0.7 s to load) wait for the first
  // sign-in, so the plugin answers its first Check sooner.
  for (const entry of ["provider/pluginAdapter/syncauthProvider", "provider/dynamic/resourceProvider"]) {
    it(`${entry} loads neither @azure/identity, @azure/keyvault-secrets nor axios`, () => {
      const loaded = packagesLoadedBy(entry);
      assert.ok(loaded.length > 0, "the probe saw no package at all");
      for (const name of ["@azure/identity", "@azure/keyvault-secrets", "axios"]) {
        assert.ok(!loaded.includes(name), `${name} is loaded: ${loaded.join(", ")}`);
      }
    });
  }

  describe("the plugin process (dist/provider/pluginAdapter/main.js), started as the engine starts it", function () {
    this.timeout(60_000);
    let work: string;
    let recorded: { atPort: string[]; afterCalls: string[] };

    before(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-startup-load-"));
      const recorder = path.join(work, "recorder.js");
      fs.writeFileSync(recorder, RECORDER);
      const out = path.join(work, "loaded.json");
      const probe = await probeSyncauthPlugin(
        process.execPath,
        ["--require", recorder, path.join(ROOT, "dist", "provider", "pluginAdapter", "main.js")],
        { PATH: process.env.PATH, STARTUP_LOAD_OUT: out },
      );
      assert.deepEqual(probe.validFailures, [], "the probe's Check was answered");
      for (let waited = 0; !fs.existsSync(out); waited += 50) {
        if (waited > 10_000) throw new Error("the plugin wrote no record of what it loaded");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      recorded = JSON.parse(fs.readFileSync(out, "utf8")) as typeof recorded;
    });
    after(() => work && fs.rmSync(work, { recursive: true, force: true }));

    // The engine waits for the port before its first call: the gRPC server and the protocol's messages are all the
    // port needs. The provider's own code (resources, configuration, core) is loaded after it, by provider/plugin/startPlugin.ts.
    it("prints its port having loaded the gRPC server and the protocol, not the provider's code", () => {
      const { atPort } = recorded;
      assert.ok(atPort.includes("@grpc/grpc-js") && atPort.includes("ours:provider/plugin/servePlugin"), `${atPort}`);
      // provider/plugin and what it may import (secrets, for error messages): the protocol, no provider.
      const protocol = (name: string) => /^ours:provider\/(plugin|secrets)\//.test(name);
      const early = atPort.filter(
        (name) =>
          (name.startsWith("ours:") && !protocol(name) && name !== "ours:provider/pluginAdapter/main") ||
          NOT_FOR_CHECK.includes(name),
      );
      assert.deepEqual(early, [], `loaded before the port: ${atPort.join(", ")}`);
    });

    it("answers GetPluginInfo and Check without loading axios or the sign-in and vault SDKs", () => {
      const { afterCalls } = recorded;
      assert.ok(afterCalls.includes("ours:provider/pluginAdapter/syncauthProvider"), `${afterCalls}`);
      const loaded = afterCalls.filter((name) => NOT_FOR_CHECK.includes(name));
      assert.deepEqual(loaded, [], `loaded by the first calls: ${afterCalls.join(", ")}`);
    });
  });
});
