# shellcheck shell=bash
# xenbr-ctl doctor on the Xen host, a case of tools/tests/xen.sh (sourced by
# it; it uses xen.sh's guests g1 and g2 and lib-xen.sh's helpers).

# doctor_xen: with g1 and g2 up, nothing FAILs and the Xen checks count
# them; a guest whose bridge= names a missing bridge is a FAIL line with
# its domain, waiting while the glue is off, then with the glue's
# hotplug-error.
doctor_xen() {
	local out rc=0 domid held=$XEN_CFG_DIR/held
	out=$(xenbr-ctl doctor) || rc=$?
	printf '%s\n' "$out"
	check_eq 0 "$rc" "doctor's exit status with two guests"
	! printf '%s\n' "$out" | grep '^FAIL' || fail "FAIL lines with two healthy guests"
	for line in 'ok vifs-up: 2 netback vifs on xenbr0 connected' \
		'ok vifs-attached: 2 netback vifs, each on a bridge' \
		'ok xenstore: 2 guest vifs in xenstore, none in error'; do
		printf '%s\n' "$out" | grep -qxF "$line" || fail "no line '$line'"
	done
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
	rc=0
	out=$(xenbr-ctl doctor) || rc=$?
	printf '%s\n' "$out"
	check_eq 1 "$rc" "doctor's exit status with the glue off"
	for line in "FAIL xenstore: domain $domid (g3) vif $domid/0 waits for the netback glue, which is off (fix: xenbr-ctl netback on)" \
		"FAIL xenstore: domain $domid (g3) vif $domid/0 names bridge nosuchbr, which does not exist (fix: xenbr-ctl addbr nosuchbr, or give the guest's vif an existing bridge= and xl network-attach it)"; do
		printf '%s\n' "$out" | grep -qxF "$line" || fail "no line '$line'"
	done
	printf '%s\n' "$out" | grep -q '^warn netback-glue: the netback glue is off' ||
		fail "no warning of the glue's switch"
	# On, the glue refuses it, saying why.
	xenbr-ctl netback on
	wait_until 120 eval '[ "$(xenstore-read "backend/vif/$(timeout 5 xl domid g3 2> /dev/null)/0/hotplug-status" 2> /dev/null)" = error ]' ||
		fail "g3's vif did not get hotplug-status error"
	rc=0
	out=$(xenbr-ctl doctor) || rc=$?
	printf '%s\n' "$out"
	check_eq 1 "$rc" "doctor's exit status with g3 on nosuchbr"
	printf '%s\n' "$out" | grep -qxF "FAIL xenstore: domain $domid (g3) vif $domid/0 names bridge nosuchbr, which does not exist: bridge nosuchbr does not exist (fix: xenbr-ctl addbr nosuchbr, or give the guest's vif an existing bridge= and xl network-attach it)" ||
		fail "no FAIL line for g3's vif"
	xenbr-ctl -j doctor | jq -e --arg d "vif$domid.0" \
		'any(.checks[]; .check == "xenstore" and .status == "FAIL" and .dev == $d)' > /dev/null ||
		fail "doctor -j: no FAIL for vif$domid.0"
	touch "$held/release"
	wait || true
	trap - EXIT
	! timeout 30 xl domid g3 > /dev/null 2>&1 || fail "g3 is still there"
	rc=0
	xenbr-ctl doctor > /dev/null || rc=$?
	check_eq 0 "$rc" "doctor's exit status once g3 is gone"
}
