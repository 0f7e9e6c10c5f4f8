# shellcheck shell=bash
# xenbr-ctl doctor on the Xen host, a case of tools/tests/xen.sh (sourced by
# it; it uses xen.sh's guests g1 and g2 and lib-xen.sh's helpers).

# doctor_expect RC WHEN [LINE...]: xenbr-ctl doctor exits RC (WHEN says
# in what state) and prints each LINE whole; its output is left in the
# caller's $out.
doctor_expect() {
	local want=$1 when=$2 line rc=0 t0=$SECONDS
	shift 2
	out=$(xenbr-ctl doctor) || rc=$?
	printf '%s\n' "$out"
	echo "(doctor took $((SECONDS - t0)) s)"
	check_eq "$want" "$rc" "doctor's exit status $when"
	for line in "$@"; do
		printf '%s\n' "$out" | grep -qxF "$line" || fail "no line '$line'"
	done
}

# doctor_xen: with g1 and g2 up, nothing FAILs and the Xen checks count
# them; a guest whose bridge= names a missing bridge is a FAIL line with
# its domain, waiting while the glue is off, then with the glue's
# hotplug-error; then doctor_vifs_astray.
doctor_xen() {
	local out domid vif held=$XEN_CFG_DIR/held
	doctor_expect 0 "with two guests" \
		'ok vifs-up: 2 netback vifs on xenbr0 connected' \
		'ok vifs-attached: 2 netback vifs, each on a bridge' \
		'ok xenstore: 2 guest vifs in xenstore, none in error'
	! printf '%s\n' "$out" | grep '^FAIL' || fail "FAIL lines with two healthy guests"
	printf '%s\n' "$out" | grep -q '^ok netback-glue: the netback glue is on (attached [1-9]' ||
		fail "the glue's line"

	# libxl removes a failed vif's node as soon as its script exits: this
	# vif-xenbr (the glue knows its script by that name) holds on after a
	# failure until released, so that doctor reads the glue's verdict.
	mkdir -p "$held"
	cat > "$held/vif-xenbr" <<-'SCRIPT'
		#!/bin/bash
		/etc/xen/scripts/vif-xenbr "$@" && exit 0
		rc=$?
		for _ in $(seq 300); do
			[ -e /tmp/xen/held/release ] && break
			sleep 0.1
		done
		exit $rc
	SCRIPT
	chmod 755 "$held/vif-xenbr"
	rm -f "$held/release"
	guest_cfg g3 3 "bridge=nosuchbr,script=$held/vif-xenbr"
	# First with the glue off: the vif waits for it.
	xenbr-ctl netback off
	trap 'xenbr-ctl netback on; touch "$held/release"; wait' EXIT
	guest_create g3 > /dev/null &
	wait_until 120 eval 'xenstore-read "backend/vif/$(timeout 5 xl domid g3 2> /dev/null)/0/script" > /dev/null 2>&1' ||
		fail "g3's vif did not appear"
	domid=$(guest_domid g3)
	# libxl gives the script 40 s (LIBXL_HOTPLUG_TIMEOUT), from about when
	# netback makes the vif, for all that follows up to the release: no
	# waiting for the vif.
	vif=
	! ip link show "vif$domid.0" > /dev/null 2>&1 || vif=vif$domid.0
	doctor_expect 1 "with the glue off" \
		"FAIL xenstore: domain $domid (g3) vif $domid/0 waits for the netback glue, which is off (fix: xenbr-ctl netback on)" \
		"FAIL xenstore: domain $domid (g3) vif $domid/0 names bridge nosuchbr, which does not exist (fix: xenbr-ctl addbr nosuchbr, or give the guest's vif an existing bridge= and xl network-attach it)"
	printf '%s\n' "$out" | grep -q '^warn netback-glue: the netback glue is off' ||
		fail "no warning of the glue's switch"
	# The vif, when netback had made it before doctor looked.
	[ -z "$vif" ] ||
		printf '%s\n' "$out" | grep -qxF "FAIL vifs-attached: netback vif $vif (domain $domid) waits for the netback glue, which is off: its guest has no network (fix: xenbr-ctl addbr nosuchbr, then xenbr-ctl netback on)" ||
		fail "no vifs-attached FAIL for $vif, waiting for the glue"
	# On, the glue refuses it, saying why.
	xenbr-ctl netback on
	wait_until 120 eval '[ "$(xenstore-read "backend/vif/$(timeout 5 xl domid g3 2> /dev/null)/0/hotplug-status" 2> /dev/null)" = error ]' ||
		fail "g3's vif did not get hotplug-status error"
	doctor_expect 1 "with g3 on nosuchbr" \
		"FAIL xenstore: domain $domid (g3) vif $domid/0 names bridge nosuchbr, which does not exist: bridge nosuchbr does not exist (fix: xenbr-ctl addbr nosuchbr, or give the guest's vif an existing bridge= and xl network-attach it)" \
		"FAIL vifs-attached: netback vif vif$domid.0 (domain $domid) is on no bridge: its hotplug failed (bridge nosuchbr does not exist): its guest has no network (fix: xenbr-ctl addbr nosuchbr, then xl network-detach $domid 0 and network-attach it)"
	touch "$held/release"
	wait || true
	trap - EXIT
	! timeout 30 xl domid g3 > /dev/null 2>&1 || fail "g3 is still there"
	doctor_expect 0 "once g3 is gone" > /dev/null
	doctor_vifs_astray
}

