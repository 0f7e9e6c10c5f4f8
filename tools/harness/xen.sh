#!/usr/bin/env bash
# make check-xen / make check-xen-debug / make demo-xen: a real Xen host under
# QEMU (TCG). Xen 4.17 boots a PV dom0 with xenbr built for it: Debian's
# stock kernel, or our debug kernel (tools/kernel, lockdep, KASAN, kmemleak).
# dom0 starts xenstored, xen-init-dom0 and xenconsoled and creates PV guests
# (always Debian's stock kernel, with netfront) whose vifs xenbr's netback
# glue attaches. No traffic leaves the emulated host: QEMU has no NIC at all.
#
# xen.sh check [stock]  runs tools/tests/xen.sh and xen-churn.sh, judges them
#                       like every VM run and writes $XENBR_BUILD/runs/xen.json
#                       (make check counts it)
# xen.sh check trixie   a Debian 13 host: Xen 4.20 with trixie's 6.12 as
#                       dom0, trixie's toolstack and userland, xenbr from
#                       our .debs (make deb; DKMS builds it in the tree:
#                       trixie.sh), written as runs/xen13.json
# xen.sh check debug    the same host with the debug kernel as dom0
#                       (`build-kernel.sh xen`), written as
#                       runs/xen-debug.json. XEN_DEBUG_CASES=quick (the
#                       default, make check): the churn alone, 2 guests, one
#                       round, then the unload; =full (make check-xen-debug):
#                       every case of xen.sh, then 3 guests, 3 rounds.
#                       XEN_DOM0_KASAN=1 boots the plain debug kernel
#                       (with KASAN) instead, to watch it fail
# XEN_TESTS="xen-churn" (for example) runs those test files only.
# xen.sh demo           runs tools/tests/xen-demo.sh, showing the console
# xen.sh bench          runs tools/tests/xen-bench.sh: guest TCP (iperf3)
#                       through netback vifs on xenbr0 and on a Linux
#                       bridge; its BENCH lines are left in
#                       $XENBR_BUILD/xen-bench/results.log (make bench reads
#                       them). XEN_BENCH_REPS, XEN_BENCH_SECS size it;
#                       XEN_RELOAD_REPS, the reload gap's repetitions.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

mode=${1:-check} dom0=${2:-stock}
need_pkgs "${BUILD_PKGS[@]}" "${VM_PKGS[@]}" "${XEN_PKGS[@]}"
# The hypervisor's version, and the tree dom0's userland comes from (none:
# the host's own).
xen_ver=4.17 sysroot=""
[ "$mode" != bench ] || need_pkgs "${BENCH_PKGS[@]}"
make -s -C "$XENBR_TOP" tools > /dev/null
# The guests run Debian's kernel and its netfront whatever dom0 runs.
gkver=$(stock_kver)
smodroot=$XENBR_BUILD/stock-modroot
"$here/stock-modroot.sh" "$gkver" "$smodroot"
case $dom0 in
stock)
	label=xen kver=$gkver modroot=$smodroot dom0_kernel=/boot/vmlinuz-$gkver
	kodir=$("$here/build-module.sh" stock "/lib/modules/$kver/build")
	;;
debug)
	label=xen-debug
	# The debug kernel with xen-dom0.config: no KASAN (see there).
	variant=xen
	[ "${XEN_DOM0_KASAN:-0}" = 1 ] && variant=""
	kobj=$("$XENBR_TOP/tools/kernel/build-kernel.sh" ${variant:+"$variant"})
	kver=$(cat "$kobj/include/config/kernel.release")
	modroot=$kobj/modroot dom0_kernel=$kobj/arch/x86/boot/bzImage
	kodir=$("$here/build-module.sh" "$label" "$kobj")
	;;
