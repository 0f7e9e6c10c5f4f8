#!/bin/bash
# The Xen part of make bench, run in dom0 (tools/harness/xen.sh bench): TCP
# throughput of real PV guests through their netback vifs, on xenbr0 (the
# netback glue attaches them) and on a Linux bridge br0 (Xen's vif-bridge
# attaches them), on one host in one run.
#
#   dom0                                          PV guests (1 vCPU each)
#   xenbr0 10.0.0.1/24
#     +-- vifD.0 <--netback/netfront--> eth0 10.0.0.11  [g1, iperf3 client]
#     +-- vifD.0 <--netback/netfront--> eth0 10.0.0.12  [g2, iperf3 server]
#   br0 10.0.1.1/24 (STP off, forward delay 0, as Xen's scripts make it)
#     +-- vifD.0 <--netback/netfront--> eth0 10.0.1.13  [g3, iperf3 client]
#     +-- vifD.0 <--netback/netfront--> eth0 10.0.1.14  [g4, iperf3 server]
#
# Paths: g2d, the client guest sends to dom0's iperf3 server (the bridge
# delivers up to dom0's stack); g2g, it sends to the other guest (vif to
# vif). The clients run in the guests, started through their /init's shell
# (xenbr.rsh=), and report iperf3's JSON back to dom0. For rep 1..REPS, for
# each path, both bridges are measured back to back, the first of the pair
# alternating from rep to rep. Raw figures go to fd 3:
#   BENCH xen_tcp_gbps <bridge|xenbr> <g2d|g2g> <rep> <gbit/s>
#   NOTE <text>
#   BENCH-END
# XEN_BENCH_REPS (default 10) and XEN_BENCH_SECS (seconds of each iperf3
# run, default 5, after 1 s that it leaves out) size it: with them the run
# takes about 8 minutes of VM time (484 s on 2026-12-01).
#
# Then the reload gap: `xenbr-ctl reload` of the same module, XEN_RELOAD_REPS
# times (default 5) with g1's and g2's 2 vifs on xenbr0, then as many with
# 16 (g5 and g6 come with 7 vifs each), each the time reload reports from
# the unload to every port back on its bridge:
#   BENCH xen_reload_ms xenbr <2|16> <rep> <ms>
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=xen/lib-xen.sh
. "$(dirname "$0")/xen/lib-xen.sh"
set -u

REPS=${XEN_BENCH_REPS:-10}
SECS=${XEN_BENCH_SECS:-5}
RSH_PORT=7000

say() { echo "xen-bench [${SECONDS}s]: $*" > /dev/console; }
note() { echo "NOTE $*" >&3; say "note: $*"; }
bench() { echo "BENCH $*" >&3; say "$*"; }
die() { note "xen bench failed: $*"; show_guests > /dev/console 2>&1; exit 1; }

# The guests of each set-up: client, server, subnet.
declare -A CLIENT SERVER NET
CLIENT[xenbr]=g1 SERVER[xenbr]=g2 NET[xenbr]=10.0.0
CLIENT[bridge]=g3 SERVER[bridge]=g4 NET[bridge]=10.0.1

# bench_cfg NAME N SUBNET VIFSPEC: guest NAME at SUBNET.1N, MAC
# 00:16:3e:00:00:0N, which pings dom0 (SUBNET.1) and offers its shell.
bench_cfg() {
	cat > "$XEN_CFG_DIR/$1.cfg" <<CFG
name = "$1"
type = "pv"
kernel = "/xen/vmlinuz"
ramdisk = "/xen/guest.cpio.gz"
extra = "console=hvc0 rdinit=/init quiet xenbr.ip=$3.1$2/24 xenbr.ping=$3.1 xenbr.rsh=$RSH_PORT"
memory = 128
vcpus = 1
on_crash = "destroy"
vif = [ 'mac=$(guest_mac "$2"),$4' ]
CFG
}

guest_ip() { case $1 in g1) echo 10.0.0.11 ;; g2) echo 10.0.0.12 ;; g3) echo 10.0.1.13 ;; g4) echo 10.0.1.14 ;; esac; }

