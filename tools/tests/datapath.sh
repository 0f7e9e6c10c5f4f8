#!/bin/bash
# The data path with real devices: a xenbr bridge with dom0's addresses on it
# and guests behind veth ports (namespaces stand in for domUs and for the
# network behind the uplink). Each case checks one thing a learning bridge
# does: what it learns and forgets, what it floods, what reaches only the
# port that owns a MAC, what it takes as a port and what it refuses.
#
# Most cases (three_guests; three_quiet_guests: IPv4 only, IPv6 off):
#
#   dom0 (the VM)                       guests (netns ga, gb, gc)
#
#   xenbr0 10.0.0.1/24 fd00::1/64
#     +-- ga-p <--veth--> eth0  02:00:00:00:00:0a  10.0.0.10  fd00::a   [ga]
#     +-- gb-p <--veth--> eth0  02:00:00:00:00:0b  10.0.0.11  fd00::b   [gb]
#     +-- gc-p <--veth--> eth0  02:00:00:00:00:0c  10.0.0.12  fd00::c   [gc]
#
# mac_flood_limit has ga and gb only; brctl_ioctls puts g1 (10.0.0.11) and
# a veth d0 on a bridge xb0. The others build what they test: refused_ports
# a second xenbr, a Linux bridge, veths and a macvlan; bridge_mac and
# carrier_and_mtu bridges of bare veths; netns_exit xenbr0 and g1's port in
# a namespace "dom" that is then deleted.

ALL_TESTS="
	create_delete
	ping_v4_v6
	unknown_unicast_floods
	known_unicast_to_owner_only
	broadcast_floods
	mac_move
	port_removal
	refused_ports
	learning_and_ageing
	learning_off
	mac_flood_limit
	bridge_mac
	carrier_and_mtu
	netns_exit
	rmmod_under_traffic
	brctl_ioctls
	bridge_down_stops_forwarding
"
# The debug run keeps the cases that reach lines of xenbr.ko no other case
# does (the brctl ioctls, refused ports: make coverage BY_CASE=1) and those
# whose point is a lifetime under KASAN and lockdep (a namespace's exit,
# rmmod under traffic, the ageing timer); KUnit drives every decision of
# forward.c and fdb.c, and the rest are the stock run's.
STOCK_ONLY="create_delete ping_v4_v6 unknown_unicast_floods
	known_unicast_to_owner_only broadcast_floods mac_move port_removal
	learning_off mac_flood_limit bridge_mac carrier_and_mtu
	bridge_down_stops_forwarding"

. "$(dirname "$0")/lib.sh"

MAC_A=02:00:00:00:00:0a
MAC_B=02:00:00:00:00:0b
MAC_C=02:00:00:00:00:0c

three_guests() {
	bridge_up xenbr0 10.0.0.1/24 fd00::1/64
	guest ga xenbr0 $MAC_A 10.0.0.10/24 fd00::a/64
	guest gb xenbr0 $MAC_B 10.0.0.11/24 fd00::b/64
	guest gc xenbr0 $MAC_C 10.0.0.12/24 fd00::c/64
}

# Three IPv4-only guests: no traffic but what the test makes.
three_quiet_guests() {
	bridge_up xenbr0 10.0.0.1/24
	guest ga xenbr0 $MAC_A 10.0.0.10/24 -
	guest gb xenbr0 $MAC_B 10.0.0.11/24 -
	guest gc xenbr0 $MAC_C 10.0.0.12/24 -
}

create_delete() {
	xenbr_load
	ip link add xenbr0 type xenbr
	ip -d link show xenbr0 | grep -q 'xenbr' || fail "ip -d link does not show kind xenbr"
	# ethtool -i names the driver and its version, as for any NIC.
	ethtool -i xenbr0 > /tmp/drvinfo
	grep -qx 'driver: xenbr' /tmp/drvinfo || fail "ethtool -i: $(head -n1 /tmp/drvinfo)"
	grep -qx "version: $(cat /sys/module/xenbr/version)" /tmp/drvinfo ||
		fail "ethtool -i: $(sed -n 2p /tmp/drvinfo), module $(cat /sys/module/xenbr/version)"
	ip link add xenbr1 type xenbr
	ip link del xenbr0
	ip link del xenbr1
	! ip link show xenbr0 2>/dev/null || fail "xenbr0 still exists"
}

