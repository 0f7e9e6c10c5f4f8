#!/bin/bash
# xenbr-ctl uplink add|del: Xen's network-bridge takeover of dom0's NIC.
# Each takeover runs first as network-bridge did it, by hand with `ip` on a
# Linux bridge (the reference), then with xenbr-ctl on xenbr; both must
# leave the same addresses and routes on the bridge, and taking the NIC
# back must give the host its original state exactly. The reference runs
# on the stock kernel; the debug run compares with its recorded result
# (ref/uplink.takeover).
#
#   ns lan: lan0 192.0.2.1/24 2001:db8::1/64     (the LAN and its gateway)
#    |
#   eth0 (dom0's NIC, a veth)                     before the takeover:
#    |     192.0.2.10/24, 192.0.2.11/24, 2001:db8::10/64
#    |     default via 192.0.2.1 metric 100
#    |     198.51.100.0/24 via 192.0.2.1 src 192.0.2.11 metric 50
#    |     default via 2001:db8::1 metric 1024 (IPv6)
#   BR (xenbr0, or br0 for the reference)         after: all of it on BR
#    |
#   g1-p -- ns g1: eth0 192.0.2.20/24              (a guest)
. "$(dirname "$0")/lib.sh"

ALL_TESTS="takeover mac_from_another_port refused rollback"
# The takeover is xenbr-ctl's, through rtnetlink: on the debug kernel it
# reaches no line of xenbr.ko that the others do not (make coverage).
STOCK_ONLY=$ALL_TESTS

# dom0: the LAN behind eth0, and eth0 configured as a dom0's NIC is.
dom0() {
	ip netns add lan
	ip link add eth0 type veth peer name lan0 netns lan
	ip -n lan link set lo up
	ip -n lan link set lan0 up
	ip -n lan addr add 192.0.2.1/24 dev lan0
	ip -n lan addr add 2001:db8::1/64 dev lan0 nodad
	ip -n lan addr add 198.51.100.1/24 dev lo
	ip -n lan route add 192.0.2.0/24 dev lan0 2>/dev/null || true
	ip link set eth0 up
	ip addr add 192.0.2.10/24 dev eth0
	ip addr add 192.0.2.11/24 dev eth0
	ip addr add 2001:db8::10/64 dev eth0
	ip route add default via 192.0.2.1 metric 100
	ip route add 198.51.100.0/24 via 192.0.2.1 src 192.0.2.11 metric 50
	ip -6 route add default via 2001:db8::1 metric 1024
	wait_until 10 no_tentative eth0 || fail "eth0's IPv6 address stays tentative"
}

# dev_routes DEV: DEV's routes in the main table but the kernel's own that
# stay with the device (link-local, and the multicast route, which the
# debug kernel lists in the main table); routeless DEV: none.
dev_routes() {
	ip route show dev "$1"
	ip -6 route show dev "$1" | grep -v -e '^fe80' -e '^multicast ff00::/8 '
}
routeless() { [ -z "$(dev_routes "$1")" ]; }

no_tentative() { ! ip addr show dev "$1" | grep -q tentative; }

# bridge KIND NAME: an empty bridge, up, as before a takeover.
bridge() {
	bridge_add "$1" "$2"
	ip link set "$2" up
}

# state BR: what the takeover may change and what must come back, less
# the bridge's own link-local address and routes (its MAC changes).
state() {
	ip addr show dev eth0 | grep -v valid_lft
	ip -4 route show table all
	ip -6 route show table all | grep -v -e "fe80::.* dev $1" -e "^ff00::.* dev $1" \
		-e "^local fe80::.* dev $1" -e "^multicast ff00::/8 dev $1"
	ip link show dev eth0 | awk '/link\/ether/ { print $2 }'
}

# on_bridge BR: the bridge's addresses and routes, its name made "BR",
# to compare xenbr with the reference; not the kernel's multicast routes,
# which the debug kernel lists in the main table.
on_bridge() {
	ip -o addr show dev "$1" scope global | awk '{ print $3, $4 }'
	ip route show table main | sed "s/ $1 / BR /"
	ip -6 route show table main | grep -v -e '^fe80' -e '^multicast ff00::/8 ' |
		sed "s/ $1 / BR /"
}

# ping_from_lan ADDR COUNT: pings ADDR from the LAN, fast; prints the replies.
ping_from_lan() {
	ip netns exec lan ping -n -q -i 0.02 -W 1 -c "$2" "$1" |
		awk '/received/ { print $4 }'
}

# network-bridge's op_start by hand: the bridge takes eth0's MAC, eth0's
# addresses and routes, and eth0 as its port.
ref_start() {
	local br=$1 a r
	ip link set "$br" address "$(mac_of eth0)"
	ip -o addr show dev eth0 scope global | awk '{ print $4 }' |
		while read -r a; do ip addr add "$a" dev "$br"; done
	ip link set eth0 master "$br"
	for f in -4 -6; do
		ip "$f" route show dev eth0 | grep -v -e 'proto kernel' -e '^fe80' |
			while read -r r; do
				# shellcheck disable=SC2086
				ip "$f" route del $r dev eth0 && ip "$f" route add $r dev "$br"
			done
	done
	ip -o addr show dev eth0 scope global | awk '{ print $4 }' | tac |
		while read -r a; do ip addr del "$a" dev eth0; done
}