# rsh NAME CMD: run CMD in guest NAME, through its shell, and print what it
# prints; bash's /dev/tcp, as dom0 has no nc of its own.
rsh() {
	# shellcheck disable=SC2016 # the inner bash expands them
	timeout "$((SECS + 60))" bash -c '
		exec 5<> "/dev/tcp/$1/$2" || exit 1
		printf "%s; exit\n" "$3" >&5
		cat <&5' rsh "$(guest_ip "$1")" "$RSH_PORT" "$2"
}

# gbps JSON: what the receiver counted, in Gbit/s (iperf3 -J).
gbps() {
	jq -er '.end.sum_received.bits_per_second / 1e9 | . * 1000 | round / 1000'
}

# measure SETUP PATH SECONDS: one iperf3 run of SETUP's client guest to
# dom0 (g2d) or to the other guest (g2g); prints Gbit/s. One retry: under
# TCG a connection now and then takes longer than iperf3 waits.
measure() {
	local setup=$1 path=$2 secs=$3 dst try out
	case $path in
	g2d) dst=${NET[$setup]}.1 ;;
	g2g) dst=$(guest_ip "${SERVER[$setup]}") ;;
	esac
	for try in 1 2; do
		if out=$(rsh "${CLIENT[$setup]}" "iperf3 -c $dst -t $secs -O 1 -J") &&
			printf '%s\n' "$out" | gbps; then
			# On the console only: a slow figure with many retransmits
			# is loss, not the bridge's speed.
			say "$setup $path: $(printf '%s\n' "$out" | jq -r .end.sum_sent.retransmits) retransmits"
			return 0
		fi
		say "$setup $path: iperf3 failed (try $try): $(printf '%s\n' "$out" | tail -n 3 | tr '\n' ' ')"
		sleep 2
	done
	return 1
}

# vif_notes NAME: the offloads of guest NAME's vif, as dom0 sees them.
vif_notes() {
	local vif
	vif=vif$(guest_domid "$1").0
	note "$1 ($(guest_ip "$1"), ${2}) $vif: mtu $(cat "/sys/class/net/$vif/mtu")," \
		"$(ethtool -k "$vif" | awk -F': ' '
			/^(scatter-gather|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|tx-checksumming):/ {
				printf "%s%s %s", sep, $1, $2; sep = ", " }')"
}

# many_vifs_cfg NAME N: guest NAME with 7 vifs on xenbr0 (only the first
# configured inside), for the reload gap with many vifs.
many_vifs_cfg() {
	local i vifs="'mac=$(guest_mac "$2"),bridge=xenbr0,script=vif-xenbr'"
	for i in 1 2 3 4 5 6; do
		vifs+=", 'mac=00:16:3e:00:$2$i:01,bridge=xenbr0,script=vif-xenbr'"
	done
	bench_cfg "$1" "$2" 10.0.0 'bridge=xenbr0,script=vif-xenbr'
	sed -i "s|^vif = .*|vif = [ $vifs ]|" "$XEN_CFG_DIR/$1.cfg"
}

# reload_gap N: xenbr-ctl reload with N vifs on xenbr0, XEN_RELOAD_REPS
# times; each is the gap reload prints, unload to every port back.
reload_gap() {
	local rep out ms
	for rep in $(seq 1 "${XEN_RELOAD_REPS:-5}"); do
		out=$(xenbr-ctl reload /xenbr/xenbr.ko) || die "xenbr-ctl reload failed"
		say "$out"
		ms=$(printf '%s\n' "$out" | sed -n 's/.*cut off for \([0-9.]*\) s .*/\1/p' | awk '{ print $1 * 1000 }')
		[ -n "$ms" ] || die "reload printed no gap: $out"
		[ "$(ports_of xenbr0 | grep -c '^vif')" = "$1" ] || die "after reload $rep: $(ports_of xenbr0 | tr '\n' ' ')"
		bench xen_reload_ms xenbr "$1" "$rep" "$ms"
	done
	ping -c 1 -W 2 10.0.0.11 > /dev/null || die "g1 does not answer after the reloads"
}

