#!/bin/bash
# make bench, inside the VM: forwarding rates of the Linux bridge, xenbr and
# Open vSwitch's kernel datapath on one veth/namespace topology, beside the
# forwarding limit of that path, in many short A/B rounds. Raw figures go to
# fd 3, one a line, for tools/bench/report.py on the host:
#   BENCH <metric> <setup> <param> <round> <value>   one measurement
#   VAL <dotted.key> <value>                         a single figure
#   NOTE <text>                                      caveats for the report
#   PROF <setup> <line>                              profile lines (PROFILE=1)
# A round measures every set-up once, back to back, in an order that
# rotates from round to round; report.py takes each ratio round by round
# and bootstraps its 95 % interval over the rounds.
#
# Traffic: pktgen (in-kernel) in "netif_receive" mode injects 64-byte frames
# (60 + FCS) straight into the ingress port's receive path, as netback does
# for a vif, so no veth hop in front of the bridge dilutes the comparison.
# Each measurement is a fixed number of frames, timed by pktgen itself; the
# rate is the frames the far end received over that time. The frames carry
# an MPLS ethertype, which nothing at the far end handles: they are dropped
# on arrival, with no IP stack or ICMP in the way.
# The limit ("mirred"): the same injection, sent on to the same kind of
# egress veth by the cheapest forwarder Linux has, tc matchall + mirred
# egress redirect on the ingress port. pktgen holds a reference on each
# frame, so the bridges clone it (skb_share_check); netback's frames are not
# shared. Every bridge pays it alike.
# OVS ("ovs"): the kernel datapath (openvswitch.ko) driven by ovs-dpctl with
# exact-match flows installed by hand, no ovs-vswitchd: OVS at its best.
#
# /xenbr.conf may set QUICK=1 (a short smoke run), PROFILE=1 and the sizes
# below (ROUNDS, REPS, ...).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
set -u

QUICK=${QUICK:-0}
PROFILE=${PROFILE:-0}
# ROUNDS: A/B rounds of the headline figures; REPS: of the others. FRAMES:
# frames a unicast measurement sends; a flood one sends FLOOD_FRAMES / ports.
if [ "$QUICK" = 1 ]; then
	# Two of each: enough for every key and interval, as make check needs.
	ROUNDS=2 REPS=2 FRAMES=20000 FLOOD_FRAMES=40000 TCP_SECS=1 FDB_CAP=5000
	FLOOD_PORTS="2 8 32" AGEING_REPS=1
else
	ROUNDS=${ROUNDS:-30} REPS=${REPS:-8} FRAMES=${FRAMES:-100000}
	FLOOD_FRAMES=${FLOOD_FRAMES:-400000} TCP_SECS=${TCP_SECS:-4}
	FDB_CAP=${FDB_CAP:-1000000} FLOOD_PORTS=${FLOOD_PORTS:-"2 8 32 128 256"}
	AGEING_REPS=${AGEING_REPS:-5}
fi
# The set-ups: "ceiling" is TCP's (one veth between two namespaces, no
# bridge); "mirred" the unicast limit; "ovs" only when the VM has it.
UNICAST_SETUPS="mirred bridge xenbr ovs"
TCP_SETUPS="ceiling bridge xenbr"
BRIDGES="bridge xenbr"
FLOODERS="bridge xenbr ovs"
FDB_LEVELS="1 1000 100000 1000000"
MAX_FLOOD=${FLOOD_PORTS##* }
PG=/proc/net/pktgen
SRC_MAC=02:00:00:00:01:01	# the unicast and flood sender, behind the ingress port
BIG_LIMIT=2000000

say() { echo "bench [${SECONDS}s]: $*" > /dev/console; }
val() { echo "VAL $*" >&3; }
note() { echo "NOTE $*" >&3; say "note: $*"; }
bench() { echo "BENCH $*" >&3; say "$*"; }
now() { echo "$EPOCHREALTIME"; }

# Short names: interface names have 15 characters at most.
pfx() { case $1 in ceiling) echo c ;; mirred) echo m ;; bridge) echo b ;; xenbr) echo x ;; ovs) echo o ;; esac; }
brname() { case $1 in bridge) echo br0 ;; xenbr) echo xbr0 ;; ovs) echo ovs0 ;; esac; }

