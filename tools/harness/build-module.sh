#!/usr/bin/env bash
# Build xenbr's modules for one kernel, out of the checkout so builds for
# several kernels do not trample each other's objects.
#
# build-module.sh NAME KDIR [MAKE ARGS...]
# Builds in $XENBR_BUILD/NAME (a copy of the sources), prints that directory. The
# compiler's output is kept in $XENBR_BUILD/NAME/build.log; any warning fails.
# XENBR_CHROOT=DIR builds inside that tree (trixie.sh's, whose compiler a
# trixie-backports kernel wants), KDIR a path of the tree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

name=$1 kdir=$2
shift 2
dir=$XENBR_BUILD/$name
mkdir -p "$dir"
# Objects stay between runs, so rebuilds are incremental; but a build with
# other arguments (another KDIR, XENBR_GCOV=1) starts afresh, or it would
# link objects built otherwise, with no gcov notes for make coverage.
stamp=$dir/make-args
args="${XENBR_CHROOT:-}$kdir $*"
[ "$(cat "$stamp" 2>/dev/null)" = "$args" ] || rm -rf "$dir/src"
rm -f "$stamp"
# Kbuild's products of a build in the checkout must not come along: a copied
# xenbr.mod names the checkout's objects, and the copy would link those.
# Excluded, the copy's own stay: gcov's .gcno notes among them, which must
# live as long as the objects they describe (make coverage).
rsync -a --delete --exclude .build --exclude .git --exclude '*.o' --exclude '*.ko' \
	--exclude '*.mod' --exclude '*.mod.c' --exclude '*.gcno' --exclude modules.order \
	--exclude Module.symvers --exclude '.*.cmd' --exclude build.log \
	"$XENBR_TOP/" "$dir/src/"
if [ -n "${XENBR_CHROOT:-}" ]; then
	# shellcheck source=trixie.sh
	. "$here/trixie.sh"
	build() { BIND_SRC=$dir/src in_chroot "$XENBR_CHROOT" make -C "$kdir" M=/mnt/xenbr W=1 "$@" modules; }
else
	build() { make -C "$kdir" M="$dir/src" W=1 "$@" modules; }
fi
if ! build "$@" > "$dir/build.log" 2>&1; then
	cat "$dir/build.log" >&2
	die "module build for $name failed"
fi
# The stamp stays off after a warning: the next run recompiles every
# file, so an unchanged file's warning shows again rather than passing.
if grep -E 'warning:|error:' "$dir/build.log" >&2; then
	die "module build for $name has warnings"
fi
echo "$args" > "$stamp"
printf '%s\n' "$dir/src"
