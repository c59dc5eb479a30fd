#!/bin/sh
# Runs README's test command (build-aux/test.sh) on Debian 13 (trixie), in a
# minimal chroot made once with debootstrap from the Debian mirror and kept
# in ~/.cache/esim-onboard/debian13 (EO_DEBIAN13_ROOT moves it). The current
# commit (HEAD: commit first, uncommitted changes are not taken) is cloned
# into it and built with -Werror=deprecated-declarations, so that a
# deprecated GTK or libadwaita symbol fails the run. Ends with the same
# "N passed, N failed" line as test.sh.
#
# Needs root (chroot, mount) and the network for the Debian mirror; installs
# debootstrap where it is missing. /proc, /dev, /dev/pts and /dev/shm are
# mounted into the chroot for the run and always unmounted, also on failure
# or Ctrl+C.
#   build-aux/test-debian13.sh [TEST.SH-ARGUMENT…]
#   build-aux/test-debian13.sh --shell [COMMAND]
# Arguments go to test.sh (`--suite app` reruns one suite of the main build);
# --shell opens a shell in the chroot instead (same mounts), or runs COMMAND
# there, in the clone of the last run.
# EO_WERROR_DEPRECATED=0 lets deprecated symbols through (to look at an old
# commit).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
MIRROR=${EO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
cache=${XDG_CACHE_HOME:-$HOME/.cache}/esim-onboard
root=${EO_DEBIAN13_ROOT:-$cache/debian13}
src=/src/esim-onboard           # the clone, inside the chroot

fail () {
  echo "$*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

[ "$(id -u)" = 0 ] || fail "test-debian13.sh needs root (debootstrap, chroot, mount)."

# One run at a time per chroot: a second waits (the first one's cleanup
# would unmount what the second uses).
mkdir -p "$(dirname "$root")"
exec 9> "$root.lock"
if ! flock -n 9; then
  echo "Another test-debian13.sh uses $root: waiting for it"
  flock 9
fi

# Every mount below $1, deepest first (from the kernel's own table).
mounts_under () {
  awk -v p="$1" '$5 == p || index($5, p "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

# Processes left running inside the chroot at $1 (a test's Xvfb or D-Bus
# after Ctrl+C): they are ours, and they would keep the mounts busy.
kill_chroot_processes () {
  for d in /proc/[0-9]*; do
    r=$(readlink "$d/root" 2>/dev/null) || continue
    [ "$r" = "$1" ] || continue
    pid=${d#/proc/}
    [ "$pid" = "$$" ] || kill -TERM "$pid" 2>/dev/null || true
  done
}

unmount_all () {
  dir=$1
  [ -d "$dir" ] || return 0
  real=$(cd "$dir" && pwd -P)
  if [ -n "$(mounts_under "$real")" ]; then
    kill_chroot_processes "$real"
    for m in $(mounts_under "$real"); do
      umount "$m" 2>/dev/null || umount -l "$m" || true
    done
  fi
  if [ -n "$(mounts_under "$real")" ]; then
    echo "Still mounted under $real:" >&2
    mounts_under "$real" >&2
    return 1
  fi
}

# Removes a chroot directory, never while anything is mounted in it.
remove_tree () {
  [ -e "$1" ] || return 0
  if unmount_all "$1"; then
    rm -rf "$1"
  else
    echo "Not removing $1: something is still mounted in it." >&2
    return 1
  fi
}

cleaned=no
# shellcheck disable=SC2317  # called from the traps
cleanup () {
  [ "$cleaned" = yes ] && return 0
  cleaned=yes
  unmount_all "$root" || true
  [ -z "${partial:-}" ] || remove_tree "$partial" || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

# --- Once: the chroot -------------------------------------------------------

# A minimal trixie with what cloning and the install step need; the rest is
# installed inside by build-aux/install-deps.sh, as on a new machine.
create_root () {
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "Installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
  fi
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debian-archive-keyring
  mkdir -p "$(dirname "$root")"
  partial="$root.partial"
  remove_tree "$partial"
  echo "Creating the Debian 13 chroot in $root (debootstrap $SUITE from $MIRROR)"
  start=$(date +%s)
  if ! debootstrap --variant=minbase --keyring="$keyring" \
         --include=ca-certificates,git,sudo "$SUITE" "$partial" "$MIRROR" \
         > "$root.debootstrap.log" 2>&1; then
    tail -n 30 "$root.debootstrap.log" >&2
    fail "debootstrap failed (log: $root.debootstrap.log)"
  fi
  # No service starts inside the chroot during installs.
  printf '#!/bin/sh\nexit 101\n' > "$partial/usr/sbin/policy-rc.d"
  chmod 755 "$partial/usr/sbin/policy-rc.d"
  unmount_all "$partial" || fail "debootstrap left mounts in $partial"
  mv "$partial" "$root"
  partial=""
  echo "Chroot created in $(( $(date +%s) - start )) s"
}

if [ ! -x "$root/usr/bin/git" ] || [ ! -f "$root/etc/debian_version" ]; then
  remove_tree "$root" || fail "cannot replace the broken chroot $root"
  create_root
fi
case "$(cat "$root/etc/debian_version")" in
  13*|trixie*) ;;
  *) fail "$root is not Debian 13 ($(cat "$root/etc/debian_version")): remove it to make it anew" ;;
esac

# --- Each run: mounts, network, the clone -----------------------------------

unmount_all "$root" || fail "cannot clear old mounts in $root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --make-rslave "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount --bind /dev/shm "$root/dev/shm"
# apt inside needs the host's name resolution.
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null ||
  echo "Note: no /etc/resolv.conf here; apt in the chroot may not reach the mirror"

in_root () {
  chroot "$root" /usr/bin/env -i \
    HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM="${TERM:-dumb}" ${CI:+CI="$CI"} "$@"
}

if [ "${1:-}" = --shell ]; then
  shift
  if [ $# -gt 0 ]; then
    in_root /bin/bash -c "cd $src && $*"
  else
    in_root /bin/bash -l
  fi
  exit
fi

commit=$(git -C "$top" rev-parse HEAD)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
  echo "Note: uncommitted changes are not tested in Debian 13; testing commit $commit"
fi
# The clone is kept between runs (its build directories too, so that a
# second run builds only what changed); the files are exactly the commit's.
if [ ! -d "$root$src/.git" ]; then
  mkdir -p "$(dirname "$root$src")"
  git clone -q --no-checkout --no-hardlinks "$top" "$root$src"
fi
git -C "$root$src" fetch -q "$top" "$commit"
git -C "$root$src" checkout -q -f --detach "$commit"
git -C "$root$src" clean -q -fdx -e /build -e /build-asan

echo "=== Debian $(cat "$root/etc/debian_version") (chroot $root), commit $(git -C "$top" rev-parse --short HEAD) ==="
status=0
in_root /bin/sh -c "cd $src && EO_WERROR_DEPRECATED=${EO_WERROR_DEPRECATED:-1} ./build-aux/test.sh \"\$@\"" sh "$@" 2>&1 \
  | tee "$root.last-run.log" || status=1
# The summary line of test.sh is the last line of its output.
summary=$(tail -n 1 "$root.last-run.log")
case "$summary" in
  *" passed, "*" failed") ;;
  *) summary="0 passed, 1 failed"; echo "test.sh ended without its summary line" ;;
esac
case "$summary" in
  *" 0 failed") ;;
  *) status=1 ;;
esac
# Screenshots and logs stay in the chroot's build directory; say where.
echo "Build directory: $root$src/build"
echo "$summary"
exit $status