# doctor_vifs_astray: running guests' vifs off the bridge that their
# xenstore bridge key names (g1 and g2 on xenbr0; the glue on). g1's taken
# off xenbr0 is a FAIL whose fix is addif; on another bridge, a warning
# naming both; with xenbr0 deleted, both vifs are FAILs whose fix is addbr,
# the glue then taking them back; made again (net_up), xenbr0 has both
# back from the glue (static MAC, limit, marks) and doctor finds nothing.
doctor_vifs_astray() {
	local out d1 d2 vif1 vif2
	d1=$(guest_domid g1)
	d2=$(guest_domid g2)
	vif1=vif$d1.0
	vif2=vif$d2.0
	xenbr-ctl delif xenbr0 "$vif1"
	doctor_expect 1 "with $vif1 off xenbr0" \
		"FAIL vifs-attached: netback vif $vif1 (domain $d1) is not on xenbr0, which its xenstore bridge key names: its guest has no network; the netback glue, which is on, did not take it back (dmesg | grep $vif1) (fix: xenbr-ctl addif xenbr0 $vif1)"

	# On another bridge than its key names: a warning (xenbr1, down and
	# without an uplink, FAILs of its own).
	xenbr-ctl addbr xenbr1
	xenbr-ctl addif xenbr1 "$vif1"
	doctor_expect 1 "with $vif1 on xenbr1" \
		"warn vifs-attached: netback vif $vif1 (domain $d1) is on xenbr1, but its xenstore bridge key names xenbr0 (if xenbr0 is meant: ip link set $vif1 master xenbr0)"
	xenbr-ctl delbr xenbr1

	# Its bridge deleted: the glue waits for a bridge of that name.
	xenbr-ctl delbr xenbr0
	doctor_expect 1 "with xenbr0 deleted" \
		"FAIL vifs-attached: netback vif $vif1 (domain $d1) is on no bridge: xenbr0, which its xenstore bridge key names, does not exist; its guest has no network (fix: xenbr-ctl addbr xenbr0: the netback glue then attaches $vif1 by itself)" \
		"FAIL vifs-attached: netback vif $vif2 (domain $d2) is on no bridge: xenbr0, which its xenstore bridge key names, does not exist; its guest has no network (fix: xenbr-ctl addbr xenbr0: the netback glue then attaches $vif2 by itself)" \
		"FAIL xenstore: domain $d1 (g1) vif $d1/0 names bridge xenbr0, which does not exist (fix: xenbr-ctl addbr xenbr0: the netback glue then attaches $vif1 by itself)" \
		"FAIL xenstore: domain $d2 (g2) vif $d2/0 names bridge xenbr0, which does not exist (fix: xenbr-ctl addbr xenbr0: the netback glue then attaches $vif2 by itself)"
	# The same in JSON: each check's finding names the vif and its fix.
	xenbr-ctl -j doctor | jq -e --arg d "$vif1" '[.checks[] | select(.status == "FAIL" and .dev == $d) |
		select(.fix == "xenbr-ctl addbr xenbr0: the netback glue then attaches \($d) by itself") | .check] ==
		["vifs-attached", "xenstore"]' > /dev/null ||
		fail "doctor -j: no vifs-attached and xenstore FAIL for $vif1 with its fix"
	# The fix, and nothing more: the glue attaches both vifs.
	net_up
	wait_until 30 eval 'ports_of xenbr0 | grep -qx "$vif1" && ports_of xenbr0 | grep -qx "$vif2"' ||
		fail "the glue did not take the vifs back: $(ports_of xenbr0 | tr '\n' ' ')"
	attached g1 1
	attached g2 2
	doctor_expect 0 "with the vifs back on xenbr0" \
		'ok vifs-attached: 2 netback vifs, each on a bridge'
	ping -c 2 -W 2 10.0.0.11
	ping -c 2 -W 2 10.0.0.12
}
