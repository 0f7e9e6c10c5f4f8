#!/bin/bash
# What an operator sees of xenbr: its trace events (xenbr:* in tracefs),
# xenbr-ctl stats' short and detailed lines, and the Prometheus exposition
# of stats --format prometheus, which the host parses after the run
# (tools/harness/check-metrics.py reads the block this prints).
#
#   ns g1 (locked to its MAC and 10.0.0.5)    ns g2
#   eth0 00:16:3e:00:00:05 10.0.0.5/24         eth0 02:00:00:00:00:02 10.0.0.2/24
#    |                                          |
#   g1-p ------------- xb0 (dom0 10.0.0.1/24) - g2-p
#
# A spoofed frame from g1 (source MAC $BAD) dies on the lock; traffic
# between g1 and g2 is learned; an entry deleted, moved, aged.
. "$(dirname "$0")/lib.sh"

ALL_TESTS="trace_events stats_lines prometheus"
# All three are about what userspace reads; the debug kernel has no
# tracefs (tools/kernel/debug.config).
STOCK_ONLY=$ALL_TESTS

G1=00:16:3e:00:00:05
G2=02:00:00:00:00:02
BAD=00:16:3e:00:00:99
TRACE=/sys/kernel/tracing
TOPO_BRIDGE=xb0
TOPO_GUESTS="
	g1 $G1 10.0.0.5/24 -
	g2 $G2 10.0.0.2/24 -
"
topo_more() {
	xenbr-ctl port set g1-p lock locked mac "$G1" ipv4 10.0.0.5
}

# spoof: one frame from g1 with a source MAC not its own (ARP, to g2).
spoof() {
	ip netns exec g1 xenbr-rawsend eth0 "$(echo "$G2$BAD" | tr -d :)0806000108000604000200163e0000990a000005$(echo $G2 | tr -d :)0a000002"
}

# has TEXT GREP_ARGS... -- WHAT: TEXT has a line GREP_ARGS match, or fail.
has() {
	local text=$1 what
	shift
	what=${*: -1}
	printf '%s\n' "$text" | grep -q "${@:1:$#-2}" || fail "$what"
}

tracing() {
	xenbr_load
	[ -d "$TRACE/events" ] || mount -t tracefs nodev "$TRACE" 2> /dev/null ||
		skip "no tracefs in this kernel"
	[ -d "$TRACE/events/xenbr" ] || fail "no xenbr events in $TRACE/events"
}

trace_events() {
	local out
	tracing
	topo xenbr
	ls "$TRACE/events/xenbr"
	for e in xenbr_drop xenbr_fdb_learn xenbr_fdb_add xenbr_fdb_move xenbr_fdb_age \
		xenbr_fdb_delete xenbr_glue_attach xenbr_glue_refuse xenbr_glue_detach; do
		[ -d "$TRACE/events/xenbr/$e" ] || fail "no event xenbr:$e"
	done
	# The format names the reasons (TRACE_DEFINE_ENUM): perf prints them.
	grep -q 'lock-mac' "$TRACE/events/xenbr/xenbr_drop/format" ||
		fail "the drop event's format has no reason names"
	: > "$TRACE/trace"
	echo 1 > "$TRACE/events/xenbr/enable"
	echo 1 > "$TRACE/tracing_on"
	spoof
	ip netns exec g2 ping -c 1 -W 2 10.0.0.5 > /dev/null || fail "g2 cannot reach g1"
	xenbr-ctl fdb add xb0 02:00:00:00:00:77 g2-p
	xenbr-ctl fdb del xb0 02:00:00:00:00:77
	# g2's MAC moves to g1-p: a frame from it there (g1-p is locked: unlock).
	xenbr-ctl port set g1-p lock unlocked
	ip netns exec g1 xenbr-rawsend eth0 "ffffffffffff$(echo $G2 | tr -d :)88b5deadbeef"
	xenbr-ctl setageing xb0 1
	wait_until 10 grep -q xenbr_fdb_age "$TRACE/trace" || true
	echo 0 > "$TRACE/events/xenbr/enable"
	out=$(grep -v '^#' "$TRACE/trace")
	printf '%s\n' "$out"
	has "$out" "xenbr_drop: bridge=xb0 port=g1-p reason=lock-mac src=$BAD dst=$G2 vid=0 proto=0x0806" -- "no drop event for the spoofed frame"
	has "$out" "xenbr_fdb_learn: bridge=xb0 port=g2-p mac=$G2 vid=0" -- "no learn event for g2's MAC"
	has "$out" "xenbr_fdb_add: bridge=xb0 port=g2-p mac=02:00:00:00:00:77 vid=0" -- "no add event"
	has "$out" "xenbr_fdb_delete: bridge=xb0 port=g2-p mac=02:00:00:00:00:77 vid=0" -- "no delete event"
	has "$out" "xenbr_fdb_move: bridge=xb0 from=g2-p to=g1-p mac=$G2 vid=0" -- "no move event"
	has "$out" "xenbr_fdb_age: bridge=xb0 port=.* vid=0" -- "no age event"
	# Off, nothing more is written.
	: > "$TRACE/trace"
	spoof
	[ -z "$(grep -v '^#' "$TRACE/trace")" ] || fail "events written while off"
}

