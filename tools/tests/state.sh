#!/bin/bash
# xenbr-ctl save, restore and reload: every setting of two bridges kept
# across an unload of the module, a restore that changes nothing on a
# running configuration, a state file with a fault that changes nothing,
# and a reload under traffic, including one whose new module does not load.
# The glue's half (netback vifs taken back by themselves) is the Xen host's
# (tools/tests/xen.sh); here the "vifs" are veths, which restore adds.
#
#   ns lan: lan0 192.0.2.1/24, 198.51.100.1 on lo          (the LAN, gateway)
#    |
#   eth0 --+ xenbr0  192.0.2.10/24 2001:db8::10/64, ageing 120 s, max 500
#          |   default via 192.0.2.1, 198.51.100.0/24 via 192.0.2.1 metric 50
#          |   static 02:00:00:00:26:99 on eth0
#   g1-p --+   (locked: mac $G1, ipv4 192.0.2.21)  -- ns g1 192.0.2.21/24
#   g2-p --+   (limit 7, flood off, isolated on)   -- ns g2 192.0.2.22/24
#
#            xenbr1  VLAN filtering, MTU 1400, dom0 10.10.0.1/24 in VLAN 10,
#          |   port-max 50, static 02:00:00:00:26:98 on t1-p VLAN 20
#   g3-p --+   VLAN 10 pvid untagged              -- ns g3 10.10.0.3/24
#   t1-p --+   VLANs 10, 20-30 tagged             -- ns t1 (a trunk)
. "$(dirname "$0")/lib.sh"

ALL_TESTS="save_restore refuses_faults reload"
# What they prove is xenbr-ctl's; the kernel paths they reach (ports,
# VLANs, locks, the unload) are every other file's too.
STOCK_ONLY=$ALL_TESTS

G1=02:00:00:00:26:01
G2=02:00:00:00:26:02
G3=02:00:00:00:26:03
STATE=/tmp/state.json

two_bridges() {
	no_ipv6
	echo 0 > /proc/sys/net/ipv6/conf/default/disable_ipv6
	ip netns add lan
	ip link add eth0 type veth peer name lan0 netns lan
	ip -n lan link set lo up
	ip -n lan link set lan0 up
	ip -n lan addr add 192.0.2.1/24 dev lan0
	ip -n lan addr add 198.51.100.1/32 dev lo
	ip link set eth0 up
	bridge_add xenbr xenbr0
	ip link set eth0 master xenbr0
	ip link set xenbr0 up
	echo 0 > /proc/sys/net/ipv6/conf/xenbr0/disable_ipv6
	ip addr add 192.0.2.10/24 dev xenbr0
	ip addr add 2001:db8::10/64 dev xenbr0 nodad
	ip route add default via 192.0.2.1
	ip route add 198.51.100.0/24 via 192.0.2.1 metric 50
	xenbr-ctl setageing xenbr0 120
	xenbr-ctl limits xenbr0 max 500
	guest g1 xenbr0 "$G1" 192.0.2.21/24 -
	guest g2 xenbr0 "$G2" 192.0.2.22/24 -
	xenbr-ctl port set g1-p lock locked mac "$G1" ipv4 192.0.2.21
	xenbr-ctl port set g2-p limit 7 flood off isolated on
	xenbr-ctl fdb add xenbr0 02:00:00:00:26:99 eth0

	bridge_add xenbr xenbr1
	xenbr-ctl vlan filtering xenbr1 on
	xenbr-ctl limits xenbr1 port-max 50
	guest g3 xenbr1 "$G3" 10.10.0.3/24 -
	ip netns add t1
	ip link add t1-p type veth peer name eth0 netns t1
	ip link set t1-p master xenbr1 up
	ip -n t1 link set eth0 up
	xenbr-ctl vlan add dev g3-p vid 10 pvid untagged
	xenbr-ctl vlan del dev g3-p vid 1
	xenbr-ctl vlan add dev t1-p vid 10
	xenbr-ctl vlan add dev t1-p vid 20-30
	xenbr-ctl vlan del dev t1-p vid 1
	xenbr-ctl vlan add dev xenbr1 vid 10 pvid untagged
	xenbr-ctl vlan del dev xenbr1 vid 1
	xenbr-ctl fdb add xenbr1 02:00:00:00:26:98 t1-p vlan 20
	ip link set xenbr1 mtu 1400 up
	ip addr add 10.10.0.1/24 dev xenbr1
}

