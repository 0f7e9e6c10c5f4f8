#!/bin/bash
# /init of the xenbr test VM. Reads /xenbr.conf (written by run-vm.sh), runs
# the KUnit modules and the integration tests it names, scans for leaks, and
# reports on the second serial port, one line per result:
#   TEST <name> PASS|FAIL|SKIP [reason]
#   KTAP-BEGIN <suite> ... KTAP-END        (a suite's debugfs results)
#   KMEMLEAK <n>                           (unreferenced objects found)
#   GCOV-BEGIN <phase> ... GCOV-END        (base64 tar.gz of the module's
#                                           gcov counters of one phase)
#   DONE
# The kernel log stays on the first serial port, where the host scans it.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run/netns
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname xenbr-vm
ip link set lo up

# shellcheck source=/dev/null
. /xenbr.conf
# The tests may size their work to the kernel (debug or stock).
export KERNEL_LABEL REFERENCE CASES DEBUG_ALL_CASES GCOV_CASES
exec 3>/dev/ttyS1
report() { echo "$*" >&3; }
kmsg() { echo "xenbr-vm: $*" > /dev/kmsg; }

leak_file=/sys/kernel/debug/kmemleak
if [ -w "$leak_file" ]; then
	# Forget what boot itself left behind, so only our leaks are reported.
	echo scan > "$leak_file"
	echo clear > "$leak_file"
fi

# The module's gcov counters of each phase, to the host (make coverage).
gcov_snapshot() { /xenbr/gcov-snapshot "$1"; }

run_kunit() {
	local m suite hung=/proc/sys/kernel/hung_task_timeout_secs old=""
	# Every suite runs inside insmod: minutes under TCG on a loaded host,
	# which the hung-task detector (60 s) would call a hang. A real hang
	# still shows, at 10 minutes.
	[ -w "$hung" ] && old=$(cat "$hung") && echo 600 > "$hung"
	for m in $KUNIT_MODULES; do
		kmsg "kunit: insmod $m"
		insmod "/xenbr/$m.ko" || report "TEST kunit/$m FAIL insmod failed"
	done
	[ -z "$old" ] || echo "$old" > "$hung"
	for suite in /sys/kernel/debug/kunit/*/; do
		[ -f "$suite/results" ] || continue
		report "KTAP-BEGIN $(basename "$suite")"
		cat "$suite/results" >&3
		report "KTAP-END"
	done
	for m in $(echo "$KUNIT_MODULES" | tr ' ' '\n' | tac); do
		[ "$m" = xenbr ] && continue
		rmmod "$m" || report "TEST kunit/rmmod-$m FAIL rmmod failed"
	done
	gcov_snapshot kunit
}

run_tests() {
	local t
	for t in $TESTS; do
		kmsg "test $t: start"
		rm -f /tmp/xenbr-case-ran
		# Each file runs alone: a failing or crashing test does not hide
		# the others. It reports its own cases through fd 3.
		timeout "${TEST_TIMEOUT:-300}" bash "/tests/$t.sh" 3>&3 ||
			report "TEST $t/exit FAIL exited with status $?"
		kmsg "test $t: end"
		# A file whose cases all stayed with the stock run moved no counter.
		[ ! -e /tmp/xenbr-case-ran ] || gcov_snapshot "$t"
	done
}

case "$MODE" in
check)
	# Keep the receive path's timestamp key on for the whole run: each ping
	# flips it otherwise, and each flip patches kernel text that the other
	# vCPU may be running, which under TCG once ended a 6.12 VM ("Oops:
	# int3" at that key's jump in __netif_receive_skb_core, 2026-12-07).
	ping -q -i 100000 127.0.0.1 > /dev/null 2>&1 &
	[ -n "${KUNIT_MODULES:-}" ] && run_kunit
	[ -n "${TESTS:-}" ] && run_tests
	;;
demo | bench | xen-demo)
	bash "/tests/$MODE.sh" 3>&3
	;;
esac

# Everything must be unloadable; only then can kmemleak judge the module.
for m in $(lsmod | awk 'NR > 1 && /^xenbr/ { print $1 }'); do
	rmmod "$m" || report "TEST unload/$m FAIL rmmod failed"
done
gcov_snapshot module-exit
if [ -w "$leak_file" ]; then
	# kmemleak reports only objects older than 5 s; scan twice to confirm.
	sleep 6
	echo scan > "$leak_file"
	echo scan > "$leak_file"
	n=$(grep -c '^unreferenced object' "$leak_file")
	[ "$n" -gt 0 ] && cat "$leak_file" > /dev/console
	report "KMEMLEAK $n"
fi
report "DONE"
sync
reboot -f
