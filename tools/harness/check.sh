#!/usr/bin/env bash
# make check: build xenbr for the debug kernel and the Debian stock kernel,
# run KUnit and the integration tests in a VM of each, run the style checks,
# and end with one line: "N passed, N failed[, N skipped]".
#
# Two lanes run side by side: a VM under TCG keeps about one of the two
# cores busy, so the debug VM (the longest part) runs in one lane while the
# other runs the packages, the stock VM, the Xen host, the benchmark smoke
# run and the style checks one after another. Each part's wall time goes
# to $XENBR_BUILD/runs/times and is printed at the end.
#
# Environment: TESTS (integration test files to run; default all),
# CASES (case names, comma-separated: only those cases of the files run),
# XENBR_CACHE (kernel cache, default ~/.cache/xenbr), KERNELS (default
# "debug stock stock-6.12 stock-7.x xen xen13": our debug kernel, Debian's
# stock kernel, Debian 12's newest 6.12 (every integration case on both),
# trixie-backports' kernel (the files STOCK7_TESTS names), the stock kernel
# as dom0 of a real Xen host, a Debian 13 Xen host (Xen 4.20, trixie's
# 6.12 and toolstack, xenbr from our .debs through trixie's DKMS);
# xen-debug:
# our debug kernel as that host's dom0, not in the default list while every
# such run fails on a lockdep report of Debian's xen-gntdev), DEBUG_TESTS
# (the files the debug VMs run beside KUnit; default all), DEBUG_ALL_CASES
# (1: the debug VMs run the cases files leave to the stock run too,
# STOCK_ONLY), DEBUG_VMS (how many debug VMs share them, default 1:
# run_debug below), HOST_CHECKS
# (0: skip the style checks), PKG_CHECKS (0: skip the packaging check,
# check-pkg.sh; default HOST_CHECKS), KBUILD_CHECKS (0: skip the builds for
# every Debian kernel, check-kbuilds.sh; default HOST_CHECKS), XEN_DEBUG_CASES (quick, the default:
# xen-debug runs the churn case alone; full: every Xen case and a longer
# churn, as make check-xen-debug), REFERENCE (1: the Linux bridge's
# reference halves run on the debug kernel too; by default they run on the
# stock kernel only), LANES (1: one part after another), DEBUG_APPEND (more
# kernel arguments for the debug VMs: kmemleak=off halves their time where
# leaks are not the question, as for make coverage BY_CASE=1), GCOV_CASES
# (1: the debug VMs send gcov counters after every case).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

: "${KERNELS:=debug stock stock-6.12 stock-7.x xen xen13}"
: "${HOST_CHECKS:=1}"
# Every package any part needs, installed before the lanes start: two
# apt-get runs at once would fight over dpkg's lock.
pkgs=("${BUILD_PKGS[@]}" "${VM_PKGS[@]}")
case " $KERNELS " in *" stock "*)
	pkgs+=("${BENCH_PKGS[@]}")
	[ "${PKG_CHECKS:-$HOST_CHECKS}" != 1 ] || pkgs+=("${DEB_PKGS[@]}") ;;
esac
case " $KERNELS " in *" xen"*) pkgs+=("${XEN_PKGS[@]}") ;; esac
# xen13 makes the .debs when the packaging check did not, and the trixie
# tree (stock-7.x's kernel and compiler too).
case " $KERNELS " in *" xen13 "*) pkgs+=("${DEB_PKGS[@]}") ;; esac
case " $KERNELS " in *" xen13 "* | *" stock-7.x "*) pkgs+=(debootstrap) ;; esac
need_pkgs "${pkgs[@]}"
# Debian 12's 6.12: its headers installed (and its image unpacked) before
# the lanes, for the same reason. Trixie's kernels come by the trixie
# tree's own apt.
case " $KERNELS " in *" stock-6.12 "*)
	"$here/stock-kernel.sh" 6.12 > /dev/null || log "no Debian 12 6.12 kernel (stock-kernel.sh 6.12)" ;;
