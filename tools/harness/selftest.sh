#!/usr/bin/env bash
# make check-selftest: prove the harness turns red. Two runs on the debug
# kernel, each of which must be judged a failure by collect.py:
#   1. a KUnit suite with one failing case: that case must be counted FAIL;
#   2. a module that WARNs on load: the splat must be caught.
# Ends with "N passed, N failed" about the harness itself.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

need_pkgs "${BUILD_PKGS[@]}" "${VM_PKGS[@]}"
kobj=$("$XENBR_TOP/tools/kernel/build-kernel.sh") || die "debug kernel build failed"
kver=$(cat "$kobj/include/config/kernel.release")
kodir=$("$here/build-module.sh" selftest "$kobj" XENBR_SELFTEST=1) || die "module build failed"
kunit_py=$(kernel_src)/tools/testing/kunit/kunit.py
runs=$XENBR_BUILD/selftest-runs
rm -rf "$runs" && mkdir -p "$runs"
passed=0 failed=0

# expect_red NAME KUNIT_MODULES PATTERN: the run must fail, and its report
# must contain PATTERN (so it failed for the injected reason).
expect_red() {
	local name=$1 mods=$2 pattern=$3 out=$runs/$1 report
	mkdir -p "$out"
	printf 'MODE=check\nKUNIT_MODULES="%s"\nTESTS=""\n' "$mods" > "$out/xenbr.conf"
	"$here/run-vm.sh" --kernel "$kobj/arch/x86/boot/bzImage" --kver "$kver" \
		--modroot "$kobj/modroot" --kodir "$kodir" --conf "$out/xenbr.conf" \
		--out "$out" --timeout 600
	report=$(python3 "$here/collect.py" "selftest-$name" "$out" "$kunit_py" "" "$out/counts.json")
	rc=$?
	printf '%s\n' "$report" | sed 's/^/    /'
	if [ "$rc" -ne 0 ] && printf '%s\n' "$report" | grep -q -- "$pattern"; then
		echo "PASS harness-selftest/$name: the run is red, for the injected reason"
		passed=$((passed + 1))
	else
		echo "FAIL harness-selftest/$name: the harness did not catch it (rc=$rc)"
		failed=$((failed + 1))
	fi
}

expect_red failing-kunit-case "xenbr_selftest_fail" "FAIL .*xenbr_selftest_must_fail"
expect_red warn "xenbr_selftest_warn" "FAIL selftest-warn/kernel-log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
