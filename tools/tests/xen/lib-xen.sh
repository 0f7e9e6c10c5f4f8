# shellcheck shell=bash
# Helpers of the tests that run in a Xen dom0 (tools/tests/xen.sh and
# xen-demo.sh): start Xen's toolstack, build the bridge, create PV guests
# (tools/tests/xen/guest-init.sh) and read what they say on their consoles.
#
# The network: xenbr0 carries dom0 (10.0.0.1/24) and an uplink, peth0, a
# veth into the namespace "lan" (10.0.0.100) that stands in for the
# physical network. Guests are 10.0.0.1N, MAC 00:16:3e:00:00:0N.

XEN_CONSOLE_DIR=/var/log/xen/console
XEN_CFG_DIR=/tmp/xen
XL_TIMEOUT=${XL_TIMEOUT:-180}

# xen_start: what a dom0's init does before xl works: load the Xen modules
# (xen-privcmd before xenfs), mount xenfs on /proc/xen, start xenstored,
# xen-init-dom0 and xenconsoled, and ask xl for the list of domains.
xen_start() {
	local m bin
	# Xen's own tools, of the one version this dom0 has (4.17 or 4.20).
	bin=$(echo /usr/lib/xen-*/bin)
	mkdir -p "$XEN_CONSOLE_DIR" /var/lib/xen /var/lib/xenstored /run/xen \
		/run/lock /var/run/xen "$XEN_CFG_DIR"
	# privcmd first: xenfs needs its symbols, or xenstored cannot start.
	for m in xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc xen-netback; do
		modprobe "$m" || { echo "modprobe $m failed"; return 1; }
	done
	grep -q ' /proc/xen xenfs ' /proc/mounts || mount -t xenfs xenfs /proc/xen || return 1
	"$bin"/xenstored --pid-file /run/xen/xenstored.pid || return 1
	timeout 60 "$bin"/xen-init-dom0 || return 1
	"$bin"/xenconsoled --pid-file=/run/xen/xenconsoled.pid \
		--log=guest --log-dir="$XEN_CONSOLE_DIR" || return 1
	timeout 60 xl list
}

# net_up: xenbr0 with dom0's address and the uplink peth0.
net_up() {
	grep -q "^xenbr " /proc/modules || insmod /xenbr/xenbr.ko
	xenbr-ctl addbr xenbr0
	ip addr add 10.0.0.1/24 dev xenbr0
	ip link set xenbr0 up
	# After a reload the uplink is still there: only the bridge went.
	if ! ip link show peth0 > /dev/null 2>&1; then
		ip netns add lan
		ip link add peth0 type veth peer name eth0 netns lan
		ip -n lan addr add 10.0.0.100/24 dev eth0
		ip -n lan link set lo up
		ip -n lan link set eth0 up
	fi
	xenbr-ctl addif xenbr0 peth0
	ip link set peth0 up
}

# guest_cfg NAME N VIFSPEC: an xl config for guest NAME, address 10.0.0.1N,
# MAC 00:16:3e:00:00:0N, that pings dom0, the uplink and the other guests
# (PEERS, addresses) at boot; VIFSPEC is the vif line's rest. PINGS
# replaces dom0 and the uplink in what it pings; VLAN puts its address on
# eth0.VLAN.
guest_cfg() {
	local name=$1 n=$2 spec=$3 peers=${PEERS:-} pings=${PINGS:-10.0.0.1,10.0.0.100}
	local vlan=${VLAN:+ xenbr.vlan=$VLAN}
	cat > "$XEN_CFG_DIR/$name.cfg" <<CFG
name = "$name"
type = "pv"
kernel = "/xen/vmlinuz"
ramdisk = "/xen/guest.cpio.gz"
extra = "console=hvc0 rdinit=/init quiet xenbr.ip=10.0.0.1$n/24 xenbr.ping=$pings${peers:+,$peers}$vlan"
memory = 128
vcpus = 1
on_crash = "destroy"
vif = [ 'mac=$(guest_mac "$n"),$spec' ]
CFG
}

guest_mac() { printf '00:16:3e:00:00:%02x\n' "$1"; }

# guest_create NAME: xl create (the config of guest_cfg), its output kept.
guest_create() {
	guest_mark "$1"
	timeout "$XL_TIMEOUT" xl create "$XEN_CFG_DIR/$1.cfg" > "$XEN_CFG_DIR/$1.create" 2>&1
	local rc=$?
	sed "s/^/xl create $1: /" "$XEN_CFG_DIR/$1.create"
	return $rc
}

guest_destroy() {
	timeout "$XL_TIMEOUT" xl destroy "$1"
}

guest_domid() { timeout 30 xl domid "$1"; }

guest_log() { cat "$XEN_CONSOLE_DIR/guest-$1.log" 2> /dev/null; }

# guest_mark NAME: later guest_wait calls read the console from here on.
guest_mark() {
	guest_log "$1" | wc -l > "$XEN_CFG_DIR/$1.mark"
}

guest_since_mark() {
	guest_log "$1" | tail -n +"$(( $(cat "$XEN_CFG_DIR/$1.mark" 2>/dev/null || echo 0) + 1 ))"
}

# guest_wait NAME PATTERN SECONDS: the guest's console shows PATTERN (grep -E)
# since the mark.
guest_wait() {
	local name=$1 pattern=$2
	wait_until "$3" eval 'guest_since_mark "$name" | grep -qE "$pattern"'
}

# guest_pinged NAME IP...: the guest reported a reply from each IP.
guest_pinged() {
	local name=$1 ip
	shift
	guest_wait "$name" 'pings done' 150 ||
		{ guest_since_mark "$name" | tail -n 20; fail "guest $name did not finish its pings"; }
	for ip in "$@"; do
		guest_since_mark "$name" | grep -q "ping $ip ok" ||
			{ guest_since_mark "$name" | tail -n 20; fail "guest $name got no reply from $ip"; }
	done
}

# show_guests: xl list, dom0's log of vifs and xenbr, xenstore's backend
# nodes and the guests' consoles (after a failure).
show_guests() {
	local f
	timeout 30 xl list || true
	dmesg | grep -E 'xenbr|vif|netback|xen' | tail -n 30
	timeout 10 xenstore-ls -f backend/vif 2> /dev/null | tail -n 40
	for f in "$XEN_CONSOLE_DIR"/guest-*.log; do
		[ -f "$f" ] || continue
		echo "--- console of $(basename "$f" .log) (last 40 lines)"
		tail -n 40 "$f"
	done
}
