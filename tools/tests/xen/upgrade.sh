# shellcheck shell=bash
# Upgrading xenbr under running guests, a case of tools/tests/xen.sh
# (sourced by it; it uses xen.sh's guests g1 and g2 on xenbr0 and
# lib-xen.sh's helpers). Three cut-overs, each with every setting compared
# before and after and a ping every 0.2 s from the network to two guests
# across it: save, rmmod, insmod, restore; xenbr-ctl reload; the second
# bridge deleted and restored (an ifdown, ifup). Then a truncated and a
# missing state file, which change nothing.
#
#   xenbr0 10.0.0.1/24, 198.51.100.0/24 via 10.0.0.100
#     +-- peth0 (static 02:00:00:00:26:99) <--> [netns lan] 10.0.0.100
#     +-- vif(g1), vif(g2) (limit 7, by hand)
#   xenbr1 (VLAN filtering)
#     +-- peth1 VLAN 10 pvid untagged <--> [netns lan1] eth0 10.0.0.113/24
#     +-- vif(g3) bridge=xenbr1.10,ip=10.0.0.13: VLAN 10 access, locked

upgrade_same() {
	settings_snapshot xenbr0 xenbr1 > /tmp/xen/upgrade.after
	diff -u /tmp/xen/upgrade.before /tmp/xen/upgrade.after ||
		fail "$1: the settings are not as before"
	ping -c 1 -W 2 10.0.0.11 > /dev/null || fail "$1: dom0 cannot reach g1"
}

# upgrade_refused WHAT EXPECT FILE: restore FILE fails saying EXPECT and
# changes nothing.
upgrade_refused() {
	local rc=0
	xenbr-ctl restore "$3" 2> /tmp/xen/restore.err || rc=$?
	echo "$1: $(cat /tmp/xen/restore.err)"
	check_eq 1 "$rc" "$1: restore's exit status"
	grep -qF "$2" /tmp/xen/restore.err || fail "$1: the error does not say '$2'"
	upgrade_same "$1"
}

upgrade_under_guests() {
	local vif2 vif3 state=/tmp/xen/state.json out lost1 lost3 p1 p3
	trap 'guest_destroy g3 > /dev/null 2>&1' EXIT
	vif2=$(vif_of g2)
	xenbr-ctl port set "$vif2" limit 7
	xenbr-ctl fdb add xenbr0 02:00:00:00:26:99 peth0
	ip route add 198.51.100.0/24 via 10.0.0.100
	xenbr-ctl addbr xenbr1
	xenbr-ctl vlan filtering xenbr1 on
	ip netns add lan1
	ip link add peth1 type veth peer name eth0 netns lan1
	ip -n lan1 addr add 10.0.0.113/24 dev eth0
	ip -n lan1 link set lo up
	ip -n lan1 link set eth0 up
	xenbr-ctl addif xenbr1 peth1
	xenbr-ctl vlan add dev peth1 vid 10 pvid untagged
	xenbr-ctl vlan del dev peth1 vid 1
	ip link set peth1 up
	ip link set xenbr1 up
	PINGS=10.0.0.113 guest_cfg g3 3 'bridge=xenbr1.10,script=vif-xenbr,ip=10.0.0.13'
	guest_create g3 || fail "xl create g3 failed"
	vif3=$(vif_of g3)
	wait_until 60 eval 'ports_of xenbr1 | grep -qx "$vif3"' || fail "$vif3 is not on xenbr1"
	guest_pinged g3 10.0.0.113
	xenbr-ctl port show "$vif3" | grep -q ' lock locked ' || fail "$vif3 is not locked"
	settings_snapshot xenbr0 xenbr1 > /tmp/xen/upgrade.before
	cat /tmp/xen/upgrade.before

	ip netns exec lan ping -i 0.2 -W 1 10.0.0.11 > /tmp/xen/up-g1.log 2>&1 &
	p1=$!
	ip netns exec lan1 ping -i 0.2 -W 1 10.0.0.13 > /tmp/xen/up-g3.log 2>&1 &
	p3=$!
	wait_until 20 grep -q "bytes from" /tmp/xen/up-g1.log || fail "g1 does not answer the LAN"
	wait_until 20 grep -q "bytes from" /tmp/xen/up-g3.log || fail "g3 does not answer lan1"

	echo "--- (a) save, rmmod, insmod, restore"
	xenbr-ctl save "$state"
	cat "$state"
	rmmod xenbr
	insmod /xenbr/xenbr.ko
	xenbr-ctl restore "$state"
	upgrade_same "save, rmmod, insmod, restore"
	# The counters start again with the module.
	check_eq 3 "$(xenbr-ctl -j netback | jq .vifs.reattached)" "vifs taken back"

	echo "--- (b) xenbr-ctl reload"
	out=$(xenbr-ctl reload /xenbr/xenbr.ko)
	echo "$out"
	printf '%s\n' "$out" | grep -q '^reload: .*: 2 bridges, 5 ports restored; guests were cut off for [0-9.]* s (unload [0-9.]*, load [0-9.]*, restore [0-9.]*)$' ||
		fail "reload's line"
	upgrade_same "reload"
	check_eq 3 "$(xenbr-ctl -j netback | jq .vifs.reattached)" "vifs taken back by the new module"

	echo "--- (c) xenbr1 deleted, then restored"
	xenbr-ctl delbr xenbr1
	xenbr-ctl restore "$state"
	upgrade_same "xenbr1 deleted and restored"

	echo "--- (d) faulty state files"
	head -c 300 "$state" > /tmp/xen/truncated.json
	upgrade_refused "a truncated state file" "the text ends" /tmp/xen/truncated.json
	upgrade_refused "a missing state file" "cannot read /tmp/xen/nosuch.json" /tmp/xen/nosuch.json

	guest_pinged g3 10.0.0.113
	kill -INT "$p1" "$p3"
	wait "$p1" "$p3" || true
	lost1=$(awk '/packets transmitted/ { print $1 - $4 }' /tmp/xen/up-g1.log)
	lost3=$(awk '/packets transmitted/ { print $1 - $4 }' /tmp/xen/up-g3.log)
	echo "a ping every 0.2 s across three cut-overs: g1 $(grep transmitted /tmp/xen/up-g1.log)"
	echo "a ping every 0.2 s across three cut-overs: g3 $(grep transmitted /tmp/xen/up-g3.log)"
	# Each cut-over costs seconds under TCG (the glue reads xenstore, one
	# key a round trip): measured 22 and 31 pings of about 430 in all in
	# make check beside another VM, 2026-12-07. 60 is 4 s a cut-over.
	echo "pings lost a cut-over: g1 $((lost1 / 3)), g3 $((lost3 / 3))"
	[ "$lost1" -le 60 ] || fail "g1 lost $lost1 pings across three cut-overs"
	[ "$lost3" -le 60 ] || fail "g3 lost $lost3 pings across three cut-overs"

	guest_destroy g3
	trap - EXIT
	xenbr-ctl delbr xenbr1
	ip netns del lan1
	ip route del 198.51.100.0/24
	xenbr-ctl fdb del xenbr0 02:00:00:00:26:99
	xenbr-ctl port set "$vif2" limit 256
}
