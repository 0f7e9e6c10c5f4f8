#!/usr/bin/env bash
# Gather the Debian stock kernel modules the tests load (and what they depend
# on) into a small module tree for the VM's initramfs.
#
# stock-modroot.sh KVER OUTDIR [ROOT]
# ROOT: where the kernel's lib/modules/KVER is (default /; stock-kernel.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

kver=$1 out=$2 root=${3:-/}
mods=(veth bridge macvlan 8021q dummy vxlan pktgen sch_ingress cls_flower cls_matchall act_gact act_mirred
      openvswitch tun netconsole
      xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc xen-netback xen-netfront)
rm -rf "$out" && mkdir -p "$out/lib/modules/$kver"
for m in "${mods[@]}"; do
	modprobe -d "$root" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
	ko=${ko#"${root%/}"}
	mkdir -p "$out$(dirname "$ko")"
	cp "${root%/}$ko" "$out$ko"
done
cp "${root%/}/lib/modules/$kver"/modules.order "${root%/}/lib/modules/$kver"/modules.builtin* \
	"$out/lib/modules/$kver/"
depmod -b "$out" "$kver"
