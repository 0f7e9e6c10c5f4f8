#!/bin/bash
# xenbr on a real Xen host: Xen 4.17 under QEMU, this kernel as its PV dom0,
# real netback vifs of real PV guests (netfront). Run by `make check-xen`
# (tools/harness/xen.sh). The cases share one host and build on each other,
# in order: the toolstack, two guests on xenbr0 (g1, g2), then the others.
#
#   Xen 4.17 under QEMU
#   dom0 (PV)                                    PV guests (netfront)
#
#   xenbr0 10.0.0.1/24
#     +-- peth0 <--veth--> eth0 10.0.0.100/24    [netns lan: the network]
#     +-- vifD.0 <--netback/netfront--> eth0 00:16:3e:00:00:01 10.0.0.11 [g1]
#     +-- vifD.0 <--netback/netfront--> eth0 00:16:3e:00:00:02 10.0.0.12 [g2]
#
# Later cases add and remove guests (g3, ...) and their vifs on xenbr0. The
# last turns VLAN filtering on and makes peth0 a trunk of VLANs 10 and 20,
# which netns v10 (eth0.10 10.0.0.110) and v20 (eth0.20 10.0.0.120) are on:
# g5 bridge=xenbr0.10 (10.0.0.15), g6 bridge=xenbr0.20 (10.0.0.16) and the
# trunk guest g7 bridge=xenbr0:10:20 (eth0.20 10.0.0.17).

ALL_TESTS="
	toolstack
	two_guests
	vif_metrics
	destroy_recreate
	missing_bridge
	doctor_xen
	vif_mtu_and_switch
	vifname
	vif_bridge_compat
	vif_ip_lock
	rmmod_and_take_back
	upgrade_under_guests
	vlans
"

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xen/lib-xen.sh"
. "$(dirname "$0")/xen/doctor.sh"
. "$(dirname "$0")/xen/upgrade.sh"

# Nothing is torn down between cases; each leaves g1 and g2 running.
teardown() { :; }

# Make a failing case show what the guests and dom0 saw.
fail() {
	echo "FAIL: $*" >&2
	show_guests >&2
	exit 1
}

toolstack() {
	[ "$(cat /sys/hypervisor/type 2>/dev/null)" = xen ] || fail "not running on Xen"
	xen_start || fail "Xen's toolstack did not start"
	net_up
	check_eq "netback glue: on" "$(xenbr-ctl netback | head -n 1)" "the glue in dom0"
	# The glue's counters tell of the host's guests: not to a container.
	xenbr-ctl -j netback | jq -e '.vifs.attached >= 0' > /dev/null ||
		fail "no vif counters for dom0"
	ip netns add other
	check_eq null "$(ip netns exec other xenbr-ctl -j netback | jq -c .vifs)" \
		"vif counters seen from another namespace"
	ip netns del other
}

# vif_of NAME: the dom0 device of guest NAME's vif HANDLE (default 0).
vif_of() { echo "vif$(guest_domid "$1").${2:-0}"; }

# fdb_line N: xenbr0's FDB entry of guest N's MAC.
fdb_line() { xenbr-ctl fdb show xenbr0 | grep -i "^$(guest_mac "$1") " || true; }

# attached NAME N [HANDLE [DEV]]: the glue attached guest NAME's vif (DEV,
# by default netback's name vifD.H): a port of xenbr0, marked with its
# domid/handle/MAC, its MAC static there, and xenstore says connected.
attached() {
	local name=$1 n=$2 handle=${3:-0} domid vif
	domid=$(guest_domid "$name")
	vif=${4:-vif$domid.$handle}
	check_eq connected "$(xenstore-read "backend/vif/$domid/$handle/hotplug-status")" \
		"hotplug-status of $vif"
	ports_of xenbr0 | grep -qx "$vif" || fail "$vif is not a port of xenbr0"
	fdb_line "$n" | grep -q " dev $vif .*static" ||
		fail "no static FDB entry for $(guest_mac "$n") on $vif: '$(fdb_line "$n")'"
	xenbr-ctl show | grep -q "$vif (domid $domid handle $handle guest-mac $(guest_mac "$n"))" ||
		fail "xenbr-ctl show does not mark $vif as domain $domid's vif"
	xenbr-ctl port show "$vif" | grep -q ' limit 256 ' ||
		fail "learning limit of $vif: $(xenbr-ctl port show "$vif")"
}

