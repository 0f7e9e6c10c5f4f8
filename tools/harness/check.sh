#!/usr/bin/env bash
# make check: build xenbr for the debug kernel and the Debian stock kernel,
# run KUnit and the integration tests in a VM of each, run the style checks,
# and end with one line: "N passed, N failed[, N skipped]".
#
# Environment: TESTS (integration test files to run; default all),
# XENBR_CACHE (kernel cache, default ~/.cache/xenbr), KERNELS (debug stock).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

need_pkgs "${BUILD_PKGS[@]}" "${VM_PKGS[@]}"
runs=$XENBR_BUILD/runs
rm -rf "$runs" && mkdir -p "$runs"
: "${TESTS:=$(cd "$XENBR_TOP/tools/tests" && ls ./*.sh | sed 's|^\./||; s|\.sh$||' |
	grep -vx -e lib -e demo -e bench | tr '\n' ' ')}"
: "${KERNELS:=debug stock}"
start=$(date +%s)

# record NAME STATUS [WHY]: one result of a host-side check.
record() {
	printf '{"passed": %d, "failed": %d, "skipped": 0, "failures": []}\n' \
		"$([ "$2" = PASS ] && echo 1 || echo 0)" "$([ "$2" = PASS ] && echo 0 || echo 1)" \
		> "$runs/host-$1.json"
	[ "$2" = PASS ] || echo "FAIL host/$1 ${3:-}"
}

make -s -C "$XENBR_TOP" tools >/dev/null || record xenbr-ctl-build FAIL "make tools failed"

# kernel_run LABEL BZIMAGE KVER MODROOT KODIR KUNIT_MODULES TIMEOUT
kernel_run() {
	local label=$1 kernel=$2 kver=$3 modroot=$4 kodir=$5 kunit=$6 tmo=$7
	local out=$runs/$label
	mkdir -p "$out"
	cat > "$out/xenbr.conf" <<CONF
MODE=check
KERNEL_LABEL=$label
KUNIT_MODULES="$kunit"
TESTS="$TESTS"
TEST_TIMEOUT=$(( tmo / 3 ))
CONF
	log "$label kernel: booting ($kver) for KUnit [$kunit] and tests [$TESTS]"
	"$here/run-vm.sh" --kernel "$kernel" --kver "$kver" --modroot "$modroot" \
		--kodir "$kodir" --conf "$out/xenbr.conf" --out "$out" --timeout "$tmo"
	log "$label kernel: VM ran $(cat "$out/seconds") s"
	python3 "$here/collect.py" "$label" "$out" "$kunit_py" "$TESTS" "$runs/$label.json"
}

kunit_py=$(kernel_src)/tools/testing/kunit/kunit.py

for k in $KERNELS; do
	case $k in
	debug)
		if kobj=$("$XENBR_TOP/tools/kernel/build-kernel.sh"); then
			kver=$(cat "$kobj/include/config/kernel.release")
			if kodir=$("$here/build-module.sh" debug "$kobj"); then
				record build-debug PASS
				kernel_run debug "$kobj/arch/x86/boot/bzImage" "$kver" "$kobj/modroot" \
					"$kodir" "xenbr xenbr_kunit" 3000
			else
				record build-debug FAIL "xenbr does not build cleanly for the debug kernel"
			fi
		else
			record debug-kernel FAIL "the debug kernel did not build"
		fi
		;;
	stock)
		kver=$(stock_kver)
		if kodir=$("$here/build-module.sh" stock "/lib/modules/$kver/build"); then
			record build-stock PASS
			"$here/stock-modroot.sh" "$kver" "$XENBR_BUILD/stock-modroot"
			kernel_run stock "/boot/vmlinuz-$kver" "$kver" "$XENBR_BUILD/stock-modroot" \
				"$kodir" "" 1200
		else
			record build-stock FAIL "xenbr does not build cleanly for $kver"
		fi
		;;
	esac
done

# Style: the kernel's checkpatch --strict, and sparse.
files=$(cd "$XENBR_TOP" && ls xenbr/*.[ch] netback_glue/*.[ch] kunit/*.[ch] include/uapi/linux/*.h 2>/dev/null)
cp_out=$(cd "$XENBR_TOP" && perl "$(kernel_src)/scripts/checkpatch.pl" --strict --no-tree \
	--terse --show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files 2>&1 |
	grep -E 'ERROR|WARNING|CHECK')
if [ -z "$cp_out" ]; then record checkpatch PASS; else record checkpatch FAIL; echo "$cp_out"; fi
kver=$(stock_kver)
sp_out=$(make -s -C "/lib/modules/$kver/build" M="$XENBR_BUILD/stock/src" C=2 \
	CHECK="sparse -Wno-unknown-attribute" modules 2>&1 | grep -E 'warning|error')
if [ -z "$sp_out" ]; then record sparse PASS; else record sparse FAIL; echo "$sp_out"; fi

python3 - "$runs" "$(( $(date +%s) - start ))" <<'PY'
import glob, json, sys
p = f = s = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    c = json.load(open(path))
    p, f, s = p + c["passed"], f + c["failed"], s + c["skipped"]
print(f"make check took {sys.argv[2]} s", file=sys.stderr)
print(f"{p} passed, {f} failed" + (f", {s} skipped" if s else ""))
sys.exit(1 if f or not p else 0)
PY
