#!/bin/bash
# The module loads, says who it is, and unloads cleanly, again and again.
#
# No network: the module alone, loaded and unloaded in dom0 (the VM).

ALL_TESTS="
	load_unload
	version_visible
	reload_many
"
# reload_many does what the others do, ten times: the debug run's.
STOCK_ONLY="load_unload version_visible"

. "$(dirname "$0")/lib.sh"

load_unload() {
	xenbr_load
	grep -q '^xenbr ' /proc/modules || fail "xenbr not in /proc/modules after insmod"
	xenbr_unload
	! grep -q '^xenbr ' /proc/modules || fail "xenbr still loaded after rmmod"
}

version_visible() {
	xenbr_load
	local v
	v=$(cat /sys/module/xenbr/version)
	[ -n "$v" ] || fail "no /sys/module/xenbr/version"
	echo "xenbr version $v"
	xenbr_unload
}

reload_many() {
	local i
	for i in $(seq 1 10); do
		xenbr_load
		xenbr_unload
	done
}

run_tests
