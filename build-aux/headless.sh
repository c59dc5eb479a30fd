#!/bin/sh
# Runs a command in a private headless session, as the test suite and the
# benchmarks need it: an Xvfb display, a D-Bus session bus, an unlocked
# gnome-keyring (the Secret Service), and fresh HOME and XDG folders that
# are removed afterwards ($EO_TEST_SANDBOX is their parent).
#   build-aux/headless.sh COMMAND [ARGUMENT…]
# Exits with the command's status.
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 COMMAND [ARGUMENT…]" >&2
  exit 2
fi

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
  export EO_TEST_SANDBOX="$sandbox"
  "$@"
  rc=$?
  [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  rm -rf "$sandbox"
  exit $rc
' sh "$@"