ping_v4_v6() {
	three_guests
	ip netns exec ga ping -c 2 -W 2 10.0.0.11
	ip netns exec ga ping -c 2 -W 2 10.0.0.12
	ip netns exec gc ping -c 2 -W 2 10.0.0.10
	ip netns exec ga ping -c 2 -W 2 10.0.0.1
	ping -c 2 -W 2 10.0.0.11
	ip netns exec ga ping -6 -c 2 -W 2 fd00::b
	ip netns exec gb ping -6 -c 2 -W 2 fd00::1
	ping -6 -c 2 -W 2 fd00::c
}

# Unknown unicast reaches every other port, and not the one it came in on.
unknown_unicast_floods() {
	local unknown=02:00:00:00:00:99 n
	three_guests
	ip netns exec ga ip neigh add 10.0.0.99 lladdr $unknown dev eth0
	count_to ga eth0 $unknown
	count_to gb eth0 $unknown
	count_to gc eth0 $unknown
	ip netns exec ga ping -c 5 -i 0.2 -W 1 10.0.0.99 || true
	n=$(counted gb eth0); check_eq 5 "$n" "unknown unicast frames at gb"
	n=$(counted gc eth0); check_eq 5 "$n" "unknown unicast frames at gc"
	n=$(counted ga eth0); check_eq 0 "$n" "unknown unicast frames back at the sender"
}

# Once the bridge has seen a source, frames to it go to its port only.
known_unicast_to_owner_only() {
	local n
	three_guests
	ip netns exec ga ping -c 1 -W 2 10.0.0.11
	count_to gb eth0 $MAC_B
	count_to gc eth0 $MAC_B
	ip netns exec ga ping -c 10 -i 0.1 -W 2 10.0.0.11
	n=$(counted gb eth0); check_ge 10 "$n" "frames to gb at gb"
	n=$(counted gc eth0); check_eq 0 "$n" "frames to gb leaking to gc"
}

broadcast_floods() {
	local n
	three_guests
	count_to gb eth0 ff:ff:ff:ff:ff:ff
	count_to gc eth0 ff:ff:ff:ff:ff:ff
	count_to ga eth0 ff:ff:ff:ff:ff:ff
	ip netns exec ga arping -c 3 -w 3 -I eth0 10.0.0.77 || true
	n=$(counted gb eth0); check_eq 3 "$n" "broadcasts at gb"
	n=$(counted gc eth0); check_eq 3 "$n" "broadcasts at gc"
	n=$(counted ga eth0); check_eq 0 "$n" "broadcasts back at the sender"
}

# A guest's MAC shows up behind another port (a migrated domU): traffic
# follows it.
mac_move() {
	three_guests
	ip netns exec ga ping -c 1 -W 2 10.0.0.11
	# gb goes away; gc takes over its MAC and address.
	ip netns exec gb ip link set eth0 down
	ip netns exec gc ip addr flush dev eth0
	ip netns exec gc ip link set eth0 address $MAC_B
	ip netns exec gc ip addr add 10.0.0.11/24 dev eth0
	count_to gc eth0 $MAC_B
	# The new owner speaks first (a gratuitous ARP, as after migration).
	ip netns exec gc arping -c 1 -U -I eth0 10.0.0.11 || true
	ip netns exec ga ping -c 3 -i 0.2 -W 2 10.0.0.11
	check_ge 3 "$(counted gc eth0)" "frames to the moved MAC at its new port"
}

