# Shared by the scripts that build a Go tool into the cache (source it; set SCRIPT_NAME first).
# say: progress on stderr (stdout carries only the binary's path). require_go: stop with a message when Go is
# missing. start_progress: report every 30 s until the script exits; it ticks each second so that a finished
# build is not held up by a pending sleep keeping a captured stderr open.

say() { printf '[%s] %s\n' "$SCRIPT_NAME" "$*" >&2; }

require_go() {
  command -v go >/dev/null 2>&1 || { say "Go is required to build $1"; exit 1; }
}

start_progress() {
  progress_start=$(date +%s)
  ( while sleep 1; do t=$(( $(date +%s) - progress_start )); [ $((t % 30)) -ne 0 ] || say "still building… ${t}s"; done ) &
  progress_ticker=$!
  trap 'kill $progress_ticker 2>/dev/null || true' EXIT
}

elapsed() { echo "$(( $(date +%s) - progress_start ))s"; }
