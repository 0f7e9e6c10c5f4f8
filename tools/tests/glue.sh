#!/bin/bash
# The netback glue and the vif-xenbr hotplug script, in a VM that is not a
# Xen dom0 (QEMU runs Linux directly: no xenstore, no netback).
#
# What this can prove here: the glue stays idle and harmless off Xen, even
# when asked to run (netback_auto=1), and does not take a device for a vif
# because of its name; and vif-xenbr behaves as libxl needs, against a
# stand-in xenstore (files, through stub xenstore-read/-write). What it
# cannot: recognising real netback vifs and writing real xenstore. KUnit's
# xenbr_glue suite drives every decision of the glue with real devices and
# a fake xenstore, and what netlink says of it; tools/tests/xen.sh, with
# real PV guests on a real Xen host under QEMU (make check-xen), is the
# end-to-end check. The netlink switch is checked here for its refusals:
# off Xen, unprivileged, from a container.
#
#   dom0 (the VM, not on Xen)
#
#   xenbr0 (xenbr, no address)
#     +-- peth0  <--veth--> peth0-peer    no_mark_on_other_ports (and vif1.0)
#     +-- vif1.0 <--veth--> vif1.0-peer   idle_off_xen, forced_on_still_idle:
#     |                                   vif1.0 or vif2.0 beside it, no port
#     +-- tap1.0 <--veth--> tap1.0-peer   script_tap, through vif-xenbr
#
#   vif-xenbr --> xenstore-read/-write --> /tmp/xs/store/backend/vif/1/0/KEY
#                 (stubs first in PATH; each write logged in /tmp/xs/writes)

ALL_TESTS="
	idle_off_xen
	forced_on_still_idle
	netback_off_xen
	netback_refusals
	no_mark_on_other_ports
	script_connected
	script_error
	script_timeout
	script_no_module
	script_vifname
	script_offline
	script_tap
	script_tap_vlans
"
# KUnit (glue_test.c) drives every decision of the glue; these reach no
# line of xenbr.ko beyond it and the other files (make coverage BY_CASE=1),
# and prove vif-xenbr's and the glue's behaviour on the stock run.
STOCK_ONLY=$ALL_TESTS

. "$(dirname "$0")/lib.sh"

VIF_XENBR=${VIF_XENBR:-/xenbr/vif-xenbr}
XS=/tmp/xs

on_xen() {
	[ "$(cat /sys/hypervisor/type 2>/dev/null)" = xen ]
}

# The module's log lines since the mark.
mark_log() { dmesg | wc -l > /tmp/glue.mark; }
log_since_mark() { dmesg | tail -n +"$(( $(cat /tmp/glue.mark) + 1 ))"; }

# A device named like a vif, of another kind (a veth), next to a bridge.
vif_lookalike() {
	ip link add xenbr0 type xenbr
	ip link set xenbr0 up
	ip link add "$1" type veth peer name "$1-peer"
	sleep 1
	check_eq "" "$(ip -o link show master xenbr0)" "ports of xenbr0"
}

idle_off_xen() {
	on_xen && skip "running on Xen"
	xenbr_unload
	mark_log
	insmod "$XENBR_KO"
	check_eq -1 "$(cat /sys/module/xenbr/parameters/netback_auto)" "netback_auto"
	check_eq 256 "$(cat /sys/module/xenbr/parameters/netback_learn_limit)" \
		"netback_learn_limit"
	vif_lookalike vif1.0
	! log_since_mark | grep -i 'glue\|hotplug' || fail "the glue spoke off Xen"
	ip link del xenbr0
	xenbr_unload
}

forced_on_still_idle() {
	on_xen && skip "running on Xen"
	xenbr_unload
	mark_log
	insmod "$XENBR_KO" netback_auto=1 netback_learn_limit=16
	vif_lookalike vif2.0
	! log_since_mark | grep -i 'glue\|hotplug' || fail "the glue spoke off Xen"
	ip link del xenbr0
	xenbr_unload
	check_eq "" "$(log_since_mark | grep -i 'warn\|error' || true)" "warnings"
}

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all)

# netback_fails STATUS TEXT ARGS...: "xenbr-ctl ARGS" exits with STATUS,
# prints nothing and says TEXT on stderr.
netback_fails() {
	local want=$1 text=$2 rc=0
	shift 2
	"$@" > /tmp/nb.out 2> /tmp/nb.err || rc=$?
	check_eq "$want" "$rc" "exit status of '$*'"
	check_eq "" "$(cat /tmp/nb.out)" "output of '$*'"
	grep -qF "$text" /tmp/nb.err || fail "'$*' said: $(cat /tmp/nb.err)"
	echo "$*: $(cat /tmp/nb.err)"
}