two_guests() {
	PEERS=10.0.0.12 guest_cfg g1 1 'bridge=xenbr0,script=vif-xenbr'
	PEERS=10.0.0.11 guest_cfg g2 2 'bridge=xenbr0,script=vif-xenbr'
	xenbr-ctl monitor > /tmp/xen/monitor.log 2>&1 &
	local mon=$!
	guest_create g1 || fail "xl create g1 failed"
	guest_create g2 || fail "xl create g2 failed"
	attached g1 1
	attached g2 2
	kill "$mon"
	# Port events tell who a vif is.
	# Announced once the glue set it up: with the guest's MAC it installed.
	grep -q "port-add xenbr0 dev $(vif_of g1) port [0-9]* [a-z]* domid $(guest_domid g1) handle 0 guest-mac 00:16:3e:00:00:01" \
		/tmp/xen/monitor.log || { cat /tmp/xen/monitor.log; fail "no port-add event for g1's vif"; }
	# Each guest pings dom0, the uplink's host and the other guest...
	guest_pinged g1 10.0.0.1 10.0.0.100 10.0.0.12
	guest_pinged g2 10.0.0.1 10.0.0.100 10.0.0.11
	# ...and dom0 and the uplink's host ping both guests.
	ping -c 2 -W 2 10.0.0.11
	ping -c 2 -W 2 10.0.0.12
	ip netns exec lan ping -c 2 -W 2 10.0.0.11
	ip netns exec lan ping -c 2 -W 2 10.0.0.12
	xenbr-ctl show
	xenbr-ctl showmacs xenbr0
}

# xl destroy takes the vif, its port and its entries; g1 goes on; g2 comes
# back with xl create.
# glue_traced: the glue's trace events since glue_trace_on.
glue_trace_on() {
	local t=/sys/kernel/tracing
	[ -d "$t/events" ] || mount -t tracefs nodev "$t"
	: > "$t/trace"
	echo 1 > "$t/events/xenbr/xenbr_glue_attach/enable"
	echo 1 > "$t/events/xenbr/xenbr_glue_refuse/enable"
	echo 1 > "$t/events/xenbr/xenbr_glue_detach/enable"
}
glue_traced() { grep -v '^#' /sys/kernel/tracing/trace; }

destroy_recreate() {
	local vif out
	vif=$(vif_of g2)
	glue_trace_on
	guest_destroy g2
	wait_until 20 eval '! ports_of xenbr0 | grep -qx "$vif"' || fail "$vif is still a port"
	! ip link show "$vif" > /dev/null 2>&1 || fail "$vif still exists"
	check_eq "" "$(fdb_line 2)" "FDB entry of g2's MAC after xl destroy"
	ping -c 2 -W 2 10.0.0.11
	ip netns exec lan ping -c 2 -W 2 10.0.0.11
	guest_create g2 || fail "xl create g2 (again) failed"
	attached g2 2
	guest_pinged g2 10.0.0.1 10.0.0.100 10.0.0.11
	ping -c 2 -W 2 10.0.0.12
	# The trace events tell the same: detached, then attached anew.
	out=$(glue_traced)
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep -q "xenbr_glue_detach: vif=$vif domid=[0-9]* handle=0$" ||
		fail "no detach event for $vif"
	printf '%s\n' "$out" | grep -q "xenbr_glue_attach: vif=$(vif_of g2) domid=$(guest_domid g2) handle=0 bridge=xenbr0$" ||
		fail "no attach event for $(vif_of g2)"
}

# A vif naming a bridge that does not exist: the glue answers "error" with
# a reason, vif-xenbr fails, xl create fails and cleans up.
missing_bridge() {
	local ports before_log
	glue_trace_on
	ports=$(ports_of xenbr0)
	before_log=$(dmesg | wc -l)
	guest_cfg g3 3 'bridge=nosuchbr,script=vif-xenbr'
	if guest_create g3; then
		fail "xl create succeeded with bridge=nosuchbr"
	fi
	# The node goes with the failed guest within a tenth of a second, so
	# the witnesses are its readers: vif-xenbr prints hotplug-error when it
	# reads hotplug-status "error" (it prints other words when it gives up
	# itself), and libxl quotes hotplug-error as the script's reason.
	grep -q '^vif-xenbr: bridge nosuchbr does not exist$' "$XEN_CFG_DIR/g3.create" ||
		fail "vif-xenbr did not read hotplug-status error with the reason"
	grep -q 'script: bridge nosuchbr does not exist$' "$XEN_CFG_DIR/g3.create" ||
		fail "xl create did not say why"
	glue_traced | grep -q 'xenbr_glue_refuse: vif=vif[0-9]*\.0 domid=[0-9]* handle=0 why="bridge nosuchbr does not exist"' ||
		fail "no refuse event for g3's vif: $(glue_traced)"
	! timeout 30 xl domid g3 > /dev/null 2>&1 || fail "g3 is still there"
	check_eq "$ports" "$(ports_of xenbr0)" "ports of xenbr0"
	check_eq "" "$(fdb_line 3)" "FDB entry of g3's MAC"
	check_eq 1 "$(dmesg | tail -n +"$((before_log + 1))" | grep -c 'nosuchbr')" \
		"log lines about nosuchbr (logged once)"
}

