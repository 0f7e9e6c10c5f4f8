#!/usr/bin/env bash
# make coverage: the line coverage of xenbr.ko, per source file, by the
# last debug run of make check (its VMs: KUnit and the integration files),
# and the lines that only one phase (KUnit, or one file) reaches.
# With no such run in $XENBR_BUILD/runs/debug, it runs the debug VM first.
#
# Environment: FULL=1 runs the debug VMs anew with every case (make
# check's leave the cases of STOCK_ONLY to the stock run); BY_CASE=1 with
# it takes the counters after every case, and prints the fewest cases that
# reach every line (coverage.py --cover: what STOCK_ONLY may leave out);
# COVERAGE_ARGS: more arguments for coverage.py (--only, --without,
# --json, --compare).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

need_pkgs "${BUILD_PKGS[@]}"
run=$XENBR_BUILD/runs/debug
if [ "${FULL:-0}" = 1 ] || [ "${BY_CASE:-0}" = 1 ] || ! grep -qs '^GCOV-BEGIN' "$run/results.log"; then
	log "no gcov data of a debug run: running the debug VM (make check's debug part)"
	[ "${FULL:-0}" != 1 ] || export DEBUG_ALL_CASES=1
	[ "${BY_CASE:-0}" != 1 ] || export GCOV_CASES=1
	KERNELS=debug HOST_CHECKS=0 "$here/check.sh" || log "the debug run failed: coverage of what ran"
fi
# The other debug VMs of the run (debug-2, ...) ran other files.
more=()
for r in "$run"-[0-9]*; do
	[ -f "$r/results.log" ] && more+=(--more "$r:$XENBR_BUILD/debug/src")
done
# shellcheck disable=SC2086
python3 "$here/coverage.py" "$run" "$XENBR_BUILD/debug/src" "${more[@]}" --phases \
	$([ "${BY_CASE:-0}" != 1 ] || echo --cover) ${COVERAGE_ARGS:-}
