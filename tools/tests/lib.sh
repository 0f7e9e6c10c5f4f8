# shellcheck shell=bash
# Library of xenbr's in-VM integration tests: helpers that build bridges,
# guests and counters, checks that fail a case with a message, and the
# runner of the cases.
#
# A test file opens with a drawing of what it builds and the list of its
# cases, ALL_TESTS="case_a case_b ...", one shell function per case named as
# the case; it sources this, defines the functions, and ends with
# `run_tests`, which runs each case of ALL_TESTS in order (`run_case NAME
# FN` runs one case by hand). Every case runs in its own subshell with
# `set -e`, its output goes to the console prefixed with [file/case], and
# its result goes to fd 3 as "TEST file/case PASS|FAIL|SKIP". After each
# case the network state is torn down, so one failing case does not poison
# the next. topo builds the file's drawing, on_each runs a case's steps on
# the Linux bridge, then on xenbr.
#
# The harness runs a file in its VM with fd 3 open for the results. Run by
# hand (fd 3 not open), results go to stdout, as the cases' output does
# (XENBR_CONSOLE), and nothing is written to the kernel log (XENBR_KMSG);
# cases run only with XENBR_SCRATCH=1, on a machine whose namespaces and
# links may all go, as the VM's do after each case. XENBR_KO is the module.

TEST_FILE=$(basename "$0" .sh)
XENBR_KO=${XENBR_KO:-/xenbr/xenbr.ko}
if { true >&3; } 2> /dev/null; then
	XENBR_VM=1
	XENBR_CONSOLE=${XENBR_CONSOLE:-/dev/console}
	XENBR_KMSG=${XENBR_KMSG:-/dev/kmsg}
else
	exec 3>&1
	XENBR_VM=0
	XENBR_CONSOLE=${XENBR_CONSOLE:-/dev/stdout}
	XENBR_KMSG=${XENBR_KMSG:-/dev/null}
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# check_eq WANT GOT WHAT
check_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

# check_ge MIN GOT WHAT
check_ge() {
	[ "$2" -ge "$1" ] || fail "$3: expected at least $1, got $2"
}

# check_fails WHAT CMD...: CMD must fail.
check_fails() {
	local what=$1
	shift
	if "$@" 2>/tmp/check_fails.err; then
		fail "$what: '$*' succeeded but must fail"
	fi
	echo "expected failure ($what): $(cat /tmp/check_fails.err)"
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_until() {
	local end=$(( $(date +%s) + $1 ))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

xenbr_load() {
	grep -q '^xenbr ' /proc/modules || insmod "$XENBR_KO"
}

xenbr_unload() {
	! grep -q '^xenbr ' /proc/modules || rmmod xenbr
}

# no_ipv6 [NETNS]: turn IPv6 off (here, or in NETNS), so that the stack's own
# chatter (router solicitations, MLD reports) does not teach the bridge.
no_ipv6() {
	local x="ip netns exec $1"
	[ -n "$1" ] || x=
	$x sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6;
		  echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
}

# guest NAME BRIDGE MAC IPV4/LEN IPV6/LEN: a network namespace standing in for
# a domU (or for the physical network): veth NAME-p is the bridge port (as
# vifD.H is in dom0), eth0 inside the namespace is the guest's NIC. IPV6 "-"
# turns IPv6 off in the guest: it sends only what the test makes it send.
guest() {
	local name=$1 br=$2 mac=$3 v4=$4 v6=$5
	ip netns add "$name"
	[ "$v6" = - ] && no_ipv6 "$name" && v6=
	ip link add "$name-p" type veth peer name eth0 netns "$name"
	ip -n "$name" link set eth0 address "$mac"
	ip -n "$name" link set lo up
	ip -n "$name" link set eth0 up
	[ -n "$v4" ] && ip -n "$name" addr add "$v4" dev eth0
	[ -n "$v6" ] && ip -n "$name" addr add "$v6" dev eth0 nodad
	ip link set "$name-p" master "$br"
	ip link set "$name-p" up
}

# rx_packets NETNS DEV: the device's received-packet counter.
rx_packets() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"
}

# Remove everything a case may have made: namespaces, bridges, veths; and
# give dom0's namespace back its IPv6, which a case may have turned off.
teardown() {
	echo 0 > /proc/sys/net/ipv6/conf/all/disable_ipv6
	echo 0 > /proc/sys/net/ipv6/conf/default/disable_ipv6
	# One ip for all (each process costs most of a second on the debug
	# kernel); -force goes on past a device its namespace took with it.
	ip netns list 2>/dev/null | awk '{ print "netns del " $1 }' | ip -force -batch - 2>/dev/null || true
	ip -o link show 2>/dev/null | awk -F': ' '$2 != "lo" { sub(/@.*/, "", $2); print "link del " $2 }' |
		ip -force -batch - 2>/dev/null || true
}

# prefix_lines TAG: copy stdin to stdout, each line tagged (busybox sed has no
# unbuffered mode, and a case's output must reach the console as it comes).
prefix_lines() {
	local line
	while IFS= read -r line; do
		printf '%s %s\n' "$1" "$line"
	done
}

# run_case NAME FN: run FN as one test case and report it.
run_case() {
	local name="$TEST_FILE/$1" fn=$2 rc status
	if [ "$XENBR_VM" != 1 ] && [ "${XENBR_SCRATCH:-0}" != 1 ]; then
		echo "TEST $name SKIP not in the VM: its teardown would take this machine's network (XENBR_SCRATCH=1)" >&3
		return
	fi
	echo "xenbr-vm: case $name: start" > "$XENBR_KMSG"
	: > /tmp/xenbr-case-ran
	( set -e; "$fn" ) 2>&1 | prefix_lines "[$name]" > "$XENBR_CONSOLE"
	rc=${PIPESTATUS[0]}
	case $rc in
	0) status=PASS ;;
	77) status=SKIP ;;
	*) status=FAIL ;;
	esac
	echo "TEST $name $status" >&3
	echo "xenbr-vm: case $name: $status" > "$XENBR_KMSG"
	teardown > "$XENBR_CONSOLE" 2>&1
	[ "${GCOV_CASES:-0}" != 1 ] || /xenbr/gcov-snapshot "$name"
}

