#!/usr/bin/env bash
# Builds Tether's Debian package, offline, with what Debian already has (dpkg-deb): the
# desktop app (`tether-app`), the CLI and sandbox (`tether`), the desktop entry (with the
# `tether://` scheme) and the icon.
#   ./scripts/package-deb.sh                 # release build → target/deb/tether_<version>_<arch>.deb
#   ./scripts/package-deb.sh --profile debug # reuse the debug build (the tests do)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=$2; shift 2 ;;
    *) echo "usage: $0 [--profile release|debug]"; exit 2 ;;
  esac
done

version=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')
arch=$(dpkg --print-architecture)
out=$root/target/deb
stage=$out/tether_${version}_${arch}
deb=$out/tether_${version}_${arch}.deb

if [ -z "${TETHER_PACKAGE_NO_BUILD:-}" ]; then
  npm -w ui run build
  flags=(--features custom-protocol -p tether-app -p tether-cli)
  if [ "$profile" = release ]; then
    cargo build --release "${flags[@]}"
  else
    cargo build "${flags[@]}"
  fi
fi
bin=$root/target/$profile
[ -x "$bin/tether-app" ] && [ -x "$bin/tether" ] || { echo "no $profile build in $bin"; exit 1; }

rm -rf "$stage" "$deb"
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/512x512/apps" "$stage/usr/share/doc/tether"
install -m 0755 "$bin/tether-app" "$stage/usr/bin/tether-app"
install -m 0755 "$bin/tether" "$stage/usr/bin/tether"
install -m 0644 icons/icon.png "$stage/usr/share/icons/hicolor/512x512/apps/dev.tether.desktop.png"
cat > "$stage/usr/share/applications/dev.tether.desktop.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Tether
GenericName=Service desk console
Comment=One window for the service desk's remote sessions
Exec=tether-app %u
Icon=dev.tether.desktop
Terminal=false
Categories=Utility;Network;RemoteAccess;
MimeType=x-scheme-handler/tether;
StartupWMClass=tether-app
DESKTOP
chmod 0644 "$stage/usr/share/applications/dev.tether.desktop.desktop"
cat > "$stage/usr/share/doc/tether/copyright" <<COPYRIGHT
Tether $version
See https://github.com/ for the source; the README explains the architecture.
COPYRIGHT
chmod 0644 "$stage/usr/share/doc/tether/copyright"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: tether
Version: $version
Architecture: $arch
Maintainer: Tether <tether@example.invalid>
Installed-Size: $size
Depends: libwebkit2gtk-4.1-0, libgtk-3-0, libsoup-3.0-0, libc6
Recommends: gnome-keyring
Section: net
Priority: optional
Homepage: https://tether.example.invalid
Description: One window for the service desk's remote sessions
 Tether is a desktop console for technicians who support people over remote
 sessions (Splashtop, BeyondTrust, TeamViewer), with tickets, assets from
 SyncroMSP and credentials kept only in the OS keychain.
CONTROL
# The desktop database learns the tether:// scheme on install and forgets it on removal.
for script in postinst postrm; do
  cat > "$stage/DEBIAN/$script" <<'HOOK'
#!/bin/sh
set -e
# Under `dpkg --root`, DPKG_ROOT names the root being installed into.
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "${DPKG_ROOT:-}/usr/share/applications" || true
fi
HOOK
  chmod 0755 "$stage/DEBIAN/$script"
done
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
rm -rf "$stage"
echo "$deb"
