#!/bin/sh
# Runs the fleet benchmark (tests/bench/bench-fleet) in the headless session
# of build-aux/headless.sh (as build-aux/test.sh): Xvfb, a private D-Bus session, an unlocked
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

exec "$top/build-aux/headless.sh" python3 "$top/tests/bench/bench-fleet" --build "$build" "$@"
