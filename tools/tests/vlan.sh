#!/bin/bash
# 802.1Q VLAN filtering (issue 14). Each case runs on a Linux bridge with
# vlan_filtering 1, configured by "bridge vlan", then on xenbr configured
# by "xenbr-ctl vlan", with the same expectations. All guests share one
# subnet: only the VLANs keep them apart. The Linux bridge runs on the
# stock kernel only (reference_kinds in lib.sh).
#
#   ns a10        ns b10        ns a20        ns b20        ns up (trunk)
#   eth0 .11      eth0 .12      eth0 .21      eth0 .22      eth0.10 .100
#    |             |             |             |            eth0.20 .200
#    |             |             |             |            eth0 (tags)
#   a10-p         b10-p         a20-p         b20-p         up-p
#   10 PVID U     10 PVID U     20 PVID U     20 PVID U     10, 20 tagged,
#    |             |             |             |            no PVID
#    +-------------+------ br0 --+-------------+-------------+
#                  self: 1 PVID untagged, 20 tagged
#                  br0.20 (dom0, 10.0.0.1): "ip link add link br0
#                  name br0.20 type vlan id 20"
#
# Addresses are 10.0.0.x/24 everywhere; "up" answers ARP only on the
# device that holds the address (arp_ignore 1) and pings with -I, so its
# two VLAN devices in one subnet stay apart. IPv6 is off everywhere.
#
# Tags in the frame or in metadata: the receive path of any Linux device
# (veth here, netback in dom0) moves an 802.1Q tag out of the frame into
# skb metadata before a bridge's rx_handler runs, so from a port both
# arrive as metadata; a guest's "ethtool -K eth0 txvlan off" still makes
# the tag go over the veth in the frame, and that case is run too. Into the
# bridge device itself, from dom0's br0.20, the tag comes in metadata while
# br0 offers VLAN insertion (tx-vlan-offload, the default) and in the frame
# when it does not (ethtool -K br0 txvlan off): the dom0 case runs both.
#
# The debug kernel has no CONFIG_BRIDGE_VLAN_FILTERING: there, the Linux
# bridge half is skipped and xenbr runs alone against the same checks.
. "$(dirname "$0")/lib.sh"

ALL_TESTS="access_trunk_dom0 flood_in_vlan ingress_filter per_vlan_fdb
	vlan_removal filtering_off show_output ctl_errors"
# KUnit (vlan_test.c) decides every frame's VLAN; the debug run keeps the
# cases that reach lines no other case does (make coverage BY_CASE=1).
STOCK_ONLY="access_trunk_dom0 flood_in_vlan ingress_filter vlan_removal
	filtering_off ctl_errors"

A10=02:00:00:00:0a:11
B10=02:00:00:00:0a:12
A20=02:00:00:00:0a:21
B20=02:00:00:00:0a:22
UP=02:00:00:00:0a:99
BCAST=ff:ff:ff:ff:ff:ff

# vlan KIND add|del DEV VID [pvid] [untagged]: bridge vlan, or xenbr-ctl.
vlan() {
	local kind=$1 op=$2 dev=$3 vid=$4 self=
	shift 4
	if [ "$kind" = bridge ]; then
		[ "$dev" = br0 ] && self=self
		bridge vlan "$op" dev "$dev" vid "$vid" "$@" $self
	else
		xenbr-ctl vlan "$op" dev "$dev" vid "$vid" "$@"
	fi
}

# filtering KIND 0|1
filtering() {
	if [ "$1" = bridge ]; then
		ip link set br0 type bridge vlan_filtering "$2"
	else
		xenbr-ctl vlan filtering br0 "$([ "$2" = 1 ] && echo on || echo off)"
	fi
}

# access KIND PORT VID: an access port of VID only.
access() {
	vlan "$1" add "$2" "$3" pvid untagged
	vlan "$1" del "$2" 1
}

