#!/usr/bin/env bash
# Build (or find in the cache) xenbr's debug test kernel from Debian's
# linux-source-6.1 and the fragments beside this script. Prints the object
# directory; bzImage is at arch/x86/boot/bzImage below it. The cache key is
# the source package version plus a hash of the fragments and of build_rev,
# so a new fragment or build procedure rebuilds and a warm run costs nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../harness/common.sh
. "$here/../harness/common.sh"

need_pkgs "${BUILD_PKGS[@]}"
src=$(kernel_src)
# Bump when the steps below change what ends up in the object directory.
build_rev=1
key=$( (cat "$here/base.config" "$here/debug.config"; echo "$build_rev") | sha256sum | cut -c1-16)
obj=$XENBR_CACHE/kernel/$(src_version)-$key

# Two harnesses may want the same kernel at once: one builds, the other waits.
mkdir -p "$XENBR_CACHE/kernel"
exec 9>"$XENBR_CACHE/kernel/.lock"
flock 9
if [ -f "$obj/.xenbr-built" ]; then
	printf '%s\n' "$obj"
	exit 0
fi

log "building the debug kernel in $obj (cold cache: about 10 minutes)"
rm -rf "$obj" && mkdir -p "$obj"
start=$(date +%s)
make -s -C "$src" O="$obj" allnoconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
	"$here/base.config" "$here/debug.config" >/dev/null
make -s -C "$src" O="$obj" olddefconfig >&2

# merge_config only warns when Kconfig drops an option: make that fatal, or a
# debug feature could silently vanish from the harness.
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -qx "# $opt is not set" "$obj/.config" || grep -qx "$opt=n" "$obj/.config" ||
			! grep -q "^$opt=" "$obj/.config" || { log "$opt: wanted n"; bad=1; }
	else
		grep -qxF "$line" "$obj/.config" || { log "$opt: wanted $val, got: $(grep "^$opt=" "$obj/.config" || echo unset)"; bad=1; }
	fi
done < <(cat "$here/base.config" "$here/debug.config")
[ "$bad" -eq 0 ] || die "the kernel config lost options of the fragments"

make -s -C "$src" O="$obj" -j"$(nproc)" bzImage modules >&2
make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$obj/modroot" modules_install >&2
touch "$obj/.xenbr-built"
log "debug kernel built in $(( $(date +%s) - start )) s"
printf '%s\n' "$obj"
