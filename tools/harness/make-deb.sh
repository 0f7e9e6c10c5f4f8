#!/usr/bin/env bash
# make deb: build the Debian packages xenbr-dkms and xenbr-utils with
# dpkg-buildpackage from a copy of the tree, then run lintian on them; an
# error of lintian fails the build. The .debs, the build log and lintian's
# output land in DEB_OUT (default .build/deb).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

need_pkgs "${BUILD_PKGS[@]}" "${DEB_PKGS[@]}"
out=${DEB_OUT:-$XENBR_BUILD/deb}
ver=$(sed -n 's/^#define XENBR_VERSION "\(.*\)"$/\1/p' "$XENBR_TOP/include/uapi/linux/xenbr.h")
[ -n "$ver" ] || die "no XENBR_VERSION in include/uapi/linux/xenbr.h"
rm -rf "$out" && mkdir -p "$out/src"
src=$out/src/xenbr-$ver
# The tracked files and new ones not ignored: no build products. Outside
# a git checkout, the tree less what .gitignore names.
if git -C "$XENBR_TOP" rev-parse --git-dir > /dev/null 2>&1; then
	(cd "$XENBR_TOP" && git ls-files -co --exclude-standard -z) |
		rsync -a --from0 --ignore-missing-args --files-from=- "$XENBR_TOP/" "$src/"
else
	rsync -a --exclude=/.build/ --exclude-from="$XENBR_TOP/.gitignore" "$XENBR_TOP/" "$src/"
fi
log "make deb: dpkg-buildpackage in $src"
if ! (cd "$src" && dpkg-buildpackage -b -us -uc) > "$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	die "dpkg-buildpackage failed; see $out/build.log"
fi
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out/"
rc=0
lintian --fail-on error --info --display-level '>=warning' "$out"/xenbr_*.changes \
	> "$out/lintian.log" 2>&1 || rc=$?
cat "$out/lintian.log" >&2
[ "$rc" -eq 0 ] || die "lintian found errors (exit $rc); see $out/lintian.log"
log "make deb: $(cd "$out" && ls ./*.deb | tr '\n' ' ')in $out"