# topo: the drawing, with filtering on.
TOPO_ADDR=
TOPO_MODULES=8021q
TOPO_GUESTS="
	a10 $A10 10.0.0.11/24 -
	b10 $B10 10.0.0.12/24 -
	a20 $A20 10.0.0.21/24 -
	b20 $B20 10.0.0.22/24 -
	up $UP - -
"
topo_bridge() { filtering "$1" 1; }
topo_more() {
	access "$1" a10-p 10
	access "$1" b10-p 10
	access "$1" a20-p 20
	access "$1" b20-p 20
	vlan "$1" add up-p 10
	vlan "$1" add up-p 20
	vlan "$1" del up-p 1
	vlan "$1" add br0 20
	ip netns exec up sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore'
	ip -n up link add link eth0 name eth0.10 type vlan id 10
	ip -n up link add link eth0 name eth0.20 type vlan id 20
	ip -n up addr add 10.0.0.100/24 dev eth0.10
	ip -n up addr add 10.0.0.200/24 dev eth0.20
	ip -n up link set eth0.10 up
	ip -n up link set eth0.20 up
	ip link add link br0 name br0.20 type vlan id 20
	ip addr add 10.0.0.1/24 dev br0.20
	ip link set br0.20 up
}

# reach KIND NS [-I DEV] IP: a ping gets an answer (ARP included).
reach() {
	local kind=$1 ns=$2
	shift 2
	wait_until 5 ip netns exec "$ns" ping -c 1 -W 1 "$@" > /dev/null ||
		fail "$kind: $ns cannot reach ${*: -1}"
}

# apart KIND NS [-I DEV] IP: no answer (within half a second: an answer
# across the bridge takes milliseconds, and the reference run proves it).
apart() {
	local kind=$1 ns=$2
	shift 2
	if ip netns exec "$ns" ping -c 1 -W 0.5 "$@" > /dev/null 2>&1; then
		fail "$kind: $ns reached ${*: -1} across VLANs"
	fi
}

# drops DEV REASON: xenbr's drop counter of DEV.
drops() {
	xenbr-ctl -j stats "$1" | jq ".[0].drops.$2"
}

# fdb_line KIND MAC DEV VID: the learned entry of MAC in VLAN VID on DEV.
fdb_line() {
	if [ "$1" = bridge ]; then
		bridge fdb show br br0 | grep -q "^$2 dev $3 vlan $4 master br0 *$"
	else
		xenbr-ctl fdb show br0 | grep -q "^$2 dev $3 vlan $4 learned "
	fi
}

# Guests of one VLAN reach each other, the trunk's device of their VLAN
# and (VLAN 20) dom0's br0.20; nothing of the other VLAN.
access_trunk_dom0() { on_each access_trunk_dom0_on vlans; }
access_trunk_dom0_on() {
	reach "$1" a10 10.0.0.12
	reach "$1" a20 10.0.0.22
	apart "$1" a10 10.0.0.21
	apart "$1" b20 10.0.0.11
	reach "$1" up -I eth0.10 10.0.0.11
	reach "$1" up -I eth0.20 10.0.0.21
	apart "$1" up -I eth0.10 10.0.0.22
	apart "$1" up -I eth0.20 10.0.0.12
	reach "$1" a20 10.0.0.1
	reach "$1" up -I eth0.20 10.0.0.1
	ping -c 1 -W 0.5 10.0.0.11 > /dev/null 2>&1 &&
		fail "$1: dom0's br0.20 reached VLAN 10"
	# dom0's tags in the frame, not in metadata.
	ethtool -K br0 txvlan off
	ip neigh flush dev br0.20
	wait_until 5 ping -c 1 -W 1 10.0.0.22 > /dev/null ||
		fail "$1: dom0 (txvlan off) lost VLAN 20"
	ip neigh flush dev br0.20
	ping -c 1 -W 0.5 10.0.0.11 > /dev/null 2>&1 &&
		fail "$1: dom0's br0.20 (txvlan off) reached VLAN 10"
	return 0
}

