#!/usr/bin/env bash
# Browser tests: real Chromium driving the real web UI served by `tether serve` over the demo
# workspace (the in-process sandbox plays Splashtop and the end users). Builds nothing: the
# caller builds target/debug/tether (cargo) and ui/dist (npm -w ui run build) first.
#   dbus-run-session -- bash tests/browser/run.sh [FILE.test.mjs ...]
# Each test file starts its own server on a fresh data dir (tests/browser/support.mjs); this
# script gives them private XDG dirs, an unlocked gnome-keyring for their secrets, and keeps
# screenshots of failures under tests/artifacts/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

export TETHER_BIN=${TETHER_BIN:-$root/target/debug/tether}
export TETHER_UI_DIR=${TETHER_UI_DIR:-$root/ui/dist}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export BROWSER_ARTIFACTS=${BROWSER_ARTIFACTS:-$root/tests/artifacts/browser}

[ -x "$TETHER_BIN" ] || { echo "no $TETHER_BIN: build it first (cargo build -p tether-cli)"; exit 1; }
[ -f "$TETHER_UI_DIR/index.html" ] || { echo "no $TETHER_UI_DIR/index.html: run npm -w ui run build first"; exit 1; }
[ -x "$CHROMIUM" ] || { echo "no Chromium at $CHROMIUM (apt-get install chromium)"; exit 1; }
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || {
  echo "no D-Bus session: run me as dbus-run-session -- bash tests/browser/run.sh"
  exit 1
}

work=$(mktemp -d /tmp/tether-browser.XXXXXX)
cleanup() {
  local status=$?
  # Each server is stopped by its test file; should a file have been killed before it could,
  # its servers are stopped here, by the pids it wrote (and only if they still run tether).
  # The keyring daemon goes with the D-Bus session.
  for pidfile in "$work"/*/pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$TETHER_BIN"; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  if [ "$status" -ne 0 ]; then
    echo "--- last lines of the servers' logs"
    for log in "$work"/*/serve.log; do
      [ -f "$log" ] || continue
      echo "# $log"
      tail -n 15 "$log"
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

source tests/support/private-desktop.sh
private_desktop "$work/xdg"
# Where the servers' data dirs and logs go (one per test file).
export BROWSER_WORK=$work
# Nobody's TETHER_* settings leak in: the demo workspace is what is tested.
unset TETHER_SPLASHTOP_URL TETHER_SPLASHTOP_TOKEN TETHER_DATA_DIR TETHER_SERVE_TOKEN TETHER_EVENTS_BIND

rm -rf "$BROWSER_ARTIFACTS"
mkdir -p "$BROWSER_ARTIFACTS"

if [ $# -gt 0 ]; then files=("$@"); else files=(tests/browser/*.test.mjs); fi
start=$(date +%s)
status=0
node --test --test-concurrency=1 "${files[@]}" || status=$?
echo "browser tests: $(( $(date +%s) - start )) s, exit $status; failure screenshots in $BROWSER_ARTIFACTS"
exit $status
