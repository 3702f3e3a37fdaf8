#!/usr/bin/env bash
# Prints the path of a working `pulumi-language-yaml` (the YAML language host) on stdout; progress goes to stderr.
#
# The CLI runs a YAML program (`runtime: yaml`) by starting `pulumi-language-yaml` from PATH. No release binary can
# be downloaded here, so this builds PULUMI_YAML_VERSION from the Go module proxy and caches it by version outside
# the work tree, next to the CLI that scripts/ensure-pulumi.sh caches; later runs take well under a second.
set -euo pipefail

PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
CACHE_ROOT="${PULUMI_SYNCAUTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-syncauth}"
BIN_DIR="$CACHE_ROOT/pulumi-yaml-$PULUMI_YAML_VERSION/bin"
BINARY="$BIN_DIR/pulumi-language-yaml"
MODULE="github.com/pulumi/pulumi-yaml"

SCRIPT_NAME=ensure-pulumi-yaml
# shellcheck source=lib/build-progress.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/build-progress.sh"

# `go version -m` reads the module version the linker recorded, so a half-written or mislabeled binary is rebuilt.
built_version() { go version -m "$1" 2>/dev/null | awk -v m="$MODULE" '$1 == "mod" && $2 == m { print $3 }'; }

if [ -x "$BINARY" ] && [ "$(built_version "$BINARY")" = "v$PULUMI_YAML_VERSION" ]; then
  echo "$BINARY"
  exit 0
fi

require_go "pulumi-language-yaml v$PULUMI_YAML_VERSION"

say "building pulumi-language-yaml v$PULUMI_YAML_VERSION from the Go module proxy into $BIN_DIR (cold: several minutes)"
staging="$BIN_DIR.tmp"
rm -rf "$staging"
mkdir -p "$staging" "$BIN_DIR"
start_progress
# `go install module@version` builds with the module's own go.mod, the dependency set its release was tested with.
# GOFLAGS is cleared because a -mod setting inherited from the environment makes that form of `go install` refuse.
GOFLAGS= GOBIN="$staging" CGO_ENABLED=0 go install -trimpath \
  -ldflags "-s -w -X $MODULE/pkg/version.Version=v$PULUMI_YAML_VERSION" \
  "$MODULE/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION" >&2
mv "$staging/pulumi-language-yaml" "$BINARY"
rm -rf "$staging"
say "built pulumi-language-yaml $(built_version "$BINARY") in $(elapsed)"
echo "$BINARY"
