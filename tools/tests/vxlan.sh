#!/bin/bash
# vxlan as a port: two hosts, each with its own bridge, joined by the
# kernel's vxlan device over an underlay, carry their guests' L2 between
# them, as a Linux bridge does: the reference run (stock kernel), then xenbr's.
#
#   ns gA                                          ns gB
#   eth0 10.0.0.1/24 mtu 1450                      eth0 10.0.0.2/24 mtu 1450
#    |                                              |
#   gA-p                                           gB-p
#    |        ns hostA            ns hostB          |
#    +------ xbr -- vx0                vx0 -- xbr ---+
#                   (VNI 42)           (VNI 42)
#                    |                  |
#                   ul 192.0.2.1 <-veth-> ul 192.0.2.2     (underlay, 1500)
. "$(dirname "$0")/lib.sh"

ALL_TESTS="across_hosts"
# A tunnel as a port reaches no line of xenbr.ko that the others do not
# (make coverage BY_CASE=1): the stock run's.
STOCK_ONLY=$ALL_TESTS

GA=02:00:00:00:0a:01
GB=02:00:00:00:0b:01

# host NAME LOCAL REMOTE KIND: a host with its bridge and its vxlan port.
host() {
	ip -n "$1" addr add "$2/24" dev ul
	ip -n "$1" link set ul up
	ip -n "$1" link set lo up
	ip -n "$1" link add vx0 type vxlan id 42 local "$2" remote "$3" dstport 4789 dev ul
	bridge_add "$4" xbr "$1"
	ip -n "$1" link set vx0 master xbr
	ip -n "$1" link set vx0 up
	ip -n "$1" link set xbr up
}

# guest NAME HOST MAC IPV4: its NIC at the vxlan MTU, its veth a port.
vguest() {
	ip netns add "$1"
	no_ipv6 "$1"
	ip -n "$2" link add "$1-p" type veth peer name eth0 netns "$1"
	ip -n "$1" link set eth0 address "$3" mtu 1450
	ip -n "$1" addr add "$4/24" dev eth0
	ip -n "$1" link set eth0 up
	ip -n "$2" link set "$1-p" master xbr
	ip -n "$2" link set "$1-p" up
}

# topo: no bridge in dom0; the hosts, their bridges and guests are topo_more's.
TOPO_BRIDGE=
TOPO_GUESTS=
topo_more() {
	[ "$1" = xenbr ] && xenbr_load
	ip netns add hostA
	ip netns add hostB
	no_ipv6 hostA
	no_ipv6 hostB
	ip -n hostA link add ul type veth peer name ul netns hostB
	host hostA 192.0.2.1 192.0.2.2 "$1"
	host hostB 192.0.2.2 192.0.2.1 "$1"
	vguest gA hostA $GA 10.0.0.1
	vguest gB hostB $GB 10.0.0.2
}

# remote_on_vx0 KIND HOST MAC: HOST's bridge learned MAC behind vx0.
remote_on_vx0() {
	if [ "$1" = bridge ]; then
		ip netns exec "$2" bridge fdb show br xbr | grep -qi "^$3 dev vx0 master xbr"
	else
		ip netns exec "$2" xenbr-ctl fdb show xbr | grep -qi "^$3 dev vx0 "
	fi
}

across_hosts() { on_each across_hosts_on; }
across_hosts_on() {
	local kind=$1
	check_eq 1450 "$(ip netns exec hostA cat /sys/class/net/xbr/mtu)" \
		"$kind: the bridge's MTU follows vx0's"
	ip netns exec gA ping -c 2 -W 2 10.0.0.2 > /dev/null ||
		fail "$kind: gA does not reach gB across the hosts"
	# A full 1450-byte packet, not fragmented: 1422 + 28.
	ip netns exec gB ping -c 1 -W 2 -M do -s 1422 10.0.0.1 > /dev/null ||
		fail "$kind: a 1450-byte packet did not cross"
	remote_on_vx0 "$kind" hostA $GB || fail "$kind: hostA did not learn gB on vx0"
	remote_on_vx0 "$kind" hostB $GA || fail "$kind: hostB did not learn gA on vx0"
}

run_tests
