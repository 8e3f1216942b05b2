#!/usr/bin/env bash
# The Debian package, end to end, in a clean root: built by scripts/package-deb.sh (from the
# debug build the other tests made), installed with dpkg into an empty directory, its app
# started under Xvfb until it has drawn the board (it stays up, and answers `tether` on the
# same data), then removed: nothing of it is left.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

deb=$(TETHER_PACKAGE_NO_BUILD=${TETHER_PACKAGE_NO_BUILD:-} bash scripts/package-deb.sh --profile debug | tail -n1)
[ -f "$deb" ] || { echo "no package built"; exit 1; }
dpkg-deb --field "$deb" Package Version Architecture Depends
for f in ./usr/bin/tether-app ./usr/bin/tether ./usr/share/applications/dev.tether.desktop.desktop \
  ./usr/share/icons/hicolor/512x512/apps/dev.tether.desktop.png; do
  dpkg-deb --contents "$deb" | awk '{print $6}' | grep -qx "$f" || { echo "missing from the package: $f"; exit 1; }
done

# A clean root of its own: dpkg's database there, nothing of this machine's. The package's
# dependencies are this machine's libraries, so they are not checked inside the empty root.
inst=$work/root
mkdir -p "$inst/var/lib/dpkg/updates" "$inst/var/lib/dpkg/info"
touch "$inst/var/lib/dpkg/status"
dpkg --root="$inst" --force-depends --force-script-chrootless --log=/dev/null -i "$deb" \
  > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
# …and they are real packages, installed on this machine of the project's kind.
for dep in $(dpkg-deb --field "$deb" Depends | tr -d ' ' | tr ',' ' '); do
  dpkg -s "$dep" > /dev/null 2>&1 || { echo "the package depends on $dep, which is not a package here"; exit 1; }
done
dpkg --root="$inst" -s tether | grep -q '^Status: install ok installed'
"$inst/usr/bin/tether" --version

# Started as installed: the demo workspace on a fresh data directory.
export TETHER_DATA_DIR=$work/data XDG_RUNTIME_DIR=$work/run HOME=$work/home
mkdir -p "$XDG_RUNTIME_DIR" "$HOME" && chmod 700 "$XDG_RUNTIME_DIR"
export WEBKIT_SKIA_ENABLE_CPU_RENDERING=1 NO_AT_BRIDGE=1
"$inst/usr/bin/tether-app" > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 200); do
  [ -f "$TETHER_DATA_DIR/demo.sqlite" ] && break
  kill -0 "$app_pid" 2>/dev/null || { echo "the installed app exited:"; cat "$work/app.log"; exit 1; }
  sleep 0.1
done
[ -f "$TETHER_DATA_DIR/demo.sqlite" ] || { echo "the installed app opened no workspace"; cat "$work/app.log"; exit 1; }
sleep 2
kill -0 "$app_pid" 2>/dev/null || { echo "the installed app did not stay up:"; cat "$work/app.log"; exit 1; }
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
app_pid=

dpkg --root="$inst" --force-script-chrootless --log=/dev/null -r tether > /dev/null
if dpkg --root="$inst" -s tether 2>/dev/null | grep -q '^Status: install ok installed'; then
  echo "still installed after removal"; exit 1
fi
# The desktop database's cache belongs to no package; everything else was the package's.
left=$(find "$inst" -type f -not -path "$inst/var/lib/dpkg/*" \
  -not -path "$inst/usr/share/applications/mimeinfo.cache" | head)
[ -z "$left" ] || { echo "left behind after removal:"; echo "$left"; exit 1; }
echo "the package installs, starts and is removed cleanly: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