# A broadcast of VLAN 10 reaches VLAN 10's guest and the trunk's eth0.10
# (tagged, 10), and no one in VLAN 20.
flood_in_vlan() { on_each flood_in_vlan_on vlans; }
flood_in_vlan_on() {
	local ns
	for ns in b10 a20 b20; do count_to $ns eth0 $BCAST; done
	count_to up eth0.10 $BCAST
	count_to up eth0.20 $BCAST
	# An ARP request for an address nobody has: broadcasts, no answer.
	ip netns exec a10 ping -c 2 -i 0.3 -W 1 10.0.0.99 > /dev/null 2>&1 || true
	wait_until 3 eval '[ "$(counted b10 eth0)" -ge 1 ]' ||
		fail "$1: the broadcast missed b10"
	wait_until 3 eval '[ "$(counted up eth0.10)" -ge 1 ]' ||
		fail "$1: the broadcast missed the trunk's VLAN 10"
	for ns in a20 b20; do
		check_eq 0 "$(counted $ns eth0)" "$1: broadcasts of VLAN 10 at $ns"
	done
	check_eq 0 "$(counted up eth0.20)" "$1: broadcasts of VLAN 10 on the trunk's VLAN 20"
}

# A guest on an access port of VLAN 10 tags frames into VLAN 20: dropped,
# with the tag in metadata (veth's txvlan, the default) and in the frame
# (txvlan off); the trunk has no PVID, so its untagged frames are dropped.
ingress_filter() { on_each ingress_filter_on vlans; }
ingress_filter_on() {
	local mode n0 n
	count_to a20 eth0 $BCAST
	count_to b10 eth0 $BCAST
	ip -n a10 link add link eth0 name eth0.20 type vlan id 20
	ip -n a10 addr add 10.0.0.31/24 dev eth0.20
	ip -n a10 link set eth0.20 up
	n0=0
	[ "$1" = xenbr ] && n0=$(drops a10-p vlan_ingress)
	for mode in on off; do
		ip netns exec a10 ethtool -K eth0 txvlan $mode
		echo "$1: a10's eth0: $(ip netns exec a10 ethtool -k eth0 | grep tx-vlan-offload)"
		apart "$1" a10 -I eth0.20 10.0.0.21
		check_eq 0 "$(counted a20 eth0)" "$1: tagged frames (txvlan $mode) that reached VLAN 20"
		if [ "$1" = xenbr ]; then
			n=$(drops a10-p vlan_ingress)
			check_ge $(( n0 + 1 )) "$n" "vlan_ingress drops on a10-p (txvlan $mode)"
			n0=$n
		fi
	done
	# Untagged from the trunk: no PVID.
	ip -n up addr add 10.0.0.150/24 dev eth0
	ip -n up link set eth0 up
	[ "$1" = xenbr ] && n0=$(drops up-p vlan_no_pvid)
	apart "$1" up -I eth0 10.0.0.12
	check_eq 0 "$(counted b10 eth0)" "$1: untagged frames from the trunk that reached VLAN 10"
	if [ "$1" = xenbr ]; then
		check_ge $(( n0 + 1 )) "$(drops up-p vlan_no_pvid)" "vlan_no_pvid drops on up-p"
	fi
}

