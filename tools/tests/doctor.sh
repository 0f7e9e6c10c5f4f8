#!/bin/bash
# xenbr-ctl doctor: a healthy host is all "ok"; each break of the seeds'
# checklist, made one at a time and mended after, is caught on a FAIL line
# that names the device at fault; a veth named like a vif is no vif.
# Before doctor is asked, iproute2 (the reference) shows that the break is
# real.
#
#   dom0 (the VM)
#
#   xd0 10.7.7.1/24
#     +-- peth0 <--veth--> eth0 10.7.7.100/24            [netns lan]
#     +-- g1-p  <--veth--> eth0 02:00:00:00:18:01 10.7.7.11  [g1]
#     +-- g2-p  <--veth--> eth0 02:00:00:00:18:02 10.7.7.12  [g2]
#
# no_uplink adds xd1 (up, no port); veth_named_vif adds the veth pair
# vif9.0 <--> vif9.0-peer; lock_and_vlans a tap vif9.0-emu (an HVM guest's
# NIC) where the kernel has tun. IPv6 is off: only the pings speak.

ALL_TESTS="
	healthy
	bridge_down
	uplink_no_carrier
	port_down
	no_uplink
	address_on_port
	vif_mac_on_bridge
	fdb_at_limit
	veth_named_vif
	lock_and_vlans
"
# doctor is xenbr-ctl's: it reads what the others' cases change in the
# kernel. The stock run's, but for the full FDB (the limit's refusal, and
# ethtool's driver info: lines no other case reaches, make coverage).
STOCK_ONLY="healthy bridge_down uplink_no_carrier port_down no_uplink
	address_on_port vif_mac_on_bridge veth_named_vif lock_and_vlans"

. "$(dirname "$0")/lib.sh"

# topo xenbr: the drawing, the LAN behind peth0 before the guests; then
# pings, so that everyone is learned and every link has come up.
TOPO_BRIDGE=xd0
TOPO_ADDR=10.7.7.1/24
TOPO_GUESTS="
	g1 02:00:00:00:18:01 10.7.7.11/24 -
	g2 02:00:00:00:18:02 10.7.7.12/24 -
"
topo_uplink() {
	ip netns add lan
	no_ipv6 lan
	ip link add peth0 type veth peer name eth0 netns lan
	ip -n lan addr add 10.7.7.100/24 dev eth0
	ip -n lan link set eth0 up
	ip link set peth0 master xd0
	ip link set peth0 up
}
topo_more() {
	ping -c 1 -W 2 10.7.7.100 > /dev/null
	ping -c 1 -W 2 10.7.7.11 > /dev/null
	ping -c 1 -W 2 10.7.7.12 > /dev/null
}

# doctor [ARGS]: xenbr-ctl doctor's lines in $OUT, its exit status in $RC.
doctor() {
	RC=0
	OUT=$(xenbr-ctl doctor "$@") || RC=$?
	printf '%s\n' "$OUT"
}

# all_ok [ARGS]: every line "ok", exit 0, and -j says the same.
all_ok() {
	doctor "$@"
	check_eq 0 "$RC" "doctor's exit status"
	! printf '%s\n' "$OUT" | grep -v '^ok ' ||
		fail "lines that are not ok"
	xenbr-ctl -j doctor "$@" | jq -e '.fail == 0 and .warn == 0 and
		.ok == (.checks | length) and .ok > 10 and
		all(.checks[]; .status == "ok" and .fix == null)' > /dev/null ||
		fail "doctor -j: $(xenbr-ctl -j doctor "$@")"
}

# caught CHECK DEV [ARGS]: exit 1, and a FAIL line of CHECK that names DEV
# and a fix; the JSON's finding has the same device.
caught() {
	local check=$1 dev=$2
	shift 2
	doctor "$@"
	check_eq 1 "$RC" "doctor's exit status"
	printf '%s\n' "$OUT" | grep -E "^FAIL $check: (.*[ (])?${dev}[ ,:)'].*\(fix: .+\)$" ||
		fail "no FAIL line of $check naming $dev"
	xenbr-ctl -j doctor "$@" | jq -e --arg c "$check" --arg d "$dev" \
		'any(.checks[]; .check == $c and .status == "FAIL" and
		     .dev == $d and (.fix | length) > 0) and .fail >= 1' > /dev/null ||
		fail "doctor -j has no FAIL of $check on $dev"
}