# rotated N WORD...: the words, rotated left by N (round N's order).
rotated() {
	local n=$1
	shift
	local -a w=("$@")
	n=$(( n % ${#w[@]} ))
	echo "${w[@]:n}" "${w[@]:0:n}"
}

# Links are made in batches: under TCG a fork of ip costs tens of ms.
# veth_ns ROOTDEV NS PEER: queue a veth with one end in the root namespace
# (the bridge port, like a vif in dom0) and the other in NS (the guest's NIC).
declare -A NS_BATCH
ROOT_BATCH=""
veth_ns() {
	[ -e "/run/netns/$2" ] || ip netns add "$2"
	ROOT_BATCH+="link add $1 type veth peer name $3 netns $2"$'\n'"link set $1 up"$'\n'
	NS_BATCH[$2]+="link set $3 up"$'\n'
}

# veth_commit: create what veth_ns queued.
veth_commit() {
	local ns
	printf '%s' "$ROOT_BATCH" | ip -batch -
	for ns in "${!NS_BATCH[@]}"; do
		printf '%s' "${NS_BATCH[$ns]}" | ip -n "$ns" -batch -
	done
	ROOT_BATCH="" NS_BATCH=()
}

# ports add|del S DEV...: make each DEV a port of S's bridge (datapath for
# OVS), or no longer; attach and detach say it shorter.
ports() {
	local op=$1 s=$2 dev br
	shift 2
	br=$(brname "$s")
	if [ "$s" = ovs ]; then
		for dev in "$@"; do
			ovs-dpctl "$op-if" ovs0 "$dev"
		done
		return
	fi
	for dev in "$@"; do
		if [ "$op" = add ]; then
			echo "link set $dev master $br"
		else
			echo "link set $dev nomaster"
		fi
	done | ip -batch -
}
attach() { ports add "$@"; }
detach() { ports del "$@"; }

# ovs_port DEV: DEV's port number in the datapath.
ovs_port() { ovs-dpctl show ovs0 | awk -v d="$1" '$1 == "port" && $3 == d { sub(":", "", $2); print $2 }'; }

# ovs_flow IN_DEV DST_MAC OUT_PORT_NUMBERS: the one exact-match flow of the
# datapath, replacing the others: pktgen's frames from SRC_MAC into IN_DEV
# (MPLS label 1, TTL 0, bottom of stack, as pktgen builds them) go out of
# the ports listed (comma-separated numbers).
ovs_flow() {
	ovs-dpctl del-flows ovs0
	ovs-dpctl add-flow ovs0 "in_port($(ovs_port "$1")),eth(src=$SRC_MAC,dst=$2),eth_type(0x8847),mpls(label=1,tc=0,ttl=0,bos=1)" "$3"
}

# ---------------------------------------------------------------- pktgen
pg_cmd() {
	local f=$1
	shift
	echo "$*" > "$PG/$f" || { say "pktgen: '$*' > $f refused"; return 1; }
}

# pg_dev DEV MODE DST SRC [COUNT] [SRC_MAC_COUNT]: one device on thread 0.
pg_dev() {
	local dev=$1 mode=$2 dst=$3 src=$4 count=${5:-0} nsrc=${6:-0}
	PG_DEV=$dev
	pg_cmd pgctrl reset
	pg_cmd kpktgend_0 rem_device_all
	pg_cmd kpktgend_0 "add_device $dev"
	pg_cmd "$dev" "xmit_mode $mode"
	pg_cmd "$dev" "pkt_size 60"
	pg_cmd "$dev" "count $count"
	pg_cmd "$dev" "delay 0"
	pg_cmd "$dev" "burst 1"
	pg_cmd "$dev" "dst_mac $dst"
	pg_cmd "$dev" "src_mac $src"
	# (PG_MPLS= sends plain IPv4: VIF locking's phase.)
	[ -z "${PG_MPLS-00001000}" ] || pg_cmd "$dev" "mpls ${PG_MPLS-00001000}"
	pg_cmd "$dev" "flag NO_TIMESTAMP"
	if [ "$nsrc" -gt 1 ]; then
		pg_cmd "$dev" "src_mac_count $nsrc"
	fi
}

# pg_once: run the configured device to its count; prints the seconds taken.
pg_once() {
	local t0 t1
	t0=$(now)
	echo start > "$PG/pgctrl"
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}

rx_of() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"; }

# pg_usec: how long the configured device's last run took, by pktgen's own
# clock ("Result: OK: USEC(c...+d...) usec, ...").
pg_usec() { awk '/^Result: OK:/ { sub(/\(.*/, "", $3); print $3 }' "$PG/$PG_DEV"; }

# pg_rate NS DEV [FRAMES]: send FRAMES (default FRAMES) frames with the
# configured device; print the frames a second that NS's DEV received
# meanwhile (pktgen's time: a shell's fork under TCG costs tens of ms).
pg_rate() {
	local ns=$1 dev=$2 a b
	pg_cmd "$PG_DEV" "count ${3:-$FRAMES}"
	a=$(rx_of "$ns" "$dev")
	echo start > "$PG/pgctrl"
	b=$(rx_of "$ns" "$dev")
	awk -v a="$a" -v b="$b" -v us="$(pg_usec)" 'BEGIN { printf "%.0f\n", (us > 0 ? (b - a) * 1e6 / us : 0) }'
}

# learn S DEV MAC: one frame from MAC into port DEV, so the bridge learns it.
learn() {
	pg_dev "$2" netif_receive ff:ff:ff:ff:ff:ff "$3" 1
	echo start > "$PG/pgctrl"
}

# ---------------------------------------------------------------- topology
# Per set-up S (prefix p): p-in (ingress port, the sender is behind it),
# p-out with its far end eth0 in namespace "po" (the counted receiver),
# p-f1..p-fN (flood ports, far ends in "pf"), p-l1..p-l4 (learner ports,
# far ends in "pl"), p-ta/p-tb (TCP, far ends in "pta"/"ptb"), p-ri/p-ro
# (the reference bridge's). Only p-in and p-out are ports from the start;
# each phase attaches the ports it needs and no more, so that a flood
# reaches exactly the ports it is meant to. The mirred limit has p-in and
# p-out only; OVS p-in, p-out and the flood ports; the TCP ceiling is one
# veth straight from "cta" to "ctb".
build() {
	local s=$1 p i
	p=$(pfx "$s")
	case $s in
	ceiling)
		ip netns add cta
		ip netns add ctb
		ip -n cta link add eth0 type veth peer name eth0 netns ctb
		ip -n cta addr add 10.9.0.1/24 dev eth0
		ip -n ctb addr add 10.9.0.2/24 dev eth0
		ip -n cta link set eth0 up
		ip -n ctb link set eth0 up
		ip -n cta link set lo up
		ip -n ctb link set lo up
		return
		;;
	mirred)
		veth_ns m-in mi eth0
		veth_ns m-out mo eth0
		veth_commit
		tc qdisc add dev m-in clsact
		tc filter add dev m-in ingress pref 1 matchall skip_hw \
			action mirred egress redirect dev m-out
		return
		;;
	bridge)
		modprobe bridge
		# As Xen's scripts set it: STP off, forward delay 0.
		ip link add br0 type bridge stp_state 0 forward_delay 0
		ip link set br0 up
		ip link add br1 type bridge stp_state 0 forward_delay 0
		ip link set br1 up
		;;
	xenbr)
		xenbr_load
		ip link add xbr0 type xenbr
		if [ "$XENBR_CTL_OK" = 1 ]; then
			xenbr-ctl limits xbr0 max "$BIG_LIMIT" port-max "$BIG_LIMIT" ||
				{ note "xenbr-ctl limits failed: default learning limits"; XENBR_CTL_OK=0; }
		fi
		ip link set xbr0 up
		ip link add xbr1 type xenbr
		ip link set xbr1 up
		;;
	ovs)
		ovs-dpctl add-dp ovs0
		ip link set ovs0 up
		;;
	esac
	veth_ns "$p-in" "${p}i" eth0
	veth_ns "$p-out" "${p}o" eth0
	for i in $(seq 1 $(( MAX_FLOOD - 2 ))); do
		veth_ns "$p-f$i" "${p}f" "f$i"
	done
	if [ "$s" != ovs ]; then
		veth_ns "$p-ri" "${p}ri" eth0
		veth_ns "$p-ro" "${p}r" eth0
		for i in 1 2 3 4; do
			veth_ns "$p-l$i" "${p}l" "l$i"
		done
		for i in a b; do
			veth_ns "$p-t$i" "${p}t$i" eth0
			NS_BATCH[${p}t$i]+="link set lo up"$'\n'
		done
	fi
	veth_commit
	attach "$s" "$p-in" "$p-out"
	[ "$s" != ovs ] || return 0
	# The reference bridge (br1, xbr1): one more of the kind, whose FDB
	# stays empty; the FDB-scale runs take turns with it, which cancels
	# the host's drift over the minutes the population takes.
	i=$(brname "$s")
	ip link set "$p-ri" master "${i%0}1"
	ip link set "$p-ro" master "${i%0}1"
	ip -n "${p}ta" addr add 10.9.0.1/24 dev eth0
	ip -n "${p}tb" addr add 10.9.0.2/24 dev eth0
}

