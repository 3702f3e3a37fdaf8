import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The packages a fresh Node process has loaded after requiring `modulePath` (built code under dist/), by name.
 * Run in a child so that this test process's own imports do not count.
 */
function packagesLoadedBy(modulePath: string): string[] {
  const script =
    `require(${JSON.stringify(path.join(ROOT, "dist", modulePath))});` +
    "const names = new Set(Object.keys(require.cache).map((file) => {" +
    "  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file); return m ? m[1] : undefined; }).filter(Boolean));" +
    "process.stdout.write(JSON.stringify([...names]));";
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
}

describe("what start-up loads", () => {
  // Check, diff and preview never sign in or read a vault: the SDKs for that (about 0.7 s to load) wait for the first
  // sign-in, so the plugin answers its first Check sooner.
  for (const entry of ["provider/pluginAdapter/syncauthProvider", "provider/dynamic/resourceProvider"]) {
    it(`${entry} loads neither @azure/identity nor @azure/keyvault-secrets`, () => {
      const loaded = packagesLoadedBy(entry);
      assert.ok(loaded.length > 0, "the probe saw no package at all");
      assert.ok(!loaded.includes("@azure/identity"), `loaded: ${loaded.join(", ")}`);
      assert.ok(!loaded.includes("@azure/keyvault-secrets"), `loaded: ${loaded.join(", ")}`);
    });
  }
});
