#!/bin/bash
# gcov-snapshot.sh PHASE (in the test VM: /xenbr/gcov-snapshot): on a kernel
# with gcov and a module built with XENBR_GCOV, send the module's counters
# gathered since the last snapshot to the host over the results port (fd 3,
# as GCOV-BEGIN PHASE, a base64 tar.gz, GCOV-END), then zero them, so each
# phase's lines are its own. The counters of an unloaded module stay
# (gcov_persist) until the reset. vm-init.sh takes one per file and phase;
# lib.sh's run_case one per case when GCOV_CASES=1 (make coverage CASES=1).
gcov_dir=/sys/kernel/debug/gcov
tmp=/tmp/gcov-snapshot
[ -w "$gcov_dir/reset" ] || exit 0
rm -rf "$tmp" && mkdir -p "$tmp"
# One cp for the whole tree (a process costs most of a second on the debug
# kernel); it reads each counter file to its end, as debugfs gives them no
# size. The write-only reset cannot be read: its error is no matter.
cp -r "$gcov_dir/." "$tmp" 2>/dev/null
if [ -n "$(find "$tmp" -name '*.gcda')" ]; then
	echo "GCOV-BEGIN $1" >&3
	(cd "$tmp" && tar -cz . | base64) >&3
	echo "GCOV-END" >&3
fi
echo 1 > "$gcov_dir/reset"
rm -rf "$tmp"
