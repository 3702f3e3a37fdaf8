#!/usr/bin/env node
// Runs mocha with a throwaway CA trusted by every process the tests start.
// Node reads NODE_EXTRA_CA_CERTS only at start-up, so the CA must exist before mocha (and the
// pulumi CLI and dynamic-provider hosts it spawns) starts; the emulator signs its server
// certificate with this CA (SYNCAUTH_TEST_CA_DIR).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

require("ts-node").register({ transpileOnly: true });
const { createCertificateAuthority } = require("../test/emulator/certificateAuthority");

const caDir = fs.mkdtempSync(path.join(os.tmpdir(), "syncauth-test-ca-"));
const ca = createCertificateAuthority(caDir);
// Added to the CAs this machine already trusts, not in their place: tests that run npm still reach the registry.
let trusted = ca.caCertPath;
const inherited = process.env.NODE_EXTRA_CA_CERTS;
if (inherited && fs.existsSync(inherited)) {
  trusted = path.join(caDir, "trusted.pem");
  fs.writeFileSync(trusted, `${fs.readFileSync(ca.caCertPath, "utf8")}\n${fs.readFileSync(inherited, "utf8")}`);
}
const env = {
  ...process.env,
  SYNCAUTH_TEST_CA_DIR: caDir,
  NODE_EXTRA_CA_CERTS: trusted,
};
const mocha = require.resolve("mocha/bin/mocha.js");
const args = process.argv.slice(2);
const specs = args.some((a) => !a.startsWith("-")) ? [] : ["test/**/*.test.ts"];
// --fail-zero: a run that selects no test (a renamed test under --grep, a glob that matches nothing) fails.
const result = spawnSync(process.execPath, [mocha, "--fail-zero", ...specs, ...args], { stdio: "inherit", env });
fs.rmSync(caDir, { recursive: true, force: true });
process.exit(result.status === null ? 1 : result.status);
