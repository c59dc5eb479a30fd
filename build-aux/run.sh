#!/bin/sh
# Command 1 of the README: installs what is missing, builds, starts the
# bundled CSO simulator on a free loopback port with a demo account and
# the Jamf Pro simulator with demo phones (data/demo-jamf-devices.json),
# and launches eSIM Onboard against both in demo mode (no real eSIMs are
# assigned, no real phone is reached). Extra arguments go to the application (e.g. a CSV file).
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

# Start the simulators; each prints "Listening on URL" as its first line.
# They share the assignments: an eSIM the CSO simulator assigns shows in
# the Jamf Pro simulator's inventory once its phone acknowledged the push.
work=$(mktemp -d)
assignments="$work/assignments.csv"
: > "$assignments"
mkfifo "$work/cso" "$work/jamf"
"$BUILD/src/simulator/cso-simulator" --port 0 --demo --row-delay-ms 150 \
  --assignments "$assignments" > "$work/cso" &
sim_pid=$!
"$BUILD/src/simulator/jamf-simulator" --port 0 --demo --quiet \
  --devices "$top/data/demo-jamf-devices.json" --assignments "$assignments" > "$work/jamf" &
jamf_pid=$!
trap 'kill $sim_pid $jamf_pid 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
read -r first_line < "$work/cso"
demo_url=${first_line#Listening on }
read -r first_line < "$work/jamf"
demo_jamf=${first_line#Listening on }
echo "Demo server: $demo_url (no real eSIMs are assigned)"
echo "Demo Jamf Pro: $demo_jamf (no real phones are reached)"

export GSETTINGS_SCHEMA_DIR="$top/$BUILD/data"
"$BUILD/src/app/esim-onboard" --demo "$demo_url" --demo-jamf "$demo_jamf" "$@"