stats_lines() {
	local out
	topo xenbr
	spoof
	spoof
	out=$(xenbr-ctl stats g1-p)
	printf '%s\n' "$out"
	printf '%s\n' "$out" | grep -qx '  drops 2: lock-mac 2' || fail "g1-p's short drop line"
	out=$(xenbr-ctl stats g2-p)
	printf '%s\n' "$out" | grep -qx '  drops 0' || fail "g2-p's short drop line: $out"
	out=$(xenbr-ctl stats xb0)
	printf '%s\n' "$out" | grep -c '^  drops ' | grep -qx 3 || fail "a drop line per bridge and port"
	out=$(xenbr-ctl stats -d g1-p)
	printf '%s\n' "$out"
	check_eq 23 "$(printf '%s\n' "$out" | sed -n 's/^  drops://p' | wc -w | awk '{ print $1 / 2 }')" \
		"reasons in stats -d"
	printf '%s\n' "$out" | grep -q ' lock-mac 2 ' || fail "stats -d: lock-mac"
	check_eq 2 "$(xenbr-ctl -j stats g1-p | jq '.[0].drops["lock-mac"]')" "-j's lock-mac"
	check_eq 23 "$(xenbr-ctl -j stats g1-p | jq '.[0].drops | length')" "-j's reasons"
	check_fails "--format json" xenbr-ctl stats --format json
	check_fails "-j with --format prometheus" xenbr-ctl -j stats --format prometheus
}

prometheus() {
	local out rx
	topo xenbr
	spoof
	ip netns exec g2 ping -c 3 -W 2 10.0.0.5 > /dev/null || fail "g2 cannot reach g1"
	out=$(xenbr-ctl stats --format prometheus)
	# For the host's parser (check-metrics.py), between these lines.
	echo METRICS-BEGIN
	printf '%s\n' "$out"
	echo METRICS-END
	rx=$(xenbr-ctl -j stats g2-p | jq '.[0].rx_packets')
	printf '%s\n' "$out" | grep -qx "xenbr_port_rx_packets_total{bridge=\"xb0\",port=\"g2-p\"} $rx" ||
		fail "g2-p's rx_packets_total is not $rx"
	has "$out" -x 'xenbr_port_drops_total{bridge="xb0",port="g1-p",reason="lock-mac"} 1' -- "g1-p's lock-mac drops"
	has "$out" -x 'xenbr_bridge_drops_total{bridge="xb0",reason="lock-mac"} 1' -- "the bridge's lock-mac drops"
	has "$out" -x '# TYPE xenbr_port_fdb_learned_entries gauge' -- "the learned entries' type"
	# One port: its families alone, no bridge's.
	out=$(xenbr-ctl stats --format prometheus g1-p)
	! printf '%s\n' "$out" | grep -q 'port="g2-p"\|^xenbr_bridge_' || fail "stats --format prometheus g1-p shows more"
	has "$out" '^xenbr_port_rx_packets_total{bridge="xb0",port="g1-p"} ' -- "stats --format prometheus g1-p"
}

run_tests