# mtu= in the vif spec: the vif's MTU follows it.
# Also the run-time switch: with the glue off a new vif waits; on, it goes.
vif_mtu_and_switch() {
	local vif
	trap 'guest_destroy g3 > /dev/null 2>&1' EXIT
	xenbr-ctl netback off
	check_eq "netback glue: off" "$(xenbr-ctl netback | head -n 1)" "the switch"
	guest_cfg g3 3 'bridge=xenbr0,script=vif-xenbr,mtu=1400'
	guest_create g3 &
	wait_until 120 eval 'xenstore-list backend/vif/$(timeout 5 xl domid g3 2>/dev/null)/0 > /dev/null 2>&1' ||
		fail "g3's vif did not appear"
	vif=$(vif_of g3)
	wait_until 30 ip link show "$vif" > /dev/null || fail "$vif did not appear"
	sleep 2
	check_eq "" "$(ip -o link show "$vif" | grep -o 'master [^ ]*')" "$vif's master with the glue off"
	xenbr-ctl netback on
	wait || fail "xl create g3 failed"
	attached g3 3
	check_eq 1400 "$(cat "/sys/class/net/$vif/mtu")" "MTU of $vif"
	guest_pinged g3 10.0.0.1 10.0.0.100
	# Full-size frames of the new MTU cross (Linux netfront does not read
	# the MTU from xenstore: the guest keeps 1500, as with vif-bridge).
	ping -c 2 -W 2 -s 1372 -M do 10.0.0.13
}

# vifname= in the vif spec: vif-xenbr renames the vif, and the glue, which
# waits for that name, attaches it under it.
vifname() {
	trap 'guest_destroy g5 > /dev/null 2>&1' EXIT
	guest_cfg g5 5 'bridge=xenbr0,script=vif-xenbr,vifname=web0'
	guest_create g5 || fail "xl create g5 (vifname=web0) failed"
	attached g5 5 0 web0
	! ip link show "$(vif_of g5)" > /dev/null 2>&1 || fail "netback's name is still there"
	guest_pinged g5 10.0.0.1 10.0.0.100
}

# Xen's own vif-bridge (which runs brctl addif here, bridge-utils being
# installed) attaches a guest to xenbr0; the glue leaves that vif alone.
vif_bridge_compat() {
	local vif
	trap 'guest_destroy g4 > /dev/null 2>&1' EXIT
	PEERS=10.0.0.11 guest_cfg g4 4 'bridge=xenbr0,script=vif-bridge'
	guest_create g4 || fail "xl create g4 (vif-bridge) failed"
	vif=$(vif_of g4)
	check_eq connected "$(xenstore-read "backend/vif/$(guest_domid g4)/0/hotplug-status")" \
		"hotplug-status of $vif (vif-bridge's)"
	ports_of xenbr0 | grep -qx "$vif" || fail "vif-bridge did not attach $vif"
	guest_pinged g4 10.0.0.1 10.0.0.100 10.0.0.11
	ping -c 2 -W 2 10.0.0.14
	# Learned, not static: the glue did not touch it.
	fdb_line 4 | grep -q " dev $vif" || fail "g4's MAC was not learned on $vif"
	! fdb_line 4 | grep -q static || fail "the glue installed g4's MAC"
	# A netback vif all the same: marked, but without the MAC the glue
	# installs.
	xenbr-ctl show | grep -q "$vif (domid $(guest_domid g4) handle 0)\$" ||
		fail "xenbr-ctl show does not mark $vif as a vif (of vif-bridge)"
}