sink_mac() { mac_of "$(pfx "$1")o" eth0; }

# unicast_rate S [ref]: known-unicast frames a second, ingress port to
# p-out; with "ref", through the reference bridge (p-ri to p-ro). The
# limit and OVS learn nothing: their path is set (ovs_flow) beforehand.
unicast_rate() {
	local s=$1 p in out ns mac
	p=$(pfx "$s")
	in=$p-in out=$p-out ns=${p}o
	[ "${2:-}" = ref ] && in=$p-ri out=$p-ro ns=${p}r
	mac=$(mac_of "$ns" eth0)
	case $s in
	# (Re)learn the receiver: learned entries age out after 300 s.
	bridge | xenbr) learn "$s" "$out" "$mac" ;;
	esac
	pg_dev "$in" netif_receive "$mac" "$SRC_MAC"
	pg_rate "$ns" eth0
}

# vlan_filtering S 0|1: the main bridge of S filters by VLAN, or not; the
# ports stay in the default VLAN 1, PVID and untagged, on both bridges.
vlan_filtering() {
	case $1 in
	bridge) ip link set br0 type bridge vlan_filtering "$2" ;;
	xenbr)
		[ "$XENBR_CTL_OK" = 1 ] || { note "no xenbr-ctl: no VLAN figure"; return 1; }
		xenbr-ctl vlan filtering xbr0 "$([ "$2" = 1 ] && echo on || echo off)"
		;;
	esac
}

