#!/bin/sh
# Runs the fleet benchmark (tests/bench/bench-fleet) in the headless session
# of build-aux/test.sh: Xvfb, a private D-Bus session, an unlocked
# gnome-keyring, a fresh HOME and XDG dirs. Builds nothing.
#   tests/bench/run-bench-fleet.sh BUILD_DIR [bench-fleet options…]
#   tests/bench/run-bench-fleet.sh build-bench --sizes 1000,10000
set -eu

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILD_DIR [bench-fleet options…]" >&2
  exit 2
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
shift

exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- sh -c '
  set -u
  sandbox=$(mktemp -d)
  export HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" \
         XDG_CONFIG_HOME="$sandbox/config" XDG_CACHE_HOME="$sandbox/cache" \
         XDG_RUNTIME_DIR="$sandbox/runtime"
  mkdir -p "$HOME" "$XDG_DATA_HOME/keyrings" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  top=$1 build=$2
  shift 2
  python3 "$top/tests/bench/bench-fleet" --build "$build" "$@"
  rc=$?
  [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  rm -rf "$sandbox"
  exit $rc
' sh "$top" "$build" "$@"
