#!/bin/bash
# The state file's reader and checker on the host, before any VM: xenbr-ctl
# built with AddressSanitizer and UBSan, fed a file that save wrote in the
# stock VM (tools/tests/ref/state.sample.json, two bridges) and faults made
# from it: every truncation, a table of faults that must be named, and
# random byte flips. `restore --check` reads and checks only: with no module
# loaded and none of the sample's devices here, a whole file gets as far as
# the host's devices ("there is no device ..."), a broken one never does.
# Prints a line per class of fault and "state-file: N files read: ...";
# exit status 1 at the first surprise. About half a minute.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${XENBR_BUILD:-$top/.build}/state-file
sample=$top/tools/tests/ref/state.sample.json
mkdir -p "$out"
ctl=$out/xenbr-ctl
cc -std=gnu11 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -I"$top/include/uapi" -o "$ctl" \
	"$top"/tools/xenbr-ctl/*.c -lmnl || { echo "state-file: the sanitizer build failed"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=99
# LeakSanitizer cannot run under ptrace (strace, gdb): then without it.
if ! "$ctl" --version > /dev/null 2>&1; then
	echo "state-file: LeakSanitizer cannot run here; leaks are not checked"
	export ASAN_OPTIONS=detect_leaks=0:exitcode=99
fi
n=0
faults=0

# restore_check FILE: xenbr-ctl restore --check FILE's status, stderr in
# $out/err; a sanitizer's report is a failure of this script.
restore_check() {
	local rc=0
	"$ctl" restore --check "$1" > /dev/null 2> "$out/err" || rc=$?
	n=$((n + 1))
	if [ "$rc" = 99 ] || grep -q 'Sanitizer\|runtime error' "$out/err"; then
		cat "$out/err"
		echo "state-file: the sanitizers stopped xenbr-ctl on $1 (kept as $out/crash.json)"
		cp "$1" "$out/crash.json"
		exit 1
	fi
	return "$rc"
}

# parsed: the last file got past the file's checks to the host's.
parsed() { grep -q 'there is no device\|: ok$' "$out/err"; }

restore_check "$sample" || true
parsed || { cat "$out/err"; echo "state-file: the sample is refused"; exit 1; }

# Truncations: refused, never read as whole. Each costs a sanitized
# process (60 ms): every byte of the first and last 64, every 13th between.
size=$(stat -c %s "$sample")
whole=$(( $(tr -d ' \t\r\n' < "$sample" | wc -c) ))
cuts=0
for ((i = 0; i < size; i++)); do
	[ "$i" -lt 64 ] || [ "$i" -ge $((size - 64)) ] || [ $((i % 13)) = 0 ] || continue
	head -c "$i" "$sample" > "$out/cut.json"
	# Only the trailing newline may go and leave the document whole.
	[ "$(tr -d ' \t\r\n' < "$out/cut.json" | wc -c)" -lt "$whole" ] || continue
	cuts=$((cuts + 1))
	if restore_check "$out/cut.json" || parsed || ! grep -q 'nothing changed' "$out/err"; then
		cat "$out/err"
		echo "state-file: the sample cut to $i bytes was not refused"
		exit 1
	fi
done
echo "state-file: $cuts truncations refused"

# fault NAME EXPECT JQ: the sample changed by JQ is refused, saying EXPECT.
fault() {
	faults=$((faults + 1))
	jq "$3" "$sample" > "$out/fault.json" || { echo "state-file: $1: jq"; exit 1; }
	if restore_check "$out/fault.json" || ! grep -qF -- "$2" "$out/err" ||
	   ! grep -q 'nothing changed' "$out/err"; then
		cat "$out/err"
		echo "state-file: $1: not refused with '$2'"
		exit 1
	fi
}
fault "unknown key" "bridges[1].ports[0].colour: unknown key" '.bridges[1].ports[0].colour = 1'
fault "unknown top key" ":2:3: extra: unknown key" '{extra: 1} + .'
fault "no format" '"format" is missing' 'del(.format)'
fault "no bridges" '"bridges" is missing' 'del(.bridges)'
fault "bridges not a list" "bridges: an array was expected, not an object" '.bridges = {}'
fault "no name" '"name" is missing' 'del(.bridges[0].name)'
fault "a long name" "is not an interface name" '.bridges[0].name = "abcdefghijklmnop"'
fault "a name with a slash" "is not an interface name" '.bridges[0].ports[0].name = "a/b"'
fault "a boolean as a string" "up: a boolean was expected, not a string" '.bridges[0].up = "yes"'
fault "a fraction" "only whole numbers are used here" '.bridges[0].mtu = 1500.5'
fault "an MTU too small" "mtu: 10 is not in 68 to 65535" '.bridges[0].mtu = 10'
fault "an odd MAC" "is not a MAC address" '.bridges[0].fdb[0].mac = "02:00:00:00:26:9"'
fault "a group MAC" "is not a unicast MAC address" '.bridges[0].fdb[0].mac = "03:00:00:00:00:01"'
fault "a zero MAC" "is not a unicast MAC address" '.bridges[0].mac = "00:00:00:00:00:00"'
fault "a VLAN range backwards" "end: 5 is not in 10 to 4094" '.bridges[1].ports[0].vlans[0].end = 5'
fault "overlapping VLANs" "VLAN 20 is given twice" '.bridges[1].ports[1].vlans += [{"vid": 20}]'
fault "a PVID range" "the PVID is one VLAN" '.bridges[1].ports[1].vlans[1].pvid = true'
fault "a lock address of the other family" "'2001:db8::1' is not an IPv4 address" \
	'.bridges[0].ports[1].lock.ipv4 = ["2001:db8::1"]'
fault "a lock prefix too long" "a bad prefix length" '.bridges[0].ports[1].lock.ipv4 = ["192.0.2.21/33"]'
fault "an unlocked port with addresses" "mac, ipv4 and ipv6 go with mode locked or disabled" \
	'.bridges[0].ports[1].lock.mode = "unlocked"'
fault "an address without a length" "has no prefix length" '.bridges[0].addresses[0].address = "192.0.2.10"'
fault "an unknown address flag" "unknown address flag 'fast'" '.bridges[0].addresses[1].flags = ["fast"]'
fault "a lifetime alone" "valid_lft and preferred_lft go together" '.bridges[0].addresses[0].valid_lft = 100'
fault "a route of the local table" "a route of the local table is the kernel's" '.bridges[0].routes[0].table = 255'
fault "a gateway of the other family" "is not an IPv4 address" '.bridges[0].routes[0].gateway = "2001:db8::1"'
fault "an unknown route metric" "unknown route metric" '.bridges[0].routes[0].metrics = {"speed": 1}'
fault "a bridge twice" "bridge xenbr0 is given twice" '.bridges += [{"name": "xenbr0"}]'
fault "a port in two bridges" "eth0 is also bridges[0].ports[0]" '.bridges[1].ports += [{"name": "eth0"}]'
fault "a bridge as a port" "xenbr1 is a bridge" '.bridges[0].ports += [{"name": "xenbr1"}]'
fault "a bridge its own port" "xenbr0 is the bridge itself" '.bridges[0].ports += [{"name": "xenbr0"}]'
fault "an entry on another bridge's port" "bridges[0].fdb[0].dev: t1-p is not one of the bridge's ports" \
	'.bridges[0].fdb[0].dev = "t1-p"'
fault "a vif without its handle" "a vif has a domid and a handle" '.bridges[0].ports[1].vif = {"domid": 1}'
fault "nested too deep" "nested too deep" '.saved_at = [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]'
printf '{"format": "xenbr-state", "format": "x"}' > "$out/fault.json"
restore_check "$out/fault.json" && exit 1
grep -q '"format" is given twice' "$out/err" || { cat "$out/err"; echo "state-file: a key twice"; exit 1; }
printf '{"format": "xenbr\001-state"}' > "$out/fault.json"
restore_check "$out/fault.json" && exit 1
grep -q 'a control character in a string' "$out/err" || { cat "$out/err"; echo "state-file: a control character"; exit 1; }
echo "state-file: $((faults + 2)) faults refused, each naming its place"

# Random byte flips: refused or read, never a crash (the sanitizers watch).
python3 - "$sample" "$out/flips" 200 <<'PY'
import os, random, sys
data = open(sys.argv[1], "rb").read()
os.makedirs(sys.argv[2], exist_ok=True)
rng = random.Random(26)
for i in range(int(sys.argv[3])):
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    open(f"{sys.argv[2]}/{i}.json", "wb").write(bytes(b))
PY
for f in "$out"/flips/*.json; do
	restore_check "$f" || grep -q 'nothing changed' "$out/err" ||
		{ cat "$out/err"; echo "state-file: $f refused without saying nothing changed"; exit 1; }
done
echo "state-file: 200 files with random bytes flipped: no crash"
echo "state-file: $n files read: the whole one taken, every fault refused"
