#!/usr/bin/env bash
# Pack the initramfs that the test VM boots: busybox, bash, iproute2 and the
# other userspace the tests call (with their libraries), the kernel modules
# they load, xenbr's own modules and tools, the tests, and /init.
#
# mkinitramfs.sh OUT.cpio.gz KVER MODROOT XENBR_KO_DIR CONF
#   MODROOT       a directory holding lib/modules/KVER (modules.dep included)
#   XENBR_KO_DIR  where xenbr.ko (and the KUnit/self-test modules) were built
#   CONF          shell fragment copied to /xenbr.conf (what /init runs)
# Environment: XENBR_INIT (the /init, default vm-init.sh), XENBR_EXTRA_BINS,
# XENBR_EXTRA_FILES (see below), XENBR_SYSROOT: another Debian's tree (the
# trixie tree of xen.sh trixie) from which every binary and library is
# taken, its libraries named by its own ldd; xenbr's test tools are then
# expected in it too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

out=$1 kver=$2 modroot=$3 kodir=$4 conf=$5
root=$(mktemp -d "${TMPDIR:-/tmp}/xenbr-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
# mktemp made it 0700: the VM's / must let unprivileged test users in.
chmod 755 "$root"

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,tmp,run,var/run,root,xenbr,tests}

sys=${XENBR_SYSROOT:-}
sys=${sys%/}
# sys_ldd FILE: the libraries FILE (a path of the sysroot) loads.
sys_ldd() {
	if [ -n "$sys" ]; then chroot "$sys" ldd "$1"; else ldd "$1"; fi
}

# copy_bin SRC [DEST]: a binary and every library ldd names for it.
copy_bin() {
	local src=$1 dst=${2:-$1} lib
	need_file "$sys$src"
	mkdir -p "$root$(dirname "$dst")"
	cp -L "$sys$src" "$root$dst"
	while read -r lib; do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$sys$lib" "$root$lib"
	done < <(sys_ldd "$src" 2>/dev/null | grep -o '/[^ ]*' || true)
}

need_file "$sys/bin/busybox"
cp "$sys/bin/busybox" "$root/bin/busybox"
for a in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done
# Real tools where the tests depend on their exact behaviour; they replace
# busybox's applets of the same name. Every one is required: a missing one
# fails here, naming its package, rather than a test in the VM.
for b in /bin/bash /sbin/ip /sbin/bridge /sbin/tc /usr/bin/setpriv /usr/sbin/ethtool \
	 /usr/sbin/brctl /bin/kmod /bin/ping; do
	rm -f "$root/bin/$(basename "$b")" "$root/sbin/$(basename "$b")" \
		"$root/usr/bin/$(basename "$b")" "$root/usr/sbin/$(basename "$b")"
	copy_bin "$b" "/usr/bin/$(basename "$b")"
	ln -s "/usr/bin/$(basename "$b")" "$root/bin/$(basename "$b")"
done
for k in modprobe insmod rmmod lsmod depmod modinfo; do
	rm -f "$root/sbin/$k" "$root/bin/$k"
	ln -s /usr/bin/kmod "$root/sbin/$k"
done
# glibc loads libgcc_s at run time (pthread_cancel), ldd does not list it.
for l in /lib/x86_64-linux-gnu/libgcc_s.so.1; do
	[ -e "$sys$l" ] && copy_bin "$l"
done
# XENBR_EXTRA_BINS: more binaries, space-separated (an environment variable
# cannot carry an array); an entry is PATH (copied to /usr/bin) or HOST:VM.
# shellcheck disable=SC2048,SC2086
for x in ${XENBR_EXTRA_BINS[*]:-}; do
	case $x in
	*:*) copy_bin "${x%%:*}" "${x#*:}" ;;
	?*) copy_bin "$x" "/usr/bin/$(basename "$x")" ;;
	esac
done
for x in xenbr-ctl xenbr-nlfuzz xenbr-rawsend; do
	if [ -n "$sys" ]; then
		# The sysroot's xenbr-utils package, else the tools put beside it.
		if [ -x "$sys/usr/sbin/$x" ]; then copy_bin "/usr/sbin/$x" "/usr/bin/$x"
		else copy_bin "/usr/local/bin/$x" "/usr/bin/$x"; fi
	elif [ -x "$XENBR_TOP/tools/xenbr-ctl/$x" ]; then
		copy_bin "$XENBR_TOP/tools/xenbr-ctl/$x" "/usr/bin/$x"
	elif [ -x "$XENBR_TOP/tools/testprogs/$x" ]; then
		copy_bin "$XENBR_TOP/tools/testprogs/$x" "/usr/bin/$x"
	fi
done
# jq checks xenbr-ctl's JSON in the tests.
copy_bin /usr/bin/jq

# ifupdown for tools/tests/ifupdown.sh: ifup (ifdown and ifquery are names
# of it), Debian's run-parts for its hooks, its inet6 helper scripts.
rm -f "$root"/{bin,sbin,usr/bin,usr/sbin}/{ifup,ifdown,ifquery}
copy_bin /sbin/ifup /usr/sbin/ifup
ln -s ifup "$root/usr/sbin/ifdown"
ln -s ifup "$root/usr/sbin/ifquery"
rm -f "$root/bin/run-parts" "$root/usr/bin/run-parts" "$root/sbin/run-parts"
copy_bin /bin/run-parts /usr/bin/run-parts
# dash: ifup runs its methods and hooks with /bin/sh, and busybox's sh would
# run its own applets (run-parts, ip, modprobe) before those in PATH.
copy_bin /bin/dash /usr/bin/dash
mkdir -p "$root/lib/ifupdown" "$root/etc/network"/if-{pre-up,up,down,post-down}.d
cp "$sys"/lib/ifupdown/*.sh "$root/lib/ifupdown/"
cp "$XENBR_TOP/tools/ifupdown/xenbr" "$root/xenbr/ifupdown-xenbr"
# The packages' files and the DKMS-built module, when the packaging check
# (check-pkg.sh) made them for this run.
if [ -d "$XENBR_BUILD/pkg/root" ]; then
	cp -a "$XENBR_BUILD/pkg/root" "$root/pkg"
fi

# XENBR_EXTRA_FILES: more files or trees, space-separated HOST:VM pairs.
for x in ${XENBR_EXTRA_FILES:-}; do
	mkdir -p "$root$(dirname "${x#*:}")"
	cp -aL "${x%%:*}" "$root${x#*:}"
done

mkdir -p "$root/lib/modules"
cp -a "$modroot/lib/modules/$kver" "$root/lib/modules/"
cp "$kodir"/*.ko "$root/xenbr/"
cp "$XENBR_TOP"/tools/tests/*.sh "$root/tests/"
cp -r "$XENBR_TOP"/tools/tests/ref "$root/tests/"
cp "$XENBR_TOP"/tools/hotplug/vif-xenbr "$root/xenbr/"
cp "$here/gcov-snapshot.sh" "$root/xenbr/gcov-snapshot"
cp "${XENBR_INIT:-$here/vm-init.sh}" "$root/init"
cp "$conf" "$root/xenbr.conf"
chmod +x "$root/init"

cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat > "$root/etc/group" <<'GR'
root:x:0:
nogroup:x:65534:
GR
echo xenbr-vm > "$root/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out"
