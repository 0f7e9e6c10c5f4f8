#!/usr/bin/env bash
# make check-xen / make demo-xen: a real Xen host under QEMU (TCG). Xen 4.17
# boots Debian's stock kernel as a PV dom0 with xenbr built for it; dom0
# starts xenstored, xen-init-dom0 and xenconsoled and creates PV guests
# (the same stock kernel, with netfront) whose vifs xenbr's netback glue
# attaches. No traffic leaves the emulated host: QEMU has no NIC at all.
#
# xen.sh check   runs tools/tests/xen.sh, judges it like every VM run and
#                writes $XENBR_BUILD/runs/xen.json (make check counts it)
# xen.sh demo    runs tools/tests/xen-demo.sh, showing the console
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

mode=${1:-check}
need_pkgs "${BUILD_PKGS[@]}" "${VM_PKGS[@]}" "${XEN_PKGS[@]}"
make -s -C "$XENBR_TOP" tools > /dev/null
kver=$(stock_kver)
kodir=$("$here/build-module.sh" stock "/lib/modules/$kver/build")
modroot=$XENBR_BUILD/stock-modroot
"$here/stock-modroot.sh" "$kver" "$modroot"
out=$XENBR_BUILD/xen-$mode
rm -rf "$out" && mkdir -p "$out"

# QEMU's multiboot loader takes Xen's ELF, not the .gz Debian ships.
xen_gz=$(ls /boot/xen-4.17*-amd64.gz 2>/dev/null | sort -V | tail -n 1)
[ -n "$xen_gz" ] || need_file /boot/xen-4.17-amd64.gz
zcat "$xen_gz" > "$out/xen"

# The guests' initramfs: busybox, netfront and their /init.
groot=$out/guest-root
mkdir -p "$groot"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules}
need_file /bin/busybox
cp /bin/busybox "$groot/bin/busybox"
for a in $("$groot/bin/busybox" --list-full); do
	[ -e "$groot/$a" ] || ln -s /bin/busybox "$groot/$a"
done
cp "$modroot/lib/modules/$kver/kernel/drivers/net/xen-netfront.ko" "$groot/lib/modules/"
cp "$XENBR_TOP/tools/tests/xen/guest-init.sh" "$groot/init"
chmod 755 "$groot/init"
(cd "$groot" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out/guest.cpio.gz"

# dom0: the usual test initramfs plus Xen's daemons, xl, the xenstore tools,
# /etc/xen with vif-xenbr, and the guests' kernel and initramfs.
xen_bin=/usr/lib/xen-4.17/bin
bins=""
for b in xl xenstored xenconsoled xen-init-dom0 libxl-save-helper; do
	bins+=" $xen_bin/$b:$xen_bin/$b"
done
for b in /usr/bin/xenstore-{read,write,ls,list,rm,exists,watch}; do
	bins+=" $b"
done
etc=$out/etc-xen
cp -a /etc/xen "$etc"
cp "$XENBR_TOP/tools/hotplug/vif-xenbr" "$etc/scripts/vif-xenbr"
export XENBR_INIT=$here/vm-init.sh XENBR_EXTRA_BINS="$bins $xen_bin/xl:/usr/sbin/xl"
export XENBR_EXTRA_FILES="$etc:/etc/xen /boot/vmlinuz-$kver:/xen/vmlinuz
	$out/guest.cpio.gz:/xen/guest.cpio.gz $XENBR_TOP/tools/tests/xen:/tests/xen"

case $mode in
check)
	printf 'MODE=check\nKERNEL_LABEL=xen\nTESTS="xen"\nTEST_TIMEOUT=1500\n' > "$out/xenbr.conf"
	live=() tmo=1800
	;;
demo)
	printf 'MODE=xen-demo\n' > "$out/xenbr.conf"
	live=(--live) tmo=900
	;;
*) die "xen.sh: unknown mode $mode (check or demo)" ;;
esac

# dom0 gets 1 GiB, the guests (128 MiB each, three at most) the rest.
log "booting Xen $(basename "$xen_gz" .gz) with Debian's $kver as dom0 under QEMU (TCG)"
set +e
"$here/run-vm.sh" --xen "$out/xen" \
	--xen-append "dom0_mem=1024M,max:1024M dom0_max_vcpus=2" \
	--kernel "/boot/vmlinuz-$kver" --kver "$kver" --modroot "$modroot" --kodir "$kodir" \
	--conf "$out/xenbr.conf" --out "$out" --timeout "$tmo" --mem 2048 "${live[@]}"
rc=$?
set -e
log "Xen VM ran $(cat "$out/seconds") s"
case $mode in
check)
	mkdir -p "$XENBR_BUILD/runs"
	python3 "$here/collect.py" xen "$out" "" xen "$XENBR_BUILD/runs/xen.json"
	;;
demo)
	if [ "$rc" != 0 ] || ! grep -q '^DEMO OK' "$out/results.log"; then
		die "the Xen demo did not finish; see $out/console.log"
	fi
	log "Xen demo finished: console log in $out/console.log"
	;;
esac
