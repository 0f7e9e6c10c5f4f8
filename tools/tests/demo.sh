#!/bin/bash
# The demo scenario, run inside the VM by `make demo`: what a Xen dom0 admin
# does, with network namespaces standing in for two domUs and for the
# physical network behind the uplink. The dom0-side ends of the guests' veths
# are named and addressed like netback backends (vif1.0, vif2.0, MAC
# fe:ff:ff:ff:ff:ff), the uplink like Xen's network-bridge left it (peth0).
. "$(dirname "$0")/lib.sh"
set -e

say() { printf '\n### %s\n' "$*"; }
run() { printf '# %s\n' "$*"; "$@"; }

say "dom0 runs $(uname -r); loading xenbr"
run insmod "$XENBR_KO"
echo "xenbr $(cat /sys/module/xenbr/version) loaded"

say "the physical network behind peth0 (a namespace, 10.0.0.254)"
ip netns add lan
ip link add peth0 type veth peer name eth0 netns lan
ip link set peth0 address 02:00:00:00:01:00
ip -n lan addr add 10.0.0.254/24 dev eth0
ip -n lan link set eth0 up

say "xenbr0 over peth0, with dom0's address on the bridge (as network-bridge does)"
run xenbr-ctl addbr xenbr0
run xenbr-ctl stp xenbr0 off
run xenbr-ctl setfd xenbr0 0
run xenbr-ctl addif xenbr0 peth0
run ip link set peth0 up
run ip addr add 10.0.0.1/24 dev xenbr0
run ip link set xenbr0 up

say "two guests, domU 1 and domU 2, behind vif1.0 and vif2.0"
for d in 1 2; do
	ip netns add "domU$d"
	ip link add "vif$d.0" type veth peer name eth0 netns "domU$d"
	ip link set "vif$d.0" address fe:ff:ff:ff:ff:ff
	ip -n "domU$d" link set eth0 address "00:16:3e:00:00:0$d"
	ip -n "domU$d" addr add "10.0.0.1$d/24" dev eth0
	ip -n "domU$d" link set eth0 up
	run xenbr-ctl addif xenbr0 "vif$d.0"
	run ip link set "vif$d.0" up
done

say "traffic: guest to guest, guests to dom0 and to the network, dom0 to the network"
run ip netns exec domU1 ping -c 2 -W 2 10.0.0.12
run ip netns exec domU2 ping -c 2 -W 2 10.0.0.1
run ip netns exec domU1 ping -c 2 -W 2 10.0.0.254
run ping -c 2 -W 2 10.0.0.254

say "the bridge, brctl-style"
run xenbr-ctl show
say "its forwarding database"
run xenbr-ctl showmacs xenbr0
say "its counters"
run xenbr-ctl stats xenbr0

say "cleaning up"
run ip link del xenbr0
run rmmod xenbr
echo "DEMO OK" >&3
