#!/usr/bin/env bash
# Prints the path of actionlint (the GitHub Actions workflow linter) on stdout; progress goes to stderr.
#
# Built once from the Go module proxy (no release binary can be downloaded here) into a cache outside the work
# tree, keyed by version, so later runs take well under a second.
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-1.7.12}"
CACHE_ROOT="${PULUMI_SYNCAUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-syncauth}"
BIN_DIR="$CACHE_ROOT/actionlint-$ACTIONLINT_VERSION"
BIN="$BIN_DIR/actionlint"

say() { printf '[ensure-actionlint] %s\n' "$*" >&2; }

if [ -x "$BIN" ] && [ "$("$BIN" -version 2>/dev/null | head -n1)" = "v$ACTIONLINT_VERSION" ]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || { say "Go is required to build actionlint v$ACTIONLINT_VERSION"; exit 1; }

say "building actionlint v$ACTIONLINT_VERSION from the Go module proxy into $BIN_DIR"
start=$(date +%s)
mkdir -p "$BIN_DIR"
# A private GOBIN so a half-built binary never sits at the cached path; the version goes in through the module.
tmp="$(mktemp -d "$BIN_DIR/build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" >&2
mv "$tmp/actionlint" "$BIN"
say "built $("$BIN" -version | head -n1) in $(( $(date +%s) - start ))s"
echo "$BIN"