# VIF locking: lock_rate locked|unlocked: known-unicast IPv4 UDP frames a
# second from SRC_MAC and 10.9.9.9 into x-in, locked to just those or not,
# to x-out. IPv4, not MPLS, so that a locked port checks and passes each.
lock_rate() {
	local mac
	mac=$(sink_mac xenbr)
	learn xenbr x-out "$mac"
	PG_MPLS='' pg_dev x-in netif_receive "$mac" "$SRC_MAC"
	pg_cmd x-in "src_min 10.9.9.9"
	pg_cmd x-in "src_max 10.9.9.9"
	pg_cmd x-in "dst_min 10.9.9.10"
	pg_cmd x-in "dst_max 10.9.9.10"
	if [ "$1" = locked ]; then
		xenbr-ctl port set x-in lock locked mac "$SRC_MAC" ipv4 10.9.9.9
	fi
	pg_rate xo eth0
	xenbr-ctl port set x-in lock unlocked
}

# flood_rate S N: broadcast frames a second into p-in, flooded to N - 1
# ports, counted at p-out's far end; FLOOD_FRAMES / N frames a measurement.
flood_rate() {
	local p n=$(( FLOOD_FRAMES / $2 ))
	p=$(pfx "$1")
	pg_dev "$p-in" netif_receive ff:ff:ff:ff:ff:ff "$SRC_MAC"
	pg_rate "${p}o" eth0 $(( n > 2000 ? n : 2000 ))
}

tcp_gbps() {
	local p out
	p=$(pfx "$1")
	out=$(ip netns exec "${p}ta" iperf3 -c 10.9.0.2 -t "$TCP_SECS" -O 1 -J 2>&1)
	printf '%s\n' "$out" | awk '
		/"sum_received"/ { r = 1 }
		r && /"bits_per_second"/ { gsub(/[^0-9.e+]/, "", $2); printf "%.3f\n", $2 / 1e9; exit }'
}

# ---------------------------------------------------------------- the FDB
fdb_cache() { case $1 in bridge) echo bridge_fdb_cache ;; xenbr) echo xenbr_fdb_cache ;; esac; }
slab_attr() { awk '{ print $1 }' "/sys/kernel/slab/$(fdb_cache "$1")/$2"; }
fdb_count() { slab_attr "$1" objects; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 * 1024 }' /proc/meminfo; }

# Per set-up: entries learned on each learner port, the next source MAC,
# entries present (the unicast sender and receiver, the learners' far ends
# and the populated ones; the slab's object count, which counts whole
# per-CPU slabs as used, only cross-checks it), and the learning figures.
declare -A LRN_USED NEXT_MAC ENTRIES LEARN_N LEARN_T SLAB_D AVAIL_D CAPPED
port_cap() {
	if [ "$1" = xenbr ] && [ "$XENBR_CTL_OK" != 1 ]; then
		echo 16384	# XENBR_PORT_LEARN_LIMIT_DEFAULT
	else
		echo "$BIG_LIMIT"
	fi
}
br_cap() {
	if [ "$1" = xenbr ] && [ "$XENBR_CTL_OK" != 1 ]; then
		echo 65536	# XENBR_LEARN_LIMIT_DEFAULT
	else
		echo "$BIG_LIMIT"
	fi
}

mac_at() { printf '02:20:%02x:%02x:%02x:%02x' $(( $1 >> 24 & 255 )) $(( $1 >> 16 & 255 )) \
	$(( $1 >> 8 & 255 )) $(( $1 & 255 )); }

