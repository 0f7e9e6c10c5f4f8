# shellcheck shell=bash
# Shared helpers of the xenbr build and test scripts: where the cache lives,
# how packages are installed, and how to report.

XENBR_CACHE=${XENBR_CACHE:-$HOME/.cache/xenbr}
XENBR_TOP=${XENBR_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Build products and VM runs; set it to run two harnesses side by side.
XENBR_BUILD=${XENBR_BUILD:-$XENBR_TOP/.build}

log() { printf '[xenbr] %s\n' "$*" >&2; }
die() { printf '[xenbr] error: %s\n' "$*" >&2; exit 1; }

# need_pkgs PKG...: install the Debian packages that are missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (run as root to install): ${missing[*]}"
	log "installing: ${missing[*]}"
	if [ ! -f "$XENBR_CACHE/.apt-updated" ] ||
	   [ -n "$(find "$XENBR_CACHE/.apt-updated" -mmin +1440)" ]; then
		apt-get update -qq >&2 || die "apt-get update failed"
		mkdir -p "$XENBR_CACHE" && touch "$XENBR_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# The packages every build and test run needs. One group a line, each line
# naming its array, so that a reader (or trace-deps) finds a package's list.
BUILD_PKGS=(build-essential bc bison flex libelf-dev libssl-dev cpio kmod xz-utils)
BUILD_PKGS+=(python3 python3-yaml libmnl-dev pkg-config linux-headers-amd64 sparse rsync)
# The Prometheus client's parser checks stats --format prometheus.
BUILD_PKGS+=(python3-prometheus-client)
VM_PKGS=(qemu-system-x86 busybox-static iproute2 linux-image-amd64)
VM_PKGS+=(bridge-utils ethtool util-linux iputils-ping jq)
# make deb: Debian's packaging tools (dh_dkms is in dh-dkms), and DKMS,
# which the packaging check runs in a throwaway tree.
DEB_PKGS=(dpkg-dev debhelper dh-dkms dkms lintian)
# ifupdown's ifup and ifdown, for the interfaces-file test in the VM.
IFUPDOWN_PKGS=(ifupdown)
VM_PKGS+=("${IFUPDOWN_PKGS[@]}")
# make bench also puts iperf3, perf and ovs-dpctl (Open vSwitch's datapath
# tool; the package's daemons are not used) into the VM.
BENCH_PKGS=(iperf3 linux-perf openvswitch-switch)

# stock_kver: the newest installed Debian stock kernel (6.1.0-N-amd64).
stock_kver() {
	local d
	d=$(ls -d /lib/modules/6.1.*-amd64 2>/dev/null | sort -V | tail -n1)
	[ -n "$d" ] || die "no Debian 6.1 stock kernel installed (linux-image-amd64)"
	basename "$d"
}

src_version() { dpkg-query -W -f='${Version}' linux-source-6.1; }

# kernel_src: the unpacked linux-source-6.1 tree in the cache.
kernel_src() {
	local v dir
	need_pkgs linux-source-6.1
	v=$(src_version)
	dir=$XENBR_CACHE/src-$v/linux-source-6.1
	if [ ! -f "$dir/.unpacked" ]; then
		log "unpacking linux-source-6.1 $v into $XENBR_CACHE"
		rm -rf "$XENBR_CACHE/src-$v" && mkdir -p "$XENBR_CACHE/src-$v"
		tar -C "$XENBR_CACHE/src-$v" -xJf /usr/src/linux-source-6.1.tar.xz ||
			die "unpacking linux-source-6.1 failed"
		touch "$dir/.unpacked"
	fi
	printf '%s\n' "$dir"
}
# make check-xen: the hypervisor, its toolstack and xenstore's client tools.
XEN_PKGS=(xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils)

# record NAME PASS|FAIL [WHY]: one result of a host-side check, counted by
# make check as host/NAME ($XENBR_BUILD/runs/host-NAME.json); a failure is
# also printed. Returns 1 on a failure.
record() {
	mkdir -p "$XENBR_BUILD/runs"
	printf '{"passed": %d, "failed": %d, "skipped": 0, "failures": []}\n' \
		"$([ "$2" = PASS ] && echo 1 || echo 0)" "$([ "$2" = PASS ] && echo 0 || echo 1)" \
		> "$XENBR_BUILD/runs/host-$1.json"
	[ "$2" = PASS ] || { echo "FAIL host/$1 ${3:-}"; return 1; }
}

# pkg_of PATH: the Debian package that ships PATH, for error messages.
pkg_of() {
	case $1 in
	/bin/busybox) echo busybox-static ;;
	*/ip|*/bridge|*/tc) echo iproute2 ;;
	*/setpriv) echo util-linux ;;
	*/ethtool) echo ethtool ;;
	*/brctl) echo bridge-utils ;;
	*/kmod) echo kmod ;;
	*/ping) echo iputils-ping ;;
	*/ifup) echo ifupdown ;;
	*/run-parts) echo debianutils ;;
	*/jq) echo jq ;;
	*/iperf3) echo iperf3 ;;
	*/perf) echo linux-perf ;;
	*/xenstore-*) echo xenstore-utils ;;
	/usr/lib/xen-4.17/*) echo xen-utils-4.17 ;;
	/boot/xen-*) echo xen-hypervisor-4.17-amd64 ;;
	/boot/vmlinuz-*) echo linux-image-amd64 ;;
	*) dpkg -S "$1" 2>/dev/null | head -n1 | cut -d: -f1 ;;
	esac
}

# need_file PATH: die, naming the package to install, when PATH is missing.
need_file() {
	[ -e "$1" ] && return 0
	die "missing $1 on the host (package ${2:-$(pkg_of "$1")}: apt-get install ${2:-$(pkg_of "$1")})"
}