esac
runs=$XENBR_BUILD/runs
rm -rf "$runs" && mkdir -p "$runs"
all_tests=$(cd "$XENBR_TOP/tools/tests" && ls ./*.sh | sed 's|^\./||; s|\.sh$||' |
	grep -vx -e lib -e demo -e bench -e xen -e xen-demo -e xen-churn -e xen-bench | tr '\n' ' ')
: "${TESTS:=$all_tests}"
start=$(date +%s)

# timed PART CMD...: run CMD, and note its wall time as PART's.
timed() {
	local part=$1 t0=$(date +%s) rc=0
	shift
	"$@" || rc=$?
	echo "$part $(( $(date +%s) - t0 ))" >> "$runs/times"
	return $rc
}

make -s -C "$XENBR_TOP" tools >/dev/null || record xenbr-ctl-build FAIL "make tools failed"

# kernel_run LABEL BZIMAGE KVER MODROOT KODIR KUNIT_MODULES TESTS TIMEOUT
kernel_run() {
	local label=$1 kernel=$2 kver=$3 modroot=$4 kodir=$5 kunit=$6 tests=$7 tmo=$8
	local out=$runs/$label extra=()
	case $label in debug*) [ -z "${DEBUG_APPEND:-}" ] || extra=(--append "$DEBUG_APPEND") ;; esac
	mkdir -p "$out"
	cat > "$out/xenbr.conf" <<CONF
MODE=check
KERNEL_LABEL=${label%%-[0-9]*}
REFERENCE=${REFERENCE:-0}
KUNIT_MODULES="$kunit"
TESTS="$tests"
CASES="${CASES:-}"
DEBUG_ALL_CASES=${DEBUG_ALL_CASES:-0}
GCOV_CASES=${GCOV_CASES:-0}
TEST_TIMEOUT=$(( tmo / 3 ))
CONF
	log "$label kernel: booting ($kver) for KUnit [$kunit] and tests [$tests]"
	timed "$label-vm" "$here/run-vm.sh" --kernel "$kernel" --kver "$kver" --modroot "$modroot" \
		--kodir "$kodir" --conf "$out/xenbr.conf" --out "$out" --timeout "$tmo" "${extra[@]}"
	log "$label kernel: VM ran $(cat "$out/seconds") s"
	python3 "$here/collect.py" "$label" "$out" "$kunit_py" "$tests" "$runs/$label.json"
}

# Unpacked once, before the lanes: both read it (kunit.py, checkpatch).
kunit_py=$(kernel_src)/tools/testing/kunit/kunit.py

# debug_tests: the integration files the debug VMs run beside KUnit
# (DEBUG_TESTS picks some; by default all). In each, the cases its
# STOCK_ONLY lists are left to the stock run (tools/tests/lib.sh).
debug_tests() {
	local t out=""
	for t in $TESTS; do
		case " ${DEBUG_TESTS:-all} " in *" all "* | *" $t "*) out+="$t " ;; esac
	done
	echo "$out"
}

# debug_cost FILE: about how many seconds FILE's debug cases take in a
# debug VM beside another VM (twice what they took with kmemleak off,
# 2026-12-07); what deals the files out below. A file whose cases are all
# STOCK_ONLY costs next to nothing.
debug_cost() {
	case $1 in
	ctl) echo 410 ;;
	datapath) echo 310 ;;
	nlfuzz) echo 250 ;;
	iproute) echo 220 ;;
	vlan) echo 180 ;;
	unload) echo 140 ;;
	doctor) echo 100 ;;
	lock | module) echo 60 ;;
	glue | ifupdown | observe | parity | state | uplink | vxlan) echo 5 ;;
	*) echo 120 ;;
	esac
}

# debug_groups N: the debug files dealt out to N VMs, a line each: the
# dearest file first, each to the VM with the least work so far (the first
# VM starts with KUnit's), every group in make check's order.
debug_groups() {
	local n=$1 t i best tests
	local -a load group
	tests=$(debug_tests)
	for ((i = 0; i < n; i++)); do load[i]=0 group[i]=" "; done
	load[0]=320
	for t in $(for t in $tests; do echo "$(debug_cost "$t") $t"; done | sort -rn | cut -d' ' -f2); do
		best=0
		for ((i = 1; i < n; i++)); do [ "${load[i]}" -lt "${load[best]}" ] && best=$i; done
		group[best]+="$t "
		load[best]=$(( load[best] + $(debug_cost "$t") ))
	done
	for ((i = 0; i < n; i++)); do
		for t in $tests; do
			case "${group[i]}" in *" $t "*) printf '%s ' "$t" ;; esac
		done
		echo
	done
}

# run_debug: the debug kernel's VMs, DEBUG_VMS of them (default 1) side by
# side: KUnit in the first, the integration files dealt out (debug_groups).
# A VM under TCG leaves much of its core idle (measured: two debug VMs
# and the stock VM used 60 % of a core each), so two finish sooner than
# one; but with three VMs up (two debug, then the Xen host) timed cases
# failed (unload's addbr, xen's doctor_xen: 2026-12-07), so one is the
# default until they are made to wait for what they need. Their results
# are debug, debug-2, ...
run_debug() {
	local kobj kver kodir n=${DEBUG_VMS:-1} i label kunit pids=()
	if kobj=$(timed debug-kernel "$XENBR_TOP/tools/kernel/build-kernel.sh"); then
		kver=$(cat "$kobj/include/config/kernel.release")
		if kodir=$("$here/build-module.sh" debug "$kobj" XENBR_GCOV=1); then
			record build-debug PASS
			i=0
			while read -r tests; do
				i=$((i + 1))
				label=debug kunit="xenbr xenbr_kunit"
				[ $i = 1 ] || label=debug-$i kunit=""
				[ -n "$kunit$tests" ] || continue
				kernel_run "$label" "$kobj/arch/x86/boot/bzImage" "$kver" "$kobj/modroot" \
					"$kodir" "$kunit" "$tests" 4500 &
				pids+=($!)
			done < <(debug_groups "$n")
			wait "${pids[@]}"
			# The reach of the debug run, in one line (make coverage: per file).
			python3 "$here/coverage.py" "$runs/debug" "$kodir" \
				$(for ((i = 2; i <= n; i++)); do
					[ ! -f "$runs/debug-$i/results.log" ] || echo --more "$runs/debug-$i:$kodir"
				done) |
				awk '/^total/ { printf "debug: line coverage of xenbr.ko %s %% (%s of %s lines; make coverage: by file)\n", $4, $3, $2 }' || true
		else
			record build-debug FAIL "xenbr does not build cleanly for the debug kernel"
		fi
	else
		record debug-kernel FAIL "the debug kernel did not build"
	fi
}

# run_stock SERIES [TESTS]: the integration cases (default every one) on a
# Debian stock kernel (stock-kernel.sh): 6.1, the installed one, as
# "stock"; 6.12, the newest of bookworm-security, as "stock-6.12"; 7.x,
# trixie-backports', as "stock-7.x", its module built in the trixie tree.
run_stock() {
	local label=stock kver root kdir chroot kodir
	[ "$1" = 6.1 ] || label=stock-$1
	if ! read -r kver root kdir chroot < <("$here/stock-kernel.sh" "$1"); then
		record "kernel-$label" FAIL "no Debian $1 kernel (stock-kernel.sh $1)"
		return
	fi
	if kodir=$(XENBR_CHROOT=$chroot "$here/build-module.sh" "$label" "$kdir"); then
		record "build-$label" PASS
		"$here/stock-modroot.sh" "$kver" "$XENBR_BUILD/$label-modroot" "$root"
		kernel_run "$label" "${root%/}/boot/vmlinuz-$kver" "$kver" "$XENBR_BUILD/$label-modroot" \
			"$kodir" "" "${2:-$TESTS}" 1800
		# The Prometheus exposition observe.sh printed, parsed here
		# (unless CASES left out the case that prints it).
		case "$label: ${2:-$TESTS} ,${CASES:-prometheus}," in "stock:"*" observe "*",prometheus,"*)
			if /usr/bin/python3 "$here/check-metrics.py" "$runs/$label/console.log"; then
				record metrics-format PASS
			else
				record metrics-format FAIL "stats --format prometheus (tools/tests/observe.sh)"
			fi ;;
		esac
	else
		record "build-$label" FAIL "xenbr does not build cleanly for $kver"
	fi
}

# The packages (make deb, lintian, DKMS in a throwaway tree) before the
# stock VM, which gets their files for tools/tests/ifupdown.sh; PKG_CHECKS
# (default: HOST_CHECKS) 0 skips them, and that test then takes the tree's.
run_packages() {
	log "packages: make deb, lintian, DKMS"
	"$here/check-pkg.sh"
}

# make bench QUICK=1 as a smoke test: it runs, and its JSON has every key as
# a number. No thresholds: QEMU's rates say nothing about the code.
run_bench_smoke() {
	local smoke
	smoke=$XENBR_BUILD/bench-smoke
	mkdir -p "$smoke"
	log "bench: QUICK=1 smoke run"
	if BENCH_JSON=$smoke/bench.json QUICK=1 "$here/bench.sh" > "$smoke/log" 2>&1 &&
	   python3 - "$smoke/bench.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
keys = ([f"{m}.{s}" for m in ("unicast_pps", "tcp_gbps") for s in ("ceiling", "bridge", "xenbr")]
        + [f"unicast_pps.{s}" for s in ("mirred", "ovs")]
        + [f"overhead_ns.{s}" for s in ("bridge", "xenbr", "ovs")]
        + [f"fdb_scale_pps.xenbr.{n}" for n in (1, 1000, 100000, 1000000)]
        + [f"fdb_entry_bytes.{s}" for s in ("bridge", "xenbr")]
        + [f"flood_pps.{s}.{n}" for s in ("bridge", "xenbr") for n in (2, 8, 32)]
        + [f"ratios.{r}" for r in ("unicast_vs_bridge", "unicast_vs_ceiling",
                                   "tcp_vs_bridge", "fdb_1m_vs_1", "overhead_vs_bridge",
                                   "unicast_vs_ovs", "flood_per_port_vs_bridge")])
bad = []
for key in keys:
    v = doc
    for k in key.split("."):
        v = v.get(k) if isinstance(v, dict) else None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        bad.append(key)
if bad:
    sys.exit("bench JSON lacks numbers for: " + ", ".join(bad))
PY
	then
		record bench-smoke PASS
	else
		record bench-smoke FAIL "see $smoke/log"
	fi
}

host_checks() {
	# Style: the kernel's checkpatch --strict, and sparse.
	local files cp_out kver kdir sp_out sh_out sh ynl_out sf_out
	files=$(cd "$XENBR_TOP" && ls module.c xenbr/*.[ch] netback_glue/*.[ch] kunit/*.[ch] include/uapi/linux/*.h 2>/dev/null |
		grep -vx xenbr/trace.h)
	cp_out=$(cd "$XENBR_TOP" && perl "$(kernel_src)/scripts/checkpatch.pl" --strict --no-tree \
		--terse --show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files 2>&1 |
		grep -E 'ERROR|WARNING|CHECK')
	# The trace events' header is laid out as the kernel's own are
	# (include/trace/events/*.h): TP_STRUCT__entry( and the EM() lists of
	# TRACE_DEFINE_ENUM are what checkpatch flags there too, and only that.
	cp_out+=$(cd "$XENBR_TOP" && perl "$(kernel_src)/scripts/checkpatch.pl" --strict --no-tree \
		--terse --show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
		--ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT,COMPLEX_MACRO,TRAILING_SEMICOLON \
		-f xenbr/trace.h 2>&1 | grep -E 'ERROR|WARNING|CHECK')
	if [ -z "$cp_out" ]; then record checkpatch PASS; else record checkpatch FAIL; echo "$cp_out"; fi
	kver=$(stock_kver)
	sp_out=$(make -s -C "/lib/modules/$kver/build" M="$XENBR_BUILD/stock/src" C=2 \
		CHECK="sparse -Wno-unknown-attribute" modules 2>&1 | grep -E 'warning|error')
	if [ -z "$sp_out" ]; then record sparse PASS; else record sparse FAIL; echo "$sp_out"; fi
	# sparse against Debian 12's 6.12 too, in a build of its own (the
	# stock-6.12 run's may be in use); build-module.sh fails on a warning.
	kdir=$(ls -d /usr/src/linux-headers-6.12.*+deb12-amd64 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$kdir" ]; then
		record sparse-6.12 FAIL "no linux-headers-6.12.*+deb12-amd64 (check-kbuilds.sh installs them)"
	elif "$here/build-module.sh" sparse-6.12 "$kdir" C=2 \
		CHECK="sparse -Wno-unknown-attribute" > /dev/null; then
		record sparse-6.12 PASS
	else
		record sparse-6.12 FAIL "sparse warns against $(basename "$kdir")"
	fi
	# Every shell script parses (a merge once dropped a brace that only the
	# benchmark, run last, would have found).
	sh_out=$(cd "$XENBR_TOP" && git ls-files -z | xargs -0 grep -lZ '^#!.*\<\(ba\)\?sh\>' |
		while IFS= read -r -d '' f; do
			sh=$(head -1 "$f" | grep -q bash && echo bash || echo sh)
			"$sh" -n "$f" 2>&1
		done)
	if [ -z "$sh_out" ]; then record shell-syntax PASS; else record shell-syntax FAIL; echo "$sh_out"; fi
	# The state file's reader refuses every fault, sanitizers watching.
	if sf_out=$("$here/check-state-file.sh" 2>&1); then
		record state-file PASS
	else
		record state-file FAIL; echo "$sf_out"
	fi
	# The YNL spec of the xenbr netlink family matches the uapi header and the
	# kernel's per-operation policies.
	if ynl_out=$(/usr/bin/python3 "$here/check-ynl.py" "$XENBR_TOP" 2>&1); then
		record ynl-spec PASS
	else
		record ynl-spec FAIL; echo "$ynl_out"
	fi
}

# stock7_tests: STOCK7_TESTS (default: the files that reach the kernel APIs
# that changed after 6.12: rtnl's newlink and the ports in datapath, the
# FDB dump's resume in iproute, netpoll in parity) of those TESTS runs.
stock7_tests() {
	local t out=""
	for t in $TESTS; do
		case " ${STOCK7_TESTS:-datapath iproute module parity} " in *" $t "*) out+="$t " ;; esac
	done
	echo "$out"
}

# run KERNEL: one entry of KERNELS.
run() {
	case $1 in
	debug) run_debug ;;
	stock) timed stock run_stock 6.1 ;;
	stock-6.12) timed stock-6.12 run_stock 6.12 ;;
	# The newest kernel's API (the FDB dump's resume since 6.14, rtnl's
	# newlink since 6.15, ...) under the files that reach it.
	stock-7.x) timed stock-7.x run_stock 7.x "$(stock7_tests)" ;;
	xen)
		# Xen 4.17 under QEMU with the stock kernel as dom0: real guests.
		log "xen: a Xen host under QEMU (make check-xen)"
		timed xen "$here/xen.sh" check || true
		[ -f "$runs/xen.json" ] || record xen FAIL "the Xen run did not finish"
		;;
	xen13)
		# Debian 13: Xen 4.20, trixie's 6.12 as dom0 and its toolstack,
		# xenbr from our .debs built by trixie's DKMS.
		log "xen13: a Debian 13 Xen host under QEMU (xen.sh check trixie)"
		timed xen13 "$here/xen.sh" check trixie || true
		[ -f "$runs/xen13.json" ] || record xen13 FAIL "the Debian 13 Xen run did not finish"
		;;
	xen-debug)
		# The same host with our debug kernel as dom0 (guests stay stock).
		log "xen-debug: the Xen host with the debug kernel as dom0 (${XEN_DEBUG_CASES:-quick})"
		timed xen-debug "$here/xen.sh" check debug || true
		[ -f "$runs/xen-debug.json" ] || record xen-debug FAIL "the Xen run did not finish"
		;;
	*) record "kernel-$1" FAIL "unknown kernel '$1' in KERNELS" ;;
	esac
}

# Two lanes side by side, balanced by measured time (2026-12-07, each VM
# beside another: debug 1099 s, stock 902, stock-6.12 about 800, the Xen
# hosts 560 to 1150, stock-7.x about 250, bench smoke 260). First: the
# debug VM, Debian 12's 6.12, then the Debian 13 host. Second: the
# packages, the 6.1 stock VM, the smoke run, the Xen 4.17 host, the 7.x
# VM, the builds and the style checks. By those times the 4.17 host is
# over before the first lane reaches the 4.20 one: two Xen hosts at once
# would load the machine into xl's timeouts.
first_lane() {
	local k
	case " $KERNELS " in *" debug "*) run_debug ;; esac
	for k in $KERNELS; do
		case $k in stock-6.12 | xen13) run "$k" ;; esac
	done
}

# The second lane's order: see first_lane's comment.
second_lane() {
	local k
	rm -rf "$XENBR_BUILD/pkg"
	case " $KERNELS " in *" stock "*)
		[ "${PKG_CHECKS:-$HOST_CHECKS}" != 1 ] || timed packages run_packages ;;
	esac
	for k in $KERNELS; do
		case $k in debug | stock-6.12 | stock-7.x | xen*) ;; *) run "$k" ;; esac
	done
	case " $KERNELS " in *" stock "*) timed bench-smoke run_bench_smoke ;; esac
	for k in $KERNELS; do
		case $k in xen13) ;; xen*) run "$k" ;; esac
	done
	case " $KERNELS " in *" stock-7.x "*) run stock-7.x ;; esac
	[ "${KBUILD_CHECKS:-$HOST_CHECKS}" != 1 ] || timed kbuilds "$here/check-kbuilds.sh" || true
	[ "$HOST_CHECKS" != 1 ] || timed host-checks host_checks
}

# A cold cache's two long builds before the lanes, side by side: the
# debug kernel (both cores: 17 minutes beside the stock VM, which it slowed
# too, 2026-12-07; about 7.5 alone) and the trixie tree (mostly the
# mirror's and dpkg's time, about 6). Warm, both only find their caches.
prepare_caches() {
	local pids=()
	case " $KERNELS " in *" debug "*)
		"$XENBR_TOP/tools/kernel/build-kernel.sh" > /dev/null &
		pids+=($!) ;;
	esac
	if [ "${KBUILD_CHECKS:-$HOST_CHECKS}" = 1 ] ||
	   case " $KERNELS " in *" xen13 "* | *" stock-7.x "*) true ;; *) false ;; esac; then
		# shellcheck source=trixie.sh
		(. "$here/trixie.sh" && trixie_tree > /dev/null) &
		pids+=($!)
	fi
	# A failure shows again, recorded, where the lanes need the product.
	wait "${pids[@]}" || true
}
timed caches prepare_caches

if [ "${LANES:-2}" = 1 ]; then
	first_lane
	second_lane
else
	first_lane &
	first_pid=$!
	second_lane
	wait "$first_pid"
fi

python3 - "$runs" "$(( $(date +%s) - start ))" <<'PY'
import glob, json, os, sys
p = f = s = 0
times = os.path.join(sys.argv[1], "times")
if os.path.exists(times):
    parts = ", ".join(" ".join(l.split()) + " s" for l in open(times) if l.strip())
    print(f"wall time by part: {parts}", file=sys.stderr)
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    c = json.load(open(path))
    p, f, s = p + c["passed"], f + c["failed"], s + c["skipped"]
print(f"make check took {sys.argv[2]} s", file=sys.stderr)
print(f"{p} passed, {f} failed" + (f", {s} skipped" if s else ""))
sys.exit(1 if f or not p else 0)
PY