# populate S TARGET: learn new source MACs through the learner ports until
# about TARGET entries are present (or a learning limit is reached). Each
# frame goes to the learner's own far end, so it is dropped as a hairpin
# after the lookup and the learning: only learning is timed.
populate() {
	local s=$1 target=$2 p i need n room t slab0 avail0 before after far
	p=$(pfx "$s")
	: "${ENTRIES[$s]:=2}"
	need=$(( target - ENTRIES[$s] ))
	# The learners' far ends take an entry each (4), as the limit counts.
	room=$(( $(br_cap "$s") - ENTRIES[$s] - 4 ))
	if [ "$need" -gt "$room" ]; then
		CAPPED[$s]=1
		need=$room
	fi
	[ "$need" -gt 0 ] || return 0
	slab0=$(meminfo Slab) avail0=$(meminfo MemAvailable)
	for i in 1 2 3 4; do
		[ "$need" -gt 0 ] || break
		room=$(( $(port_cap "$s") - 1 - ${LRN_USED[$s$i]:-0} ))
		n=$(( need < room ? need : room ))
		[ "$n" -gt 0 ] || continue
		far=$(mac_of "${p}l" "l$i")
		if [ -z "${LRN_USED[$s$i]:-}" ]; then
			ENTRIES[$s]=$(( ENTRIES[$s] + 1 ))
		fi
		learn "$s" "$p-l$i" "$far"
		pg_dev "$p-l$i" netif_receive "$far" "$(mac_at "${NEXT_MAC[$s]:-0}")" "$n" "$n"
		before=$(fdb_count "$s")
		t=$(pg_once)
		after=$(fdb_count "$s")
		LRN_USED[$s$i]=$(( ${LRN_USED[$s$i]:-0} + n ))
		NEXT_MAC[$s]=$(( ${NEXT_MAC[$s]:-0} + n ))
		ENTRIES[$s]=$(( ENTRIES[$s] + n ))
		LEARN_N[$s]=$(( ${LEARN_N[$s]:-0} + n ))
		LEARN_T[$s]=$(awk -v a="${LEARN_T[$s]:-0}" -v b="$t" 'BEGIN { print a + b }')
		say "$s: $n new MACs on $p-l$i in $t s; slab objects +$(( after - before ))"
		if [ "$n" -ge 1000 ] && [ $(( (after - before) * 10 )) -lt $(( n * 9 )) ]; then
			note "$s: $n new MACs on $p-l$i but the FDB slab grew by $(( after - before )) objects"
		fi
		need=$(( need - n ))
	done
	# Let RCU-freed objects and hash table resizes settle.
	sleep 1
	if [ "$s" = xenbr ] && [ "$XENBR_CTL_OK" = 1 ]; then
		{ xenbr-ctl limits xbr0; xenbr-ctl stats xbr0; } 2>&1 | sed 's/^/bench: xenbr-ctl: /' > /dev/console
	fi
	SLAB_D[$s]=$(( ${SLAB_D[$s]:-0} + $(meminfo Slab) - slab0 ))
	AVAIL_D[$s]=$(( ${AVAIL_D[$s]:-0} + avail0 - $(meminfo MemAvailable) ))
}

# ---------------------------------------------------------------- profile
# Where a known-unicast frame's time goes: samples whose stack holds the
# set-up's rx_handler, split by the function the handler called (inclusive)
# and by the leaf function (self), as shares of pktgen_xmit, the whole
# per-frame path (pktgen's allocation, the receive, the bridge, the egress
# veth and the far end's backlog).
handler_of() { case $1 in bridge) echo br_handle_frame ;; xenbr) echo xenbr_handle_frame ;; esac; }
profile() {
	local s=$1 p pid data
	command -v perf >/dev/null || { note "no perf in the VM: no profile"; return 0; }
	p=$(pfx "$s")
	data=/tmp/perf-$s.data
	learn "$s" "$p-out" "$(sink_mac "$s")"
	pg_dev "$p-in" netif_receive "$(sink_mac "$s")" "$SRC_MAC"
	echo start > "$PG/pgctrl" &
	pid=$!
	sleep 1
	perf record -q -e cpu-clock -F 2000 -a -g -o "$data" -- sleep 5 > /dev/console 2>&1
	echo stop > "$PG/pgctrl"
	wait "$pid" 2>/dev/null
	{
		echo "== $s: known unicast, perf cpu-clock -g, 5 s, both CPUs =="
		perf script -i "$data" -F comm,ip,sym 2>/dev/null | awk -v H="$(handler_of "$s")" '
			function flush(i, h) {
				if (!n) return
				total++
				if (f[1] ~ /safe_halt|default_idle|^mwait|poll_idle/) idle++
				for (i = 1; i <= n; i++) if (f[i] == "pktgen_xmit") { path++; break }
				h = 0
				for (i = 1; i <= n; i++) if (f[i] == H) { h = i; break }
				if (h) {
					inh++
					leaf[f[1]]++
					child[h > 1 ? f[h - 1] : "(self)"]++
				}
				n = 0
			}
			/^\t/ { sub(/^\t *[0-9a-f]+ /, ""); sub(/\+0x[0-9a-f]+$/, ""); f[++n] = $0; next }
			/^$/ { flush(); next }
			END {
				flush()
				if (!path) path = 1
				printf "samples %d, idle %d, per-frame path (pktgen_xmit) %d, in %s %d = %.1f%% of the path\n",
					total, idle, path, H, inh, 100 * inh / path
				for (k in child) printf "callee %6.1f%% %s\n", 100 * child[k] / path, k
				for (k in leaf) printf "self   %6.1f%% %s\n", 100 * leaf[k] / path, k
			}' | awk '/^samples/ { print; next } { print | "sort -k1,1 -k2,2nr | awk \"{ c[\\$1]++ } c[\\$1] <= 20\"" }'
		echo "== $s: flat profile (self), top symbols =="
		perf report -i "$data" --stdio --no-children --sort dso,sym -g none \
			--percent-limit 0.7 2>/dev/null | grep -v '^#' | grep -v '^$'
	} | while IFS= read -r line; do
		echo "PROF $s $line" >&3
	done
	rm -f "$data"
}

