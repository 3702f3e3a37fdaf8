#!/usr/bin/env bash
# Prints the path of a working `pulumi` CLI on stdout; progress goes to stderr.
#
# PULUMI_VERSION picks the CLI: `newest` (the default), `oldest`, or a version X.Y.Z. The chosen version is built
# from the Go module proxy (no release binary can be downloaded here) and cached by version outside the work
# tree, so later runs take well under a second. With the default, a `pulumi` on PATH that is at least the newest
# version is used instead; a named version is always exactly that one.
set -euo pipefail

# The newest CLI the Go module proxy serves that passes the suite, and the oldest the README claims to support.
# CI runs the suite on both.
PULUMI_NEWEST=3.276.0
PULUMI_OLDEST=3.259.0

case "${PULUMI_VERSION:-newest}" in
  newest) PULUMI_VERSION="$PULUMI_NEWEST" exact=false ;;
  oldest) PULUMI_VERSION="$PULUMI_OLDEST" exact=true ;;
  [0-9]*.[0-9]*.[0-9]*) exact=true ;;
  *)
    printf '[ensure-pulumi] PULUMI_VERSION=%s: use newest, oldest or a version X.Y.Z\n' "$PULUMI_VERSION" >&2
    exit 2
    ;;
esac
CACHE_ROOT="${PULUMI_SYNCAUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-syncauth}"
BIN_DIR="$CACHE_ROOT/pulumi-$PULUMI_VERSION/bin"
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

version_at_least() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
}

install_shim() { # the dynamic-provider plugin is a script shipped in the @pulumi/pulumi npm package
  local shim="$PROJECT_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -f "$shim" ]; then
    say "missing $shim: run 'npm ci' first"
    exit 1
  fi
  if ! cmp -s "$shim" "$1/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
    cp "$shim" "$1/pulumi-resource-pulumi-nodejs"
    chmod +x "$1/pulumi-resource-pulumi-nodejs"
  fi
}

if [ "$exact" = false ] && command -v pulumi >/dev/null 2>&1; then
  onpath="$(command -v pulumi)"
  v="$("$onpath" version 2>/dev/null | sed 's/^v//')" || v=""
  if [ -n "$v" ] && version_at_least "$v" "$PULUMI_VERSION" && [ -x "$(dirname "$onpath")/pulumi-resource-pulumi-nodejs" ]; then
    echo "$onpath"
    exit 0
  fi
fi

cached() { [ -x "$BIN_DIR/pulumi" ] && [ "$("$BIN_DIR/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; }

if cached; then
  install_shim "$BIN_DIR"
  echo "$BIN_DIR/pulumi"
  exit 0
fi

command -v go >/dev/null 2>&1 || { say "Go is required to build pulumi v$PULUMI_VERSION"; exit 1; }

# One build per version at a time: a second caller waits for the first and then uses its binary.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/build-$PULUMI_VERSION.lock"
if ! flock -n 9; then
  say "another process is building pulumi v$PULUMI_VERSION: waiting for it"
  flock 9
fi
if cached; then
  install_shim "$BIN_DIR"
  echo "$BIN_DIR/pulumi"
  exit 0
fi

say "building pulumi v$PULUMI_VERSION from the Go module proxy into $BIN_DIR (cold: several minutes)"
start=$(date +%s)
work="$CACHE_ROOT/build-$PULUMI_VERSION"
mkdir -p "$work" "$BIN_DIR"
cat > "$work/go.mod" <<MOD
module pulumisyncauth/pulumicli

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)
MOD
cat > "$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
cd "$work"
say "resolving modules (go mod tidy)"
GOFLAGS=-mod=mod go mod tidy >&2
say "compiling (go build; about 5-10 minutes on 2 cores)"
# Stops by itself once this script is gone, however it ends.
(while sleep 30 && kill -0 $$ 2>/dev/null; do say "still compiling… $(($(date +%s) - start))s"; done) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
# `pulumi version` prints the variable set here: sdk/v3/go/common/version in current releases, pkg/v3/version in
# older ones (v3.139 among them). Setting both suits every version (the linker ignores a variable that is absent).
CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION -X github.com/pulumi/pulumi/pkg/v3/version.Version=v$PULUMI_VERSION" \
  -o "$BIN_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
built="$("$BIN_DIR/pulumi.tmp" version 2>/dev/null || true)"
if [ "$built" != "v$PULUMI_VERSION" ]; then
  say "the built pulumi says its version is '$built', not v$PULUMI_VERSION: not caching it"
  rm -f "$BIN_DIR/pulumi.tmp"
  exit 1
fi
mv "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
install_shim "$BIN_DIR"
say "built $built in $(($(date +%s) - start))s"
echo "$BIN_DIR/pulumi"