main() {
	local rep path setup order n g
	[ "$(cat /sys/hypervisor/type 2>/dev/null)" = xen ] || die "not running on Xen"
	xen_start > /dev/console 2>&1 || die "Xen's toolstack did not start"
	xenbr_load
	xenbr-ctl addbr xenbr0
	ip addr add 10.0.0.1/24 dev xenbr0
	ip link set xenbr0 up
	# The Linux bridge as Xen's network-bridge script makes it.
	modprobe bridge
	ip link add br0 type bridge stp_state 0 forward_delay 0
	ip addr add 10.0.1.1/24 dev br0
	ip link set br0 up

	bench_cfg g1 1 10.0.0 'bridge=xenbr0,script=vif-xenbr'
	bench_cfg g2 2 10.0.0 'bridge=xenbr0,script=vif-xenbr'
	bench_cfg g3 3 10.0.1 'bridge=br0,script=vif-bridge'
	bench_cfg g4 4 10.0.1 'bridge=br0,script=vif-bridge'
	for g in g1 g2 g3 g4; do
		guest_create "$g" > /dev/console 2>&1 || die "xl create $g failed"
	done
	for g in g1 g2 g3 g4; do
		guest_wait "$g" 'pings done' 150 || die "guest $g did not come up"
		guest_since_mark "$g" | grep -q 'ping .* ok' || die "guest $g cannot reach dom0"
	done
	say "guests up: $(ports_of xenbr0 | tr '\n' ' ') on xenbr0, $(ports_of br0 | tr '\n' ' ') on br0"
	for g in g3 g4; do
		[ -e "/sys/class/net/br0/brif/vif$(guest_domid "$g").0" ] ||
			die "vif-bridge did not put $g's vif on br0"
	done

	iperf3 -s -D || die "iperf3 -s in dom0 failed"
	for g in g2 g4; do
		rsh "$g" 'iperf3 -s -D' || die "iperf3 -s in $g failed"
	done
	note "Xen TCP: dom0 $(nproc) vCPUs, guests 1 vCPU and 128 MiB each, on QEMU TCG (2 host cores)"
	note "Xen TCP: iperf3 -t $SECS -O 1 per figure, client in the guest, $REPS reps, bridge and xenbr alternating first"
	vif_notes g1 xenbr
	vif_notes g2 xenbr
	vif_notes g3 bridge
	vif_notes g4 bridge

	# Warm-up, not counted: TCG translates the paths' code the first time
	# (in a run with 1 s each, the figures still rose over the first reps).
	for setup in bridge xenbr; do
		for path in g2d g2g; do
			n=$(measure "$setup" "$path" 3) || die "warm-up $setup $path failed"
			say "warm-up $setup $path: $n Gbit/s"
		done
	done
	for rep in $(seq 1 "$REPS"); do
		order="bridge xenbr"
		[ $((rep % 2)) = 1 ] || order="xenbr bridge"
		for path in g2d g2g; do
			for setup in $order; do
				if n=$(measure "$setup" "$path" "$SECS"); then
					bench xen_tcp_gbps "$setup" "$path" "$rep" "$n"
				else
					note "xen_tcp_gbps $setup $path rep $rep: iperf3 failed twice, no figure"
				fi
			done
		done
	done
	for g in g3 g4; do
		guest_destroy "$g" > /dev/console 2>&1
	done
	reload_gap 2
	many_vifs_cfg g5 5
	many_vifs_cfg g6 6
	for g in g5 g6; do
		guest_create "$g" > /dev/console 2>&1 || die "xl create $g failed"
	done
	wait_until 120 eval '[ "$(ports_of xenbr0 | grep -c "^vif")" = 16 ]' ||
		die "16 vifs did not come to xenbr0: $(ports_of xenbr0 | tr '\n' ' ')"
	reload_gap 16
	echo "BENCH-END" >&3
	say "done"
	for g in g1 g2 g5 g6; do
		guest_destroy "$g" > /dev/console 2>&1
	done
}

main
