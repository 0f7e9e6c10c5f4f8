#!/usr/bin/env bash
# make demo: boot Debian's stock kernel (what a dom0 runs) in QEMU, load
# xenbr, and run the demo scenario (tools/tests/demo.sh), showing the console.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

need_pkgs "${BUILD_PKGS[@]}" "${VM_PKGS[@]}"
make -s -C "$XENBR_TOP" tools >/dev/null
kver=$(stock_kver)
kodir=$("$here/build-module.sh" stock "/lib/modules/$kver/build")
"$here/stock-modroot.sh" "$kver" "$XENBR_BUILD/stock-modroot"
out=$XENBR_BUILD/demo
mkdir -p "$out"
printf 'MODE=demo\n' > "$out/xenbr.conf"
log "booting Debian's $kver under QEMU (TCG); the demo runs in the VM"
"$here/run-vm.sh" --kernel "/boot/vmlinuz-$kver" --kver "$kver" \
	--modroot "$XENBR_BUILD/stock-modroot" --kodir "$kodir" \
	--conf "$out/xenbr.conf" --out "$out" --timeout 300 --live --append quiet
if grep -q '^DEMO OK' "$out/results.log"; then
	log "demo finished: console log in $out/console.log"
else
	die "the demo did not finish; see $out/console.log"
fi