# The run-time switch says the glue is not there, and switches nothing.
netback_off_xen() {
	on_xen && skip "running on Xen"
	xenbr_load
	netback_fails 1 "" xenbr-ctl netback
	check_eq "xenbr-ctl: netback: Not running on Xen: no netback glue" \
		"$(cat /tmp/nb.err)" "the reason"
	netback_fails 1 "Not running on Xen" xenbr-ctl -j netback
	mark_log
	netback_fails 1 "netback on: Not running on Xen" xenbr-ctl netback on
	netback_fails 1 "netback off: Not running on Xen" xenbr-ctl netback off
	netback_fails 1 "Not running on Xen" xenbr-ctl netback
	vif_lookalike vif3.0
	! log_since_mark | grep -i 'glue' || fail "the glue spoke off Xen"
	netback_fails 1 "expect on or off" xenbr-ctl netback maybe
	netback_fails 2 "wrong arguments" xenbr-ctl netback on off
}

# Anyone may ask; switching is for the host's administrator only.
netback_refusals() {
	xenbr_load
	netback_fails 1 "Operation not permitted" "${NOBODY[@]}" xenbr-ctl netback off
	netback_fails 1 "Operation not permitted" "${NOBODY[@]}" xenbr-ctl netback on
	ip netns add nb
	netback_fails 1 "from the initial network namespace" \
		ip netns exec nb xenbr-ctl netback off
	on_xen && return 0
	netback_fails 1 "Not running on Xen" "${NOBODY[@]}" xenbr-ctl netback
	netback_fails 1 "Not running on Xen" ip netns exec nb xenbr-ctl netback
}

# Ports that are no vif, even one named like a vif, carry no netback mark:
# show is brctl's to the byte.
no_mark_on_other_ports() {
	xenbr_load
	ip link add xenbr0 type xenbr
	ip link add peth0 type veth peer name peth0-peer
	ip link add vif1.0 type veth peer name vif1.0-peer
	xenbr-ctl addif xenbr0 peth0
	xenbr-ctl addif xenbr0 vif1.0
	local id tab=$'\t'
	id=8000.$(tr -d : < /sys/class/net/xenbr0/address)
	check_eq "bridge name${tab}bridge id${tab}${tab}STP enabled${tab}interfaces
xenbr0${tab}${tab}$id${tab}no${tab}${tab}peth0
${tab}${tab}${tab}${tab}${tab}${tab}${tab}vif1.0" "$(xenbr-ctl show)" "show"
	xenbr-ctl port show
	xenbr-ctl port show | grep -q domid && fail "port show marks a veth"
	xenbr-ctl -j show | jq -e '.[0] | has("netback") | not' > /dev/null ||
		fail "show -j marks a veth: $(xenbr-ctl -j show)"
	xenbr-ctl -j port show | jq -e 'length == 2 and all(has("netback") | not)' \
		> /dev/null || fail "port show -j marks a veth: $(xenbr-ctl -j port show)"
	xenbr-ctl -j port show vif1.0 | jq -e '.[0] | has("netback") | not' \
		> /dev/null || fail "port show -j vif1.0"
}