# One MAC in VLAN 10 on a10-p and in VLAN 20 on a20-p: two entries, no
# flapping.
per_vlan_fdb() { on_each per_vlan_fdb_on vlans; }
per_vlan_fdb_on() {
	local i
	ip -n a20 link set eth0 address $A10
	# No ARP between a20 and b20: a neighbour used while stale is probed
	# 5 s later, and a20's probe or its answer to b20's, that late on the
	# debug kernel, taught the bridge $A10 again after the flush below.
	ip -n a20 neigh replace 10.0.0.22 lladdr $B20 dev eth0 nud permanent
	ip -n b20 neigh replace 10.0.0.21 lladdr $A10 dev eth0 nud permanent
	for i in 1 2; do
		reach "$1" a10 10.0.0.12
		reach "$1" a20 10.0.0.22
	done
	fdb_line "$1" $A10 a10-p 10 || fail "$1: no entry of $A10 in VLAN 10 on a10-p"
	fdb_line "$1" $A10 a20-p 20 || fail "$1: no entry of $A10 in VLAN 20 on a20-p"
	if [ "$1" = xenbr ]; then
		xenbr-ctl fdb show br0
		check_eq 2 "$(xenbr-ctl -j fdb show br0 | jq "[.[] | select(.mac == \"$A10\")] | length")" \
			"entries of $A10"
		check_eq 1 "$(xenbr-ctl fdb show br0 vlan 20 | grep -c "^$A10 ")" \
			"entries of $A10 in VLAN 20 (fdb show vlan 20)"
		check_eq 0 "$(xenbr-ctl -j stats br0 | jq '.[0].fdb_moves')" "FDB moves"
		xenbr-ctl fdb flush br0 vlan 20
		fdb_line "$1" $A10 a10-p 10 || fail "fdb flush vlan 20 took VLAN 10's entry"
		! fdb_line "$1" $A10 a20-p 20 || fail "fdb flush vlan 20 left its entry"
	fi
}

# Taking VLAN 20 off b20-p stops its traffic and forgets what it learned
# there.
vlan_removal() { on_each vlan_removal_on vlans; }
vlan_removal_on() {
	reach "$1" a20 10.0.0.22
	fdb_line "$1" $B20 b20-p 20 || fail "$1: b20 not learned in VLAN 20"
	vlan "$1" del b20-p 20
	! fdb_line "$1" $B20 b20-p 20 || fail "$1: b20's entry outlived its VLAN"
	ip -n a20 neigh flush dev eth0
	apart "$1" a20 10.0.0.22
	# The rest of VLAN 20 carries on.
	reach "$1" a20 10.0.0.1
}

# Filtering off: VLAN-unaware and transparent again; the tagged frames of
# dom0's br0.20 still cross to the trunk's eth0.20.
filtering_off() { on_each filtering_off_on vlans; }
filtering_off_on() {
	apart "$1" a10 10.0.0.21
	filtering "$1" 0
	reach "$1" a10 10.0.0.21
	reach "$1" b20 10.0.0.12
	reach "$1" up -I eth0.20 10.0.0.1
	if [ "$1" = xenbr ]; then
		check_eq false "$(xenbr-ctl -j show br0 | jq '.[0].vlan_filtering')" \
			"vlan_filtering in show -j"
		check_eq off "$(xenbr-ctl vlan filtering br0)" "vlan filtering br0"
	fi
}

# What "bridge vlan show" prints for the drawing.
SHOW_TEXT="port              vlan-id  
br0               1 PVID Egress Untagged
                  20
a10-p             10 PVID Egress Untagged
b10-p             10 PVID Egress Untagged
a20-p             20 PVID Egress Untagged
b20-p             20 PVID Egress Untagged
up-p              10
                  20"
SHOW_JSON='[{"ifname":"br0","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"]},{"vlan":20}]},{"ifname":"a10-p","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"]}]},{"ifname":"b10-p","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"]}]},{"ifname":"a20-p","vlans":[{"vlan":20,"flags":["PVID","Egress Untagged"]}]},{"ifname":"b20-p","vlans":[{"vlan":20,"flags":["PVID","Egress Untagged"]}]},{"ifname":"up-p","vlans":[{"vlan":10},{"vlan":20}]}]'

# xenbr-ctl vlan show, text and -j, as bridge vlan show prints the same
# topology, line by line; a range is a line per VLAN as there.
show_output() { on_each show_output_on vlans; }
show_output_on() {
	local text js one
	if [ "$1" = bridge ]; then
		text=$(bridge vlan show)
		js=$(bridge -j vlan show)
		one=$(bridge vlan show dev up-p)
	else
		text=$(xenbr-ctl vlan show)
		js=$(xenbr-ctl -j vlan show)
		one=$(xenbr-ctl vlan show dev up-p)
	fi
	echo "$text"
	if [ "$text" != "$SHOW_TEXT" ]; then
		diff <(echo "$SHOW_TEXT") <(echo "$text") | cat -A
		fail "$1: vlan show differs from bridge vlan show's"
	fi
	check_eq "$(echo "$SHOW_JSON" | jq -cS .)" "$(echo "$js" | jq -cS .)" "$1: vlan show -j"
	check_eq "$(echo "$SHOW_TEXT" | sed -n '1p;8,9p')" "$one" "$1: vlan show dev up-p"
	vlan "$1" add b20-p 30-32
	if [ "$1" = bridge ]; then
		text=$(bridge vlan show dev b20-p)
	else
		text=$(xenbr-ctl vlan show dev b20-p)
	fi
	check_eq "$(printf '%s\n' "port              vlan-id  " \
		"b20-p             20 PVID Egress Untagged" \
		"                  30" "                  31" "                  32")" \
		"$text" "$1: a range, a line per VLAN"
}

# xenbr-ctl's refusals: each with a clear message and no change.
ctl_errors() {
	local before nobody="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
	topo xenbr
	ip link add d0 type dummy
	xenbr-ctl fdb add br0 02:aa:00:00:00:01 a10-p vlan 10
	before=$(xenbr-ctl vlan show; xenbr-ctl -j show; xenbr-ctl fdb show br0 | grep -v learned | cut -d' ' -f1-6)
	while read -r what args; do
		# shellcheck disable=SC2086
		check_fails "$what" xenbr-ctl $args
	done <<-EOF
		vid-0 vlan add dev a10-p vid 0
		vid-4095 vlan add dev a10-p vid 4095
		bad-range vlan add dev a10-p vid 30-20
		range-end vlan add dev a10-p vid 30-5000
		pvid-range vlan add dev a10-p vid 30-32 pvid
		not-a-port vlan add dev d0 vid 30
		no-device vlan add dev nosuch0 vid 30
		default-pvid-filtering vlan default-pvid br0 30
		default-pvid-4095 vlan default-pvid br0 4095
		fdb-vlan-not-member fdb add br0 02:aa:00:00:00:02 a10-p vlan 20
		fdb-vlan-4095 fdb add br0 02:aa:00:00:00:02 a10-p vlan 4095
		not-a-port-show vlan show dev d0
	EOF
	grep -q "neither a xenbr bridge nor a port" /tmp/check_fails.err ||
		fail "vlan show dev d0: $(cat /tmp/check_fails.err)"
	# shellcheck disable=SC2086
	if $nobody xenbr-ctl vlan add dev a10-p vid 30 2> /tmp/err; then
		fail "unprivileged vlan add succeeded"
	fi
	grep -q "Operation not permitted" /tmp/err || fail "unprivileged: $(cat /tmp/err)"
	# shellcheck disable=SC2086
	$nobody xenbr-ctl vlan filtering br0 off 2> /dev/null &&
		fail "unprivileged vlan filtering off succeeded"
	check_eq "$before" "$(xenbr-ctl vlan show; xenbr-ctl -j show; xenbr-ctl fdb show br0 | grep -v learned | cut -d' ' -f1-6)" \
		"state after the refusals"
	# shellcheck disable=SC2086
	$nobody xenbr-ctl vlan show > /dev/null || fail "unprivileged vlan show"
	# Allowed with filtering off, as on the Linux bridge.
	xenbr-ctl vlan filtering br0 off
	xenbr-ctl vlan default-pvid br0 30
	check_eq 30 "$(xenbr-ctl vlan default-pvid br0)" "default-pvid"
	check_eq 30 "$(xenbr-ctl -j show br0 | jq '.[0].default_pvid')" "default_pvid in show -j"
}

run_tests
