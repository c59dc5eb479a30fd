#!/bin/sh
# Command 1 of the README: installs what is missing, builds, starts the
# bundled CSO simulator on a free loopback port with a demo account, and
# launches eSIM Onboard against it in demo mode (no real eSIMs are
# assigned). Extra arguments go to the application (e.g. a CSV file).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/build-aux/install-deps.sh"

BUILD=${BUILD:-build}
if [ -f "$BUILD/build.ninja" ]; then
  meson setup --reconfigure "$BUILD" >/dev/null
else
  meson setup "$BUILD"
fi
ninja -C "$BUILD"

# Start the simulator; it prints "Listening on URL" as its first line.
fifo=$(mktemp -u)
mkfifo "$fifo"
"$BUILD/src/simulator/cso-simulator" --port 0 --demo --row-delay-ms 150 > "$fifo" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; rm -f "$fifo"' EXIT INT TERM
read -r first_line < "$fifo"
demo_url=${first_line#Listening on }
echo "Demo server: $demo_url (no real eSIMs are assigned)"

export GSETTINGS_SCHEMA_DIR="$top/$BUILD/data"
"$BUILD/src/app/esim-onboard" --demo "$demo_url" "$@"
