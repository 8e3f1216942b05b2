#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting and lints, the UI's checks and tests, the
# Rust tests (store on real SQLite files, clients against the sandbox), and the end-to-end
# test of the real app in a real window under Xvfb with D-Bus captured.
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

step "the core crates know nothing of Tauri"
for crate in tether-core tether-store tether-providers tether-sandbox tether-secrets tether-runtime tether-cli; do
  if cargo tree -p "$crate" -e normal,build --prefix none | grep -qE '^tauri'; then
    echo "$crate depends on tauri"; exit 1
  fi
done

# One feature set for clippy, tests and the app build, so tauri compiles once.
FEATURES=(--features custom-protocol)
cargo clippy --workspace --all-targets "${FEATURES[@]}" -- -D warnings

step "Rust tests"
if command -v cargo-nextest >/dev/null 2>&1; then
  dbus-run-session -- cargo nextest run --workspace "${FEATURES[@]}" --no-fail-fast
else
  dbus-run-session -- cargo test --workspace "${FEATURES[@]}" --no-fail-fast
fi

step "TypeScript bindings are fresh"
if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git status --porcelain -- ui/src/lib/bindings)" ]; then
  git status --short -- ui/src/lib/bindings
  echo "ui/src/lib/bindings changed when the tests regenerated them: commit the new ones"; exit 1
fi

step "end to end: the real app under Xvfb"
cargo build "${FEATURES[@]}" -p tether-app -p tether-cli
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash tests/e2e/run.sh
