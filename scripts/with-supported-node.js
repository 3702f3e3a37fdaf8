#!/usr/bin/env node
// Usage: node scripts/with-supported-node.js COMMAND [ARGS...]
// Runs COMMAND under a Node this project supports (engines.node in package.json). On any other Node it says so in
// one line and runs COMMAND with Node 24 first on PATH instead, fetched from the npm registry by
// scripts/ensure-node.sh and cached, so `npm test` and `npm run demo` work as written whatever `node` a machine has.
"use strict";
const { execFileSync } = require("node:child_process");
const path = require("node:path");

require("ts-node").register({ transpileOnly: true });
const { FALLBACK_NODE_MAJOR, runOnSupportedNode } = require("./lib/supportedNode");

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-supported-node.js COMMAND [ARGS...]");
  process.exit(2);
}
const status = runOnSupportedNode({
  version: process.versions.node,
  range: require("../package.json").engines.node,
  command,
  args,
  env: process.env,
  fetchNode: () =>
    execFileSync("bash", [path.join(__dirname, "ensure-node.sh"), String(FALLBACK_NODE_MAJOR)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim(),
  say: (line) => console.error(line),
});
process.exit(status);