trixie)
	# shellcheck source=trixie.sh
	. "$here/trixie.sh"
	label=xen13 xen_ver=4.20
	tree=$(trixie_tree) || die "the trixie tree could not be made"
	kver=$(trixie_kver "$tree" deb13-6.12)
	# Our own .debs of this tree (not the packaging check's, which may be
	# under way in the other lane of make check).
	debs=$XENBR_BUILD/xen13-deb
	DEB_OUT=$debs "$here/make-deb.sh" > "$debs.log" 2>&1 ||
		{ tail -n 20 "$debs.log" >&2; die "make deb failed"; }
	sysroot=$XENBR_BUILD/xen13-root
	trixie_dom0_tree "$tree" "$sysroot" "$debs" || die "our packages did not install on trixie"
	cat "$sysroot.dkms-status" >&2
	kodir=$XENBR_BUILD/xen13-ko
	rm -rf "$kodir" && mkdir -p "$kodir"
	ko=$(ls "$sysroot/usr/lib/modules/$kver/updates/dkms/"xenbr.ko* 2>/dev/null | head -n 1)
	[ -n "$ko" ] || die "trixie's DKMS installed no xenbr.ko for $kver (see $sysroot.apt.log)"
	# Trixie's kernels compress their modules with xz, DKMS's too.
	case $ko in
	*.xz) xz -dc "$ko" > "$kodir/xenbr.ko" ;;
	*) cp "$ko" "$kodir/xenbr.ko" ;;
	esac
	modroot=$XENBR_BUILD/xen13-modroot
	"$here/stock-modroot.sh" "$kver" "$modroot" "$sysroot"
	dom0_kernel=$sysroot/boot/vmlinuz-$kver
	;;
*) die "xen.sh: unknown dom0 kernel $dom0 (stock, debug or trixie)" ;;
esac
out=$XENBR_BUILD/$label-$mode
rm -rf "$out" && mkdir -p "$out"

# QEMU's multiboot loader takes Xen's ELF, not the .gz Debian ships.
xen_gz=$(ls "$sysroot"/boot/xen-"$xen_ver"*-amd64.gz 2>/dev/null | sort -V | tail -n 1)
[ -n "$xen_gz" ] || need_file "$sysroot/boot/xen-$xen_ver-amd64.gz"
zcat "$xen_gz" > "$out/xen"

# The guests' initramfs: busybox, netfront and their /init.
groot=$out/guest-root
mkdir -p "$groot"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules}
need_file /bin/busybox
cp /bin/busybox "$groot/bin/busybox"
for a in $("$groot/bin/busybox" --list-full); do
	[ -e "$groot/$a" ] || ln -s /bin/busybox "$groot/$a"
done
cp "$smodroot/lib/modules/$gkver/kernel/drivers/net/xen-netfront.ko" "$groot/lib/modules/"
# 802.1Q and what it needs, for a guest on a trunk (xenbr.vlan=).
for m in llc stp garp mrp 8021q; do
	ko=$(find "$smodroot/lib/modules/$gkver/kernel/net" -name "$m.ko")
	[ -n "$ko" ] || need_file "$smodroot/lib/modules/$gkver/kernel/net/.../$m.ko"
	cp "$ko" "$groot/lib/modules/"
done
# The bench's guests run iperf3: it and its libraries, as ldd names them.
if [ "$mode" = bench ]; then
	need_file /usr/bin/iperf3
	for f in /usr/bin/iperf3 $(ldd /usr/bin/iperf3 | grep -o '/[^ ]*'); do
		mkdir -p "$groot$(dirname "$f")"
		cp -L "$f" "$groot$f"
	done
fi
cp "$XENBR_TOP/tools/tests/xen/guest-init.sh" "$groot/init"
chmod 755 "$groot/init"
(cd "$groot" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out/guest.cpio.gz"

# dom0: the usual test initramfs plus Xen's daemons, xl, the xenstore tools,
# /etc/xen with vif-xenbr, and the guests' kernel and initramfs.
xen_bin=/usr/lib/xen-$xen_ver/bin
bins=""
for b in xl xenstored xenconsoled xen-init-dom0 libxl-save-helper; do
	bins+=" $xen_bin/$b:$xen_bin/$b"
done
for b in /usr/bin/xenstore-{read,write,ls,list,rm,exists,watch}; do
	bins+=" $b"
done
etc=$out/etc-xen
cp -a "$sysroot/etc/xen" "$etc"
cp "$XENBR_TOP/tools/hotplug/vif-xenbr" "$etc/scripts/vif-xenbr"
[ "$mode" != bench ] || bins+=" /usr/bin/iperf3"
export XENBR_SYSROOT=$sysroot XENBR_INIT=$here/vm-init.sh XENBR_EXTRA_BINS="$bins $xen_bin/xl:/usr/sbin/xl"
export XENBR_EXTRA_FILES="$etc:/etc/xen /boot/vmlinuz-$gkver:/xen/vmlinuz
	$out/guest.cpio.gz:/xen/guest.cpio.gz $XENBR_TOP/tools/tests/xen:/tests/xen"

case $mode-$dom0-${XEN_DEBUG_CASES:-quick} in
check-stock-* | check-trixie-*)
	tests="xen xen-churn" guests=2 rounds=1 ttmo=1500 tmo=2400
	;;
