#!/usr/bin/env bash
# Build xenbr's modules for one kernel, out of the checkout so builds for
# several kernels do not trample each other's objects.
#
# build-module.sh NAME KDIR [MAKE ARGS...]
# Builds in $XENBR_BUILD/NAME (a copy of the sources), prints that directory. The
# compiler's output is kept in $XENBR_BUILD/NAME/build.log; any warning fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

name=$1 kdir=$2
shift 2
dir=$XENBR_BUILD/$name
mkdir -p "$dir"
# Kbuild's products of a build in the checkout must not come along: a copied
# xenbr.mod names the checkout's objects, and the copy would link those.
# Excluded, the copy's own stay: gcov's .gcno notes among them, which must
# live as long as the objects they describe (make coverage).
rsync -a --delete --exclude .build --exclude .git --exclude '*.o' --exclude '*.ko' \
	--exclude '*.mod' --exclude '*.mod.c' --exclude '*.gcno' --exclude modules.order \
	--exclude Module.symvers --exclude '.*.cmd' --exclude build.log \
	"$XENBR_TOP/" "$dir/src/"
# Objects stay between runs (rsync keeps them), so rebuilds are incremental.
if ! make -C "$kdir" M="$dir/src" W=1 "$@" modules > "$dir/build.log" 2>&1; then
	cat "$dir/build.log" >&2
	die "module build for $name failed"
fi
if grep -E 'warning:|error:' "$dir/build.log" >&2; then
	die "module build for $name has warnings"
fi
printf '%s\n' "$dir/src"
