#!/bin/bash
# VIF locking: a locked port forwards only what its guest sends from its own
# MAC and addresses. The guest g1 sends raw frames through a packet socket
# (xenbr-rawsend), as an untrusted domU builds its own; each spoofed frame
# first crosses a Linux bridge of the same topology, so the frame is real,
# then must die on the locked xenbr port, counted by its lock-* reason.
# (The Linux bridge half runs on the stock kernel: reference_kinds.)
#
#   ns g1 (the guest to lock)                 ns g2 (a peer)
#   eth0 00:16:3e:00:00:05                    eth0 02:00:00:00:00:02
#   10.0.0.5/24 (2001:db8::5/64 in            10.0.0.2/24
#   allowed_traffic; else IPv6 off)            |
#    |                                        g2-p
#   g1-p                                       |
#    +---------- br0 (dom0 10.0.0.1/24) -------+
#
# br0 is "type bridge" (STP off) in the reference runs, "type xenbr" after.
# g1-p is locked to the MAC, 10.0.0.5, 2001:db8::5 and g1's link-local.
. "$(dirname "$0")/lib.sh"

ALL_TESTS="spoofs allowed_traffic disabled_both_ways unlock_restores
	settings_refused"
# KUnit (locking_test.c) judges every frame kind; the debug run keeps the
# settings' netlink paths, which only settings_refused reaches (make
# coverage BY_CASE=1). The traffic cases are the stock run's.
STOCK_ONLY="spoofs allowed_traffic disabled_both_ways unlock_restores"

G1=00:16:3e:00:00:05
G2=02:00:00:00:00:02
BAD=00:16:3e:00:00:99
G1_LL=fe80::216:3eff:fe00:5

# Addresses as hex, for the frames.
H_G1=$(echo $G1 | tr -d :)
H_G2=$(echo $G2 | tr -d :)
H_BAD=$(echo $BAD | tr -d :)
V6_G1=20010db8000000000000000000000005
V6_BAD=20010db8000000000000000000000066
V6_GW=20010db8000000000000000000000001
V6_LL=fe800000000000000216 # + 3efffe000005
V6_LL=${V6_LL}3efffe000005
V6_ANY=00000000000000000000000000000000
V6_ALL=ff020000000000000000000000000001

# ip4hex A.B.C.D
ip4hex() {
	local IFS=.
	# shellcheck disable=SC2086
	printf '%02x' $1
}

# eth SRC TYPE: the Ethernet header of a frame to g2 (any destination would
# do: the lock reads the source and what follows).
eth() { echo "$H_G2$1$2"; }