# mended [ARGS]: after the repair, nothing FAILs.
mended() {
	doctor "$@"
	check_eq 0 "$RC" "doctor's exit status after the repair"
	! printf '%s\n' "$OUT" | grep '^FAIL' || fail "FAIL lines after the repair"
}

# fix_of CHECK: the fix doctor gave on its FAIL line of CHECK.
fix_of() {
	printf '%s\n' "$OUT" | sed -n "s/^FAIL $1: .* (fix: \(.*\))\$/\1/p" | head -n 1
}

healthy() {
	topo xenbr
	all_ok
	all_ok xd0
	printf '%s\n' "$OUT" | grep -q '^ok uplink: xd0 has uplinks g1-p, g2-p, peth0$' ||
		fail "the uplinks"
	printf '%s\n' "$OUT" | grep -q '^ok address: dom0.s address 10.7.7.1/24 on xd0$' ||
		fail "dom0's address"
	# Reading takes no privilege, and the unprivileged read the same.
	check_eq "$OUT" "$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all xenbr-ctl doctor xd0)" \
		"doctor as nobody"
	# A bridge that is not xenbr's, and one that does not exist.
	ip link add lb0 type bridge
	caught bridge lb0 lb0
	caught bridge nosuch0 nosuch0
}

bridge_down() {
	topo xenbr
	ip link set xd0 down
	ip -o link show xd0 | grep -q 'state DOWN' || fail "iproute2: xd0 is not down"
	caught bridge-up xd0
	eval "$(fix_of bridge-up)"
	mended
}

uplink_no_carrier() {
	topo xenbr
	ip -n lan link set eth0 down
	wait_until 5 eval 'ip -o link show peth0 | grep -q NO-CARRIER' ||
		fail "iproute2: peth0 has carrier"
	caught carrier peth0
	ip -n lan link set eth0 up
	wait_until 5 eval '! ip -o link show peth0 | grep -q NO-CARRIER'
	mended
}

port_down() {
	topo xenbr
	ip link set g1-p down
	ip -o link show g1-p | grep -q 'state DOWN' || fail "iproute2: g1-p is up"
	caught ports-up g1-p
	eval "$(fix_of ports-up)"
	mended
}

# A bridge of no port (as a bridge of vifs only would be): its guests
# reach nobody outside.
no_uplink() {
	topo xenbr
	bridge_up xd1
	check_eq "" "$(ports_of xd1)" "iproute2: ports of xd1"
	caught uplink xd1
	caught uplink xd1 xd1
	# doctor xd0 looks at xd0 only.
	doctor xd0
	check_eq 0 "$RC" "doctor xd0 with a broken xd1"
	ip link set peth0 nomaster
	ip link set peth0 master xd1
	mended xd1
}

# A hand-made set-up's leftover: dom0's address on the NIC, not the bridge.
address_on_port() {
	topo xenbr
	ip addr del 10.7.7.1/24 dev xd0
	ip addr add 10.7.7.1/24 dev peth0
	ip -o addr show dev peth0 | grep -q 'inet 10.7.7.1/24' || fail "iproute2: peth0's address"
	caught address peth0
	fix_of address | grep -q '^xenbr-ctl uplink add xd0 peth0, or by hand: ' ||
		fail "the fix: $(fix_of address)"
	# The fix's ip commands mend it.
	eval "$(fix_of address | sed 's/^.*by hand: //')"
	mended
	ping -c 1 -W 2 10.7.7.100 > /dev/null
}

# The MAC every netback vif has, on the bridge (what a Linux bridge of vifs
# takes when its uplink leaves).
vif_mac_on_bridge() {
	topo xenbr
	ip link set xd0 address fe:ff:ff:ff:ff:ff
	check_eq fe:ff:ff:ff:ff:ff "$(mac_of xd0)" "iproute2: xd0's MAC"
	caught mac xd0
	fix_of mac | grep -qx "ip link set xd0 address $(mac_of g1-p)" ||
		fail "the fix names the first uplink's MAC: $(fix_of mac)"
	eval "$(fix_of mac)"
	mended
}