snapshot() {
	settings_snapshot xenbr0 xenbr1
	ip route show default
}

same_as() {
	snapshot > /tmp/state.after
	diff -u "$1" /tmp/state.after || fail "$2: the state is not as before"
}

traffic() {
	ip netns exec g1 ping -c 1 -W 2 192.0.2.1 > /dev/null || fail "g1 cannot reach the LAN"
	ip netns exec g3 ping -c 1 -W 2 10.10.0.1 > /dev/null || fail "g3 cannot reach dom0 in VLAN 10"
	ping -c 1 -W 2 198.51.100.1 > /dev/null || fail "dom0 cannot reach 198.51.100.1 through its route"
}

save_restore() {
	local before=/tmp/state.before idx0 idx1
	two_bridges
	traffic
	snapshot > "$before"
	cat "$before"
	xenbr-ctl save "$STATE"
	cat "$STATE"
	jq -e '.format == "xenbr-state" and .version == 1 and (.bridges | length) == 2' "$STATE" > /dev/null ||
		fail "the state file's head"
	# Standard output is the same state.
	jq -S 'del(.saved_at)' "$STATE" > /tmp/state.file
	xenbr-ctl save | jq -S 'del(.saved_at)' > /tmp/state.stdout
	diff /tmp/state.file /tmp/state.stdout || fail "save to standard output differs from save FILE"

	rmmod xenbr
	! ip link show xenbr0 2> /dev/null || fail "xenbr0 outlived the module"
	insmod "$XENBR_KO"
	xenbr-ctl restore "$STATE"
	same_as "$before" "save, rmmod, insmod, restore"
	traffic

	# Over the running configuration: nothing is made again.
	idx0=$(cat /sys/class/net/xenbr0/ifindex)
	idx1=$(cat /sys/class/net/xenbr1/ifindex)
	xenbr-ctl restore < "$STATE"
	same_as "$before" "a second restore"
	check_eq "$idx0 $idx1" "$(cat /sys/class/net/xenbr0/ifindex) $(cat /sys/class/net/xenbr1/ifindex)" \
		"the bridges' ifindexes after a restore over them"
	# A restore puts back what was changed since the save, and only that.
	xenbr-ctl port set g2-p limit 9 flood on
	xenbr-ctl vlan add dev t1-p vid 40
	ip route del 198.51.100.0/24
	xenbr-ctl restore "$STATE"
	same_as "$before" "a restore over changed settings"
}

# refuse NAME EXPECT FILE: restore FILE fails, saying EXPECT, and changes
# nothing.
refuse() {
	local rc=0
	xenbr-ctl restore "$3" 2> /tmp/state.err || rc=$?
	echo "$1: $(cat /tmp/state.err)"
	check_eq 1 "$rc" "$1: restore's exit status"
	grep -qF -- "$2" /tmp/state.err || fail "$1: the error does not say '$2'"
	grep -q 'nothing changed' /tmp/state.err || fail "$1: the error does not say that nothing changed"
	same_as /tmp/state.before "$1"
	! ip link show newbr0 2> /dev/null || fail "$1: newbr0 was created"
}

# mutate NAME EXPECT JQ: the saved file changed by JQ is refused.
mutate() {
	jq "$3" "$STATE" > /tmp/state.bad || fail "$1: jq"
	refuse "$1" "$2" /tmp/state.bad
}