# Removing a port (nomaster, or deleting its device) leaves the rest working.
port_removal() {
	three_guests
	ip netns exec ga ping -c 1 -W 2 10.0.0.12
	ip link set gb-p nomaster
	check_eq "$(printf 'ga-p\ngc-p')" "$(ports_of xenbr0)" "ports after nomaster"
	ip link del gc-p
	check_eq "ga-p" "$(ports_of xenbr0)" "ports after deleting gc's veth"
	ip link set gb-p master xenbr0
	ip netns exec ga ping -c 2 -W 2 10.0.0.11
	ip netns exec ga ping -c 1 -W 2 10.0.0.1
}

refused_ports() {
	bridge_up xenbr0
	bridge_up xenbr1
	modprobe bridge
	modprobe macvlan
	ip link add lbr0 type bridge
	ip link add v0 type veth peer name v1
	ip link add v2 type veth peer name v3
	# macvlan holds v2's rx_handler: v2 is already taken.
	ip link add mv0 link v2 type macvlan
	check_fails "loopback" ip link set lo master xenbr0
	check_fails "the bridge itself" ip link set xenbr0 master xenbr0
	check_fails "another xenbr" ip link set xenbr1 master xenbr0
	check_fails "a Linux bridge" ip link set lbr0 master xenbr0
	check_fails "a device whose rx_handler is taken" ip link set v2 master xenbr0
	check_eq "" "$(ports_of xenbr0)" "ports of xenbr0 after refusals"
	# rtnetlink's "set master" moves a port between masters, as it does
	# for the Linux bridge: the old bridge releases it first.
	ip link set v0 master xenbr1
	ip link set v0 master xenbr0
	check_eq "v0" "$(ports_of xenbr0)" "ports of xenbr0 after moving v0"
	check_eq "" "$(ports_of xenbr1)" "ports of xenbr1 after moving v0"
	ip link del lbr0
}

# The bridge takes its MAC from the first real port, never from a netback
# vif's FE:FF:FF:FF:FF:FF, keeps it when ports come and go, and obeys the
# administrator.
bridge_mac() {
	bridge_up xenbr0
	ip link add vifx type veth peer name vifx-peer
	ip link set vifx address fe:ff:ff:ff:ff:ff
	ip link set vifx master xenbr0
	[ "$(mac_of xenbr0)" != fe:ff:ff:ff:ff:ff ] || fail "bridge took a vif's MAC"
	ip link add up0 type veth peer name up0-peer
	ip link set up0 address 02:11:22:33:44:55
	ip link set up0 master xenbr0
	check_eq 02:11:22:33:44:55 "$(mac_of xenbr0)" "bridge MAC after adding the uplink"
	ip link add v2 type veth peer name v2-peer
	ip link set v2 address 02:00:00:00:00:01
	ip link set v2 master xenbr0
	check_eq 02:11:22:33:44:55 "$(mac_of xenbr0)" "bridge MAC after another port came"
	# Its uplink gone, the bridge takes another real port's MAC: it must not
	# share the MAC of a device that is no longer its port.
	ip link del up0
	check_eq 02:00:00:00:00:01 "$(mac_of xenbr0)" "bridge MAC after the uplink went"
	ip link set xenbr0 address 02:aa:bb:cc:dd:ee
	check_eq 02:aa:bb:cc:dd:ee "$(mac_of xenbr0)" "bridge MAC set by the administrator"
	# The new MAC is the bridge's own: frames to it go up to dom0.
	ip addr add 10.0.0.1/24 dev xenbr0
	guest ga xenbr0 $MAC_A 10.0.0.10/24 ""
	ip netns exec ga ping -c 2 -W 2 10.0.0.1
}

