#!/bin/bash
# Bridges at boot: ifupdown's ifup and ifdown with the xenbr hook on an
# /etc/network/interfaces stanza. In the stock VM of make check the hook,
# the tool and xenbr.ko are those of the packages (xenbr-utils's files,
# the module as DKMS built it, found by modprobe); elsewhere the tree's.
#
#   ns lan: lan0 192.0.2.1/24, 198.51.100.1 on lo    ns g1: eth0 192.0.2.20/24
#    |                                                |
#   eth0 (the NIC, veth)                             g1-p (a guest's vif)
#    |                                                |
#    +------------ xenbr0 (ifup: 192.0.2.10/24, ------+
#                  gateway 192.0.2.1)
. "$(dirname "$0")/lib.sh"

ALL_TESTS="ifup_ifdown bad_stanza"
# The hook is a shell script driving ip and xenbr-ctl: the stock run's (it
# also has the packages' DKMS-built module, which the debug VM has not).
STOCK_ONLY=$ALL_TESTS

# ifup runs everything with /bin/sh: dash for this file, as on Debian, since
# busybox's sh prefers its own applets (run-parts, ip) to the real ones.
ln -sf /usr/bin/dash /bin/sh
trap 'ln -sf /bin/busybox /bin/sh' EXIT

# Install the hook as xenbr-utils does, and the DKMS-built module.
setup() {
	local kver
	kver=$(uname -r)
	rm -f /etc/network/if-pre-up.d/xenbr /etc/network/if-post-down.d/xenbr
	if [ -d "/pkg/lib/modules/$kver" ]; then
		echo "with the packages' files and the DKMS-built module"
		mkdir -p /usr/lib/xenbr
		cp -a /pkg/usr/lib/xenbr/. /usr/lib/xenbr/
		cp -a /pkg/etc/network/. /etc/network/
		mkdir -p "/lib/modules/$kver/updates/dkms"
		cp "/pkg/lib/modules/$kver/updates/dkms/xenbr.ko" "/lib/modules/$kver/updates/dkms/"
		depmod -a
		# The hook is to load the module itself.
		xenbr_unload
		PKG=1
	else
		echo "with the tree's hook and module (no packages for $kver)"
		cp /xenbr/ifupdown-xenbr /etc/network/if-pre-up.d/xenbr
		cp /xenbr/ifupdown-xenbr /etc/network/if-post-down.d/xenbr
		xenbr_load
		PKG=
	fi
	mkdir -p /run/network
	rm -f /run/network/ifstate
}

lan() {
	no_ipv6
	ip netns add lan
	ip link add eth0 type veth peer name lan0 netns lan
	ip -n lan link set lo up
	ip -n lan link set lan0 up
	ip -n lan addr add 192.0.2.1/24 dev lan0
	ip -n lan addr add 198.51.100.1/32 dev lo
	ip netns add g1
	no_ipv6 g1
	ip link add g1-p type veth peer name eth0 netns g1
	ip -n g1 link set lo up
	ip -n g1 link set eth0 address 02:00:00:00:17:21
	ip -n g1 link set eth0 up
	ip -n g1 addr add 192.0.2.20/24 dev eth0
	ip -n g1 route add default via 192.0.2.1
}

ifup_ifdown() {
	setup
	lan
	cat > /etc/network/interfaces <<'IF'
auto xenbr0
iface xenbr0 inet static
	address 192.0.2.10/24
	gateway 192.0.2.1
	xenbr-ports eth0 g1-p
	xenbr-vlan-aware yes
IF
	cat /etc/network/interfaces
	ifup -v xenbr0
	ip -d link show dev xenbr0 | grep -q ' xenbr ' || fail "ifup made no xenbr bridge"
	check_eq "eth0 g1-p" "$(ports_of xenbr0 | tr '\n' ' ' | sed 's/ $//')" "the bridge's ports"
	[ -n "$(ip link show dev eth0 up)" ] && [ -n "$(ip link show dev g1-p up)" ] ||
		fail "ifup left a port down"
	check_eq on "$(xenbr-ctl vlan filtering xenbr0)" "VLAN filtering of xenbr-vlan-aware yes"
	ip -o addr show dev xenbr0 | grep -q '192.0.2.10/24' || fail "no address on xenbr0"
	ip route show default | grep -q 'via 192.0.2.1 dev xenbr0' || fail "no default route on xenbr0"
	if [ -n "$PKG" ]; then
		check_eq "/lib/modules/$(uname -r)/updates/dkms/xenbr.ko" "$(modinfo -n xenbr)" \
			"the module modprobe loads"
		grep -q '^xenbr ' /proc/modules || fail "the hook did not load xenbr"
	fi
	ip netns exec g1 ping -c 1 -W 2 192.0.2.10 > /dev/null || fail "the guest cannot reach dom0"
	ip netns exec g1 ping -c 1 -W 2 198.51.100.1 > /dev/null ||
		fail "the guest cannot reach the network"
	ping -c 1 -W 2 198.51.100.1 > /dev/null || fail "dom0 cannot reach the network"
	xenbr-ctl show xenbr0

	ifdown -v xenbr0
	[ ! -e /sys/class/net/xenbr0 ] || fail "ifdown left xenbr0"
	[ ! -e /sys/class/net/eth0/master ] && [ ! -e /sys/class/net/g1-p/master ] ||
		fail "ifdown left a port enslaved"
	[ -z "$(ip link show dev eth0 up)" ] || fail "ifdown left eth0 up"
	! grep -q xenbr0 /run/network/ifstate 2>/dev/null || fail "ifupdown still counts xenbr0 up"
}

# ifup_fails WHY STANZA-LINES: ifup of xenbr1 fails and says WHY, with no
# bridge left behind.
ifup_fails() {
	local why=$1
	printf 'iface xenbr1 inet static\n\taddress 192.0.2.30/24\n%b\n' "$2" \
		> /etc/network/interfaces
	check_fails "ifup with '$2'" ifup xenbr1
	grep -q "$why" /tmp/check_fails.err || fail "ifup said '$(cat /tmp/check_fails.err)', not '$why'"
	ifdown --force xenbr1 > /dev/null 2>&1 || true
}

bad_stanza() {
	setup
	lan
	ifup_fails "xenbr-ports: no device nosuch" '\txenbr-ports eth0 nosuch'
	[ ! -e /sys/class/net/xenbr1 ] || fail "a failed ifup left xenbr1"
	[ ! -e /sys/class/net/eth0/master ] || fail "a failed ifup enslaved eth0"
	ip link add xenbr1 type veth peer name xenbr1p
	ifup_fails "xenbr1 exists and is not a xenbr bridge" '\txenbr-ports eth0'
	[ ! -e /sys/class/net/eth0/master ] || fail "a failed ifup enslaved eth0"
	ip link del xenbr1
	ifup_fails "xenbr-vlan-aware: 'maybe' is not yes or no" \
		'\txenbr-ports eth0\n\txenbr-vlan-aware maybe'
	[ ! -e /sys/class/net/xenbr1 ] || fail "a failed ifup left xenbr1"
}

run_tests