# run_tests: run every case of ALL_TESTS, in order; when CASES (from
# make check's CASES=a,b) names cases, only those of this file. On the
# debug kernel the cases a file lists in STOCK_ONLY are reported as
# skipped there ("stock-only"): they prove what userspace prints or does,
# and the stock run has them; the debug kernel is there for xenbr.ko's
# code, which the others reach (make coverage shows it). Named in CASES,
# or with DEBUG_ALL_CASES=1 (make coverage FULL=1), they run anyway.
run_tests() {
	local t
	for t in $ALL_TESTS; do
		if [ -n "${CASES:-}" ]; then
			case ",$CASES," in *",$t,"*) ;; *) continue ;; esac
		elif [ "${KERNEL_LABEL:-}" = debug ] && [ "${DEBUG_ALL_CASES:-0}" != 1 ]; then
			case " $(echo ${STOCK_ONLY:-}) " in *" $t "*)
				echo "TEST $TEST_FILE/$t SKIP stock-only" >&3
				continue ;;
			esac
		fi
		run_case "$t" "$t"
	done
}

# reference_kinds: the bridges a reference case runs its steps on, in order.
# "bridge xenbr" on the stock kernel: the Linux bridge's run proves the
# case's frames and expectations real. "xenbr" on the debug kernel: there
# the Linux bridge's half would test the Linux bridge under KASAN and
# lockdep at a third of the debug run's time, and the recorded references
# (REF_DIR, kept true by every stock run) stand in where output is compared.
# REFERENCE=1 runs the reference halves on any kernel.
REF_DIR=$(dirname "$0")/ref
reference_kinds() {
	if [ "${KERNEL_LABEL:-}" = debug ] && [ "${REFERENCE:-0}" != 1 ]; then
		echo xenbr
	else
		echo bridge xenbr
	fi
}

