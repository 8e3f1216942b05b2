#!/usr/bin/env bash
# Builds and starts Tether. With no Splashtop credentials configured it opens the demo
# workspace: a local sandbox plays Splashtop and the end users.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm -w ui run build
cargo build --release --features custom-protocol -p tether-app
exec ./target/release/tether-app "$@"
