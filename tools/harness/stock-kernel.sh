#!/usr/bin/env bash
# Find a Debian 12 stock kernel for a stock VM run; print "KVER ROOT", where
# ROOT/boot/vmlinuz-KVER is the kernel and ROOT/lib/modules/KVER its modules.
#
# stock-kernel.sh 6.1    the installed linux-image-amd64 (ROOT is /)
# stock-kernel.sh 6.12   the newest linux-image-6.12.*+deb12-amd64 in apt's
#                        lists (bookworm-security), unpacked once into
#                        $XENBR_CACHE/stock/KVER: not installed, the host's
#                        own boot is none of make check's business. Its
#                        headers (for the module's build) are installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

case ${1:-} in
6.1)
	need_pkgs linux-image-amd64 linux-headers-amd64
	echo "$(stock_kver) /"
	exit 0
	;;
6.12) ;;
*) die "stock-kernel.sh: unknown series '${1:-}' (6.1 or 6.12)" ;;
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
root=$XENBR_CACHE/stock/$kver
mkdir -p "$XENBR_CACHE/stock"
exec 9>"$XENBR_CACHE/stock/.lock"
flock 9
if [ ! -f "$root/.unpacked" ]; then
	log "unpacking $image into $root (once)"
	tmp=$(mktemp -d "$XENBR_CACHE/stock/.tmp.XXXXXX")
	(cd "$tmp" && apt-get download -qq "$image" >&2) || die "apt-get download $image failed"
	rm -rf "$root" && mkdir -p "$root"
	dpkg-deb -x "$tmp"/*.deb "$root" || die "dpkg-deb -x $image failed"
	rm -rf "$tmp"
	# The package leaves modules.dep to its postinst; trixie-style trees
	# keep the modules under usr/lib.
	[ -d "$root/lib/modules/$kver" ] || { mkdir -p "$root/lib" && ln -s ../usr/lib/modules "$root/lib/modules"; }
	depmod -b "$root" "$kver" || die "depmod for $kver failed"
	touch "$root/.unpacked"
fi
echo "$kver $root"
