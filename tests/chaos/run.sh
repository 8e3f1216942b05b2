#!/usr/bin/env bash
# A day of desk work, compressed, under random vendor faults and SIGKILLs of the app
# (tests/chaos/desk-day.mjs). Builds nothing: the caller builds target/debug/tether first.
#   dbus-run-session -- bash tests/chaos/run.sh
# CHAOS_TICKETS (default 24) sets the day's length; CHAOS_SEED replays one run exactly.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export TETHER_BIN=${TETHER_BIN:-$root/target/debug/tether}
[ -x "$TETHER_BIN" ] || { echo "no $TETHER_BIN: build it first (cargo build -p tether-cli)"; exit 1; }
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "run me as dbus-run-session -- bash $0"; exit 1; }

work=$(mktemp -d /tmp/tether-chaos.XXXXXX)
export CHAOS_WORK=$work
cleanup() {
  local status=$?
  pkill -KILL -f "$TETHER_BIN --json serve" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "--- the app's log (last lines)"; tail -n 40 "$work/serve.log" 2>/dev/null || true
    mkdir -p "$root/tests/artifacts/chaos" && cp -r "$work"/*.log "$work"/*.jsonl "$root/tests/artifacts/chaos/" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

source tests/support/private-desktop.sh
private_desktop "$work/xdg"
unset TETHER_SPLASHTOP_URL TETHER_SPLASHTOP_TOKEN TETHER_DATA_DIR TETHER_SERVE_TOKEN TETHER_EVENTS_BIND

node tests/chaos/desk-day.mjs
