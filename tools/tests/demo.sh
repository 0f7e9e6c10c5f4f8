#!/bin/bash
# The demo scenario, run inside the VM by `make demo`: what a Xen dom0 admin
# would do by hand, with namespaces standing in for the guests and for the
# physical network behind the uplink.
. "$(dirname "$0")/lib.sh"
set -e

say() { printf '\n### %s\n' "$*"; }

say "loading xenbr"
insmod "$XENBR_KO"
grep '^xenbr ' /proc/modules
echo "xenbr $(cat /sys/module/xenbr/version) loaded on $(uname -r)"

say "unloading xenbr"
rmmod xenbr
echo "DEMO OK" >&3
