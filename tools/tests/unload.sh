#!/bin/bash
# Unloading the module while bridges are being made and removed, from a
# container's root (the genetlink family's admin commands are per user
# namespace) and through rtnetlink: no bridge may outlive the module, whose
# ageing work would then run code that is gone.
#
#   ns c: xenbr-ctl addbr/delbr xN in 3 loops   (genetlink)
#   ns d: ip link add/del y0 type xenbr loop    (rtnetlink)
#   ns e: 40 idle bridges, so that unloading holds RTNL a while
#   dom0: insmod xenbr ... rmmod xenbr, again and again
. "$(dirname "$0")/lib.sh"

ALL_TESTS="rmmod_while_creating"

# Up to ROUNDS rounds, and none begun after SECONDS_MAX (the debug
# kernel is slow); the old order crashed in the first round.
ROUNDS=12 SECONDS_MAX=60

# churn NETNS SCRIPT: run SCRIPT in NETNS over and over until told to stop.
churn() {
	while [ ! -e /tmp/unload.stop ]; do
		ip netns exec "$1" sh -c "$2" > /dev/null 2>&1 || true
	done
}

# links NETNS: the namespace's Ethernet devices (not lo, nor the sit0 or
# other tunnel devices a kernel may put in every namespace).
links() {
	ip -n "$1" -o link show | awk -F': ' '/link\/ether/ { print $2 }'
}

rmmod_while_creating() {
	local round left end=$(( $(date +%s) + SECONDS_MAX ))
	ip netns add c
	ip netns add d
	ip netns add e
	for round in $(seq 1 $ROUNDS); do
		rm -f /tmp/unload.stop /tmp/unload.made
		xenbr_load
		seq 1 40 | sed 's/.*/link add z& type xenbr/' | ip -n e -batch -
		for n in 0 1 2; do
			churn c "xenbr-ctl addbr x$n && touch /tmp/unload.made; xenbr-ctl delbr x$n" &
		done
		churn d 'ip link add y0 type xenbr; ip link del y0' &
		wait_until 10 test -e /tmp/unload.made ||
			fail "round $round: xenbr-ctl addbr never succeeded"
		# rmmod fails only while a request holds the module (a dump).
		wait_until 10 rmmod xenbr || fail "round $round: rmmod xenbr failed"
		touch /tmp/unload.stop
		wait
		left=$(links c; links d; links e)
		[ -z "$left" ] || fail "round $round: bridges outlived the module: $left"
		[ "$(date +%s)" -lt "$end" ] || break
	done
	echo "$round rounds of rmmod while bridges were being made"
}

run_tests