# against_reference NAME BRIDGE_OUT XENBR_OUT: xenbr printed what the Linux
# bridge did. Where the Linux bridge ran (BRIDGE_OUT exists) its output must
# also be the recorded ref/NAME, so the recording stays true for the runs
# that rely on it; where it did not, the recording stands in for it.
against_reference() {
	local rec=$REF_DIR/$1
	[ -f "$rec" ] || fail "no recorded reference $rec"
	if [ -f "$2" ]; then
		diff -u "$rec" "$2" ||
			fail "the Linux bridge's output is not the recorded tools/tests/ref/$1: update it"
	else
		echo "the Linux bridge did not run here: its recorded output stands in"
		cp "$rec" "$2"
	fi
	diff -u "$2" "$3" || fail "xenbr's output differs from the Linux bridge's"
}

# bridge_add KIND NAME [NETNS]: a bridge NAME (in NETNS), down and empty:
# for KIND "bridge" a Linux bridge behaving as xenbr does (STP off, no
# forward delay), for "xenbr" xenbr.
bridge_add() {
	local x=()
	[ -z "${3:-}" ] || x=(-n "$3")
	if [ "$1" = bridge ]; then
		ip "${x[@]}" link add "$2" type bridge stp_state 0 forward_delay 0
	else
		xenbr_load
		ip "${x[@]}" link add "$2" type xenbr
	fi
}

# topo KIND [GUEST...]: build the drawing atop the test file, its bridge of
# KIND (bridge_add). The file describes the drawing, after sourcing this:
#   TOPO_BRIDGE   dom0's bridge, dom0's IPv6 off beside it (empty: none)
#   TOPO_ADDR     dom0's address on it (empty: none)
#   TOPO_MODULES  modules loaded first, where the kernel has them
#   TOPO_GUESTS   a line a guest: NAME MAC IPV4/LEN IPV6/LEN, as guest
#                 takes them ("-": none); a GUEST argument of that form
#                 stands in for the file's guest of that NAME
# and, where its drawing has more, functions topo calls with KIND:
# topo_bridge before the bridge is up, topo_uplink before the guests,
# topo_more last. Unless the file says otherwise, the drawing is:
#
#   ns h1              ns h2              ns h3
#   eth0 10.0.0.11     eth0 10.0.0.12     eth0 10.0.0.13   (MACs $H1-$H3)
#    |                  |                  |
#   h1-p               h2-p               h3-p      (veth pairs)
#    |                  |                  |
#    +------------- br0 (dom0 10.0.0.1) ---+
H1=02:00:00:00:01:01
H2=02:00:00:00:01:02
H3=02:00:00:00:01:03
TOPO_BRIDGE=br0
TOPO_ADDR=10.0.0.1/24
TOPO_MODULES=
TOPO_GUESTS="
	h1 $H1 10.0.0.11/24 -
	h2 $H2 10.0.0.12/24 -
	h3 $H3 10.0.0.13/24 -
"
topo() {
	local kind=$1 m line g name mac v4 v6
	shift
	if [ -n "$TOPO_BRIDGE" ]; then
		no_ipv6
		for m in $TOPO_MODULES; do
			modprobe "$m" 2> /dev/null || true
		done
		bridge_add "$kind" "$TOPO_BRIDGE"
		[ -z "$TOPO_ADDR" ] || ip addr add "$TOPO_ADDR" dev "$TOPO_BRIDGE"
		if declare -F topo_bridge > /dev/null; then topo_bridge "$kind"; fi
		ip link set "$TOPO_BRIDGE" up
	fi
	if declare -F topo_uplink > /dev/null; then topo_uplink "$kind"; fi
	while read -r line; do
		[ -n "$line" ] || continue
		for g; do
			[ "${g%% *}" != "${line%% *}" ] || line=$g
		done
		read -r name mac v4 v6 <<< "$line"
		[ "$v4" != - ] || v4=
		guest "$name" "$TOPO_BRIDGE" "$mac" "$v4" "$v6" < /dev/null
	done <<< "$TOPO_GUESTS"
	if declare -F topo_more > /dev/null; then topo_more "$kind"; fi
}