carrier_and_mtu() {
	bridge_up xenbr0
	check_eq 0 "$(cat /sys/class/net/xenbr0/carrier)" "carrier with no port"
	ip link add p1 type veth peer name p1-peer
	ip link add p2 type veth peer name p2-peer
	ip link set p1 mtu 1400
	ip link set p1 master xenbr0
	ip link set p2 master xenbr0
	check_eq 1400 "$(cat /sys/class/net/xenbr0/mtu)" "MTU follows the smallest port"
	ip link set p1 up
	ip link set p1-peer up
	wait_until 3 grep -qx 1 /sys/class/net/xenbr0/carrier || fail "no carrier with a port up"
	ip link set p1 down
	wait_until 3 grep -qx 0 /sys/class/net/xenbr0/carrier || fail "carrier with every port down"
	ip link set xenbr0 mtu 1300
	ip link set p1 nomaster
	check_eq 1300 "$(cat /sys/class/net/xenbr0/mtu)" "MTU set by the administrator is kept"
}

# A namespace that dies with a bridge, ports and traffic in it leaves nothing.
netns_exit() {
	xenbr_load
	ip netns add dom
	ip -n dom link add xenbr0 type xenbr
	ip -n dom addr add 10.0.0.1/24 dev xenbr0
	ip -n dom link set xenbr0 up
	ip netns add g1
	ip -n dom link add g1-p type veth peer name eth0 netns g1
	ip -n dom link set g1-p master xenbr0
	ip -n dom link set g1-p up
	ip -n g1 addr add 10.0.0.10/24 dev eth0
	ip -n g1 link set eth0 up
	ip netns exec g1 ping -c 1 -W 2 10.0.0.1
	ip netns exec g1 ping -f -w 30 10.0.0.1 >/dev/null 2>&1 &
	sleep 1
	ip netns del dom
	sleep 1
	kill %1 2>/dev/null || true
	wait || true
	ip netns del g1
	rmmod xenbr
}

# rmmod while guests ping through the bridge.
rmmod_under_traffic() {
	three_guests
	ip netns exec ga ping -c 1 -W 2 10.0.0.11
	ip netns exec ga ping -f -w 30 10.0.0.11 >/dev/null 2>&1 &
	ip netns exec gb ping -f -w 30 10.0.0.12 >/dev/null 2>&1 &
	sleep 2
	rmmod xenbr
	! ip link show xenbr0 2>/dev/null || fail "xenbr0 survived rmmod"
	kill %1 %2 2>/dev/null || true
	wait || true
}

# fdb_has BRIDGE MAC TYPE [DEV]: the FDB holds MAC as an entry of TYPE.
fdb_has() {
	xenbr-ctl -j fdb show "$1" |
		jq -e --arg m "$2" --arg t "$3" --arg d "${4:-}" \
		'any(.[]; .mac == $m and .type == $t and ($d == "" or .dev == $d))' > /dev/null
}

# An entry is learned on first traffic and ages out.
learning_and_ageing() {
	three_quiet_guests
	! fdb_has xenbr0 $MAC_A learned || fail "MAC_A learned before any traffic"
	ip netns exec ga ping -c 1 -W 2 10.0.0.11
	fdb_has xenbr0 $MAC_A learned ga-p || fail "MAC_A not learned on ga-p"
	fdb_has xenbr0 $MAC_B learned gb-p || fail "MAC_B not learned on gb-p"
	! fdb_has xenbr0 $MAC_C learned || fail "silent gc was learned"
	xenbr-ctl setageing xenbr0 2
	wait_until 10 bash -c "! xenbr-ctl -j fdb show xenbr0 |
		jq -e 'any(.[]; .mac == \"$MAC_A\")' > /dev/null" ||
		fail "MAC_A did not age out with a 2 s ageing time"
	# The bridge's own (local) entry never ages.
	fdb_has xenbr0 "$(mac_of xenbr0)" local || fail "local entry aged"
}

