#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting and lints, the UI's checks and component
# tests, the Rust tests (store on real SQLite files, clients against the sandbox, the HTTP
# API), the browser tests (Chromium on the real UI and core behind `tether serve`), the API
# fuzzed against its OpenAPI document, and the end-to-end test of the real app in a real
# window under Xvfb with D-Bus captured.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TERM_COLOR=never

step() { printf '\n== %s\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
npm -w ui run check
npm -w ui run lint

step "UI tests"
npm -w ui run test
npm -w ui run build

step "no module imports another that imports it back"
python3 scripts/module-cycles.py crates/tether-core crates/tether-providers crates/tether-store \
  crates/tether-runtime crates/tether-api crates/tether-http crates/tether-store-pg crates/tether-server

step "the core crates know nothing of Tauri"
for crate in tether-core tether-store tether-store-pg tether-server tether-providers tether-sandbox tether-secrets tether-runtime tether-api tether-http tether-cli tether-fuzz; do
  if cargo tree -p "$crate" -e normal,build --prefix none | grep -qE '^tauri'; then
    echo "$crate depends on tauri"; exit 1
  fi
done

# One feature set for clippy, tests and the app build, so tauri compiles once.
FEATURES=(--features custom-protocol)
cargo clippy --workspace --all-targets "${FEATURES[@]}" -- -D warnings

step "Rust tests"
# One PostgreSQL for the team store's tests (each test makes a database of its own).
pg_dir=$(mktemp -d /tmp/tether-pg.XXXXXX)
TETHER_TEST_DATABASE_URL=$(bash scripts/postgres.sh start "$pg_dir")
export TETHER_TEST_DATABASE_URL
trap 'bash scripts/postgres.sh stop "$pg_dir" 2>/dev/null || true; rm -rf "$pg_dir"' EXIT
if command -v cargo-nextest >/dev/null 2>&1; then
  dbus-run-session -- cargo nextest run --workspace "${FEATURES[@]}" --no-fail-fast
else
  dbus-run-session -- cargo test --workspace "${FEATURES[@]}" --no-fail-fast
fi

step "TypeScript bindings and client are fresh"
if git rev-parse --git-dir >/dev/null 2>&1 &&
  [ -n "$(git status --porcelain -- ui/src/lib/bindings ui/src/lib/api.ts)" ]; then
  git status --short -- ui/src/lib/bindings ui/src/lib/api.ts
  echo "the tests regenerated ui/src/lib/bindings or ui/src/lib/api.ts: commit the new ones"; exit 1
fi

cargo build "${FEATURES[@]}" -p tether-app -p tether-cli

step "browser: Chromium on the UI and the core behind tether serve"
dbus-run-session -- bash tests/browser/run.sh

step "a day of desk work under vendor faults and kill -9 (tests/chaos)"
dbus-run-session -- bash tests/chaos/run.sh

step "the HTTP API against its OpenAPI document (schemathesis)"
dbus-run-session -- bash tests/api/schemathesis.sh

step "end to end: the real app under Xvfb"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash tests/e2e/run.sh

step "the Debian package: built, installed in a clean root, started, removed"
TETHER_PACKAGE_NO_BUILD=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  bash tests/package/deb.sh
