#!/usr/bin/env bash
# A team server to try on this machine, in one command: a private PostgreSQL from Debian's
# packages (in $TRIAL_DIR, default ./team-trial), `tether-server serve` on 127.0.0.1:7878
# with the Splashtop sandbox, and a first technician whose token is printed once. Ctrl-C
# stops the server and the database; run it again to continue where you stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${TRIAL_DIR:-team-trial}")
command -v pg_ctlcluster >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y postgresql-common postgresql >/dev/null; }
cargo build --release -p tether-server -p tether-cli
mkdir -p "$dir"
# The cluster is made once and kept (the workspace lives in it); only its port is new.
export TETHER_DATABASE_URL=$(bash scripts/postgres.sh start "$dir/pg")
./target/release/tether sandbox --port 0 --state "$dir/sandbox.json" > "$dir/sandbox.url" &
sandbox=$!
trap 'kill $sandbox 2>/dev/null; bash scripts/postgres.sh stop "$dir/pg" || true' EXIT
for _ in $(seq 100); do [ -s "$dir/sandbox.url" ] && break; sleep 0.1; done
if [ ! -f "$dir/technician" ]; then
  ./target/release/tether-server technician add trial --name "Trial Technician" --email trial@example.invalid
  echo "Your token (shown once; Settings → Team → Join a team with it):"
  ./target/release/tether-server technician token trial --label "trial desktop"
  touch "$dir/technician"
fi
export TETHER_SPLASHTOP_URL=$(grep -o "http://[^ ]*" "$dir/sandbox.url" | head -1) TETHER_SPLASHTOP_TOKEN=sandbox-demo-token
./target/release/tether-server serve --bind 127.0.0.1:7878 --data-dir "$dir/state"
