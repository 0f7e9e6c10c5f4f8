#!/usr/bin/env bash
# The packaging check of make check (host side): make deb builds both
# packages and lintian finds no error; the versions of dkms.conf, the
# Debian changelog and the module agree; DKMS, given the xenbr-dkms
# package's files, builds and installs xenbr.ko for Debian's stock kernel
# ("dkms status": installed) and removing it removes the module. DKMS runs
# in a throwaway tree (--dkmstree, --sourcetree, --installtree, no depmod,
# no signing key): nothing lands in /lib/modules or /var/lib/dkms.
# xenbr-dkms's postinst, run by dpkg installing the package twice into a
# throwaway root, speaks of "xenbr-ctl reload" after an upgrade with the
# module loaded, and only then.
#
# Leaves in $XENBR_BUILD/pkg: the packages' file lists, lintian's output,
# "dkms status", and root/, the xenbr-utils files with the DKMS-built
# module in lib/modules/KVER/updates/dkms, which mkinitramfs.sh lays over
# the VM's root for tools/tests/ifupdown.sh.
# Prints "FAIL host/NAME ..." lines and writes $XENBR_BUILD/runs/host-*.json.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

pkg=$XENBR_BUILD/pkg
rm -rf "$pkg" && mkdir -p "$pkg"
deb=$XENBR_BUILD/deb
if ! DEB_OUT=$deb "$here/make-deb.sh" > "$pkg/make-deb.log" 2>&1; then
	record deb FAIL "make deb failed: $(tail -n 1 "$pkg/make-deb.log")"
	exit 0
fi
record deb PASS
cp "$deb/lintian.log" "$pkg/lintian.log"
# make-deb.sh fails on a lintian error; here warnings count too.
if grep -q '^[EW]: ' "$pkg/lintian.log"; then
	record lintian FAIL "$(grep -c '^[EW]: ' "$pkg/lintian.log") lintian errors or warnings"
else
	record lintian PASS
fi
for p in xenbr-dkms xenbr-utils; do
	dpkg-deb -c "$deb/${p}_"*.deb > "$pkg/$p.contents"
done

ver=$(sed -n 's/^#define XENBR_VERSION "\(.*\)"$/\1/p' "$XENBR_TOP/include/uapi/linux/xenbr.h")
dver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$XENBR_TOP/dkms.conf")
cver=$(dpkg-parsechangelog -l "$XENBR_TOP/debian/changelog" -S Version)
if [ "$ver" = "$dver" ] && [ "$ver" = "${cver%-*}" ]; then
	record pkg-version PASS
else
	record pkg-version FAIL "xenbr.h $ver, dkms.conf $dver, debian/changelog $cver"
fi

# The package's maintainer scripts hand the module to DKMS.
t=$pkg/dkms
mkdir -p "$t/ctl" "$t/root"
dpkg-deb -e "$deb"/xenbr-dkms_*.deb "$t/ctl"
dpkg-deb -x "$deb"/xenbr-dkms_*.deb "$t/root"
if grep -q 'dkms' "$t/ctl/postinst" && grep -q 'dkms' "$t/ctl/prerm" &&
   dpkg-deb -f "$deb"/xenbr-dkms_*.deb Depends | grep -q dkms; then
	record dkms-scripts PASS
else
	record dkms-scripts FAIL "xenbr-dkms lacks dh_dkms's postinst/prerm or its Depends on dkms"
fi

# After an upgrade with the module loaded, xenbr-dkms's postinst says the
# new module waits for "xenbr-ctl reload", after DKMS's part; not on a
# first install, nor with no module loaded. dpkg installs the package into
# a throwaway root (--root; the scripts run outside it), then again over
# itself: postinst configure then gets the version before, as in an
# upgrade (dpkg passes it on a reinstall too). Each dpkg runs in a private
# mount namespace whose /sys/module is an empty tmpfs ("loaded": with a
# directory xenbr) and whose DKMS entry points, common.postinst and dkms in
# PATH, are stubs that print their calls: nothing reaches the host's DKMS,
# dpkg database or /sys.
u=$pkg/upgrade
mkdir -p "$u/stub" "$u/root/var/lib/dpkg/info" "$u/root/var/lib/dpkg/updates"
: > "$u/root/var/lib/dpkg/status"
for s in common.postinst dkms; do
	printf '#!/bin/sh\necho "stub %s $*"\n' "$s" > "$u/stub/$s"
	chmod 755 "$u/stub/$s"
