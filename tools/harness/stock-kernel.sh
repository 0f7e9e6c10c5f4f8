#!/usr/bin/env bash
# Find a Debian stock kernel for a stock VM run; print "KVER ROOT KDIR
# [CHROOT]": ROOT/boot/vmlinuz-KVER is the kernel, ROOT/lib/modules/KVER its
# modules, KDIR the build directory of its headers (a path inside CHROOT,
# when one is given, where the module must be built).
#
# stock-kernel.sh 6.1    the installed linux-image-amd64 (ROOT is /)
# stock-kernel.sh 6.12   the newest linux-image-6.12.*+deb12-amd64 in apt's
#                        lists (bookworm-security), unpacked once into
#                        $XENBR_CACHE/stock/KVER: not installed, the host's
#                        own boot is none of make check's business. Its
#                        headers (for the module's build) are installed.
# stock-kernel.sh 7.x    trixie-backports' kernel, the one whose headers the
#                        trixie tree holds (trixie.sh), unpacked the same
#                        way; built inside that tree (gcc-14).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

# unpack KVER CMD...: unpack into $XENBR_CACHE/stock/KVER, once, the .debs
# that CMD downloads into the current directory; print that directory.
unpack() {
	local kver=$1 root=$XENBR_CACHE/stock/$1 tmp deb
	shift
	mkdir -p "$XENBR_CACHE/stock"
	exec 9>"$XENBR_CACHE/stock/.lock"
	flock 9
	if [ ! -f "$root/.unpacked" ]; then
		log "unpacking Linux $kver into $root (once)"
		tmp=$(mktemp -d "$XENBR_CACHE/stock/.tmp.XXXXXX")
		(cd "$tmp" && "$@" >&2) || die "downloading Linux $kver failed"
		rm -rf "$root" && mkdir -p "$root"
		for deb in "$tmp"/*.deb; do
			dpkg-deb -x "$deb" "$root" || die "dpkg-deb -x $deb failed"
		done
		rm -rf "$tmp"
		# Trixie's packages keep the modules (and 7.x its image) under
		# usr/lib; the package leaves modules.dep to its postinst.
		[ -d "$root/lib/modules/$kver" ] || { mkdir -p "$root/lib" && ln -s ../usr/lib/modules "$root/lib/modules"; }
		[ -e "$root/boot/vmlinuz-$kver" ] ||
			{ mkdir -p "$root/boot" && ln -s "../usr/lib/modules/$kver/vmlinuz" "$root/boot/vmlinuz-$kver"; }
		depmod -b "$root" "$kver" || die "depmod for $kver failed"
		touch "$root/.unpacked"
	fi
	exec 9>&-
	echo "$root"
}

case ${1:-} in
6.1)
	need_pkgs linux-image-amd64 linux-headers-amd64
	kver=$(stock_kver)
	echo "$kver / /lib/modules/$kver/build"
	exit 0
	;;
6.12) ;;
7.x)
	# shellcheck source=trixie.sh
	. "$here/trixie.sh"
	tree=$(trixie_tree) || die "the trixie tree could not be made"
	kver=$(trixie_kver "$tree" deb13-bpo)
	# Split since 7.x: the image, its modules, its base files; fetched by
	# the tree's apt (trixie-backports is in its sources, not the host's).
	download_bpo() {
		local dl=/tmp/xenbr-dl
		rm -rf "${tree:?}$dl" && mkdir -p "$tree$dl" &&
			in_chroot "$tree" apt sh -c 'cd "$1" && shift && apt-get download -q "$@"' \
				sh "$dl" "linux-binary-$kver" "linux-modules-$kver" "linux-base-$kver" &&
			mv "$tree$dl"/*.deb . && rm -rf "${tree:?}$dl"
	}
	root=$(unpack "$kver" download_bpo)
	echo "$kver $root /usr/src/linux-headers-$kver $tree"
	exit 0
	;;
*) die "stock-kernel.sh: unknown series '${1:-}' (6.1, 6.12 or 7.x)" ;;
esac

# newest_612 KIND: the newest linux-KIND-6.12.*+deb12-amd64 in apt's lists
# (read anew once when they have none).
newest_612() {
	local name try
	for try in 1 2; do
		name=$(apt-cache pkgnames "linux-$1-6.12." 2>/dev/null |
			grep -E "^linux-$1-6\.12\.[0-9]+\+deb12-amd64\$" | sort -V | tail -n1)
		[ -n "$name" ] && break
		[ $try = 2 ] || apt-get update -qq >&2
	done
	[ -n "$name" ] || die "no linux-$1-6.12.*+deb12-amd64 in apt's lists (bookworm-security)"
	echo "$name"
}

image=$(newest_612 image)
kver=${image#linux-image-}
need_pkgs "linux-headers-$kver" kmod
root=$(unpack "$kver" apt-get download -qq "$image")
echo "$kver $root /lib/modules/$kver/build"
