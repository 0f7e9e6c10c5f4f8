#!/bin/bash
# Guest churn on a real Xen host (Xen 4.17 under QEMU): PV guests created and
# destroyed in rounds while dom0 and the uplink's host ping them, the netback
# glue attaching and releasing their vifs each time; then xenbr unloaded with
# guests up and the pings still running. Run by make check-xen and
# check-xen-debug after tools/tests/xen.sh, and alone by make check's reduced
# run with our debug kernel as dom0: it starts the toolstack and xenbr0 when
# they are not up yet.
#
# /xenbr.conf may set CHURN_GUESTS (1..3, default 2) and CHURN_ROUNDS
# (default 1). Churn guest I is "cI", number 2I: 10.0.0.12I and the MAC of
# guest_mac 2I.
#
#   guests cI (stock kernel, netfront) --netback vifs--+
#                                                      +-- xenbr0 (dom0 10.0.0.1)
#   ns lan (10.0.0.100) ----------------------- peth0 -+
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xen/lib-xen.sh"

ALL_TESTS="setup rounds unload"

CHURN_GUESTS=2 CHURN_ROUNDS=1
eval "$(grep -E '^CHURN_(GUESTS|ROUNDS)=[0-9]+$' /xenbr.conf 2> /dev/null)"

# The host is shared by the cases, as in xen.sh: nothing is torn down.
teardown() { :; }

fail() {
	echo "FAIL: $*" >&2
	show_guests >&2
	exit 1
}

