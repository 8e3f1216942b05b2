#!/usr/bin/env bash
# Installs what building and testing Tether needs on a Debian machine: apt packages (only
# the missing ones), npm packages, aiosmtpd (the tests' mail server) and tauri-driver. Safe
# to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_BUILD=(libwebkit2gtk-4.1-dev build-essential pkg-config file curl libssl-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev mold)
APT_RUN=(xvfb xauth dbus at-spi2-core x11-utils xdotool imagemagick webkit2gtk-driver
  gnome-keyring libsecret-tools notification-daemon chromium curl procps trayer postgresql)

missing=()
for p in "${APT_BUILD[@]}" "${APT_RUN[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing apt packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# From PyPI: the tests' SMTP server (aiosmtpd, a real mail server on loopback) and
# schemathesis, which fuzzes the HTTP API against its OpenAPI document.
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "== installing aiosmtpd"
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
fi
if ! command -v schemathesis >/dev/null 2>&1; then
  echo "== installing schemathesis"
  python3 -m pip install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "== installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
