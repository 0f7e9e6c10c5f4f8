#!/usr/bin/env bash
# Build (or find in the cache) xenbr's debug test kernel from Debian's
# linux-source-6.1 and the fragments beside this script. Prints the object
# directory; bzImage is at arch/x86/boot/bzImage below it. The cache key is
# the source package version plus a hash of the fragments and of build_rev,
# so a new fragment or build procedure rebuilds and a warm run costs nothing.
#
# build-kernel.sh        base.config + debug.config: the debug kernel
# build-kernel.sh xen    the same + xen-dom0.config: the debug kernel that
#                        make check-xen-debug boots as Xen's PV dom0 (no
#                        KASAN: Linux 6.1 has no KASAN on the PV boot path)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../harness/common.sh
. "$here/../harness/common.sh"

frags=("$here/base.config" "$here/debug.config")
case ${1:-} in
"") ;;
xen) frags+=("$here/xen-dom0.config") ;;
*) die "build-kernel.sh: unknown variant $1 (none, or xen)" ;;
esac
need_pkgs "${BUILD_PKGS[@]}"
src=$(kernel_src)
# Bump when the steps below change what ends up in the object directory.
build_rev=1
key=$( (cat "${frags[@]}"; echo "$build_rev") | sha256sum | cut -c1-16)
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
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null
make -s -C "$src" O="$obj" olddefconfig >&2

# merge_config only warns when Kconfig drops an option: make that fatal, or a
# debug feature could silently vanish from the harness. A later fragment's
# value of an option replaces an earlier one's, as in merge_config.
bad=0
declare -A want=()
order=()
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	[ -n "${want[${line%%=*}]+set}" ] || order+=("${line%%=*}")
	want[${line%%=*}]=${line#*=}
done < <(cat "${frags[@]}")
for opt in "${order[@]}"; do
	val=${want[$opt]} line=$opt=${want[$opt]}
	if [ "$val" = n ]; then
		grep -qx "# $opt is not set" "$obj/.config" || grep -qx "$opt=n" "$obj/.config" ||
			! grep -q "^$opt=" "$obj/.config" || { log "$opt: wanted n"; bad=1; }
	else
		grep -qxF "$line" "$obj/.config" || { log "$opt: wanted $val, got: $(grep "^$opt=" "$obj/.config" || echo unset)"; bad=1; }
	fi
done
[ "$bad" -eq 0 ] || die "the kernel config lost options of the fragments"

make -s -C "$src" O="$obj" -j"$(nproc)" bzImage modules >&2
make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$obj/modroot" modules_install >&2
touch "$obj/.xenbr-built"
log "debug kernel built in $(( $(date +%s) - start )) s"
printf '%s\n' "$obj"
