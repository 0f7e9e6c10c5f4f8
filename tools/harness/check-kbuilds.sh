#!/usr/bin/env bash
# Build xenbr.ko and xenbr_kunit.ko with W=1 against every Debian kernel that
# xenbr supports, so that one source keeps building for all of them:
#
#   deb12-6.1     Debian 12's stock 6.1 (the installed headers)
#   deb12-6.12    Debian 12's newest 6.12 (bookworm-security)
#   deb13-6.12    Debian 13's 6.12, built in a trixie chroot (gcc-14)
#   deb13-bpo     trixie-backports' newest kernel, in the same chroot
#
# check-kbuilds.sh [NAME...]   (default: all four)
#
# Each build runs in its own copy of the tree, $XENBR_BUILD/kbuild-NAME, and
# any warning or error fails it. Each writes $XENBR_BUILD/runs/host-kbuild-
# NAME.json as common.sh's record() does, and prints "FAIL host/kbuild-NAME
# why" on failure. The trixie tree (trixie.sh) is made once and reused.
# Exits non-zero when a build failed.
# Each build takes 40 to 50 s. Run as root (debootstrap, chroot, mounts).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
# shellcheck source=trixie.sh
. "$here/trixie.sh"

# The host's side: Debian 12's 6.12 headers
# (the newest bookworm-security has, found at run time: a pinned name would
# vanish from the archive at its next update), whose build wants pahole
# (dwarves).
KBUILD_PKGS=(dwarves perl)

# deb12_612_headers: the newest linux-headers-6.12.*+deb12-amd64 in apt's
# lists (read anew once when they have none).
deb12_612_headers() {
	local name try
	for try in 1 2; do
		name=$(apt-cache pkgnames linux-headers-6.12. 2>/dev/null |
			grep -E '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' | sort -V | tail -n1)
		[ -n "$name" ] && break
		[ $try = 2 ] || apt-get update -qq >&2
	done
	echo "$name"
}
KBUILD_PKGS+=("$(deb12_612_headers)")

all_names=(deb12-6.1 deb12-6.12 deb13-6.12 deb13-bpo)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${all_names[@]}")
runs=$XENBR_BUILD/runs
mkdir -p "$runs"
failed=0

# kbuild_result NAME PASS|FAIL [WHY]: record()'s host/kbuild-NAME.
kbuild_result() {
	record "kbuild-$1" "$2" "${3:-}" || failed=1
}

# timed WHAT CMD...: run CMD and log how long it took, to the script's
# stderr (fd 3) even when CMD's output goes to a file.
exec 3>&2
timed() {
	local what=$1 t0=$SECONDS rc=0
	shift
	"$@" || rc=$?
	log "$what: $((SECONDS - t0)) s" 2>&3
	return $rc
}

