#!/bin/bash
# The module loads, says who it is, and unloads cleanly, again and again.
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

run_case load_unload load_unload
run_case version_visible version_visible
run_case reload_many reload_many