# With learning off on a port, nothing is learned from it; with ageing time
# 0, nothing is learned at all and frames to known guests flood.
learning_off() {
	local n
	three_quiet_guests
	xenbr-ctl port set ga-p learning off
	ip netns exec ga ping -c 2 -W 2 10.0.0.11
	! fdb_has xenbr0 $MAC_A learned || fail "learned from a port with learning off"
	fdb_has xenbr0 $MAC_B learned gb-p || fail "learning on gb-p stopped too"
	xenbr-ctl setageing xenbr0 0
	xenbr-ctl fdb flush xenbr0
	count_to gc eth0 $MAC_B
	ip netns exec ga ping -c 3 -i 0.2 -W 2 10.0.0.11
	! fdb_has xenbr0 $MAC_B learned || fail "learned with ageing time 0"
	n=$(counted gc eth0)
	check_ge 3 "$n" "frames to gb flooded to gc with ageing time 0"
}

# A guest spraying random source MACs stops at its port's limit; the table
# does not grow past it, the refusals are counted, and traffic still flows.
mac_flood_limit() {
	local learned port_learned
	bridge_up xenbr0 10.0.0.1/24
	xenbr-ctl limits xenbr0 port-max 500
	guest ga xenbr0 $MAC_A 10.0.0.10/24 -
	guest gb xenbr0 $MAC_B 10.0.0.11/24 -
	ip netns exec ga xenbr-nlfuzz flood eth0 5000
	port_learned=$(xenbr-ctl -j limits xenbr0 | jq '.[0].ports[] | select(.dev == "ga-p") | .learned')
	learned=$(xenbr-ctl -j limits xenbr0 | jq '.[0].learned')
	echo "after 5000 random sources: ga-p holds $port_learned, the bridge $learned"
	check_eq 500 "$port_learned" "entries learned on the flooding port"
	[ "$learned" -le 502 ] || fail "the bridge holds $learned learned entries"
	xenbr-ctl -j stats ga-p | jq -e '.[0].learn_limit_hits > 0' > /dev/null ||
		fail "learning-limit hits not counted"
	ip netns exec gb ping -c 2 -W 2 10.0.0.10
	ip netns exec ga ping -c 2 -W 2 10.0.0.1
}

# brctl addif/delif, as Xen's vif-bridge runs them when bridge-utils is
# installed: brctl's ioctls reach xenbr, refusals included.
brctl_ioctls() {
	local nobody="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
	bridge_up xb0
	guest g1 xb0 02:00:00:00:00:01 10.0.0.11/24 -
	ip link set g1-p nomaster
	ip link add d0 type veth peer name d0p
	brctl addif xb0 g1-p
	brctl addif xb0 d0
	check_eq "$(printf 'd0\ng1-p')" "$(ports_of xb0)" "ports after brctl addif"
	check_fails "adding a port twice" brctl addif xb0 d0
	check_fails "adding a device that does not exist" brctl addif xb0 nosuchdev
	check_fails "adding the bridge to itself" brctl addif xb0 xb0
	check_fails "an unprivileged addif" $nobody brctl addif xb0 lo
	check_fails "an unprivileged delif" $nobody brctl delif xb0 d0
	check_eq "$(printf 'd0\ng1-p')" "$(ports_of xb0)" "ports after refusals"
	brctl delif xb0 d0
	check_eq g1-p "$(ports_of xb0)" "ports after brctl delif"
	check_fails "removing a device that is no port" brctl delif xb0 d0
	ip addr add 10.0.0.1/24 dev xb0
	ping -c 1 -W 2 10.0.0.11
}

# A bridge that is down carries nothing between its ports, as a Linux
# bridge's ports stop forwarding; up again, it does.
bridge_down_stops_forwarding() {
	three_quiet_guests
	ip netns exec ga ping -c 1 -W 2 10.0.0.11
	ip link set xenbr0 down
	! ip netns exec ga ping -c 2 -W 1 10.0.0.11 || fail "ping crossed a bridge that is down"
	check_ge 1 "$(xenbr-ctl -j stats xenbr0 | jq '.[0].drops.bridge_down')" \
		"frames dropped as bridge_down"
	ip link set xenbr0 up
	ip netns exec ga ping -c 1 -W 2 10.0.0.11
}

run_tests
