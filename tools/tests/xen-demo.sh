#!/bin/bash
# The Xen demo, run in dom0 by `make demo-xen`: a Xen host whose guests'
# vifs join xenbr0 through the netback glue, with no vif-bridge, and what
# xenbr-ctl says about them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/xen/lib-xen.sh"
set -e

say() { printf '\n### %s\n' "$*"; }
run() { printf '# %s\n' "$*"; "$@"; }

say "dom0 runs $(uname -r) on Xen $(xl info 2> /dev/null | awk '/^xen_version/ { print $3 }')"
say "starting Xen's toolstack: xenstored, xen-init-dom0, xenconsoled"
xen_start > /dev/null
run timeout 30 xl list

say "xenbr0 with dom0's address (10.0.0.1) over peth0, the uplink to a namespace (10.0.0.100)"
net_up
run xenbr-ctl netback

say "two PV guests, as an admin writes them: vif = ['bridge=xenbr0,script=vif-xenbr,mac=...']"
PEERS=10.0.0.12 guest_cfg g1 1 'bridge=xenbr0,script=vif-xenbr'
PEERS=10.0.0.11 guest_cfg g2 2 'bridge=xenbr0,script=vif-xenbr'
run grep vif "$XEN_CFG_DIR/g1.cfg"
guest_create g1
guest_create g2
run timeout 30 xl list

say "what xenstore says of g1's vif (the glue wrote hotplug-status)"
run xenstore-ls -f "backend/vif/$(guest_domid g1)/0" | grep -E '/(bridge|mac|script|hotplug-status) '

say "the guests boot and ping dom0, the uplink's host and each other"
guest_wait g1 'pings done' 150
guest_wait g2 'pings done' 150
guest_since_mark g1 | grep xenbr-guest
guest_since_mark g2 | grep xenbr-guest

say "dom0 and the uplink's host ping the guests"
run ping -c 2 -W 2 10.0.0.11
run ip netns exec lan ping -c 2 -W 2 10.0.0.12

say "the bridge: the glue's vifs are marked with domid, handle and guest MAC"
run xenbr-ctl show
say "its forwarding database: the guests' MACs are static entries on their vifs"
run xenbr-ctl showmacs xenbr0
run xenbr-ctl netback

say "cleaning up"
run timeout 60 xl destroy g1
run timeout 60 xl destroy g2
run xenbr-ctl delbr xenbr0
run rmmod xenbr
echo "DEMO OK" >&3