# VIF locking: a vif with Xen's ip= key is locked to its guest's MAC and
# those addresses. g6 (ip=10.0.0.16) lives normally; g7 (ip=10.0.0.17)
# configures 10.0.0.77 instead and is cut off, its drops counted.
vif_ip_lock() {
	local vif6 vif7 drops
	trap 'guest_destroy g6 > /dev/null 2>&1; guest_destroy g7 > /dev/null 2>&1' EXIT
	guest_cfg g6 6 'bridge=xenbr0,script=vif-xenbr,ip=10.0.0.16'
	guest_cfg g7 7 'bridge=xenbr0,script=vif-xenbr,ip=10.0.0.17'
	sed -i 's| xenbr\.ip=10\.0\.0\.17/| xenbr.ip=10.0.0.77/|; s| xenbr\.ping=[^ "]*| xenbr.ping=10.0.0.1|' \
		"$XEN_CFG_DIR/g7.cfg"
	guest_create g6 || fail "xl create g6 (ip=) failed"
	guest_create g7 || fail "xl create g7 (ip=) failed"
	attached g6 6
	attached g7 7
	vif6=$(vif_of g6)
	vif7=$(vif_of g7)
	xenbr-ctl port show "$vif6" |
		grep -q " lock locked mac $(guest_mac 6) ipv4 10.0.0.16 ipv6 none$" ||
		fail "$vif6 not locked: $(xenbr-ctl port show "$vif6")"
	guest_pinged g6 10.0.0.1 10.0.0.100
	ping -c 2 -W 2 10.0.0.16
	# g7's ARP claims 10.0.0.77: dropped, counted, and dom0 cannot reach it.
	drops() { xenbr-ctl -j stats "$vif7" | jq '.[0].drops["lock-arp"] + .[0].drops["lock-ipv4"]'; }
	wait_until 60 eval '[ "$(drops)" -ge 1 ]' || fail "no lock drops on $vif7"
	! ping -c 2 -W 2 10.0.0.77 > /dev/null || fail "dom0 reached g7 at 10.0.0.77"
	drops=$(drops)
	xenbr-ctl stats "$vif7"
	[ "$drops" -ge 2 ] || fail "lock drops on $vif7: $drops"
}

# rmmod with guests running: dom0 stays healthy, the vifs stay as plain
# devices. Loaded again, the glue takes them back by itself once xenbr0 is
# there (their hotplug-status still reads "connected"), each with its
# settings; the same when the bridge is deleted and created again (ifdown,
# ifup). A ping from the LAN every 0.2 s runs across both.
rmmod_and_take_back() {
	local vif1 vif2 pinger orphaned
	vif1=$(vif_of g1)
	vif2=$(vif_of g2)
	ip netns exec lan ping -i 0.2 -W 1 10.0.0.11 > /tmp/xen/gap.log 2>&1 &
	pinger=$!
	wait_until 10 grep -q "bytes from" /tmp/xen/gap.log || fail "g1 does not answer the LAN"
	rmmod xenbr
	ip link show "$vif1" > /dev/null || fail "$vif1 went with the module"
	ip link show "$vif2" > /dev/null || fail "$vif2 went with the module"
	timeout 30 xl list
	net_up
	wait_until 30 eval 'ports_of xenbr0 | grep -qx "$vif1" && ports_of xenbr0 | grep -qx "$vif2"' ||
		fail "the vifs were not taken back: $(ports_of xenbr0 | tr '\n' ' ')"
	attached g1 1
	attached g2 2
	ping -c 2 -W 2 10.0.0.11
	ping -c 2 -W 2 10.0.0.12
	check_eq 2 "$(xenbr-ctl -j netback | jq .vifs.reattached)" "vifs taken back after the reload"
	# Whether they waited for xenbr0 depends on who came first.
	orphaned=$(xenbr-ctl -j netback | jq .vifs.orphaned)
	xenbr-ctl delbr xenbr0
	net_up
	wait_until 30 eval 'ports_of xenbr0 | grep -qx "$vif1" && ports_of xenbr0 | grep -qx "$vif2"' ||
		fail "the vifs did not come back with xenbr0: $(ports_of xenbr0 | tr '\n' ' ')"
	attached g1 1
	attached g2 2
	ping -c 2 -W 2 10.0.0.12
	check_eq "4 $((orphaned + 2))" "$(xenbr-ctl -j netback | jq -r '"\(.vifs.reattached) \(.vifs.orphaned)"')" \
		"vifs taken back, and waiting for their bridge, after the bridge came back"
	kill -INT "$pinger"
	wait "$pinger" || true
	echo "from the LAN, a ping every 0.2 s across the reload and the bridge's return: $(grep transmitted /tmp/xen/gap.log)"
	xenbr-ctl show
}

