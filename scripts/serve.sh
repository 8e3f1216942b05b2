#!/usr/bin/env bash
# The web UI in a plain browser on the real core: builds the UI and the CLI, then runs
# `tether serve --ui ui/dist` (the same runtime as the app: with nothing configured, the demo
# workspace) and prints the link to open, which carries the token. Extra arguments go to
# `tether serve` (e.g. --bind 127.0.0.1:4200).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm -w ui run build
cargo build -p tether-cli
exec ./target/debug/tether serve --ui ui/dist "$@"
