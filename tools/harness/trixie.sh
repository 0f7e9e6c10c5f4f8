# shellcheck shell=bash
# The Debian 13 (trixie) tree of the harness, sourced after common.sh: made
# once with debootstrap from this machine's own bookworm mirror (its URI is
# read from the apt sources at run time, never written here) and cached in
# $XENBR_CACHE/trixie-KEY, KEY a hash of what goes into it. It serves
#   check-kbuilds.sh  the builds against trixie's 6.12 and trixie-backports'
#                     kernel (their headers, gcc-14), and
#   xen.sh trixie     a Debian 13 Xen host: Xen 4.20, trixie's toolstack and
#                     6.12 as dom0, its userland taken from a copy of the
#                     tree (trixie_dom0_tree) where our .debs are installed.
# About 6 minutes and 1.3 GB once. Run as root (debootstrap, chroot, mounts).

# The tree's packages: the build's, then the Xen host's (hypervisor,
# toolstack, dom0's kernel and every tool the tests run there), then
# trixie-backports' kernel headers.
TRIXIE_PKGS=(make gcc linux-headers-amd64 dkms)
TRIXIE_PKGS+=(xen-hypervisor-4.20-amd64 xen-utils-4.20 xenstore-utils linux-image-amd64)
TRIXIE_PKGS+=(busybox-static iproute2 bridge-utils ethtool util-linux iputils-ping jq kmod)
TRIXIE_PKGS+=(ifupdown libmnl0 libgcc-s1 xz-utils)
# The packaging check on Debian 13: trixie's lintian judges our .debs.
TRIXIE_PKGS+=(lintian)
TRIXIE_BPO_PKGS=(linux-headers-amd64)
# Bump when the way the tree is made changes what ends up in it.
trixie_rev=2

# bookworm_uri: the mirror of this machine's bookworm entry, read from its
# deb822 apt sources (no mirror is named in the repository).
bookworm_uri() {
	awk 'FNR == 1 || /^[ \t]*$/ { if (b && u != "" && !done) { print u; done = 1 }; b = 0; u = "" }
	     /^URIs:/ { u = $2 }
	     /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") b = 1 }
	     END { if (b && u != "" && !done) print u }' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		head -n1
}

# in_chroot DIR [apt] CMD...: run CMD in the chroot DIR, in a mount namespace
# of its own, so that what is mounted for it goes away with it, even if it
# is killed: /proc (objtool reads it, apt's maintainer scripts too), for apt
# a /dev/pts, and the build tree BIND_SRC on /mnt/xenbr.
in_chroot() {
	local dir=$1 apt=0
	shift
	[ "$1" = apt ] && { apt=1; shift; }
	unshare --mount --propagation private -- sh -c '
		dir=$1 apt=$2 src=$3
		shift 3
		mount -t proc proc "$dir/proc" || exit 1
		if [ "$apt" = 1 ]; then
			mkdir -p "$dir/dev/pts"
			mount -t devpts -o newinstance,ptmxmode=0666 devpts "$dir/dev/pts" || exit 1
		fi
		if [ -n "$src" ]; then mount --bind "$src" "$dir/mnt/xenbr" || exit 1; fi
		exec nice -n 10 chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
	' in_chroot "$dir" "$apt" "${BIND_SRC:-}" "$@"
}

# headers_kver DIR: the kernel whose headers the tree DIR's
# linux-headers-amd64 depends on.
headers_kver() {
	in_chroot "$1" dpkg-query -W -f='${Depends}' linux-headers-amd64 |
		grep -o 'linux-headers-[^ ,]*-amd64' | sed 's/^linux-headers-//'
}

# make_trixie DIR: debootstrap trixie into DIR and install TRIXIE_PKGS, then
# trixie-backports' headers. Writes DIR/etc/xenbr-kernels: "NAME KVER" for
# deb13-6.12 and deb13-bpo.
make_trixie() {
	local dir=$1 uri tmp=$1.tmp kver612 kverbpo t0=$SECONDS
	uri=$(bookworm_uri)
	[ -n "$uri" ] || die "no bookworm entry with URIs in /etc/apt/sources.list.d/*.sources"
	rm -rf "$tmp"
	debootstrap --variant=minbase trixie "$tmp" "$uri" > "$XENBR_CACHE/trixie-debootstrap.log" 2>&1 ||
		{ tail -n 20 "$XENBR_CACHE/trixie-debootstrap.log" >&2; die "debootstrap trixie failed"; }
	log "debootstrap trixie: $((SECONDS - t0)) s"
	rm -f "$tmp/etc/apt/sources.list"
	cat > "$tmp/etc/apt/sources.list.d/debian.sources" <<-EOF
	Types: deb
	URIs: $uri
	Suites: trixie trixie-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	# No service starts in a chroot (xen-utils' and dkms' scripts ask).
	printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
	chmod 755 "$tmp/usr/sbin/policy-rc.d"
	mkdir -p "$tmp/mnt/xenbr"
	local apt=(apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends)
	in_chroot "$tmp" apt sh -c 'apt-get -q update && "$@"' sh "${apt[@]}" install \
		"${TRIXIE_PKGS[@]}" > "$XENBR_CACHE/trixie-apt.log" 2>&1 ||
		{ tail -n 20 "$XENBR_CACHE/trixie-apt.log" >&2; die "installing into the trixie tree failed"; }
	log "trixie: apt-get install ${TRIXIE_PKGS[*]}: $((SECONDS - t0)) s"
	# The versioned package behind trixie's linux-headers-amd64: keep it
	# when backports' metapackage moves on to its own kernel.
	kver612=$(headers_kver "$tmp")
	[ -n "$kver612" ] || die "trixie's linux-headers-amd64 names no kernel"
	in_chroot "$tmp" apt-mark manual "linux-headers-$kver612" >/dev/null
	in_chroot "$tmp" apt "${apt[@]}" -t trixie-backports install "${TRIXIE_BPO_PKGS[@]}" \
		>> "$XENBR_CACHE/trixie-apt.log" 2>&1 ||
		{ tail -n 20 "$XENBR_CACHE/trixie-apt.log" >&2; die "installing trixie-backports' headers failed"; }
	kverbpo=$(headers_kver "$tmp")
	[ -n "$kverbpo" ] && [ "$kverbpo" != "$kver612" ] ||
		die "trixie-backports' linux-headers-amd64 brought no newer kernel ($kverbpo)"
	in_chroot "$tmp" apt-get clean
	printf 'deb13-6.12 %s\ndeb13-bpo %s\n' "$kver612" "$kverbpo" > "$tmp/etc/xenbr-kernels"
	mv "$tmp" "$dir"
	touch "$dir/.xenbr-made"
	log "trixie tree made in $dir in $((SECONDS - t0)) s: $(du -sh "$dir" | cut -f1)"
}

