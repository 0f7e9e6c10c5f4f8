#!/bin/bash
# iproute2's own tools on xenbr: each case runs its steps with "bridge" and
# "ip" on a Linux bridge first, then the same on xenbr, and compares what
# they print where the two should agree. bridge.ko stays loaded beside
# xenbr throughout, so a port mistaken for a Linux bridge port would show.
# The Linux bridge runs on the stock kernel, which also checks that its
# output is the one recorded in ref/iproute.CASE; the debug run compares
# xenbr with the recording (reference_kinds in lib.sh).
#
#   ns h1              ns h2              ns h3
#   eth0 10.0.0.11     eth0 10.0.0.12     eth0 10.0.0.13
#    |                  |                  |
#   h1-p               h2-p               h3-p      (veth pairs)
#    |                  |                  |
#    +------------- br0 (dom0 10.0.0.1) ---+
#
# br0 is "ip link add br0 type bridge" in the reference run, "type xenbr"
# after. IPv6 is off everywhere.
. "$(dirname "$0")/lib.sh"

ALL_TESTS="fdb_show fdb_show_large fdb_monitor link_show link_set isolation
	vlan_show ip_link"
# What bridge(8) and ip(8) print is the stock run's; the debug run keeps the
# cases that reach lines no other case does (make coverage BY_CASE=1; the
# large dump's lines are fdb_show's: 51 s on the debug kernel for none).
STOCK_ONLY="fdb_show_large link_show link_set isolation ip_link"

STATIC=02:00:00:00:02:02

# lib.sh's drawing, bridge.ko loaded for xenbr's run too. What each case's
# FN prints is compared (on_each): where the Linux bridge does not run
# (reference_kinds), its output recorded in ref/iproute.CASE stands in.
TOPO_MODULES=bridge
COMPARE_OUTPUT=1

# Stations a ping teaches the bridge (and the entries to them).
learn_guests() {
	ip netns exec h1 ping -c 1 -W 2 10.0.0.12 > /dev/null
	ip netns exec h1 ping -c 1 -W 2 10.0.0.13 > /dev/null
}

static_entry() {
	if [ "$1" = bridge ]; then
		bridge fdb add $STATIC dev h2-p master static
	else
		xenbr-ctl fdb add br0 $STATIC h2-p
	fi
}

# The guests' entries: the lines that both bridges have. The Linux bridge
# also lists its ports' own MACs as permanent, and, VLAN filtering off or
# not, copies a static entry into its default VLAN 1.
guest_lines() { grep -E "^(${H1}|${H2}|${H3}|${STATIC}) " | grep -v ' vlan 1 ' | sort; }