# op_stop by hand: all of it back to eth0.
ref_stop() {
	local br=$1 a r
	ip -o addr show dev "$br" scope global | awk '{ print $4 }' |
		while read -r a; do ip addr add "$a" dev eth0; done
	for f in -4 -6; do
		ip "$f" route show dev "$br" | grep -v -e 'proto kernel' -e '^fe80' |
			while read -r r; do
				# shellcheck disable=SC2086
				ip "$f" route del $r dev "$br" && ip "$f" route add $r dev eth0
			done
	done
	ip link set eth0 nomaster
	ip -o addr show dev "$br" scope global | awk '{ print $4 }' | tac |
		while read -r a; do ip addr del "$a" dev "$br"; done
}

# takeover KIND BR: the takeover under a ping from the LAN, the checks of
# the result, and the way back.
run_takeover() {
	local kind=$1 br=$2 got lost
	dom0
	bridge "$kind" "$br"
	state "$br" > "/tmp/uplink.$kind.before"
	echo "before:"; cat "/tmp/uplink.$kind.before"
	ping_from_lan 192.0.2.10 150 > /tmp/uplink.ping &
	sleep 0.5
	if [ "$kind" = bridge ]; then ref_start "$br"; else xenbr-ctl uplink add "$br" eth0; fi
	wait
	got=$(cat /tmp/uplink.ping)
	lost=$(( 150 - ${got:-0} ))
	echo "takeover under a ping from the LAN: $lost of 150 lost"
	[ "$lost" -le 5 ] || fail "$kind: dom0 lost $lost of 150 pings during the takeover"
	echo "after:"; state "$br"
	check_eq "$(mac_of eth0)" "$(mac_of "$br")" "$kind: the bridge's MAC"
	check_eq "$br" "$(basename "$(readlink /sys/class/net/eth0/master)")" "$kind: eth0's master"
	[ -z "$(ip -o addr show dev eth0 scope global)" ] || fail "$kind: eth0 kept an address"
	routeless eth0 ||
		fail "$kind: eth0 kept a route: $(dev_routes eth0 | tr '\n' ';')"
	ip route get 198.51.100.5 | grep -q "dev $br src 192.0.2.11" ||
		fail "$kind: the route to 198.51.100.0/24 lost its source: $(ip route get 198.51.100.5)"
	on_bridge "$br" > "/tmp/uplink.$kind.on"
	# dom0 reaches the network, IPv6 too once DAD is done, and a guest on
	# the bridge reaches dom0 and the LAN.
	ping -c 1 -W 2 198.51.100.1 > /dev/null || fail "$kind: dom0 cannot reach the network"
	wait_until 10 no_tentative "$br" || fail "$kind: the bridge's IPv6 address stays tentative"
	ip netns exec lan ping -c 1 -W 2 2001:db8::10 > /dev/null ||
		fail "$kind: the LAN cannot reach dom0 over IPv6"
	guest g1 "$br" 02:00:00:00:17:01 192.0.2.20/24 -
	ip netns exec g1 ping -c 1 -W 2 192.0.2.10 > /dev/null || fail "$kind: a guest cannot reach dom0"
	ip netns exec g1 ping -c 1 -W 2 192.0.2.1 > /dev/null || fail "$kind: a guest cannot reach the LAN"
	ip link del g1-p

	if [ "$kind" = bridge ]; then ref_stop "$br"; else xenbr-ctl uplink del "$br" eth0; fi
	wait_until 10 no_tentative eth0 || fail "$kind: eth0's IPv6 address stays tentative"
	state "$br" > "/tmp/uplink.$kind.back"
	diff -u "/tmp/uplink.$kind.before" "/tmp/uplink.$kind.back" ||
		fail "$kind: taking eth0 back did not restore the host's state"
	# network-bridge deleted the bridge; xenbr's must not keep eth0's MAC.
	[ "$kind" = bridge ] || [ "$(mac_of "$br")" != "$(mac_of eth0)" ] ||
		fail "$kind: the bridge kept eth0's MAC"
	ping -c 1 -W 2 198.51.100.1 > /dev/null || fail "$kind: dom0 cannot reach the network after"
	teardown
}

takeover() {
	rm -f /tmp/uplink.bridge.on
	case " $(reference_kinds) " in *" bridge "*) run_takeover bridge br0 ;; esac
	run_takeover xenbr xenbr0
	echo "on the bridge:"; cat /tmp/uplink.xenbr.on
	against_reference uplink.takeover /tmp/uplink.bridge.on /tmp/uplink.xenbr.on
}

