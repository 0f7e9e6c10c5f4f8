#!/bin/bash
# Unloading the module while bridges are being made and removed, from a
# container's root (the genetlink family's admin commands are per user
# namespace) and through rtnetlink: no bridge may outlive the module, whose
# ageing work would then run code that is gone.
#
#   ns c: xenbr-ctl addbr/delbr x0 in a loop   (genetlink)
#   ns d: ip link add/del y0 type xenbr loop   (rtnetlink)
#   dom0: insmod xenbr ... rmmod xenbr, again and again
. "$(dirname "$0")/lib.sh"

ALL_TESTS="rmmod_while_creating"

ROUNDS=12

# churn NETNS SCRIPT: run SCRIPT in NETNS over and over until told to stop.
churn() {
	while [ ! -e /tmp/unload.stop ]; do
		ip netns exec "$1" sh -c "$2" > /dev/null 2>&1 || true
	done
}

# links NETNS: the namespace's devices but lo.
links() {
	ip -n "$1" -o link show | awk -F': ' '$2 != "lo" { print $2 }'
}

rmmod_while_creating() {
	local round left
	ip netns add c
	ip netns add d
	for round in $(seq 1 $ROUNDS); do
		rm -f /tmp/unload.stop /tmp/unload.made
		xenbr_load
		churn c 'xenbr-ctl addbr x0 && touch /tmp/unload.made; xenbr-ctl delbr x0' &
		churn d 'ip link add y0 type xenbr; ip link del y0' &
		wait_until 10 test -e /tmp/unload.made ||
			fail "round $round: xenbr-ctl addbr never succeeded"
		# rmmod fails only while a request holds the module (a dump).
		wait_until 10 rmmod xenbr || fail "round $round: rmmod xenbr failed"
		touch /tmp/unload.stop
		wait
		left=$(links c; links d)
		[ -z "$left" ] || fail "round $round: bridges outlived the module: $left"
	done
	echo "$ROUNDS rounds of rmmod while bridges were being made"
}

run_tests