fdb_show() { on_each fdb_show_on; }
fdb_show_on() {
	learn_guests
	static_entry "$1"
	bridge fdb show | guest_lines
	bridge -j fdb show | jq -c --arg a "$H1" --arg s "$STATIC" \
		'[.[] | select((.mac == $a or .mac == $s) and .vlan == null) |
		  {mac, ifname, master, state: (.state // "")}] | sort_by(.mac)'
	# -s: learned entries have an age, "used" and "updated" seconds.
	bridge -s -j fdb show | jq -e --arg a "$H1" \
		'[.[] | select(.mac == $a) | .used, .updated] | length == 2' > /dev/null ||
		echo "no age of $H1"
	# rtnetlink forwards "fdb add ... master" only through IFF_BRIDGE_PORT.
	if [ "$1" = xenbr ]; then
		check_fails "fdb add master" bridge fdb add 02:00:00:00:02:03 dev h3-p master static >&2
	fi
	# The bridge's own MAC is permanent (the Linux bridge's is its first
	# port's, and shown on that port; xenbr's on the bridge itself).
	bridge fdb show | grep -qi "^$(mac_of br0) dev .*master br0 permanent" ||
		echo "no permanent entry of the bridge's MAC"
}

# A dump of many messages: 3000 entries at about 70 bytes each fill seven
# or more of rtnetlink's 32 KB dump buffers, so every continuation must
# resume where the last one stopped (since Linux 6.14 the index lives in
# struct ndo_fdb_dump_context; one that restarted would repeat entries or
# never end).
FDB_MANY=3000
fdb_show_large() { on_each fdb_show_large_on; }
fdb_show_large_on() {
	local i
	if [ "$1" = bridge ]; then
		for ((i = 0; i < FDB_MANY; i++)); do
			printf 'fdb add 02:00:00:00:%02x:%02x dev h1-p master static\n' $((i >> 8)) $((i & 255))
		done > /tmp/fdb.batch
		bridge -batch /tmp/fdb.batch
	else
		# The same MACs, 02:00:00:00:00:00 up, through xenbr's netlink.
		xenbr-nlfuzz fdbgen br0 h1-p "$FDB_MANY" > /dev/null
	fi
	# Not "show br br0": rtnetlink filters by bridge only for IFF_EBRIDGE
	# (Documentation/iproute2.md).
	timeout 60 bridge fdb show > /tmp/fdb.txt || echo "bridge fdb show failed ($?)"
	# The Linux bridge copies each static entry into VLAN 1 as well.
	grep ' dev h1-p master br0 ' /tmp/fdb.txt | grep -v ' vlan ' | grep ' static' > /tmp/fdb.h1 || true
	echo "static entries of h1-p: $(wc -l < /tmp/fdb.h1)"
	echo "distinct: $(cut -d' ' -f1 /tmp/fdb.h1 | sort -u | wc -l)"
	echo "first and last: $(sort /tmp/fdb.h1 | sed -n '1p;$p' | cut -d' ' -f1 | tr '\n' ' ')"
}

fdb_monitor() { on_each fdb_monitor_on; }
fdb_monitor_on() {
	local mon
	bridge monitor fdb > /tmp/monitor.log 2>&1 &
	mon=$!
	sleep 0.3	# "bridge monitor" has joined its group
	ip netns exec h3 ping -c 1 -W 2 10.0.0.12 > /dev/null
	wait_until 5 grep -q "^$H3 dev h3-p master br0" /tmp/monitor.log ||
		echo "no learn event"
	ip link set h3-p down	# both bridges forget h3's station
	wait_until 5 grep -q "^Deleted $H3 dev h3-p master br0" /tmp/monitor.log ||
		echo "no delete event"
	kill "$mon"
	grep -E "^(Deleted )?$H3 " /tmp/monitor.log | sort -u
}

# "bridge link show": one line a port, its state and master. xenbr has no
# STP: no priority and cost, which the comparison leaves out. Nor the
# veth's peer: iproute2 names it by an ifindex of this namespace, which on
# the debug kernel is its sit0 (down, hence M-DOWN), on the stock kernel
# none ("@ifN").
link_lines() {
	bridge link show | sed -E 's/^[0-9]+: //; s/@[^:]+:/:/; s/,M-DOWN//
		s/ priority [0-9]+ cost [0-9]+//' | sort
}

link_show() { on_each link_show_on; }
link_show_on() {
	link_lines
	ip link set h2-p down
	wait_until 3 eval 'link_lines | grep -q "^h2-p: .* state disabled"' ||
		echo "h2-p not disabled"
	link_lines | grep '^h2-p'
}

# The flags both have, from "bridge -d link show dev PORT".
link_flags() {
	bridge -d link show dev "$1" | tr -s ' \t' '\n' |
		awk '/^(learning|flood|mcast_flood|bcast_flood|isolated)$/ { k = $1; next }
		     k { print k, $1; k = "" }'
}

link_set() { on_each link_set_on; }
link_set_on() {
	local flag
	link_flags h1-p
	for flag in learning flood mcast_flood bcast_flood isolated; do
		bridge link set dev h1-p "$flag" "$( [ "$flag" = isolated ] && echo on || echo off)"
	done
	link_flags h1-p
	if [ "$1" = xenbr ]; then
		# One implementation: xenbr-ctl reads what "bridge" set...
		xenbr-ctl -j port show h1-p | jq -e '.[0] | .learning == false and
			.flood == false and .mcast_flood == false and
			.bcast_flood == false and .isolated == true' > /dev/null ||
			fail "xenbr-ctl sees other flags: $(xenbr-ctl -j port show h1-p)"
		# ...and "bridge" what xenbr-ctl set.
		xenbr-ctl port set h1-p learning on
		link_flags h1-p | grep -qx "learning on" || fail "bridge does not see learning on"
		xenbr-ctl port set h1-p learning off
		# What xenbr has not got is refused, not ignored.
		check_fails "hairpin" bridge link set dev h1-p hairpin on >&2
		check_fails "cost" bridge link set dev h1-p cost 5 >&2
	fi
}

isolation() { on_each isolation_on; }
isolation_on() {
	# h1 knows h2's MAC and the bridge knows where h2 is: a unicast frame
	# is tried, not only the broadcast ARP.
	ip netns exec h2 ping -c 1 -W 2 10.0.0.1 > /dev/null
	ip -n h1 neigh add 10.0.0.12 lladdr $H2 dev eth0 nud permanent
	bridge link set dev h1-p isolated on
	bridge link set dev h2-p isolated on
	if ip netns exec h1 ping -c 1 -W 1 10.0.0.12 > /dev/null 2>&1; then
		echo "h1 reached h2: both isolated"
	fi
	ip netns exec h1 ping -c 1 -W 2 10.0.0.13 > /dev/null && echo "h1 reaches h3"
	ip netns exec h2 ping -c 1 -W 2 10.0.0.13 > /dev/null && echo "h2 reaches h3"
	ip netns exec h1 ping -c 1 -W 2 10.0.0.1 > /dev/null && echo "h1 reaches dom0"
	bridge link set dev h2-p isolated off
	ip netns exec h1 ping -c 1 -W 2 10.0.0.12 > /dev/null && echo "h1 reaches h2 again"
	if [ "$1" = xenbr ]; then
		xenbr-ctl -j stats h1-p | jq -e '.[0].drops.isolated >= 1' > /dev/null ||
			fail "isolated drops not counted: $(xenbr-ctl stats h1-p)"
	fi
}

# A kernel whose Linux bridge has no VLAN filtering (the debug kernel's
# has none) compares xenbr with the recorded reference alone.
vlan_show() { on_each vlan_show_on vlans; }
vlan_show_on() {
	if [ "$1" = bridge ]; then
		ip link set br0 type bridge vlan_filtering 1
	else
		xenbr-ctl vlan filtering br0 on
	fi
	bridge vlan add dev h1-p vid 10 pvid untagged
	bridge vlan add dev h2-p vid 10
	bridge vlan add dev h2-p vid 20-22
	bridge vlan del dev h2-p vid 21
	bridge vlan add dev br0 vid 10 self
	bridge vlan show | sed 's/[[:space:]]*$//'
	bridge -compressvlans vlan show dev h2-p | sed 's/[[:space:]]*$//'
	bridge -j vlan show | jq -c 'sort_by(.ifname)'
	# A tagged VLAN 10 frame from h2 reaches h1 untagged (its PVID).
	ip -n h2 link add link eth0 name eth0.10 type vlan id 10
	ip -n h2 addr add 10.0.10.12/24 dev eth0.10
	ip -n h2 link set eth0.10 up
	ip -n h1 addr add 10.0.10.11/24 dev eth0
	ip netns exec h2 ping -c 1 -W 2 10.0.10.11 > /dev/null && echo "VLAN 10 carries h2 to h1"
	if [ "$1" = xenbr ]; then
		xenbr-ctl vlan show dev h2-p | grep -q "22" || fail "xenbr-ctl does not see VLAN 22"
	fi
}

# "ip" sees the port's master and the bridge's kind (no bridge needed).
ip_link() {
	topo xenbr
	check_eq br0 "$(ip -j link show h1-p | jq -r '.[0].master')" "master of h1-p"
	check_eq xenbr "$(ip -d -j link show br0 | jq -r '.[0].linkinfo.info_kind')" "kind of br0"
	check_eq xenbr "$(ip -d -j link show h1-p | jq -r '.[0].linkinfo.info_slave_kind')" \
		"slave kind of h1-p"
	ip -d link show h1-p | grep -q "xenbr_slave" || fail "ip -d link show: no xenbr_slave"
	# bridge.ko is loaded and its notifier has seen every event: nothing
	# took a xenbr port for one of its own.
	[ -d /sys/module/bridge ] || fail "bridge.ko is not loaded"
}

run_tests
