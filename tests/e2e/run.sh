#!/usr/bin/env bash
# End-to-end: the real Tether binary in a real window, driven through WebDriver
# (tauri-driver + WebKitWebDriver), against the sandbox playing Splashtop and the end user,
# with the session bus's Notify calls captured. Run inside Xvfb and dbus-run-session:
#   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash tests/e2e/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
pids=()
work=$(mktemp -d)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

export APP_BIN=${APP_BIN:-$root/target/debug/tether-app}
TETHER=${TETHER_BIN:-$root/target/debug/tether}
export ARTIFACTS=${ARTIFACTS:-$root/tests/artifacts}
mkdir -p "$ARTIFACTS"

source tests/support/private-desktop.sh
private_desktop "$work"
# A CPU renderer keeps WebDriver screenshots current with an empty shader cache
# (linux-desktop-recipe.md, pitfall 1).
export WEBKIT_SKIA_ENABLE_CPU_RENDERING=1 NO_AT_BRIDGE=1
export TETHER_DATA_DIR=$work/tether TETHER_LOG=info

# The sandbox, standalone, as a vendor would be.
"$TETHER" sandbox --port 0 > "$work/sandbox.url" 2> "$work/sandbox.log" & pids+=($!)
for _ in $(seq 100); do [ -s "$work/sandbox.url" ] && break; sleep 0.05; done
export SANDBOX_URL; SANDBOX_URL=$(head -n1 "$work/sandbox.url")
[ -n "$SANDBOX_URL" ] || { echo "sandbox did not start"; cat "$work/sandbox.log"; exit 1; }
# Set up as an admin would: the address in the cache, the token on stdin into the keychain.
printf 'sandbox-demo-token' | "$TETHER" creds set splashtop --url "$SANDBOX_URL"
"$TETHER" creds test splashtop

# The technicians, through the CLI; a quick poll keeps the test short.
"$TETHER" tech add alex --name "Alex Rivera" --email alex@example.invalid
"$TETHER" tech add sam --name "Sam Chen" --email sam@example.invalid
"$TETHER" tech use alex
"$TETHER" poll-interval 250

# The ticket desk: a real SMTP server (aiosmtpd) as the Email card's account, Priya away,
# and the desk imported as an admin would, with Helpdesk as the default team.
export MAIL_LOG=$work/mail.jsonl
python3 tests/support/smtp_sink.py --out "$MAIL_LOG" > "$work/smtp.out" 2> "$work/smtp.log" & pids+=($!)
for _ in $(seq 100); do grep -q READY "$work/smtp.out" 2>/dev/null && break; sleep 0.05; done
smtp_port=$(awk '/READY/ {print $2}' "$work/smtp.out")
[ -n "$smtp_port" ] || { echo "SMTP sink did not start"; cat "$work/smtp.log"; exit 1; }
"$TETHER" creds set smtp --value host=127.0.0.1 --value tls=none --value "port=$smtp_port" \
  --value "from=Northwind Support <support@msp.example>"
"$TETHER" creds test smtp
# The SMS gateway (the sandbox's, Twilio-shaped) for pilot sessions' links.
printf 'sandbox-sms-token' | "$TETHER" creds set sms --url "$SANDBOX_URL" \
  --value account_sid=ACsandbox0000000000000000000000000 --value from=+15550100000
"$TETHER" creds test sms
"$TETHER" tech add priya --name "Priya Patel" --email priya@example.invalid
"$TETHER" --as priya tech available false
"$TETHER" import tests/e2e/desk.json
"$TETHER" remote-support show | python3 -c '
import json, sys
s = json.load(sys.stdin)
s.update(default_team_id="helpdesk", fallback_to_default_team=True, invite_other_agents=True)
s["launch"].update(splashtop_primary_field="mac_address", splashtop_secondary_field="splashtop_uuid")
json.dump(s, sys.stdout)' | "$TETHER" remote-support set -

# The app's BeyondTrust events receiver, on a port of this run; the sandbox appliance posts
# its outbound events there once the BeyondTrust test points it at it.
events_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export TETHER_EVENTS_BIND=127.0.0.1:$events_port
export TETHER_EVENTS_URL=http://127.0.0.1:$events_port/beyondtrust/events
export TETHER_BIN=$TETHER

export NOTIFY_LOG=$work/notify.log
dbus-monitor --session "interface='org.freedesktop.Notifications',member='Notify'" > "$NOTIFY_LOG" 2>&1 & pids+=($!)
# A notification server, so the popups are real; the test stops it later to see a failure
# reported in Settings.
/usr/lib/notification-daemon/notification-daemon > /dev/null 2>&1 & pids+=($!)
export NOTIFY_DAEMON_PID=${pids[-1]}

# A system tray (XEmbed) for the app's tray icon.
trayer --edge top --align right --widthtype request --height 28 --transparent false \
  --SetDockType true > /dev/null 2>&1 & pids+=($!)

port=${WEBDRIVER_PORT:-4444}
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is taken (a leftover tauri-driver?): stop it first"; exit 1
fi
tauri-driver --port "$port" --native-driver /usr/bin/WebKitWebDriver > "$work/driver.log" 2>&1 & pids+=($!)
driver=${pids[-1]}
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
kill -0 "$driver" 2>/dev/null || { echo "tauri-driver exited:"; cat "$work/driver.log"; exit 1; }
export WEBDRIVER_PORT=$port

status=0
# One file or a few, while working on them: E2E_FILES="tests/e2e/tray.test.mjs" (files that
# need the integrations test's credentials still need it first).
if [ -n "${E2E_FILES:-}" ]; then
  # shellcheck disable=SC2086
  node --test --test-concurrency=1 $E2E_FILES || status=$?
  exit $status
fi
# Two runs, in this order: the BeyondTrust and TeamViewer flows use the credentials the
# integrations test entered in the window (node's runner orders the files of one run itself).
node --test --test-concurrency=1 tests/e2e/board.test.mjs tests/e2e/desk.test.mjs \
  tests/e2e/integrations.test.mjs || status=$?
if [ $status -eq 0 ]; then
  node --test --test-concurrency=1 tests/e2e/beyondtrust.test.mjs tests/e2e/teamviewer.test.mjs \
    tests/e2e/syncro.test.mjs tests/e2e/desktop.test.mjs tests/e2e/tray.test.mjs \
    || status=$?
fi
if [ $status -ne 0 ]; then
  echo "--- driver log"; tail -n 40 "$work/driver.log"
  echo "--- notify log"; tail -n 40 "$NOTIFY_LOG"
fi
exit $status
