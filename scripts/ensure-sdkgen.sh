#!/usr/bin/env bash
# Prints the path of `pulumi-sdkgen` (scripts/sdkgen/main.go) on stdout; progress goes to stderr.
#
# `pulumi package gen-sdk` hands SDK generation to the language host of each language, and the Go module proxy
# serves none of the Python, Go, .NET or Java hosts. pulumi-sdkgen calls the same code generators (Python, Go,
# Node.js) from github.com/pulumi/pulumi/pkg/v3 at the CLI's version, built here and cached by that version and a
# hash of its source.
set -euo pipefail

# The generators of the CLI in use: PULUMI_VERSION as a version X.Y.Z, or else the CLI scripts/ensure-pulumi.sh picks
# (newest by default, or PULUMI_VERSION=newest|oldest), whose own version is asked. An SDK written by another
# version's generators can differ from what that CLI's `pulumi package gen-sdk` writes.
case "${PULUMI_VERSION:-newest}" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *)
    cli="$(bash "$(dirname "${BASH_SOURCE[0]}")/ensure-pulumi.sh")"
    PULUMI_VERSION="$("$cli" version | sed 's/^v//')"
    ;;
esac
CACHE_ROOT="${PULUMI_SYNCAUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-syncauth}"
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sdkgen/main.go"
SOURCE_HASH="$(sha256sum "$SOURCE" | cut -c1-12)"
BIN_DIR="$CACHE_ROOT/sdkgen-$PULUMI_VERSION-$SOURCE_HASH/bin"

SCRIPT_NAME=ensure-sdkgen
# shellcheck source=lib/build-progress.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/build-progress.sh"

if [ -x "$BIN_DIR/pulumi-sdkgen" ]; then
  echo "$BIN_DIR/pulumi-sdkgen"
  exit 0
fi

require_go pulumi-sdkgen

say "building pulumi-sdkgen with pulumi/pkg v$PULUMI_VERSION into $BIN_DIR"
start_progress
work="$CACHE_ROOT/build-sdkgen-$PULUMI_VERSION-$SOURCE_HASH"
mkdir -p "$work" "$BIN_DIR"
cp "$SOURCE" "$work/main.go"
cat > "$work/go.mod" <<MOD
module pulumisyncauth/sdkgen

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)
MOD
cd "$work"
GOFLAGS=-mod=mod go mod tidy >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/pulumi-sdkgen.tmp" . >&2
mv "$BIN_DIR/pulumi-sdkgen.tmp" "$BIN_DIR/pulumi-sdkgen"
say "built in $(elapsed)"
echo "$BIN_DIR/pulumi-sdkgen"
