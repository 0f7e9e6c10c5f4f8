#!/bin/bash
# Where xenbr behaves as the Linux bridge does (STP off, forward delay 0):
# each case runs its steps on a Linux bridge first, then the same steps on
# xenbr, so the reference run proves that the frames and the expectations
# are real. (The Linux bridge runs on the stock kernel: see reference_kinds.)
#
#   ns h1              ns h2              ns h3
#   eth0 10.0.0.11     eth0 10.0.0.12     eth0 10.0.0.13
#    |                  |                  |
#   h1-p               h2-p               h3-p      (veth pairs)
#    |                  |                  |
#    +------------- br0 (dom0 10.0.0.1) ---+
#
# br0 is "ip link add br0 type bridge" in the reference run, "type xenbr"
# after. IPv6 is off everywhere: nothing is sent that a case did not send.
# The drawing is lib.sh's topo's own.
. "$(dirname "$0")/lib.sh"

ALL_TESTS="group_addresses port_down_flush promisc_sees_unicast
	mac_after_uplink_leaves netconsole"
# Each case compares xenbr with the Linux bridge, which runs on the stock
# kernel only (reference_kinds); on the debug kernel they reach no line of
# xenbr.ko that KUnit and the other files do not (make coverage).
STOCK_ONLY=$ALL_TESTS

# fdb_has KIND MAC: br0's FDB holds MAC on a port (learned or static).
fdb_has() {
	if [ "$1" = bridge ]; then
		bridge fdb show br br0 | grep -v permanent | grep -qi "^$2 "
	else
		xenbr-ctl fdb show br0 | grep -qi "^$2 dev "
	fi
}

# fdb_static KIND MAC PORT: a static entry for MAC on PORT.
fdb_static() {
	if [ "$1" = bridge ]; then
		bridge fdb add "$2" dev "$3" master static
	else
		xenbr-ctl fdb add br0 "$2" "$3"
	fi
}

# pktgen_send NETNS DEV DST_MAC COUNT: COUNT UDP frames to DST_MAC, sent
# from DEV in NETNS by the kernel's pktgen (any destination MAC will do).
pktgen_send() {
	local ns=$1 dev=$2 dst=$3 count=$4 pg
	grep -q '^pktgen ' /proc/modules || modprobe pktgen
	pg() { ip netns exec "$ns" sh -c "echo '$2' > /proc/net/pktgen/$1"; }
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device $dev"
	pg "$dev" "count $count"
	pg "$dev" "pkt_size 60"
	pg "$dev" "delay 1000000"
	pg "$dev" "dst_mac $dst"
	pg "$dev" "dst 10.0.0.99"
	pg pgctrl start
	pg kpktgend_0 rem_device_all
}

# 01:80:c2:00:00:00 (BPDUs) crosses a bridge without STP, so STP outside the
# host sees a loop through it; 01:80:c2:00:00:01 (pause) never crosses.
group_addresses() { on_each group_addresses_on; }
group_addresses_on() {
	count_to h2 eth0 01:80:c2:00:00:00
	pktgen_send h1 eth0 01:80:c2:00:00:00 5
	wait_until 5 test "$(counted h2 eth0)" = 5 ||
		fail "$1: BPDU group address: $(counted h2 eth0) of 5 frames crossed"
	count_to h3 eth0 01:80:c2:00:00:01
	pktgen_send h1 eth0 01:80:c2:00:00:01 5
	sleep 1
	check_eq 0 "$(counted h3 eth0)" "$1: pause frames that crossed"
	if [ "$1" = xenbr ]; then
		check_eq 5 "$(xenbr-ctl -j stats br0 | jq '.[0].drops.pause')" "pause drops counted"
	fi
}

# A port that stops forwarding forgets the stations behind it: frames to
# them flood (and find them if they moved) instead of dying on the port.
port_down_flush() { on_each port_down_flush_on; }
port_down_flush_on() {
	ip netns exec h1 ping -c 1 -W 2 10.0.0.12 > /dev/null
	wait_until 2 fdb_has "$1" $H2 || fail "$1: h2 not learned"
	fdb_static "$1" 02:00:00:00:02:02 h2-p
	ip link set h2-p down
	wait_until 2 eval "! fdb_has $1 $H2" ||
		fail "$1: h2's learned entry outlived its port going down"
	fdb_has "$1" 02:00:00:00:02:02 || fail "$1: the static entry went with it"
	# h2 is now behind h3's port: the first frame to it must reach there.
	count_to h3 eth0 $H2
	ip link set h2-p up
	ip netns exec h1 ping -c 1 -W 1 10.0.0.12 > /dev/null 2>&1 || true
	[ "$(counted h3 eth0)" -ge 1 ] || fail "$1: a frame to h2 did not flood"
}