# A port at its learning limit, then the bridge at its: new addresses are
# not learned; the refusals are a warning that names the port.
fdb_at_limit() {
	topo xenbr
	xenbr-ctl port set g1-p limit 1
	check_eq "learned 1 max 1" "$(xenbr-ctl limits xd0 | sed -n 's/^  g1-p: //p')" \
		"g1-p's learned entries"
	caught fdb-limit g1-p
	ip -n g1 link set eth0 address 02:00:00:00:18:03
	ip netns exec g1 ping -c 1 -W 1 10.7.7.1 > /dev/null || true
	xenbr-ctl port set g1-p limit 16384
	doctor
	check_eq 0 "$RC" "exit status after raising the limit"
	printf '%s\n' "$OUT" | grep -q '^warn learn-limit: xd0 did not learn [0-9]* addresses .* from g1-p$' ||
		fail "no learn-limit warning naming g1-p"
	xenbr-ctl limits xd0 max "$(xenbr-ctl -j limits xd0 | jq '.[0].learned')"
	caught fdb-limit xd0
	xenbr-ctl limits xd0 max 65536
	mended
}

# A veth named vif9.0 is no netback vif: loose, or a port, no alarm.
veth_named_vif() {
	topo xenbr
	ip link add vif9.0 type veth peer name vif9.0-peer
	ip link set vif9.0-peer up
	ip link set vif9.0 up
	all_ok
	printf '%s\n' "$OUT" | grep -qx 'ok vifs-attached: 0 netback vifs' ||
		fail "vif9.0 counted as a netback vif"
	ip link set vif9.0 master xd0
	all_ok
	printf '%s\n' "$OUT" | grep -q '^ok uplink: xd0 has uplinks .*vif9.0' ||
		fail "vif9.0, a port, is not an uplink"
	printf '%s\n' "$OUT" | grep -qx 'ok vifs-up: 0 netback vifs on xd0 connected' ||
		fail "vif9.0 taken for a netback vif"
}

# warned CHECK DEV: exit 0 (a warning is no failure) and a warn line of
# CHECK naming DEV.
warned() {
	doctor
	check_eq 0 "$RC" "doctor's exit status"
	printf '%s\n' "$OUT" | grep -E "^warn $1: (.*[ (])?${2}[ ,:)'].*" ||
		fail "no warn line of $1 naming $2"
}

# only_ok CHECK: exit 0, and CHECK's lines all "ok". Not all_ok: a guest's
# ARP that a locked or disabled port dropped meanwhile (the debug kernel is
# slow enough for one) leaves a "drops" warning for the bridge's lifetime.
only_ok() {
	doctor
	check_eq 0 "$RC" "doctor's exit status"
	printf '%s\n' "$OUT" | grep -q "^ok $1: " || fail "no ok line of $1"
	! printf '%s\n' "$OUT" | grep -E "^(warn|FAIL) $1: " || fail "$1 is not all ok"
}

# Findings that may be meant, so warnings: a locked port with no allowed
# address, a disabled one; a guest's port in a VLAN no uplink carries.
lock_and_vlans() {
	topo xenbr
	xenbr-ctl port set g1-p lock locked mac 02:00:00:00:18:01
	xenbr-ctl port show g1-p | grep -q 'lock locked' || fail "g1-p is not locked"
	warned lock g1-p
	xenbr-ctl port set g1-p lock locked mac 02:00:00:00:18:01 ipv4 10.7.7.11
	only_ok lock
	printf '%s\n' "$OUT" | grep -qx 'ok lock: 1 locked port of xd0, each with an address' ||
		fail "the locked port with an address"
	xenbr-ctl port set g2-p lock disabled
	warned lock g2-p
	xenbr-ctl port set g2-p lock unlocked
	xenbr-ctl port set g1-p lock unlocked
	only_ok lock

	xenbr-ctl vlan filtering xd0 on
	only_ok vlans
	# A guest's port needs a vif or a tap: the debug kernel has no tun.
	modprobe tun 2> /dev/null || true
	ip tuntap add dev vif9.0-emu mode tap 2> /dev/null ||
		{ echo "no tun in this kernel: the VLAN half is the stock kernel's"; return 0; }
	ip link set vif9.0-emu master xd0
	ip link set vif9.0-emu up
	xenbr-ctl vlan add dev vif9.0-emu vid 20 pvid untagged
	bridge vlan show dev peth0 | grep -qw 20 && fail "iproute2: peth0 carries VLAN 20"
	warned vlans vif9.0-emu
	printf '%s\n' "$OUT" | grep -q '^warn vlans: vif9.0-emu is in VLAN 20, which no uplink of xd0 carries' ||
		fail "the VLAN in the warning"
	xenbr-ctl vlan add dev peth0 vid 20
	only_ok vlans
}

run_tests
