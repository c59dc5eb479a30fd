#!/bin/sh
# Installs the Debian 12 packages eSIM Onboard needs to build, run and test,
# skipping those already present. Runs apt-get as root, or through sudo.
set -eu

PACKAGES="
meson ninja-build pkg-config gcc clang libclang-rt-14-dev
libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libqrencode-dev
glib-networking ca-certificates openssl
desktop-file-utils appstream gettext groff-base
xvfb xauth dbus dbus-x11 gnome-keyring at-spi2-core
imagemagick zbar-tools jq python3 python3-gi gir1.2-atspi-2.0 flatpak-builder xdotool
"

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing="$missing $p"
done

[ -z "$missing" ] && exit 0

echo "Installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "These packages are missing and neither root nor sudo is available:$missing" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
