#!/usr/bin/env bash
# The HTTP API against its own OpenAPI document: schemathesis (PyPI) generates requests for
# every command of the table — valid, invalid, without the token, with other methods — and
# checks that `tether serve` over the demo workspace never answers 5xx and never answers
# outside the document. Builds nothing: the caller builds target/debug/tether first. Run
# inside dbus-run-session (the runtime keeps secrets in the session's keychain).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
TETHER=${TETHER_BIN:-$root/target/debug/tether}
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "run me inside dbus-run-session"; exit 1; }

work=$(mktemp -d /tmp/tether-schemathesis.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

source tests/support/private-desktop.sh
private_desktop "$work/xdg"
unset TETHER_SPLASHTOP_URL TETHER_SPLASHTOP_TOKEN TETHER_SERVE_TOKEN
export TETHER_DATA_DIR=$work/data TETHER_EVENTS_BIND=127.0.0.1:0

"$TETHER" --json serve > "$work/serve.json" 2> "$work/serve.log" & pid=$!
for _ in $(seq 200); do [ -s "$work/serve.json" ] && break; sleep 0.05; done
[ -s "$work/serve.json" ] || { echo "tether serve did not start"; cat "$work/serve.log"; exit 1; }
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$work/serve.json")
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$work/serve.json")
curl -sf -H "Authorization: Bearer $token" "$url/api/openapi.json" > "$work/openapi.json"

# The event stream never ends by design: it is documented, not fuzzed.
schemathesis run "$work/openapi.json" --url "$url" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,negative_data_rejection,ignored_auth,unsupported_method \
  --exclude-path /api/events \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-10}" --request-timeout 30 --workers 1 --warnings off
