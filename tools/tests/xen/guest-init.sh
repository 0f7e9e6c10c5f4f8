#!/bin/sh
# /init of the PV guests of the Xen tests (busybox only). The kernel command
# line (xl's "extra") says what the guest does:
#   xenbr.ip=ADDR/LEN        its address on eth0
#   xenbr.ping=IP[,IP...]    whom to ping once eth0 is up (each up to 60 s)
#   xenbr.vlan=VID           the address goes on eth0.VID, a VLAN of eth0
#                            (the guest's side of a trunk)
#   xenbr.rsh=PORT           a shell on TCP PORT for dom0's commands, one
#                            connection each (the Xen bench drives iperf3
#                            in the guests through it; they have no other
#                            way in)
# It reports on its console (hvc0, kept by xenconsoled in dom0), one line per
# event, "xenbr-guest: ...". A NIC that appears again (xl network-attach)
# is configured and pings again.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

say() { echo "xenbr-guest: $*"; }

addr="" targets="" vlan="" rsh=""
for arg in $(cat /proc/cmdline); do
	case $arg in
	xenbr.ip=*) addr=${arg#*=} ;;
	xenbr.ping=*) targets=$(echo "${arg#*=}" | tr , ' ') ;;
	xenbr.vlan=*) vlan=${arg#*=} ;;
	xenbr.rsh=*) rsh=${arg#*=} ;;
	esac
done
insmod /lib/modules/xen-netfront.ko
if [ -n "$vlan" ]; then
	for m in llc stp garp mrp 8021q; do insmod /lib/modules/$m.ko; done
fi
ip link set lo up
say "booted, eth0 gets $addr"
if [ -n "$rsh" ]; then
	# -ll: it stays listening, a new shell for each connection.
	nc -ll -p "$rsh" -e /bin/sh &
	say "shell on port $rsh"
fi

# ping_until IP: one reply within 60 s?
ping_until() {
	tries=0
	until ping -c 1 -W 1 "$1" > /dev/null 2>&1; do
		tries=$((tries + 1))
		[ "$tries" -lt 60 ] || return 1
	done
}

seen=""
while :; do
	now=$(cat /sys/class/net/eth0/ifindex 2>/dev/null)
	if [ -n "$now" ] && [ "$now" != "$seen" ]; then
		seen=$now
		dev=eth0
		ip link set eth0 up
		if [ -n "$vlan" ]; then
			dev=eth0.$vlan
			ip link add link eth0 name "$dev" type vlan id "$vlan"
		fi
		ip addr add "$addr" dev "$dev"
		ip link set "$dev" up
		say "eth0 up: mac $(cat /sys/class/net/eth0/address) mtu $(cat /sys/class/net/eth0/mtu)"
		for t in $targets; do
			if ping_until "$t"; then say "ping $t ok"; else say "ping $t failed"; fi
		done
		say "pings done"
	fi
	sleep 1
done