# build NAME KDIR [CHROOT]: build both modules for the kernel whose build
# directory is KDIR (inside CHROOT when given) in $XENBR_BUILD/kbuild-NAME.
build() {
	local name=$1 kdir=$2 root=${3:-} dir=$XENBR_BUILD/kbuild-$1 conf kunit=() bad t0=$SECONDS
	# From scratch: a warning is printed only when its object is compiled.
	rm -rf "$dir" && mkdir -p "$dir"
	# As build-module.sh: the checkout's Kbuild products must not come along.
	rsync -a --delete --exclude .build --exclude .git --exclude '*.o' --exclude '*.ko' \
		--exclude '*.mod' --exclude '*.mod.c' --exclude modules.order \
		--exclude Module.symvers --exclude '.*.cmd' --exclude build.log \
		"$XENBR_TOP/" "$dir/src/"
	conf=$root$kdir/include/config/auto.conf
	[ -f "$conf" ] || { kbuild_result "$name" FAIL "no kernel build directory $root$kdir"; return; }
	# Debian's kernels have no KUnit: CONFIG_KUNIT=y makes Kbuild build the
	# test module, and -DCONFIG_KUNIT the code under IS_ENABLED(CONFIG_KUNIT)
	# (EXPORT_SYMBOL_IF_KUNIT, the hooks the tests use) as on a KUnit kernel.
	# modpost may then only warn, for KUnit's own symbols (checked below).
	grep -q '^CONFIG_KUNIT=' "$conf" ||
		kunit=(CONFIG_KUNIT=y KCFLAGS=-DCONFIG_KUNIT=1 KBUILD_MODPOST_WARN=1)
	local mk=(make -j1 -C "$kdir" W=1 "${kunit[@]}" modules)
	if [ -n "$root" ]; then
		BIND_SRC=$dir/src in_chroot "$root" "${mk[@]}" M=/mnt/xenbr > "$dir/build.log" 2>&1
	else
		LC_ALL=C nice -n 10 "${mk[@]}" M="$dir/src" > "$dir/build.log" 2>&1
	fi
	local rc=$?
	log "kbuild-$name ($(basename "$kdir")): $((SECONDS - t0)) s"
	# Without KUnit in the kernel, its own functions are all that may be
	# missing, and only from the test module.
	bad=$(grep -iE 'warning|error|undefined' "$dir/build.log" |
		grep -vE -e "^WARNING: modpost: \"_*kunit_[a-z0-9_]+\" \[[^]]*/xenbr_kunit\.ko\] undefined!$" \
			-e "^WARNING: modpost: xenbr_kunit\.ko: symbol '_*kunit_[a-z0-9_]+' undefined!$")
	if [ $rc -ne 0 ] || [ -n "$bad" ]; then
		kbuild_result "$name" FAIL "($(basename "$kdir"), see $dir/build.log): $(
			printf '%s\n' "${bad:-make exited $rc}" | head -n 5 | tr '\n' ' ')"
		return
	fi
	local o missing=
	# Each object of the test module, as Kbuild lists them, was compiled.
	for o in $(awk '/^xenbr_kunit-y/ { on = 1 }
			on { for (i = 1; i <= NF; i++) if ($i ~ /\.o$/) print $i; if ($NF != "\\") on = 0 }' \
			"$dir/src/Kbuild"); do
		[ -f "$dir/src/$o" ] || missing="$missing $o"
	done
	if [ ! -f "$dir/src/xenbr.ko" ] || [ ! -f "$dir/src/xenbr_kunit.ko" ] || [ -n "$missing" ]; then
		kbuild_result "$name" FAIL "($(basename "$kdir")): missing xenbr.ko, xenbr_kunit.ko or$missing"
		return
	fi
	log "kbuild-$name: $(basename "$kdir") builds clean, with the KUnit module"
	kbuild_result "$name" PASS
}

t_all=$SECONDS
# need_pkgs dies on a failure: then the builds that lack their headers fail.
( timed "host packages" need_pkgs "${BUILD_PKGS[@]}" "${KBUILD_PKGS[@]}" ) ||
	log "not every host package could be installed: ${KBUILD_PKGS[*]}"
root=
for n in "${names[@]}"; do
	case $n in
	deb12-6.1) build "$n" "/usr/src/linux-headers-$(stock_kver)" ;;
	deb12-6.12) build "$n" "/usr/src/${KBUILD_PKGS[-1]}" ;;
	deb13-6.12 | deb13-bpo)
		[ -n "$root" ] || root=$(timed "trixie tree" trixie_tree) || root=none
		if [ "$root" = none ]; then
			kbuild_result "$n" FAIL "the trixie tree could not be made"
			continue
		fi
		v=$(trixie_kver "$root" "$n")
		build "$n" "/usr/src/linux-headers-$v" "$root"
		;;
	*) kbuild_result "$n" FAIL "unknown kernel (one of: ${all_names[*]})" ;;
	esac
done
log "check-kbuilds: $((SECONDS - t_all)) s"
exit $failed
