#!/usr/bin/env bash
# Boot one kernel under QEMU TCG with an initramfs of xenbr's modules, tools
# and tests, and collect what it says.
#
# run-vm.sh --kernel BZIMAGE --kver KVER --modroot DIR --kodir DIR --conf FILE
#           --out DIR [--timeout SECONDS] [--mem MB] [--append ARGS] [--live]
#           [--xen XEN_ELF --xen-append ARGS]
#
# Leaves DIR/console.log (kernel log and test chatter) and DIR/results.log
# (the machine-readable results of vm-init.sh). Exits 0 when the VM ran to
# its end, 1 when it crashed or hit the time limit; judging the results is
# collect.py's job. --live also shows the console as it comes (make demo).
# --xen boots the Xen hypervisor with the kernel as its dom0: Xen's console
# and dom0's (hvc0) share the first serial port.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

timeout=600 mem=2048 append="" live=0 xen="" xen_append=""
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--kver) kver=$2; shift ;;
	--modroot) modroot=$2; shift ;;
	--kodir) kodir=$2; shift ;;
	--conf) conf=$2; shift ;;
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--mem) mem=$2; shift ;;
	--append) append=$2; shift ;;
	--live) live=1 ;;
	--xen) xen=$2; shift ;;
	--xen-append) xen_append=$2; shift ;;
	*) die "run-vm.sh: unknown argument $1" ;;
	esac
	shift
done
need_pkgs "${VM_PKGS[@]}"
mkdir -p "$out"
rm -f "$out/console.log" "$out/results.log"
"$here/mkinitramfs.sh" "$out/initramfs.cpio.gz" "$kver" "$modroot" "$kodir" "$conf"

# -nodefaults and -nic none: the VM has no network to the outside at all.
# KVM hangs on these machines, so TCG it is. panic=-1 turns a panic into a
# reboot, which -no-reboot turns into QEMU's exit.
kargs="rdinit=/init panic=-1 panic_on_warn=1 oops=panic softlockup_panic=1 loglevel=6"
cmd=(qemu-system-x86_64 -accel tcg -smp 2 -m "$mem"
     -nodefaults -nic none -display none -no-reboot
     -serial "file:$out/console.log" -serial "file:$out/results.log")
if [ -n "$xen" ]; then
	# QEMU's multiboot loader: Xen is the kernel, dom0's kernel (with its
	# command line, commas doubled) and initramfs are its modules.
	cmd+=(-cpu qemu64,+svm -kernel "$xen"
	      -append "console=com1 com1=115200,8n1 $xen_append"
	      -initrd "$kernel console=hvc0 ${kargs//,/,,} $append,$out/initramfs.cpio.gz")
else
	cmd+=(-cpu max -kernel "$kernel" -initrd "$out/initramfs.cpio.gz"
	      -append "console=ttyS0,115200 $kargs $append")
fi
start=$(date +%s)
tailpid=""
if [ "$live" = 1 ]; then
	touch "$out/console.log"
	tail -n +1 -F "$out/console.log" 2>/dev/null &
	tailpid=$!
fi
set +e
timeout -k 10 "$timeout" "${cmd[@]}" </dev/null
rc=$?
set -e
[ -n "$tailpid" ] && { sleep 0.5; kill "$tailpid" 2>/dev/null || true; }
secs=$(( $(date +%s) - start ))
echo "$secs" > "$out/seconds"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	log "VM hit the ${timeout}s time limit"
	echo "TIMEOUT $timeout" >> "$out/results.log"
	exit 1
fi
grep -q '^DONE' "$out/results.log" || { log "VM ended before its tests did (crash?)"; exit 1; }
exit 0
