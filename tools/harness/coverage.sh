#!/usr/bin/env bash
# make coverage: the line coverage of xenbr.ko, per source file, by the
# last debug VM run of make check (KUnit and the integration files it
# runs), and the lines that only one phase (KUnit, or one file) reaches.
# With no such run in $XENBR_BUILD/runs/debug, it runs the debug VM first.
#
# Environment: FULL=1 runs the debug VM anew with every integration file
# (the debug run of make check runs a subset, check.sh's debug_tests);
# COVERAGE_ARGS: more arguments for coverage.py (--only, --without,
# --json, --compare).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

need_pkgs "${BUILD_PKGS[@]}"
run=$XENBR_BUILD/runs/debug
if [ "${FULL:-0}" = 1 ] || ! grep -qs '^GCOV-BEGIN' "$run/results.log"; then
	log "no gcov data of a debug run: running the debug VM (make check's debug part)"
	[ "${FULL:-0}" != 1 ] || export DEBUG_TESTS=all
	KERNELS=debug HOST_CHECKS=0 "$here/check.sh" || log "the debug run failed: coverage of what ran"
fi
# shellcheck disable=SC2086
python3 "$here/coverage.py" "$run" "$XENBR_BUILD/debug/src" --phases ${COVERAGE_ARGS:-}
