#!/bin/sh
# Takes the screenshots of the AppStream metainfo (data/screenshots/):
# the real window under Xvfb, the simulator in demo mode, the sample
# device list data/sample-devices.csv; then, in a session of its own, the
# Jamf Pro loop with the demo phones (data/demo-jamf-devices.json): the
# picker and the On the Phone column once pushed. Run by hand, then look
# at them:
#
#   build-aux/take-screenshots.sh [BUILD_DIR]
#
# Needs xvfb-run, dbus-run-session and ImageMagick (convert).
set -eu

SOURCE_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SOURCE_ROOT/build}
OUT=$SOURCE_ROOT/data/screenshots

ninja -C "$BUILD" tests/app/screenshots src/simulator/cso-simulator src/simulator/jamf-simulator data/io.github.esimonboard.EsimOnboard.gschema.xml >/dev/null 2>&1 || ninja -C "$BUILD"

RAW=$(mktemp -d)
trap 'rm -rf "$RAW"' EXIT INT TERM

# A clean, isolated session: empty history, English, default settings.
xvfb-run -a -s "-screen 0 1600x1200x24" dbus-run-session -- sh -c '
  set -eu
  export HOME="$1/home" XDG_DATA_HOME="$1/home/data" XDG_CONFIG_HOME="$1/home/config" \
         XDG_CACHE_HOME="$1/home/cache" XDG_RUNTIME_DIR="$1/home/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$HOME/Documents"
  # Where a user keeps it: the title then says "~/Documents".
  cp "$3/data/sample-devices.csv" "$HOME/Documents/company-phones.csv"
  chmod 700 "$XDG_RUNTIME_DIR"
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$2/data" GTK_A11Y=none \
         LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=C GDK_BACKEND=x11
  "$2/src/simulator/cso-simulator" --port 0 --demo --quiet --row-delay-ms 5 > "$1/sim.out" &
  sim=$!
  trap "kill $sim 2>/dev/null" EXIT
  for i in $(seq 50); do grep -q "^Listening on " "$1/sim.out" && break; sleep 0.1; done
  url=$(sed -n "s/^Listening on //p" "$1/sim.out")
  "$2/tests/app/screenshots" "$url" "$HOME/Documents/company-phones.csv" "$1/png"
' sh "$RAW" "$BUILD" "$SOURCE_ROOT"

# The Jamf Pro loop: an empty history and a CSO simulator that assigned
# nothing yet, sharing what it assigns with the Jamf Pro simulator (as
# build-aux/run.sh does), so the phones acknowledge and show their eSIM.
xvfb-run -a -s "-screen 0 1600x1200x24" dbus-run-session -- sh -c '
  set -eu
  export HOME="$1/jamf-home" XDG_DATA_HOME="$1/jamf-home/data" XDG_CONFIG_HOME="$1/jamf-home/config" \
         XDG_CACHE_HOME="$1/jamf-home/cache" XDG_RUNTIME_DIR="$1/jamf-home/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$2/data" GTK_A11Y=none \
         LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=C GDK_BACKEND=x11
  "$2/src/simulator/cso-simulator" --port 0 --demo --quiet --row-delay-ms 5 \
    --assignments "$1/assigned.txt" > "$1/sim.out" &
  sim=$!
  "$2/src/simulator/jamf-simulator" --port 0 --demo --quiet --devices "$3/data/demo-jamf-devices.json" \
    --ack-ms 1500 --inventory-ms 2500 --assignments "$1/assigned.txt" > "$1/jamf.out" &
  jamf=$!
  trap "kill $sim $jamf 2>/dev/null" EXIT
  for i in $(seq 50); do
    grep -q "^Listening on " "$1/sim.out" && grep -q "^Listening on " "$1/jamf.out" && break
    sleep 0.1
  done
  "$2/tests/app/screenshots" --jamf "$(sed -n "s/^Listening on //p" "$1/sim.out")" \
    "$(sed -n "s/^Listening on //p" "$1/jamf.out")" "$1/png"
' sh "$RAW" "$BUILD" "$SOURCE_ROOT"

# The curated ones, small: no metadata, best zlib compression.
mkdir -p "$OUT"
for name in device-list assigned device-details history-upload jamf-picker on-the-phone; do
  # 256 colours (PNG8) keep text sharp at a third of the size.
  convert "$RAW/png/$name.png" -strip -colors 256 -define png:compression-level=9 \
          -define png:compression-filter=5 "PNG8:$OUT/$name.png"
  printf '%s: %s bytes\n' "$OUT/$name.png" "$(stat -c %s "$OUT/$name.png")"
done
# The others stay in the build directory for a look.
mkdir -p "$BUILD/screenshots/metainfo"
cp "$RAW"/png/*.png "$BUILD/screenshots/metainfo/"
echo "All screenshots: $BUILD/screenshots/metainfo"