# The Prometheus series of a vif carry its domain, handle and guest MAC;
# its drops come only from the reasons that counted.
vif_metrics() {
	local vif out
	vif=$(vif_of g1)
	out=$(xenbr-ctl stats --format prometheus "$vif")
	printf '%s\n' "$out" | grep "^xenbr_port_rx_packets_total"
	printf '%s\n' "$out" | grep -q "^xenbr_port_rx_packets_total{bridge=\"xenbr0\",port=\"$vif\",domid=\"$(guest_domid g1)\",handle=\"0\",guest_mac=\"$(guest_mac 1)\"} [1-9]" ||
		fail "no vif labels on $vif's series"
	xenbr-ctl stats "$vif" | grep -q '^  drops [0-9]' || fail "$vif's drop line"
}

# Xen's bridge=xenbr0.VLAN and bridge=xenbr0:TRUNK:TRUNK: each guest
# reaches its VLAN and nothing else; an invalid VLAN fails the vif.
vlans() {
	local v vif
	xenbr-ctl vlan filtering xenbr0 on
	xenbr-ctl vlan add dev peth0 vid 10
	xenbr-ctl vlan add dev peth0 vid 20
	for v in 10 20; do
		ip netns add "v$v"
		ip -n lan link add link eth0 name "eth0.$v" type vlan id "$v"
		ip -n lan link set "eth0.$v" netns "v$v"
		ip -n "v$v" addr add "10.0.0.1$v/24" dev "eth0.$v"
		ip -n "v$v" link set "eth0.$v" up
	done
	PINGS=10.0.0.110 guest_cfg g5 5 'bridge=xenbr0.10,script=vif-xenbr'
	PINGS=10.0.0.120 guest_cfg g6 6 'bridge=xenbr0.20,script=vif-xenbr'
	PINGS=10.0.0.120 PEERS=10.0.0.16 VLAN=20 \
		guest_cfg g7 7 'bridge=xenbr0:10:20,script=vif-xenbr'
	guest_create g5 || fail "xl create g5 failed"
	guest_create g6 || fail "xl create g6 failed"
	guest_create g7 || fail "xl create g7 failed"
	attached g5 5
	attached g6 6
	attached g7 7
	xenbr-ctl vlan show
	xenbr-ctl vlan show dev "$(vif_of g5)" | grep -qE '\b10 PVID Egress Untagged' ||
		fail "g5's vif is not an access port of VLAN 10"
	vif=$(vif_of g7)
	check_eq "10 20" "$(xenbr-ctl -j vlan show dev "$vif" |
		jq -r '[.[].vlans[] | select((.flags // []) == []) | .vlan] | join(" ")')" \
		"VLANs g7's vif carries tagged, and nothing else"
	guest_pinged g5 10.0.0.110
	guest_pinged g6 10.0.0.120
	guest_pinged g7 10.0.0.120 10.0.0.16
	# One subnet, three VLANs: nothing crosses between them.
	ip netns exec v10 ping -c 2 -W 2 10.0.0.15
	ip netns exec v20 ping -c 2 -W 2 10.0.0.16
	! ip netns exec v10 ping -c 1 -W 1 10.0.0.16 || fail "VLAN 10 reached g6 (VLAN 20)"
	! ip netns exec v20 ping -c 1 -W 1 10.0.0.15 || fail "VLAN 20 reached g5 (VLAN 10)"
	! ping -c 1 -W 1 10.0.0.15 || fail "dom0 (VLAN 1) reached g5 (VLAN 10)"
	ping -c 2 -W 2 10.0.0.11
	# A VLAN out of range fails the vif, saying why.
	guest_cfg g8 8 'bridge=xenbr0.5000,script=vif-xenbr'
	if guest_create g8; then
		fail "xl create succeeded with bridge=xenbr0.5000"
	fi
	grep -q 'invalid VLAN "5000" in bridge' "$XEN_CFG_DIR/g8.create" ||
		fail "xl create did not say the VLAN was invalid"
	for v in g5 g6 g7; do guest_destroy "$v"; done
	xenbr-ctl vlan filtering xenbr0 off
	ip netns del v10
	ip netns del v20
	ping -c 2 -W 2 10.0.0.11
}

run_tests