# csum16 HEX: the Internet checksum of HEX (whole 16-bit words).
csum16() {
	local h=$1 sum=0 i
	for ((i = 0; i < ${#h}; i += 4)); do
		sum=$((sum + 16#${h:i:4}))
	done
	while ((sum >> 16)); do
		sum=$(((sum & 0xffff) + (sum >> 16)))
	done
	printf '%04x' $((~sum & 0xffff))
}

# udp4 SRC SPORT DPORT: IPv4 UDP to 255.255.255.255 (a true header
# checksum, which a host with br_netfilter checks; no UDP checksum).
udp4() {
	local h
	h=$(printf '450000200000400040110000%s%s' "$(ip4hex "$1")" "$(ip4hex 255.255.255.255)")
	printf '%s%s%s%04x%04x000c0000deadbeef' "${h:0:20}" "$(csum16 "$h")" "${h:24}" "$2" "$3"
}

# arp SHA SIP TIP: an ARP reply.
arp() { echo "0001080006040002$1$(ip4hex "$2")$H_G2$(ip4hex "$3")"; }

# ip6 SRC NEXTHDR PAYLOAD
ip6() { printf '60000000%04x%02xff%s%s%s' $((${#3} / 2)) "$2" "$1" "$V6_ALL" "$3"; }

# frames: "NAME REASON FRAME", REASON "pass" for what a locked port forwards.
frames() {
	cat <<-EOF
	ipv4-allowed pass $(eth "$H_G1" 0800)$(udp4 10.0.0.5 1234 80)
	arp-probe pass $(eth "$H_G1" 0806)$(arp "$H_G1" 0.0.0.0 10.0.0.5)
	dhcp-discover pass $(eth "$H_G1" 0800)$(udp4 0.0.0.0 68 67)
	dad pass $(eth "$H_G1" 86dd)$(ip6 $V6_ANY 58 "8700000000000000$V6_G1")
	spoofed-mac lock-mac $(eth "$H_BAD" 0800)$(udp4 10.0.0.5 1234 80)
	spoofed-ipv4 lock-ipv4 $(eth "$H_G1" 0800)$(udp4 10.0.0.66 1234 80)
	spoofed-ipv6 lock-ipv6 $(eth "$H_G1" 86dd)$(ip6 $V6_BAD 17 "04d20050000c0000deadbeef")
	arp-for-gateway lock-arp $(eth "$H_G1" 0806)$(arp "$H_G1" 10.0.0.1 10.0.0.2)
	arp-foreign-sender lock-arp $(eth "$H_G1" 0806)$(arp "$H_BAD" 10.0.0.5 10.0.0.2)
	na-for-another lock-nd $(eth "$H_G1" 86dd)$(ip6 $V6_G1 58 "8800000020000000${V6_GW}0201$H_G1")
	router-advertisement lock-router $(eth "$H_G1" 86dd)$(ip6 $V6_LL 58 "860000004000070800000000000000000101$H_G1")
	dhcp-offer lock-router $(eth "$H_G1" 0800)$(udp4 10.0.0.5 67 68)
	tagged lock-vlan $(eth "$H_G1" 8100)00050800$(udp4 10.0.0.5 1234 80)
	other-ethertype lock-proto $(eth "$H_G1" 88b5)$(printf '%092d' 0)
	EOF
}

# topo: br0 with g1 and g2; g1 has no IPv6 (it sends only what a case
# sends) but where topo is given G1_V6.
TOPO_GUESTS="
	g1 $G1 10.0.0.5/24 -
	g2 $G2 10.0.0.2/24 2001:db8::2/64
"
G1_V6="g1 $G1 10.0.0.5/24 2001:db8::5/64"

lock_g1() {
	xenbr-ctl port set g1-p lock locked mac $G1 ipv4 10.0.0.5 \
		ipv6 2001:db8::5,$G1_LL
}

send() { ip netns exec g1 xenbr-rawsend eth0 "$1" < /dev/null; }

# drops REASON: g1-p's count of REASON.
drops() { xenbr-ctl -j stats g1-p | jq ".[0].drops[\"$1\"]"; }

# arrives FRAME: g2 gets it.
arrives() {
	local before
	before=$(counted g2 eth0)
	send "$1"
	wait_until 3 test "$(counted g2 eth0)" -gt "$before"
}

# dropped REASON FRAME: counted as REASON, and g2 did not get it.
dropped() {
	local before seen
	before=$(drops "$1")
	seen=$(counted g2 eth0)
	send "$2"
	wait_until 3 test "$(drops "$1")" -gt "$before" || return 1
	check_eq "$seen" "$(counted g2 eth0)" "frames at g2 after a $1 drop"
}

# Every frame kind of frames(): through a Linux bridge each arrives; through
# the locked port what is allowed arrives and the rest is dropped, counted.
spoofs() { on_each spoofs_on; }
spoofs_on() {
	local kind=$1 name reason frame
	count_to g2 eth0 $G2
	[ $kind = bridge ] || lock_g1
	frames > /tmp/lock-frames
	while read -r name reason frame; do
		if [ $kind = bridge ] || [ "$reason" = pass ]; then
			arrives "$frame" || fail "$kind: $name did not arrive"
		else
			dropped "$reason" "$frame" ||
				fail "$kind: $name was not dropped as $reason"
		fi
		echo "$kind: $name: ok"
	done < /tmp/lock-frames
}

# The locked guest lives normally: ARP, IPv4 and IPv6 (NS/NA, DAD, MLD
# from its link-local) to its peer and to dom0.
allowed_traffic() {
	topo xenbr "$G1_V6"
	lock_g1
	ip netns exec g1 ping -c 2 -W 2 10.0.0.2 > /dev/null || fail "ping g2"
	ip netns exec g1 ping -c 2 -W 2 10.0.0.1 > /dev/null || fail "ping dom0"
	ip netns exec g2 ping -c 2 -W 2 10.0.0.5 > /dev/null || fail "g2 pings g1"
	wait_until 5 ip netns exec g1 ping -c 1 -W 1 2001:db8::2 > /dev/null ||
		fail "ping6 g2"
	check_eq 0 "$(drops lock-ipv4)" "lock-ipv4 drops of allowed traffic"
	check_eq 0 "$(drops lock-arp)" "lock-arp drops of allowed traffic"
	check_eq 0 "$(drops lock-nd)" "lock-nd drops of allowed traffic"
}

# Disabled: nothing from the guest, nothing to it.
disabled_both_ways() {
	topo xenbr
	ip netns exec g1 ping -c 1 -W 2 10.0.0.2 > /dev/null || fail "no ping before"
	xenbr-ctl port set g1-p lock disabled
	xenbr-ctl port show g1-p | grep -q 'state down .* lock disabled ipv4 none ipv6 none$' ||
		fail "port show: not disabled: $(xenbr-ctl port show g1-p)"
	ip neigh flush all
	ip -n g1 neigh flush all
	ip -n g2 neigh flush all
	count_to g1 eth0 ff:ff:ff:ff:ff:ff
	! ip netns exec g1 ping -c 1 -W 1 10.0.0.2 > /dev/null || fail "g1 reached g2"
	[ "$(drops lock-disabled)" -ge 1 ] || fail "lock-disabled not counted"
	! ip netns exec g2 ping -c 1 -W 1 10.0.0.5 > /dev/null || fail "g2 reached g1"
	! ping -c 1 -W 1 10.0.0.5 > /dev/null || fail "dom0 reached g1"
	check_eq 0 "$(counted g1 eth0)" "broadcasts that reached the disabled port"
}

# unlocked gives everything back: spoofed frames cross again.
unlock_restores() {
	topo xenbr
	count_to g2 eth0 $G2
	lock_g1
	dropped lock-mac "$(eth "$H_BAD" 0800)$(udp4 10.0.0.5 1234 80)" ||
		fail "spoofed MAC not dropped"
	xenbr-ctl port set g1-p lock disabled
	xenbr-ctl port set g1-p lock unlocked
	xenbr-ctl port show g1-p | grep -q ' lock unlocked$' || fail "port show: not unlocked"
	arrives "$(eth "$H_BAD" 0800)$(udp4 10.0.0.5 1234 80)" ||
		fail "spoofed MAC blocked after unlock"
	arrives "$(eth "$H_G1" 86dd)$(ip6 $V6_LL 58 "860000004000070800000000000000000101$H_G1")" ||
		fail "RA blocked after unlock"
	ip netns exec g2 ping -c 1 -W 2 10.0.0.5 > /dev/null || fail "g2 cannot reach g1"
}

# The settings: shown, announced, and refused with no change when wrong.
settings_refused() {
	local before nobody="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
	local many i
	topo xenbr
	xenbr-ctl port show g1-p | grep -q ' lock unlocked$' || fail "not unlocked at first"
	xenbr-ctl monitor > /tmp/monlock.log &
	local mon=$!
	sleep 1
	xenbr-ctl port set g1-p lock locked mac $G1 ipv4 10.0.0.5,10.0.1.7/24 \
		ipv6 none
	wait_until 5 grep -q " port-lock br0 dev g1-p port 1 up lock locked$" \
		/tmp/monlock.log || fail "no port-lock event: $(cat /tmp/monlock.log)"
	kill $mon
	xenbr-ctl port show g1-p
	xenbr-ctl port show g1-p |
		grep -q " lock locked mac $G1 ipv4 10.0.0.5,10.0.1.0/24 ipv6 none$" ||
		fail "port show text"
	xenbr-ctl -j port show g1-p | jq -e '.[0].lock == {"mode": "locked",
		"mac": "00:16:3e:00:00:05", "ipv4": ["10.0.0.5", "10.0.1.0/24"],
		"ipv6": []}' > /dev/null || fail "port show -j: $(xenbr-ctl -j port show g1-p)"
	# Kept when not given.
	xenbr-ctl port set g1-p lock locked ipv6 2001:db8::/64
	xenbr-ctl port show g1-p | grep -q "ipv4 10.0.0.5,10.0.1.0/24 ipv6 2001:db8::/64$" ||
		fail "addresses not kept"

	before=$(xenbr-ctl -j port show g1-p)
	many=10.1.0.1
	for i in $(seq 2 33); do many=$many,10.1.0.$i; done
	check_fails "33 addresses" xenbr-ctl port set g1-p lock locked ipv4 "$many"
	grep -q "limit" /tmp/check_fails.err || fail "33 addresses: $(cat /tmp/check_fails.err)"
	check_fails "malformed IPv4" xenbr-ctl port set g1-p lock locked ipv4 10.0.0.300
	check_fails "prefix too long" xenbr-ctl port set g1-p lock locked ipv4 10.0.0.0/33
	check_fails "IPv6 in ipv4" xenbr-ctl port set g1-p lock locked ipv4 2001:db8::1
	check_fails "multicast" xenbr-ctl port set g1-p lock locked ipv6 ff02::1
	check_fails "bad mode" xenbr-ctl port set g1-p lock open
	check_fails "bad MAC" xenbr-ctl port set g1-p lock locked mac 00:16:3e
	check_fails "multicast MAC" xenbr-ctl port set g1-p lock locked mac 01:00:5e:00:00:01
	check_fails "addresses unlocked" xenbr-ctl port set g1-p lock unlocked ipv4 10.0.0.5
	check_fails "addresses without lock" xenbr-ctl port set g1-p ipv4 10.0.0.5
	if $nobody xenbr-ctl port set g1-p lock unlocked 2> /tmp/err; then
		fail "unprivileged lock change succeeded"
	fi
	grep -q "Operation not permitted" /tmp/err || fail "unprivileged: $(cat /tmp/err)"
	check_eq "$before" "$(xenbr-ctl -j port show g1-p)" "port after refused changes"

	# Locking needs a MAC: a veth port has no guest MAC the glue knows.
	check_fails "no MAC" xenbr-ctl port set g2-p lock locked ipv4 10.0.0.2
	grep -q "MAC" /tmp/check_fails.err || fail "no MAC: $(cat /tmp/check_fails.err)"
	xenbr-ctl port show g2-p | grep -q ' lock unlocked$' || fail "g2-p changed"
	# Disabled needs none.
	xenbr-ctl port set g2-p lock disabled
	xenbr-ctl port set g2-p lock unlocked
	# The port's removal frees its lock (kmemleak checks after the run).
	ip link del g1-p
}

run_tests
