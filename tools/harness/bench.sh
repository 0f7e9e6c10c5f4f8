#!/usr/bin/env bash
# make bench: boot Debian's stock kernel (the production build, no debug
# options) in QEMU with xenbr, the Linux bridge and pktgen, run the benchmark
# (tools/tests/bench.sh) in the VM, and turn its raw figures into a table
# and a JSON file (tools/bench/report.py).
#
# Environment: BENCH_JSON (where the JSON goes; default ./bench.json),
# QUICK=1 (a smoke run of a few minutes), PROFILE=0|1 (perf profiles of the
# bridges under known unicast; default 1 unless QUICK), BENCH_MEM (VM MB),
# ROUNDS, REPS, FRAMES, FLOOD_FRAMES, FLOOD_PORTS, FDB_CAP, AGEING_REPS,
# TCP_SECS (the sizes of a full run, tools/tests/bench.sh),
# BENCH_XEN=0 (skip the Xen phase: guest TCP through netback vifs on an
# emulated Xen host, tools/harness/xen.sh bench; QUICK=1 skips it too).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

quick=${QUICK:-0}
[ "$quick" = 1 ] || quick=0
profile=${PROFILE:-$([ "$quick" = 1 ] && echo 0 || echo 1)}
json=${BENCH_JSON:-$PWD/bench.json}
mem=${BENCH_MEM:-$([ "$quick" = 1 ] && echo 2048 || echo 3072)}
tmo=$([ "$quick" = 1 ] && echo 420 || echo 3000)

need_pkgs "${BUILD_PKGS[@]}" "${VM_PKGS[@]}" "${BENCH_PKGS[@]}"
make -s -C "$XENBR_TOP" tools >/dev/null
kver=$(stock_kver)
kodir=$("$here/build-module.sh" stock "/lib/modules/$kver/build")
"$here/stock-modroot.sh" "$kver" "$XENBR_BUILD/stock-modroot"
out=$XENBR_BUILD/bench
mkdir -p "$out"
printf 'MODE=bench\nexport QUICK=%s PROFILE=%s\n' "$quick" "$profile" > "$out/xenbr.conf"
# The sizes of a run (tools/tests/bench.sh), when given.
for v in ROUNDS REPS FRAMES FLOOD_FRAMES FLOOD_PORTS FDB_CAP AGEING_REPS TCP_SECS; do
	[ -z "${!v:-}" ] || printf 'export %s="%s"\n' "$v" "${!v}" >> "$out/xenbr.conf"
done
# iperf3, perf and ovs-dpctl go into the initramfs (mkinitramfs.sh copies them with
# their libraries).
need_file /usr/bin/iperf3
need_file /usr/bin/perf
need_file /usr/bin/ovs-dpctl
XENBR_EXTRA_BINS="/usr/bin/iperf3 /usr/bin/perf /usr/bin/ovs-dpctl"
export XENBR_EXTRA_BINS
log "booting Debian's $kver under QEMU (TCG) for the benchmark (QUICK=$quick)"
# slab_nomerge: the FDB caches keep their own slabs, so their object counts
# and sizes are theirs alone.
"$here/run-vm.sh" --kernel "/boot/vmlinuz-$kver" --kver "$kver" \
	--modroot "$XENBR_BUILD/stock-modroot" --kodir "$kodir" \
	--conf "$out/xenbr.conf" --out "$out" --timeout "$tmo" --mem "$mem" \
	--append "quiet slab_nomerge" ||
	die "the benchmark VM did not finish; see $out/console.log"
grep -q '^BENCH-END' "$out/results.log" ||
	die "the benchmark did not run to its end; see $out/console.log"
# The Xen phase boots its own host after the main VM. When it fails, the
# report goes without it and says so in a NOTE.
xen_args=()
if [ "$quick" = 0 ] && [ "${BENCH_XEN:-1}" != 0 ]; then
	xen_res=$XENBR_BUILD/xen-bench/results.log
	if "$here/xen.sh" bench; then
		xen_args=(--xen "$xen_res")
	else
		log "the Xen bench failed (see $XENBR_BUILD/xen-bench/console.log); reporting without it"
		echo "NOTE the Xen TCP phase (xen.sh bench) failed: no xen_tcp figures; see .build/xen-bench/console.log" \
			>> "$out/results.log"
	fi
fi
python3 "$XENBR_TOP/tools/bench/report.py" "$out/results.log" "$json" \
	--seconds "$(cat "$out/seconds")" --profile "$out/profile.txt" "${xen_args[@]}"
log "VM ran $(cat "$out/seconds") s; JSON in $json, console log in $out/console.log"