# ---------------------------------------------------------------- ageing
# One ageing pass over the whole FDB, timed by the function graph tracer:
# the bridge's br_fdb_cleanup and xenbr's xenbr_fdb_gc, each run at once by
# setting its ageing time, to a day: nothing expires, the pass only scans.
TRACE=/sys/kernel/tracing
ageing_trace_on() {
	[ -e "$TRACE/current_tracer" ] || mount -t tracefs nodev "$TRACE" 2>/dev/null || return 1
	echo nop > "$TRACE/current_tracer"
	# funcgraph-tail: a call that another CPU's lines interrupt ends on
	# "} /* NAME */" with its duration, which the name must be on.
	echo 1 > "$TRACE/max_graph_depth" &&
		echo 1 > "$TRACE/options/funcgraph-tail" &&
		printf '%s\n' br_fdb_cleanup xenbr_fdb_gc > "$TRACE/set_graph_function" &&
		echo function_graph > "$TRACE/current_tracer"
}
# The tracer stays installed: taking it out (text patching, an RCU-tasks
# grace period) took minutes under TCG. The ageing phase comes last.
ageing_trace_off() { echo 0 > "$TRACE/tracing_on"; }

# ageing_pass S: the microseconds one ageing pass of S's FDB took.
ageing_pass() {
	local fn
	case $1 in
	bridge) fn=br_fdb_cleanup ;;
	xenbr) fn=xenbr_fdb_gc ;;
	esac
	echo > "$TRACE/trace"
	case $1 in
	bridge) ip link set br0 type bridge ageing_time 8640000 ;;	# centiseconds
	xenbr) xenbr-ctl setageing xbr0 86400 ;;
	esac
	# The tracer prints the duration, on a line with the name, at return.
	wait_until 120 grep -q "us .*|.*$fn" "$TRACE/trace" || return 1
	awk -v f="$fn" 'index($0, f) { for (i = 1; i < NF; i++) if ($(i + 1) == "us") { print $i; exit } }' \
		"$TRACE/trace"
}

# ---------------------------------------------------------------- main
# rounds METRIC PARAM FN SETUP...: ROUNDS rounds, each measuring "FN SETUP"
# for every SETUP back to back, the order rotating by one each round; after
# a warm-up pass of each (TCG translates the code on its first run).
rounds() {
	local metric=$1 param=$2 fn=$3 r s
	shift 3
	for s in "$@"; do "$fn" "$s" > /dev/null; done
	for r in $(seq 1 "$ROUNDS"); do
		for s in $(rotated "$r" "$@"); do
			bench "$metric $s $param $r $($fn "$s")"
		done
	done
}

# ovs_ports_but DEV: the datapath's port numbers but DEV's and its own (0),
# comma-separated: a flood's output list.
ovs_ports_but() {
	ovs-dpctl show ovs0 | awk -v d="$1" '$1 == "port" && $3 != d && $3 != "ovs0" {
		sub(":", "", $2); printf "%s%s", sep, $2; sep = "," }'
}