# on_each FN [vlans]: FN KIND on topo KIND for each of reference_kinds,
# torn down after each. With "vlans" the Linux bridge's half needs VLAN
# filtering, which the debug kernel's lacks: there xenbr runs alone. With
# COMPARE_OUTPUT=1, FN's output is compared: xenbr's with the Linux
# bridge's, or with its recording ref/FILE.CASE (against_reference).
on_each() {
	local fn=$1 kind out=/tmp/$TEST_FILE
	[ -z "${COMPARE_OUTPUT:-}" ] || rm -f "$out.bridge" "$out.xenbr"
	for kind in $(reference_kinds); do
		echo "--- $kind"
		if [ "$kind" = bridge ] && [ "${2:-}" = vlans ] && ! bridge_filters_vlans; then
			echo "no CONFIG_BRIDGE_VLAN_FILTERING here: xenbr alone"
			continue
		fi
		topo "$kind"
		if [ -n "${COMPARE_OUTPUT:-}" ]; then
			"$fn" "$kind" > "$out.$kind"
			sed 's/^/  /' "$out.$kind"
		else
			"$fn" "$kind"
		fi
		teardown
	done
	[ -z "${COMPARE_OUTPUT:-}" ] ||
		against_reference "$TEST_FILE.${fn%_on}" "$out.bridge" "$out.xenbr"
}

# bridge_up NAME [IPV4/LEN IPV6/LEN]: a xenbr bridge carrying dom0's address.
bridge_up() {
	local br=$1
	bridge_add xenbr "$br"
	[ -n "${2:-}" ] && ip addr add "$2" dev "$br"
	[ -n "${3:-}" ] && ip addr add "$3" dev "$br" nodad
	ip link set "$br" up
}

# count_to NETNS DEV MAC: count frames to MAC arriving on DEV in NETNS from
# now on (tc flower on the ingress qdisc; read with counted).
count_to() {
	ip netns exec "$1" tc qdisc add dev "$2" clsact 2>/dev/null ||
		ip netns exec "$1" tc qdisc add dev "$2" ingress
	ip netns exec "$1" tc filter add dev "$2" ingress protocol all pref 1 \
		flower dst_mac "$3" action pass
}

# counted NETNS DEV: frames the count_to filter on DEV has seen.
counted() {
	ip netns exec "$1" tc -s filter show dev "$2" ingress |
		awk '/Sent .* pkt/ { print $4; exit }'
}

# mac_of [NETNS] DEV
mac_of() {
	if [ $# -eq 2 ]; then
		ip netns exec "$1" cat "/sys/class/net/$2/address"
	else
		cat "/sys/class/net/$1/address"
	fi
}

# ports_of BRIDGE: the bridge's ports, one a line, sorted.
ports_of() {
	ip -o link show master "$1" | awk -F': ' '{ print $2 }' | cut -d@ -f1 | sort
}

# settings_snapshot BRIDGE...: the settings of xenbr bridges that a save
# and restore, or a reload, must keep, each read its own way (not with
# xenbr-ctl save): the devices, addresses, routes and static entries of
# each BRIDGE; every bridge's settings, limits, ports and VLANs. Port
# numbers, counts and states are left out: they are no settings.
settings_snapshot() {
	local br
	for br; do
		ip -j link show dev "$br" | jq -c '.[0] | {ifname, mtu, address, flags}'
		ip -br addr show dev "$br" | awk '{ $2 = ""; print }' | sed 's/ fe80::[^ ]*//'
		ip route show dev "$br"
		ip -6 route show dev "$br" | grep -v -e '^fe80' -e '^multicast' || true
		xenbr-ctl -j fdb show "$br" | jq -c '[.[] | select(.type == "static") | del(.age)]'
	done
	xenbr-ctl -j show | jq -c '.[] | del(.interfaces)'
	xenbr-ctl -j limits | jq -c '.[] | del(.learned) | .ports |= map(del(.learned))'
	xenbr-ctl -j port show | jq -c '.[] | del(.port, .learned, .state)'
	xenbr-ctl -j vlan show | jq -c 'sort_by(.ifname) | .[]'
}

# bridge_filters_vlans: the kernel's Linux bridge can filter VLANs (the
# debug kernel's has no CONFIG_BRIDGE_VLAN_FILTERING).
bridge_filters_vlans() {
	local ok=0
	ip link add vftest0 type bridge 2> /dev/null || return 1
	ip link set vftest0 type bridge vlan_filtering 1 2> /dev/null || ok=1
	ip link del vftest0
	return $ok
}