# A stand-in xenstore: one file per key under $XS, every write logged.
fake_xenstore() {
	rm -rf "$XS" && mkdir -p "$XS/bin" "$XS/store/backend/vif/1/0"
	cat > "$XS/bin/xenstore-read" <<'STUB'
#!/bin/bash
[ -f "/tmp/xs/store/$1" ] || { echo "couldn't read path $1" >&2; exit 1; }
cat "/tmp/xs/store/$1"
STUB
	cat > "$XS/bin/xenstore-write" <<'STUB'
#!/bin/bash
while [ $# -ge 2 ]; do
	mkdir -p "/tmp/xs/store/$(dirname "$1")"
	printf '%s' "$2" > "/tmp/xs/store/$1"
	echo "$1=$2" >> /tmp/xs/writes
	shift 2
done
STUB
	chmod +x "$XS/bin/"*
	: > "$XS/writes"
	printf '%s' vif-xenbr > "$XS/store/backend/vif/1/0/script"
	printf '%s' xenbr0 > "$XS/store/backend/vif/1/0/bridge"
}

xs_put() { printf '%s' "$2" > "$XS/store/backend/vif/1/0/$1"; }

# vif-xenbr ARGS...: run the script as libxl would, for domain 1's vif 0.
vif_xenbr() {
	PATH=$XS/bin:$PATH XENBUS_PATH=backend/vif/1/0 vif=${VIF:-vif1.0} \
		INTERFACE=${INTERFACE:-} "$VIF_XENBR" "$@"
}

need_script() {
	[ -x "$VIF_XENBR" ] || skip "$VIF_XENBR is not in the VM"
	xenbr_load
	fake_xenstore
}

# The module answers "connected": the script succeeds and writes nothing.
script_connected() {
	need_script
	( sleep 0.5; xs_put hotplug-status connected ) &
	vif_xenbr online type_if=vif
	wait
	check_eq "" "$(cat "$XS/writes")" "script's xenstore writes"
}

# The module answers "error": the script fails, and says why.
script_error() {
	need_script
	xs_put hotplug-error "bridge xenbr9 does not exist"
	xs_put hotplug-status error
	vif_xenbr online type_if=vif 2> /tmp/glue.err && fail "online succeeded"
	grep -q "bridge xenbr9 does not exist" /tmp/glue.err ||
		fail "the module's message is not shown: $(cat /tmp/glue.err)"
	check_eq "" "$(cat "$XS/writes")" "script's xenstore writes"
}

# No answer: the script fails with hotplug-error and leaves the status be.
script_timeout() {
	need_script
	XENBR_HOTPLUG_TIMEOUT=1 vif_xenbr online type_if=vif 2> /dev/null &&
		fail "online succeeded without an answer"
	grep -q '^backend/vif/1/0/hotplug-error=.*netback_auto' "$XS/writes" ||
		fail "no hotplug-error: $(cat "$XS/writes")"
	! grep -q hotplug-status "$XS/writes" || fail "the script wrote hotplug-status"
}

script_no_module() {
	need_script
	xenbr_unload
	XENBR_HOTPLUG_TIMEOUT=5 vif_xenbr online type_if=vif 2> /tmp/glue.err &&
		fail "online succeeded without the module"
	grep -q "not loaded" /tmp/glue.err || fail "$(cat /tmp/glue.err)"
}

# "vifname": the script renames the vif (the module waits for that name).
script_vifname() {
	need_script
	ip link add vif1.0 type veth peer name vif1.0-peer
	xs_put vifname guest0
	xs_put hotplug-status connected
	vif_xenbr online type_if=vif
	ip link show dev guest0 > /dev/null || fail "vif1.0 was not renamed"
}

script_offline() {
	need_script
	vif_xenbr offline type_if=vif
	vif_xenbr online type_if=tap
	vif_xenbr add type_if=vif
	check_eq "" "$(cat "$XS/writes")" "script's xenstore writes"
	check_fails "an unknown command" vif_xenbr frob type_if=vif
}

# An emulated NIC's tap (a veth here) joins the bridge through rtnetlink.
script_tap() {
	need_script
	ip link add xenbr0 type xenbr
	ip link set xenbr0 up
	ip link add tap1.0 type veth peer name tap1.0-peer
	xs_put mtu 1400
	INTERFACE=tap1.0 vif_xenbr add type_if=tap
	check_eq tap1.0 "$(ports_of xenbr0)" "ports of xenbr0"
	check_eq 1400 "$(cat /sys/class/net/tap1.0/mtu)" "MTU of the tap"
	INTERFACE=tap1.0 vif_xenbr remove type_if=tap
	xs_put bridge xenbr9
	ip link add tap1.1 type veth peer name tap1.1-peer
	INTERFACE=tap1.1 check_fails "a missing bridge" vif_xenbr add type_if=tap
}

# A tap's bridge=xenbr0.10 (access) and xenbr0:10:20 (trunk) on a bridge
# with VLAN filtering; bad values and filtering off attach nothing.
script_tap_vlans() {
	local v
	need_script
	ip link add xenbr0 type xenbr
	ip link set xenbr0 up
	ip link add tap1.0 type veth peer name tap1.0-peer
	xs_put bridge xenbr0.10
	INTERFACE=tap1.0 check_fails "VLANs with filtering off" vif_xenbr add type_if=tap
	grep -q "filtering" "$XS/store/backend/vif/1/0/hotplug-error" ||
		fail "hotplug-error: $(cat "$XS/store/backend/vif/1/0/hotplug-error")"
	xenbr-ctl vlan filtering xenbr0 on
	for v in xenbr0.4095 xenbr0.0 xenbr0:10::20 xenbr0: xenbr0:ten; do
		xs_put bridge "$v"
		INTERFACE=tap1.0 check_fails "bridge=$v" vif_xenbr add type_if=tap
	done
	check_eq "" "$(ports_of xenbr0)" "ports after the refusals"
	xs_put bridge xenbr0.10
	INTERFACE=tap1.0 vif_xenbr add type_if=tap
	check_eq "tap1.0            10 PVID Egress Untagged" \
		"$(xenbr-ctl vlan show dev tap1.0 | tail -n +2)" "tap1.0's VLANs"
	ip link add tap1.1 type veth peer name tap1.1-peer
	xs_put bridge xenbr0:10:20
	INTERFACE=tap1.1 vif_xenbr add type_if=tap
	check_eq "$(printf '%-18s10\n%-18s20' tap1.1 '')" \
		"$(xenbr-ctl vlan show dev tap1.1 | tail -n +2)" "tap1.1's VLANs"
}

run_tests