churn_names() {
	local i
	for (( i = 1; i <= CHURN_GUESTS; i++ )); do echo "c$i"; done
}
churn_n() { echo $(( 20 + ${1#c} )); }
churn_ip() { echo "10.0.0.1$(churn_n "$1")"; }

# churn_fdb N: xenbr0's FDB entry of MAC N, if any.
churn_fdb() { xenbr-ctl fdb show xenbr0 | grep -i "^$(guest_mac "$1") " || true; }

# churn_pings_start DIR: dom0 and the uplink's host ping every churn guest,
# five times a second, until churn_pings_stop DIR; each keeps its log in DIR.
churn_pings_start() {
	local dir=$1 g
	mkdir -p "$dir"
	for g in $(churn_names); do
		ping -n -i 0.2 -W 1 "$(churn_ip "$g")" > "$dir/dom0-$g.log" 2>&1 &
		echo $! >> "$dir/pids"
		ip netns exec lan ping -n -i 0.2 -W 1 "$(churn_ip "$g")" > "$dir/lan-$g.log" 2>&1 &
		echo $! >> "$dir/pids"
	done
}

# churn_pings_flowing DIR: every one of them has had a reply.
churn_pings_flowing() {
	local f
	for f in "$1"/*.log; do
		grep -q 'bytes from' "$f" || return 1
	done
}

# churn_pings_stop DIR: stop them; each must have had replies.
churn_pings_stop() {
	local dir=$1 f pid
	for pid in $(cat "$dir/pids"); do
		kill "$pid" 2> /dev/null || true
	done
	rm -f "$dir/pids"
	sleep 0.5
	for f in "$dir"/*.log; do
		echo "$(basename "$f" .log): $(grep -c 'bytes from' "$f") replies"
		grep -q 'bytes from' "$f" || fail "no replies in $(basename "$f" .log)"
	done
}

# churn_all WHAT FN: FN NAME for every churn guest at once; all must succeed.
churn_all() {
	local g p pids=() rc=0
	for g in $(churn_names); do
		"$2" "$g" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || rc=1
	done
	[ "$rc" = 0 ] || fail "$1 of a churn guest failed"
}

# churn_up: the churn guests created at once (concurrent xl create), each
# attached by the glue and pinging dom0, the uplink's host and the others.
churn_up() {
	local g h peers n vif t0
	t0=$(date +%s)
	for g in $(churn_names); do
		peers=""
		for h in $(churn_names); do
			[ "$h" = "$g" ] || peers+=${peers:+,}$(churn_ip "$h")
		done
		PEERS=$peers guest_cfg "$g" "$(churn_n "$g")" 'bridge=xenbr0,script=vif-xenbr'
	done
	churn_all "xl create" guest_create
	echo "xl create of $CHURN_GUESTS guests: $(( $(date +%s) - t0 )) s"
	for g in $(churn_names); do
		n=$(churn_n "$g")
		vif=vif$(guest_domid "$g").0
		check_eq connected "$(xenstore-read "backend/vif/$(guest_domid "$g")/0/hotplug-status")" \
			"hotplug-status of $vif"
		ports_of xenbr0 | grep -qx "$vif" || fail "$vif is not a port of xenbr0"
		churn_fdb "$n" | grep -q " dev $vif .*static" ||
			fail "no static FDB entry for $(guest_mac "$n") on $vif: '$(churn_fdb "$n")'"
	done
	for g in $(churn_names); do
		# shellcheck disable=SC2046
		guest_pinged "$g" 10.0.0.1 10.0.0.100 $(for h in $(churn_names); do
			[ "$h" = "$g" ] || churn_ip "$h"; done)
	done
	echo "guests attached and their pings done: $(( $(date +%s) - t0 )) s"
}

# churn_down: the churn guests destroyed at once; their ports, devices and
# FDB entries go with them, and xenbr0 is back to its uplink alone.
churn_down() {
	local g vifs="" p t0
	t0=$(date +%s)
	for g in $(churn_names); do
		vifs+=" vif$(guest_domid "$g").0"
	done
	churn_all "xl destroy" guest_destroy
	for p in $vifs; do
		wait_until 30 eval '! ip link show "$p" > /dev/null 2>&1' || fail "$p is still there"
	done
	echo "xl destroy of $CHURN_GUESTS guests, vifs gone: $(( $(date +%s) - t0 )) s"
	check_eq peth0 "$(ports_of xenbr0)" "ports of xenbr0 after xl destroy"
	for g in $(churn_names); do
		check_eq "" "$(churn_fdb "$(churn_n "$g")")" "FDB entry of $g's MAC after xl destroy"
	done
}

# The toolstack and xenbr0, unless xen.sh's cases left them up; the guests
# of those cases go (memory: dom0 has 1 GiB, the guests the rest).
setup() {
	local d
	[ "$(cat /sys/hypervisor/type 2> /dev/null)" = xen ] || fail "not running on Xen"
	# Up already when xenstored runs (xl would wait for it, not fail).
	if ! { [ -s /run/xen/xenstored.pid ] && kill -0 "$(cat /run/xen/xenstored.pid)"; } 2> /dev/null; then
		xen_start || fail "Xen's toolstack did not start"
	fi
	for d in $(timeout 30 xl list | awk 'NR > 2 { print $1 }'); do
		guest_destroy "$d"
	done
	wait_until 30 eval '! ports_of xenbr0 2> /dev/null | grep -q "^vif"' ||
		fail "vifs of the destroyed guests are still ports"
	ip link show xenbr0 > /dev/null 2>&1 || net_up
	xenbr-ctl netback on
	check_eq "netback glue: on" "$(xenbr-ctl netback | head -n 1)" "the glue in dom0"
	check_eq peth0 "$(ports_of xenbr0 | grep -v '^vif' || true)" "xenbr0's ports but vifs"
	echo "churn: $CHURN_GUESTS guests, $CHURN_ROUNDS rounds"
}

# Rounds of create, ping, destroy under pings from dom0 and the uplink;
# the last round's guests stay up for the unload case.
rounds() {
	local r t
	churn_pings_start /tmp/xen/churn-pings
	for r in $(seq 1 "$CHURN_ROUNDS"); do
		t=$(date +%s)
		churn_up
		echo "round $r: guests up and pinging after $(( $(date +%s) - t )) s"
		[ "$r" = "$CHURN_ROUNDS" ] && break
		churn_down
		echo "round $r: guests gone after $(( $(date +%s) - t )) s"
		check_eq 0 "$(xenbr-ctl fdb show xenbr0 | grep -c ' dev vif' || true)" \
			"FDB entries on vifs after round $r"
	done
	churn_pings_stop /tmp/xen/churn-pings
	xenbr-ctl show
}

# rmmod xenbr with the guests up and pings crossing the bridge: the vifs
# stay as plain devices, dom0 and xl stay healthy; then the guests go
# (netback removes vifs that no bridge holds).
unload() {
	local g vifs=""
	for g in $(churn_names); do
		vifs+=" vif$(guest_domid "$g").0"
	done
	churn_pings_start /tmp/xen/unload-pings
	wait_until 60 churn_pings_flowing /tmp/xen/unload-pings ||
		fail "pings to the guests do not cross xenbr0"
	rmmod xenbr || fail "rmmod xenbr failed"
	! grep -q '^xenbr ' /proc/modules || fail "xenbr is still loaded"
	for g in $vifs; do
		ip link show "$g" > /dev/null || fail "$g went with the module"
	done
	churn_pings_stop /tmp/xen/unload-pings
	timeout 30 xl list
	for g in $(churn_names); do
		guest_destroy "$g" || fail "xl destroy $g after rmmod failed"
	done
	for g in $vifs; do
		wait_until 30 eval '! ip link show "$g" > /dev/null 2>&1' || fail "$g is still there"
	done
}

run_tests
