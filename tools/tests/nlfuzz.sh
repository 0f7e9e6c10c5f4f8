#!/bin/bash
# The xenbr generic netlink family against messages no client should send:
# each malformed one is refused and changes nothing, then a seeded random
# fuzz of 100 000 messages. The harness fails the run on any kernel splat
# or leak, so surviving cleanly is the test.
#
#   netns fz (all of it, so the fuzz touches nothing else)
#
#     xenbr-nlfuzz --- genl "xenbr" ---> fuzzbr0 (xenbr, up)
#                                          |
#                                          +-- fzp1 <--veth--> fzp2

ALL_TESTS="
	malformed
	random_fuzz
"

. "$(dirname "$0")/lib.sh"

# A bridge with a port, in a namespace of its own so the fuzz touches
# nothing else.
setup() {
	xenbr_load
	ip netns add fz
	ip netns exec fz sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
	ip netns exec fz ip link set lo up
	ip -n fz link add fzp1 type veth peer name fzp2
	ip netns exec fz xenbr-ctl addbr fuzzbr0
	ip netns exec fz xenbr-ctl addif fuzzbr0 fzp1
	ip -n fz link set fzp1 up
	ip -n fz link set fzp2 up
	ip -n fz link set fuzzbr0 up
}

# What the fuzz must not change; learned entries and carrier come and go.
state() {
	ip netns exec fz bash -c 'xenbr-ctl -j show
		xenbr-ctl -j port show | jq -c "map(del(.learned, .state))"
		xenbr-ctl -j limits | jq -c "map(del(.learned) | .ports |= map(del(.learned)))"
		xenbr-ctl fdb show fuzzbr0 | grep -v learned | cut -d" " -f1-6
		xenbr-ctl -j vlan show
		for d in /sys/class/net/*; do echo "$d $(readlink "$d/master")"; done'
}

malformed() {
	setup
	local before
	before=$(state)
	ip netns exec fz xenbr-nlfuzz malformed fuzzbr0 fzp1
	check_eq "$before" "$(state)" "state after the malformed messages"
}

random_fuzz() {
	setup
	local seed=${XENBR_FUZZ_SEED:-20240601}
	echo "seed $seed (XENBR_FUZZ_SEED=$seed reproduces the run)"
	# 100 000 messages; a slow debug kernel gets what fits in 200 s.
	ip netns exec fz xenbr-nlfuzz random fuzzbr0 fzp1 "$seed" 100000 200
	# Still answering, and still whole.
	ip netns exec fz xenbr-ctl show > /dev/null
	ip netns exec fz xenbr-ctl addbr after0
	ip netns exec fz xenbr-ctl delbr after0
	ip netns del fz
	xenbr_unload
	xenbr_load
}

run_tests