main() {
	local s n rep i p want prev devs
	say "start: QUICK=$QUICK ROUNDS=$ROUNDS REPS=$REPS FRAMES=$FRAMES kernel $(uname -r)"
	val "meta.quick $QUICK"
	val "meta.rounds $ROUNDS"
	val "meta.reps $REPS"
	val "meta.frames $FRAMES"
	val "meta.ncpus $(nproc)"
	echo "KERNEL $(uname -r)" >&3
	modprobe pktgen
	modprobe veth
	# No IPv6 chatter (router solicitations, DAD) on the measured paths.
	sysctl -qw net.core.devconf_inherit_init_net=1
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	XENBR_CTL_OK=0
	if command -v xenbr-ctl >/dev/null; then
		XENBR_CTL_OK=1
	else
		note "xenbr-ctl is missing: xenbr keeps its default learning limits (65536 a bridge, 16384 a port)"
	fi
	modprobe act_mirred
	modprobe cls_matchall
	modprobe sch_ingress
	if ! command -v ovs-dpctl > /dev/null; then
		note "no ovs-dpctl in the VM: no OVS figures"
		UNICAST_SETUPS=${UNICAST_SETUPS/ ovs/} FLOODERS=${FLOODERS/ ovs/}
	elif ! i=$(modprobe openvswitch 2>&1); then
		note "modprobe openvswitch failed ($i): no OVS figures"
		UNICAST_SETUPS=${UNICAST_SETUPS/ ovs/} FLOODERS=${FLOODERS/ ovs/}
	fi
	for s in ceiling mirred $BRIDGES $(case $FLOODERS in *ovs*) echo ovs ;; esac); do
		build "$s"
	done
	if [ "$XENBR_CTL_OK" != 1 ]; then
		val "meta.xenbr_limits_raised 0"
	else
		val "meta.xenbr_limits_raised 1"
	fi
	# Let carrier, and the Linux bridge's port states, settle.
	sleep 2

	say "1. known unicast: $UNICAST_SETUPS in $ROUNDS rounds of $FRAMES frames"
	case $UNICAST_SETUPS in *ovs*)
		ovs_flow o-in "$(sink_mac ovs)" "$(ovs_port o-out)" ||
			{ note "ovs-dpctl refused the flow: no OVS unicast"; UNICAST_SETUPS=${UNICAST_SETUPS/ ovs/}; }
		;;
	esac
	# shellcheck disable=SC2086
	rounds unicast_pps - unicast_rate $UNICAST_SETUPS
	if [ "$PROFILE" = 1 ]; then
		for s in $BRIDGES; do
			say "profiling $s"
			profile "$s"
		done
	fi

	say "1b. known unicast with VLAN filtering on (untagged frames, VLAN 1)"
	for rep in $(seq 1 "$REPS"); do
		for s in $BRIDGES; do
			vlan_filtering "$s" 1 || continue
			bench "unicast_vlan_pps $s - $rep $(unicast_rate "$s")"
			vlan_filtering "$s" 0
			bench "unicast_novlan_pps $s - $rep $(unicast_rate "$s")"
		done
	done

	if [ "$XENBR_CTL_OK" = 1 ]; then
		say "1c. VIF locking: a locked port beside an unlocked one"
		for rep in $(seq 1 "$REPS"); do
			bench "lock_pps xenbr unlocked $rep $(lock_rate unlocked)"
			bench "lock_pps xenbr locked $rep $(lock_rate locked)"
		done
	fi

	say "2. flood: $FLOODERS to $FLOOD_PORTS ports"
	prev=2
	for n in $FLOOD_PORTS; do
		for s in $FLOODERS; do
			p=$(pfx "$s")
			if [ "$n" -gt "$prev" ]; then
				devs=()
				for i in $(seq $(( prev - 1 )) $(( n - 2 ))); do devs+=("$p-f$i"); done
				attach "$s" "${devs[@]}"
			fi
			if [ "$s" = ovs ]; then
				ovs_flow o-in ff:ff:ff:ff:ff:ff "$(ovs_ports_but o-in)"
				want=$(( $(ovs-dpctl show ovs0 | grep -c '^ *port ') - 1 ))
			else
				want=$(ip -o link show master "$(brname "$s")" | grep -c .)
			fi
			[ "$want" = "$n" ] || note "$s: the flood with $n ports has $want"
		done
		flood_n() { flood_rate "$1" "$n"; }
		# shellcheck disable=SC2086
		ROUNDS=$REPS rounds flood_pps "$n" flood_n $FLOODERS
		prev=$n
	done
	for s in $FLOODERS; do
		p=$(pfx "$s")
		devs=()
		for i in $(seq 1 $(( prev - 2 ))); do devs+=("$p-f$i"); done
		detach "$s" "${devs[@]}"
	done

	say "3. TCP"
	for s in $TCP_SETUPS; do
		p=$(pfx "$s")
		[ "$s" = ceiling ] || attach "$s" "$p-ta" "$p-tb"
		ip netns exec "${p}tb" iperf3 -s -D
	done
	sleep 1
	for s in $TCP_SETUPS; do
		# ARP, and the bridges learning both ends.
		ip netns exec "$(pfx "$s")ta" ping -c 2 -W 2 10.9.0.2 > /dev/null || note "$s: no ping for TCP"
	done
	# shellcheck disable=SC2086
	ROUNDS=$REPS rounds tcp_gbps - tcp_gbps $TCP_SETUPS
	for s in $TCP_SETUPS; do
		val "meta.gso.$s $(ip netns exec "$(pfx "$s")ta" ethtool -k eth0 | awk '/generic-segmentation-offload/ { print $2 }')"
	done

	say "4/5. FDB scale and learning"
	for s in $BRIDGES; do
		p=$(pfx "$s")
		attach "$s" "$p-l1" "$p-l2" "$p-l3" "$p-l4"
	done
	for n in $FDB_LEVELS; do
		want=$n
		[ "$want" -gt "$FDB_CAP" ] && want=$FDB_CAP
		for s in $BRIDGES; do
			populate "$s" "$want"
			: "${ENTRIES[$s]:=2}"
			val "fdb_scale_entries.$s.$n ${ENTRIES[$s]}"
			val "fdb_slab_objects.$s.$n $(fdb_count "$s")"
			if [ "$s" = xenbr ] && [ "$XENBR_CTL_OK" = 1 ]; then
				val "fdb_learned_exact.xenbr.$n $(xenbr-ctl limits xbr0 |
					awk '{ for (i = 1; i < NF; i++) if ($i == "learned") print $(i + 1) }')"
			fi
		done
		for rep in $(seq 1 "$REPS"); do
			for s in $BRIDGES; do
				bench "fdb_scale_pps $s $n $rep $(unicast_rate "$s")"
				# QUICK has no time for the reference.
				[ "$QUICK" = 1 ] ||
					bench "fdb_scale_ref_pps $s $n $rep $(unicast_rate "$s" ref)"
			done
		done
	done
	for s in $BRIDGES; do
		[ -n "${CAPPED[$s]:-}" ] && note "$s: learning limit reached at $(fdb_count "$s") entries"
		val "learn_rate.$s $(awk -v n="${LEARN_N[$s]:-0}" -v t="${LEARN_T[$s]:-1}" 'BEGIN { printf "%.0f", n / t }')"
		val "learned.$s ${LEARN_N[$s]:-0}"
	done

	say "6. memory per FDB entry"
	for s in $BRIDGES; do
		n=${ENTRIES[$s]:-2}
		val "fdb_entry_bytes.$s $(slab_attr "$s" slab_size)"
		val "fdb_object_size.$s $(slab_attr "$s" object_size)"
		val "fdb_entries.$s $n"
		val "fdb_slab_bytes_per_entry.$s $(( ${SLAB_D[$s]:-0} / (n > 0 ? n : 1) ))"
		val "fdb_mem_bytes_per_entry.$s $(( ${AVAIL_D[$s]:-0} / (n > 0 ? n : 1) ))"
		val "fdb_cache_slabs.$s $(slab_attr "$s" slabs)"
		val "fdb_cache_order.$s $(slab_attr "$s" order)"
	done
	ls -ld /sys/kernel/slab/*fdb_cache* > /dev/console 2>&1

	if [ "$AGEING_REPS" -gt 0 ]; then
		say "7. one ageing pass over the full FDB (${ENTRIES[xenbr]:-0} entries)"
		if [ "$XENBR_CTL_OK" = 1 ] && ageing_trace_on; then
			for rep in $(seq 1 "$AGEING_REPS"); do
				# shellcheck disable=SC2086
				for s in $(rotated "$rep" $BRIDGES); do
					n=$(ageing_pass "$s") || { note "$s: no ageing pass traced"; continue; }
					bench "ageing_us $s - $rep $n"
				done
			done
			ageing_trace_off
		else
			note "no function graph tracer (or no xenbr-ctl): no ageing figure"
		fi
	fi

	say "tearing down"
	ip link del br1
	ip link del xbr1
	for s in $TCP_SETUPS; do
		pkill_ns "$(pfx "$s")tb"
	done
	pg_cmd pgctrl reset
	ip link del br0
	ip link del xbr0
	case $FLOODERS in *ovs*) ovs-dpctl del-dp ovs0 ;; esac
	teardown > /dev/console 2>&1
	echo "BENCH-END" >&3
	say "done"
}

# Ends the iperf3 server of one namespace, found by its network namespace.
pkill_ns() {
	local pid
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		kill "$pid" 2>/dev/null
	done
}

main
