#!/bin/sh
# Installs the Debian packages eSIM Onboard needs to build, run and test,
# skipping those already present, and generates the locales the i18n tests
# use (de_DE.UTF-8, fr_FR.UTF-8). Runs apt-get as root, or through sudo.
# Tested on Debian 12 (bookworm) and Debian 13 (trixie); no package name is
# pinned to one release: the clang runtime is the one of the clang that is
# installed. On another apt-based system it says so and installs the same
# Debian package names.
set -eu

PACKAGES="
meson ninja-build pkg-config gcc clang
libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libqrencode-dev
glib-networking ca-certificates openssl
desktop-file-utils appstream gettext groff-base locales
xvfb xauth dbus dbus-x11 gnome-keyring at-spi2-core adwaita-icon-theme librsvg2-common
imagemagick zbar-tools jq python3 python3-gi gir1.2-atspi-2.0 flatpak-builder xdotool
"

# The locales of the translations the i18n tests check.
LOCALES="de_DE.UTF-8 fr_FR.UTF-8"

if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  SUDO="none"
fi

run_as_root () {
  if [ "$SUDO" = none ]; then
    echo "Needs root (or sudo) for: $*" >&2
    exit 1
  fi
  $SUDO "$@"
}

# Which system this is: the package names are Debian 12's and 13's.
os_id="" os_version="" os_name="this system"
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  os_id=$(. /etc/os-release && echo "${ID:-}")
  # shellcheck disable=SC1091
  os_version=$(. /etc/os-release && echo "${VERSION_ID:-}")
  # shellcheck disable=SC1091
  os_name=$(. /etc/os-release && echo "${PRETTY_NAME:-${ID:-unknown}}")
fi

missing_of () {
  missing=""
  for p in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $p"
  done
  echo "$missing"
}

updated=no
install_packages () {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$os_name has no apt-get: install these packages (Debian names) by hand:$*" >&2
    exit 1
  fi
  echo "Installing missing packages:$*"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$updated" = no ]; then
    run_as_root apt-get update -qq
    updated=yes
  fi
  # shellcheck disable=SC2086
  run_as_root apt-get install -y -qq --no-install-recommends "$@"
}

# shellcheck disable=SC2086
missing=$(missing_of $PACKAGES)
if [ -n "$missing" ]; then
  case "$os_id:$os_version" in
    debian:12|debian:13) ;;
    *)
      echo "Note: $os_name is not Debian 12 or 13, where this script is tested."
      echo "It installs the same Debian package names with apt-get; if one is missing here, install its equivalent by hand."
      ;;
  esac
  # shellcheck disable=SC2086
  install_packages $missing
fi

# The clang runtime (sanitizers, libFuzzer) of the clang that is installed:
# libclang-rt-14-dev on Debian 12, libclang-rt-19-dev on Debian 13.
clang_major=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
if [ -z "$clang_major" ]; then
  echo "clang is installed but does not tell its version (clang -dumpversion)" >&2
  exit 1
fi
missing=$(missing_of "libclang-rt-$clang_major-dev")
# shellcheck disable=SC2086
[ -z "$missing" ] || install_packages $missing

# The locales: generated once, where `locale -a` does not list them yet
# (it writes their names as de_DE.utf8).
have_locale () {
  want=$(echo "$1" | sed 's/\.UTF-8$/.utf8/')
  locale -a 2>/dev/null | grep -qx "$want"
}
to_generate=""
for l in $LOCALES; do
  have_locale "$l" || to_generate="$to_generate $l"
done
if [ -n "$to_generate" ]; then
  echo "Generating locales:$to_generate"
  if [ -f /etc/locale.gen ]; then
    # Debian: uncomment (or add) each in /etc/locale.gen, then locale-gen
    # builds every locale listed there.
    for l in $to_generate; do
      if grep -q "^# *$l UTF-8\$" /etc/locale.gen; then
        run_as_root sed -i "s/^# *$l UTF-8\$/$l UTF-8/" /etc/locale.gen
      elif ! grep -q "^$l UTF-8\$" /etc/locale.gen; then
        echo "$l UTF-8" | run_as_root tee -a /etc/locale.gen >/dev/null
      fi
    done
    run_as_root locale-gen
  else
    # Ubuntu and others without /etc/locale.gen: locale-gen takes names.
    # shellcheck disable=SC2086
    run_as_root locale-gen $to_generate
  fi
  for l in $to_generate; do
    if ! have_locale "$l"; then
      echo "The locale $l could not be generated: the i18n tests need it." >&2
      exit 1
    fi
  done
fi
