#!/bin/sh
# Command 2 of the README: installs what is missing, builds, and runs the
# whole suite headless (Xvfb, a private D-Bus session with a real
# gnome-keyring), then the core's tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer. Ends with "N passed, N failed".
#
# Arguments go to `meson test` for the main build only (no sanitizer run),
# inside the same headless session: `build-aux/test.sh --suite app` or
# `build-aux/test.sh window` reruns one suite or one test.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/build-aux/install-deps.sh"

BUILD=${BUILD:-build}
ASAN_BUILD=${ASAN_BUILD:-build-asan}

# EO_WERROR_DEPRECATED=1 makes any use of a deprecated GLib, GTK or
# libadwaita symbol fail the build (build-aux/test-debian13.sh sets it).
if [ "${EO_WERROR_DEPRECATED:-0}" = 1 ]; then
  werror_deprecated=true
else
  werror_deprecated=false
fi

build_failed () {
  echo "The build failed: see above."
  echo "0 passed, 1 failed"
  exit 1
}

setup_and_build () {
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" -Dwerror_deprecated=$werror_deprecated >/dev/null || return 1
  else
    meson setup "$dir" -Dwerror_deprecated=$werror_deprecated "$@" || return 1
  fi
  ninja -C "$dir"
}

setup_and_build "$BUILD" || build_failed
if [ $# -eq 0 ]; then
  setup_and_build "$ASAN_BUILD" -Db_sanitize=address,undefined -Db_lundef=false \
    -Dgui=false -Dbuildtype=debug || build_failed
fi

results="$top/$BUILD/test-results"
rm -rf "$results"
mkdir -p "$results"

# One private session for everything: display, bus, keyring, home.
"$top/build-aux/headless.sh" sh -c '
  set -u
  build=$1 asan_build=$2 results=$3 top=$4
  shift 4
  meson test -C "$build" --print-errorlogs --num-processes 2 "$@" > "$results/main.log" 2>&1
  echo $? > "$results/main.rc"
  [ $# -gt 0 ] && exit 0
  # Sanitizer build: the tests marked "sanitize" (no GTK in that build).
  LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:fast_unwind_on_malloc=0" ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    meson test -C "$asan_build" --print-errorlogs --num-processes 2 --suite sanitize > "$results/asan.log" 2>&1
  echo $? > "$results/asan.rc"
  exit 0
' sh "$BUILD" "$ASAN_BUILD" "$results" "$top" "$@" || true

cat "$results/main.log"
logs="$BUILD/meson-logs/testlog.json"
if [ $# -eq 0 ]; then
  echo "=== Sanitizer build (address, undefined) ==="
  cat "$results/asan.log"
  logs="$logs $ASAN_BUILD/meson-logs/testlog.json"
fi

# Count every test of both runs from meson's own JSON logs. A skipped test
# counts as failed: nothing may hide behind a skip.
# shellcheck disable=SC2086
python3 - $logs <<'PY'
import json, sys
passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        failed += 1
        print(f"missing test log {path}")
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        if t["result"] in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
            print(f"FAILED: {t['name']} ({t['result']})")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
