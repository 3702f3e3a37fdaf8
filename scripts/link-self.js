#!/usr/bin/env node
// Makes `require("pulumi-syncauth/...")` resolve inside this repository the way it does in a user's project,
// where the package is installed under node_modules: the serialized provider and the examples name the package,
// never a path. Runs after `npm ci` / `npm install` (the "prepare" script).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", require(path.join(root, "package.json")).name);
try {
  if (fs.realpathSync(link) === root) process.exit(0);
} catch {
  // not there yet
}
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync("..", link, "dir");