# A bridge that carries a guest's MAC already: the uplink's is set on it,
# and taken off again when the uplink goes (no two devices with one MAC).
mac_from_another_port() {
	dom0
	bridge xenbr xenbr0
	guest g1 xenbr0 02:00:00:00:17:01 192.0.2.20/24 -
	wait_until 10 no_tentative g1-p || fail "g1-p's link-local address stays tentative"
	check_eq "$(mac_of g1-p)" "$(mac_of xenbr0)" "the bridge's MAC from the guest's port"
	state xenbr0 > /tmp/uplink.before
	xenbr-ctl uplink add xenbr0 eth0
	check_eq "$(mac_of eth0)" "$(mac_of xenbr0)" "the bridge's MAC after uplink add"
	ip netns exec lan ping -c 1 -W 2 192.0.2.10 > /dev/null || fail "the LAN cannot reach dom0"
	ip netns exec g1 ping -c 1 -W 2 192.0.2.1 > /dev/null || fail "the guest cannot reach the LAN"
	xenbr-ctl uplink del xenbr0 eth0
	[ "$(mac_of xenbr0)" != "$(mac_of eth0)" ] || fail "the bridge kept eth0's MAC"
	wait_until 10 no_tentative eth0 || fail "eth0's IPv6 address stays tentative"
	state xenbr0 > /tmp/uplink.back
	diff -u /tmp/uplink.before /tmp/uplink.back || fail "uplink del did not restore the state"
}

# refuse WHY ARGS...: uplink ARGS fails, says WHY, and changes nothing.
refuse() {
	local why=$1
	shift
	state xenbr0 > /tmp/uplink.before
	check_fails "uplink $*" xenbr-ctl uplink "$@"
	grep -q "$why" /tmp/check_fails.err || fail "uplink $*: said '$(cat /tmp/check_fails.err)', not '$why'"
	state xenbr0 > /tmp/uplink.after
	diff -u /tmp/uplink.before /tmp/uplink.after || fail "uplink $*: refused, but changed the host"
}

refused() {
	dom0
	bridge xenbr xenbr0
	refuse "lo is not an Ethernet device" add xenbr0 lo
	ip link add br9 type bridge
	refuse "br9 is not an Ethernet device" add xenbr0 br9
	refuse "br9 is not a xenbr bridge" add br9 eth0
	ip link add bond9 type veth peer name bond9p
	ip link set bond9 master br9
	refuse "bond9 is already a port of br9" add xenbr0 bond9
	ip link add spare type veth peer name sparep
	refuse "spare has no address or route to move" add xenbr0 spare
	refuse "no device nosuch" add xenbr0 nosuch
	refuse "eth0 is not a port of xenbr0" del xenbr0 eth0
	check_fails "uplink with a wrong verb" xenbr-ctl uplink move xenbr0 eth0
	check_fails "del with --force" xenbr-ctl uplink del xenbr0 eth0 --force
	# --force enslaves a NIC with nothing to move.
	xenbr-ctl uplink add xenbr0 spare --force
	check_eq xenbr0 "$(basename "$(readlink /sys/class/net/spare/master)")" "spare's master"
	refuse "spare is already a port of xenbr0" add xenbr0 spare --force
	xenbr-ctl uplink del xenbr0 spare
	[ ! -e /sys/class/net/spare/master ] || fail "uplink del left spare on the bridge"
}

# A change refused half-way (the Nth, by the test hook) undoes the others.
rollback() {
	local n
	dom0
	bridge xenbr xenbr0
	state xenbr0 > /tmp/uplink.before
	# 3 addresses on, eth0 in, 3 routes off and on, 3 addresses off.
	for n in 1 3 4 5 8 10 11 13; do
		check_fails "uplink add failing at change $n" \
			env XENBR_CTL_UPLINK_FAIL_AT=$n xenbr-ctl uplink add xenbr0 eth0
		grep -q "every change was undone" /tmp/check_fails.err || fail "no word of the undo"
		wait_until 10 no_tentative eth0 || fail "eth0's IPv6 address stays tentative"
		state xenbr0 > /tmp/uplink.after
		diff -u /tmp/uplink.before /tmp/uplink.after || fail "add failing at $n: not undone"
	done
	xenbr-ctl uplink add xenbr0 eth0
	wait_until 10 no_tentative xenbr0 || fail "the bridge's IPv6 address stays tentative"
	state xenbr0 > /tmp/uplink.taken
	for n in 1 4 7 10 11 13; do
		check_fails "uplink del failing at change $n" \
			env XENBR_CTL_UPLINK_FAIL_AT=$n xenbr-ctl uplink del xenbr0 eth0
		wait_until 10 no_tentative xenbr0 || fail "the bridge's IPv6 address stays tentative"
		state xenbr0 > /tmp/uplink.after
		diff -u /tmp/uplink.taken /tmp/uplink.after || fail "del failing at $n: not undone"
	done
	ip netns exec lan ping -c 1 -W 2 192.0.2.10 > /dev/null || fail "the LAN cannot reach dom0"
}

run_tests