done
# dpkg_i LOADED(0|1) NAME: dpkg -i xenbr-dkms; its output in $u/NAME.log.
dpkg_i() {
	unshare --mount bash -c '
		set -e
		mount -t tmpfs none /sys/module
		[ "$1" = 0 ] || { mkdir /sys/module/xenbr; echo 0.0.1 > /sys/module/xenbr/version; }
		mount -t tmpfs none /usr/lib/dkms
		cp "$2/stub/common.postinst" /usr/lib/dkms/
		PATH=$2/stub:$PATH dpkg --root="$2/root" --force-script-chrootless \
			--force-depends --log="$2/dpkg.log" -i "$3"' \
		dpkg_i "$1" "$u" "$(echo "$deb"/xenbr-dkms_*.deb)" > "$u/$2.log" 2>&1
}
note='stays in service until "xenbr-ctl reload"'
why=
if ! dpkg_i 1 first; then
	why="the first dpkg -i failed"
elif ! grep -qx "stub common.postinst xenbr $ver /usr/share/xenbr-dkms *" "$u/first.log"; then
	why="the first install did not call DKMS's common.postinst"
elif grep -q "$note" "$u/first.log"; then
	why="a first install speaks of xenbr-ctl reload"
elif ! dpkg_i 1 again; then
	why="dpkg -i over the installed package failed"
elif ! grep -qx "stub common.postinst xenbr $ver /usr/share/xenbr-dkms  $ver" "$u/again.log"; then
	why="the second install did not call DKMS's common.postinst with the old version"
elif ! sed -n '/^stub common.postinst/,$p' "$u/again.log" | grep -q "$note"; then
	why="an upgrade with the module loaded did not say, after DKMS's part, that the module waits for xenbr-ctl reload"
elif ! grep -q '(version 0.0.1)' "$u/again.log"; then
	why="the note does not give the running module's version"
elif ! dpkg_i 0 unloaded; then
	why="dpkg -i with no module loaded failed"
elif grep -q "$note" "$u/unloaded.log"; then
	why="an upgrade with no module loaded speaks of xenbr-ctl reload"
fi
if [ -z "$why" ]; then
	record dkms-upgrade-note PASS
else
	cat "$u"/*.log >&2
	record dkms-upgrade-note FAIL "$why; see $u"
fi

kver=$(stock_kver)
mkdir -p "$t/lib/modules/$kver" "$t/var"
state_before=$(ls -A /var/lib/dkms 2>/dev/null; find "/lib/modules/$kver" -name 'xenbr*.ko*' 2>/dev/null)
# sign_file: no signing, so no key is made in /var/lib/dkms.
dk() {
	sign_file=/nonexistent dkms "$@" -m xenbr -v "$ver" --dkmstree "$t/var" \
		--sourcetree "$t/root/usr/src" --installtree "$t/lib/modules" --no-depmod
}
ko=$t/lib/modules/$kver/updates/dkms/xenbr.ko
{
	dk add && dk build -k "$kver" --kernelsourcedir "/lib/modules/$kver/build" &&
		dk install -k "$kver" --kernelsourcedir "/lib/modules/$kver/build"
} > "$pkg/dkms.log" 2>&1
dkms status --dkmstree "$t/var" --installtree "$t/lib/modules" > "$pkg/dkms-status.txt" 2>&1
cat "$pkg/dkms-status.txt" >&2
if grep -q "^xenbr/$ver, $kver, x86_64: installed" "$pkg/dkms-status.txt" && [ -f "$ko" ] &&
   [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ]; then
	record dkms-install PASS
	mkdir -p "$pkg/root/lib/modules/$kver/updates/dkms"
	cp "$ko" "$pkg/root/lib/modules/$kver/updates/dkms/"
	dpkg-deb -x "$deb"/xenbr-utils_*.deb "$pkg/root"
else
	tail -n 20 "$pkg/dkms.log" >&2
	record dkms-install FAIL "DKMS did not install xenbr.ko for $kver; see $pkg/dkms.log"
fi
dk remove --all >> "$pkg/dkms.log" 2>&1
dkms status --dkmstree "$t/var" --installtree "$t/lib/modules" > "$pkg/dkms-status-removed.txt" 2>&1
if [ ! -e "$ko" ] && ! grep -q xenbr "$pkg/dkms-status-removed.txt"; then
	record dkms-remove PASS
else
	record dkms-remove FAIL "dkms remove left xenbr.ko or its state"
fi
state_after=$(ls -A /var/lib/dkms 2>/dev/null; find "/lib/modules/$kver" -name 'xenbr*.ko*' 2>/dev/null)
if [ "$state_before" = "$state_after" ]; then
	record dkms-host-clean PASS
else
	record dkms-host-clean FAIL "the DKMS check changed /var/lib/dkms or /lib/modules/$kver"
fi
exit 0