# trixie_tree: the tree's directory, made first if it is missing. Older
# trees (another KEY) are removed when a new one is made.
trixie_tree() {
	local key dir
	key=$( (printf '%s\n' "${TRIXIE_PKGS[@]}" -- "${TRIXIE_BPO_PKGS[@]}" -- "$trixie_rev") |
		sha256sum | cut -c1-16)
	dir=$XENBR_CACHE/trixie-$key
	mkdir -p "$XENBR_CACHE"
	need_pkgs debootstrap
	# Two harnesses may want the tree at once: one makes it, the other waits.
	(
		flock 9
		[ -f "$dir/.xenbr-made" ] && exit 0
		log "making the trixie tree in $dir (once: about 6 minutes, 1.3 GB)"
		find "$XENBR_CACHE" -maxdepth 1 -name 'trixie-*' -type d ! -name "trixie-$key" \
			-exec rm -rf {} +
		make_trixie "$dir"
	) 9>"$XENBR_CACHE/.trixie.lock" >&2 || return 1
	printf '%s\n' "$dir"
}

# trixie_kver DIR NAME: deb13-6.12's or deb13-bpo's kernel in the tree DIR.
trixie_kver() {
	awk -v n="$2" '$1 == n { print $2 }' "$1/etc/xenbr-kernels"
}

# trixie_dom0_tree TREE DIR DEBDIR: DIR, a fresh copy of TREE with our
# packages of DEBDIR installed by apt as on a Debian 13 host (xenbr-dkms's
# postinst has trixie's DKMS build the module for the tree's kernels) and
# the test tools beside them in /usr/local/bin. Records, as host checks:
# deb13-install (apt installed both), deb13-dkms ("dkms status": installed
# for trixie's 6.12 and trixie-backports' kernel), deb13-lintian (trixie's
# lintian: no error or warning). Leaves DIR.apt.log, DIR.dkms-status and
# DIR.lintian.log; fails when the packages did not install.
trixie_dom0_tree() {
	local tree=$1 dir=$2 debs=$3 t0=$SECONDS k missing=""
	rm -rf "$dir" && cp -a "$tree" "$dir" || return 1
	mkdir -p "$dir/tmp/debs"
	cp "$debs"/*.deb "$debs"/*.changes "$debs"/*.buildinfo "$dir/tmp/debs/" || return 1
	if in_chroot "$dir" apt sh -c 'apt-get install -y -q -o Dpkg::Use-Pty=0 \
		--no-install-recommends /tmp/debs/xenbr-dkms_*.deb /tmp/debs/xenbr-utils_*.deb' \
		> "$dir.apt.log" 2>&1; then
		record deb13-install PASS
	else
		tail -n 20 "$dir.apt.log" >&2
		record deb13-install FAIL "apt-get install of our .debs on trixie failed; see $dir.apt.log"
		return 1
	fi
	in_chroot "$dir" dkms status > "$dir.dkms-status" 2>&1
	for k in deb13-6.12 deb13-bpo; do
		k=$(trixie_kver "$dir" "$k")
		grep -q "^xenbr/[^,]*, $k, x86_64: installed" "$dir.dkms-status" || missing+=" $k"
	done
	if [ -z "$missing" ]; then
		record deb13-dkms PASS
	else
		record deb13-dkms FAIL "trixie's DKMS did not install xenbr for$missing; see $dir.apt.log"
	fi
	in_chroot "$dir" sh -c 'lintian --info --display-level ">=warning" /tmp/debs/xenbr_*.changes' \
		> "$dir.lintian.log" 2>&1
	if grep -q '^[EW]: ' "$dir.lintian.log"; then
		record deb13-lintian FAIL "trixie's lintian: $(grep -c '^[EW]: ' "$dir.lintian.log") errors or warnings; see $dir.lintian.log"
	else
		record deb13-lintian PASS
	fi
	install -m 755 "$XENBR_TOP"/tools/testprogs/xenbr-{nlfuzz,rawsend} "$dir/usr/local/bin/"
	log "trixie dom0 tree in $dir: $((SECONDS - t0)) s"
}
