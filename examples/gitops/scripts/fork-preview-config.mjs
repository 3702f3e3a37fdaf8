#!/usr/bin/env node
// Gives a throwaway stack the configuration of a real one, minus its secrets, so that a pull request from a fork
// (which gets no secrets and no cloud sign-in) can still run the program and the resources' checks.
//
//   node fork-preview-config.mjs <real stack file> <throwaway stack file>
//
// Plain values are copied as they are; every secret (`key: { secure: ... }`, at any depth) becomes a placeholder,
// since its ciphertext is useless without the real stack's key. The throwaway stack file keeps its own secrets
// provider settings (written by `pulumi stack init`); the real one's are not copied.
import { readFileSync, writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";

const PLACEHOLDER = "fork-preview-placeholder";

function withoutSecrets(value) {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secure") return PLACEHOLDER;
    return Object.fromEntries(keys.map((key) => [key, withoutSecrets(value[key])]));
  }
  return value;
}

const [realFile, throwawayFile] = process.argv.slice(2);
if (!realFile || !throwawayFile) {
  console.error("usage: fork-preview-config.mjs <real stack file> <throwaway stack file>");
  process.exit(2);
}
const real = parse(readFileSync(realFile, "utf8")) ?? {};
const throwaway = parse(readFileSync(throwawayFile, "utf8")) ?? {};
throwaway.config = withoutSecrets(real.config ?? {});
writeFileSync(throwawayFile, stringify(throwaway));
const secrets = JSON.stringify(real.config ?? {}).split('"secure":').length - 1;
console.log(
  `${throwawayFile}: ${Object.keys(throwaway.config).length} keys from ${realFile}, ${secrets} secret(s) replaced`,
);