check-debug-quick)
	tests="xen-churn" guests=2 rounds=1 ttmo=1200 tmo=1500
	;;
check-debug-full)
	tests="xen xen-churn" guests=3 rounds=3 ttmo=2400 tmo=4800
	;;
check-debug-*) die "XEN_DEBUG_CASES is quick or full, not $XEN_DEBUG_CASES" ;;
bench-stock-*)
	# Boot and 4 guests take 70-90 s, the default measurements about
	# 6 min (tools/tests/xen-bench.sh): 484 s in all on 2026-12-01.
	tests="xen-bench" ttmo=1200 tmo=1500
	;;
bench-*) die "xen.sh bench measures the stock kernel only" ;;
esac
# XEN_TESTS: other test files (of tools/tests) for the run, e.g. xen-churn.
tests=${XEN_TESTS:-${tests:-}}
case $mode in
check)
	printf 'MODE=check\nKERNEL_LABEL=%s\nTESTS="%s"\nCASES="%s"\nTEST_TIMEOUT=%s\n' \
		"$label" "$tests" "${CASES:-}" "$ttmo" > "$out/xenbr.conf"
	printf 'CHURN_GUESTS=%s\nCHURN_ROUNDS=%s\n' "$guests" "$rounds" >> "$out/xenbr.conf"
	live=()
	;;
demo)
	printf 'MODE=xen-demo\n' > "$out/xenbr.conf"
	live=(--live) tmo=900
	;;
bench)
	# A test file of check mode: vm-init.sh runs it with fd 3 open and
	# unloads xenbr after it.
	printf 'MODE=check\nKERNEL_LABEL=%s\nTESTS="%s"\nTEST_TIMEOUT=%s\n' \
		"$label" "$tests" "$ttmo" > "$out/xenbr.conf"
	printf 'export XEN_BENCH_REPS=%s XEN_BENCH_SECS=%s XEN_RELOAD_REPS=%s\n' \
		"${XEN_BENCH_REPS:-10}" "${XEN_BENCH_SECS:-5}" "${XEN_RELOAD_REPS:-5}" >> "$out/xenbr.conf"
	live=()
	;;
*) die "xen.sh: unknown mode $mode (check, demo or bench)" ;;
esac

# dom0 gets 1 GiB, the guests (128 MiB each, three at most) the rest.
# reboot=triple: when dom0 crashes, Xen's default reset does not end QEMU
# (measured: still running minutes after "Hardware Dom0 crashed: rebooting
# machine in 5 seconds"); a triple fault does, at once.
log "booting Xen $(basename "$xen_gz" .gz) with $kver as dom0 under QEMU (TCG)"
set +e
"$here/run-vm.sh" --xen "$out/xen" \
	--xen-append "dom0_mem=1024M,max:1024M dom0_max_vcpus=2 reboot=triple" \
	--kernel "$dom0_kernel" --kver "$kver" --modroot "$modroot" --kodir "$kodir" \
	--conf "$out/xenbr.conf" --out "$out" --timeout "$tmo" --mem 2048 "${live[@]}"
rc=$?
set -e
log "Xen VM ran $(cat "$out/seconds") s"
case $mode in
check)
	mkdir -p "$XENBR_BUILD/runs"
	python3 "$here/collect.py" "$label" "$out" "" "$tests" "$XENBR_BUILD/runs/$label.json"
	;;
demo)
	if [ "$rc" != 0 ] || ! grep -q '^DEMO OK' "$out/results.log"; then
		die "the Xen demo did not finish; see $out/console.log"
	fi
	log "Xen demo finished: console log in $out/console.log"
	;;
bench)
	if [ "$rc" != 0 ] || ! grep -q '^BENCH-END' "$out/results.log"; then
		die "the Xen bench did not finish; see $out/console.log"
	fi
	log "Xen bench finished: figures in $out/results.log"
	;;
esac