# A promiscuous bridge device (tcpdump -i br0) sees known unicast between
# two guests, not only flooded frames.
promisc_sees_unicast() { on_each promisc_sees_unicast_on; }
promisc_sees_unicast_on() {
	local before after
	ip netns exec h1 ping -c 2 -W 2 10.0.0.12 > /dev/null
	ip link set br0 promisc on
	before=$(cat /sys/class/net/br0/statistics/rx_packets)
	ip netns exec h1 ping -c 10 -i 0.1 -W 2 10.0.0.12 > /dev/null
	after=$(cat /sys/class/net/br0/statistics/rx_packets)
	check_ge 20 $(( after - before )) "$1: frames the promiscuous bridge saw"
	ip link set br0 promisc off
	before=$(cat /sys/class/net/br0/statistics/rx_packets)
	ip netns exec h1 ping -c 10 -i 0.1 -W 2 10.0.0.12 > /dev/null
	after=$(cat /sys/class/net/br0/statistics/rx_packets)
	[ $(( after - before )) -lt 5 ] ||
		fail "$1: $(( after - before )) unicast frames reached a bridge that is not promiscuous"
}

# The uplink whose MAC the bridge carries leaves: the bridge must not keep
# it (two devices, one MAC on the LAN). The Linux bridge then takes the
# vifs' FE:FF:FF:FF:FF:FF; xenbr takes another real port's MAC or a random
# one. A MAC the user set stays.
mac_after_uplink_leaves() {
	local kind
	for kind in $(reference_kinds); do
		echo "--- $kind"
		mac_after_uplink_leaves_on "$kind"
		teardown
	done
}
mac_after_uplink_leaves_on() {
	local peth0 mac dev
	bridge_add "$1" br0
	# Two vifs (netback's MAC on the dom0 side), then the uplink.
	ip link add vif1.0 type veth peer name vif1.0-g
	ip link add vif2.0 type veth peer name vif2.0-g
	ip link set vif1.0 address fe:ff:ff:ff:ff:ff
	ip link set vif2.0 address fe:ff:ff:ff:ff:ff
	ip link add peth0 type veth peer name peth0-lan
	ip link set peth0 address 02:00:00:00:0a:01
	for dev in vif1.0 vif2.0 peth0; do ip link set "$dev" master br0; done
	peth0=$(mac_of peth0)
	check_eq "$peth0" "$(mac_of br0)" "$1: the bridge's MAC with its uplink"
	ip link set peth0 nomaster
	mac=$(mac_of br0)
	echo "$1: MAC after the uplink left: $mac"
	[ "$mac" != "$peth0" ] || fail "$1: the bridge kept its uplink's MAC"
	if [ "$1" = xenbr ]; then
		[ "$mac" != fe:ff:ff:ff:ff:ff ] || fail "took the vifs' MAC"
		ip link set peth0 master br0
		check_eq "$peth0" "$(mac_of br0)" "the uplink's MAC again when it is back"
		# A second real port takes over when the uplink leaves.
		ip link add peth1 type veth peer name peth1-lan
		ip link set peth1 address 02:00:00:00:0a:02
		ip link set peth1 master br0
		ip link set peth0 nomaster
		check_eq 02:00:00:00:0a:02 "$(mac_of br0)" "the other real port's MAC"
	fi
	ip link set br0 address 02:00:00:00:0b:01
	ip link set peth0 master br0
	ip link set peth0 nomaster
	check_eq 02:00:00:00:0b:01 "$(mac_of br0)" "$1: the user's MAC"
}

# netconsole to a log host behind the bridge: dom0s send their console to
# one this way.
netconsole() {
	# Under lockdep, veth's transmit from netpoll (IRQs off) WARNs in the
	# Linux bridge's reference run already, and a WARN printed through
	# netconsole never ends: this runs on the stock kernel only.
	[ ! -e /proc/lockdep ] ||
		skip "veth cannot carry netpoll under lockdep (the Linux bridge's run WARNs)"
	on_each netconsole_on
}
netconsole_on() {
	local n mark=$1-netconsole-$RANDOM outcome
	ip netns exec h2 tc qdisc add dev eth0 clsact
	ip netns exec h2 tc filter add dev eth0 ingress protocol ip pref 1 \
		flower ip_proto udp dst_port 6666 action pass
	echo "xenbr-vm: $mark" > /dev/kmsg
	modprobe netconsole netconsole="6665@10.0.0.1/br0,6666@10.0.0.12/$H2" ||
		fail "$1: netconsole refused the bridge"
	if dmesg | sed -n "/$mark/,\$p" | grep -q "h[1-3]-p doesn't support polling"; then
		# Linux 6.12's veth has no netpoll: over veth ports netconsole
		# cannot start on either bridge; it must say so and harm nothing.
		dmesg | sed -n "/$mark/,\$p" | grep -q "Netpoll setup failed" ||
			fail "$1: a port had no netpoll, but netconsole did not refuse"
		outcome=refused
	else
		for n in 1 2 3; do echo "xenbr netconsole test $n" > /dev/kmsg; done
		wait_until 5 eval '[ "$(counted h2 eth0)" -ge 3 ]' ||
			fail "$1: $(counted h2 eth0) netconsole messages reached the log host"
		outcome=delivered
	fi
	echo "$1: netconsole $outcome"
	# xenbr does what the Linux bridge did on this kernel.
	[ "$1" = bridge ] && netconsole_ref=$outcome
	[ "$1" = bridge ] || [ -z "${netconsole_ref:-}" ] || [ "$outcome" = "$netconsole_ref" ] ||
		fail "$1: netconsole $outcome, on the Linux bridge $netconsole_ref"
	rmmod netconsole
	# The bridge and its ports outlive it, and carry frames as before.
	ip netns exec h1 ping -c 1 -W 2 10.0.0.12 > /dev/null
}

run_tests