refuses_faults() {
	local size
	two_bridges
	xenbr-ctl save "$STATE"
	# A Linux bridge holding a device, for the devices taken already.
	ip link add lbr0 type bridge
	ip link add x0 type veth peer name x1
	ip link set x0 master lbr0
	snapshot > /tmp/state.before

	# The file's own faults are the host check's (check-state-file.sh:
	# every kind, under the sanitizers); here one of each class, on a
	# running configuration, and the faults only the host can show.
	size=$(stat -c %s "$STATE")
	head -c $((size / 2)) "$STATE" > /tmp/state.bad
	refuse truncated "the text ends" /tmp/state.bad
	refuse missing "cannot read /tmp/nosuch.json" /tmp/nosuch.json
	mutate "an unknown key" "bridges[0].ports[1].colour: unknown key" '.bridges[0].ports[1].colour = "blue"'
	mutate "a limit too large" "bridges[0].ports[2].limit: 99999999 is not in" '.bridges[0].ports[2].limit = 99999999'
	mutate "a missing device" "bridges[1].ports[3]: there is no device nosuch0" \
		'.bridges = [{"name": "newbr0"}] + .bridges | .bridges[1].ports += [{"name": "nosuch0"}]'
	mutate "a device on another bridge" "x0 is a port of lbr0 already" \
		'.bridges = [{"name": "newbr0"}] + .bridges | .bridges[2].ports += [{"name": "x0"}]'
	mutate "a Linux bridge's name" "lbr0 exists and is not a xenbr bridge" \
		'.bridges = [{"name": "newbr0"}, {"name": "lbr0"}] + .bridges'
	ip link del lbr0
	ip link del x0
}

reload() {
	local out rc=0 lost
	two_bridges
	snapshot > /tmp/state.before
	printf 'not a module\n' > /tmp/bad.ko

	# Nothing to load: refused before anything goes.
	rc=0
	xenbr-ctl reload /tmp/nosuch.ko 2> /tmp/state.err || rc=$?
	check_eq 1 "$rc" "reload with no such module"
	grep -q "nothing changed" /tmp/state.err || fail "reload with no such module: $(cat /tmp/state.err)"
	same_as /tmp/state.before "a reload refused"

	# Under traffic: a ping every 0.2 s from a guest to the LAN.
	ip netns exec g1 ping -i 0.2 -c 50 -W 1 192.0.2.1 > /tmp/state.ping &
	sleep 2
	out=$(xenbr-ctl reload "$XENBR_KO")
	echo "$out"
	wait
	cat /tmp/state.ping
	printf '%s\n' "$out" | grep -q '^reload: xenbr .* -> .*: 2 bridges, 5 ports restored; guests were cut off for [0-9.]* s (unload [0-9.]*, load [0-9.]*, restore [0-9.]*)$' ||
		fail "reload's line"
	same_as /tmp/state.before "reload"
	traffic
	lost=$(awk '/packets transmitted/ { print $1 - $4 }' /tmp/state.ping)
	echo "pings lost across the reload: $lost of 50"
	[ "$lost" -le 10 ] || fail "$lost pings of 50 lost across the reload"

	# A new module that does not load: the state stays on disk, and the
	# command it prints brings everything back.
	rc=0
	XENBR_RELOAD_STATE=/tmp/reload.json xenbr-ctl reload /tmp/bad.ko 2> /tmp/state.err || rc=$?
	cat /tmp/state.err
	check_eq 1 "$rc" "reload with a module that does not load"
	grep -q "the new module did not load" /tmp/state.err || fail "no word of the failed load"
	grep -qx '    xenbr-ctl restore /tmp/reload.json' /tmp/state.err || fail "no restore command"
	! grep -q '^xenbr ' /proc/modules || fail "xenbr is loaded"
	[ -s /tmp/reload.json ] || fail "the state file is gone"
	insmod "$XENBR_KO"
	xenbr-ctl restore /tmp/reload.json
	same_as /tmp/state.before "restore after a failed reload"
	traffic
}

run_tests
