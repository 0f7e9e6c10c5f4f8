# SPDX-License-Identifier: GPL-2.0
# xenbr: build the module and xenbr-ctl, and run the tests, the demo and the
# benchmark. The module build itself is Kbuild's (see ./Kbuild).

# The kernel to build against: the running kernel's build tree when there is
# one, else the newest installed Debian linux-headers-*-amd64.
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
		    $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

PREFIX ?= /usr/local
BENCH_JSON ?= $(CURDIR)/bench.json

.PHONY: all modules tools clean check coverage check-xen check-xen-debug check-selftest demo demo-xen bench install install-files deb

all: modules tools

modules:
	@test -n "$(KDIR)" || { echo "no kernel build tree: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	@if [ -f tools/xenbr-ctl/Makefile ]; then $(MAKE) -C tools/xenbr-ctl; fi
	@if [ -f tools/testprogs/Makefile ]; then $(MAKE) -C tools/testprogs; fi

clean:
	@if [ -n "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	@if [ -f tools/xenbr-ctl/Makefile ]; then $(MAKE) -C tools/xenbr-ctl clean; fi
	@if [ -f tools/testprogs/Makefile ]; then $(MAKE) -C tools/testprogs clean; fi
	rm -rf .build

# Everything: KUnit and integration tests on our debug kernel, integration
# tests on Debian's stock kernel, style checks. Ends with "N passed, N failed".
check:
	@tools/harness/check.sh

# Line coverage of xenbr.ko per source file by the last debug run of make
# check (runs it when there is none; FULL=1: every integration file).
coverage:
	@FULL="$(FULL)" tools/harness/coverage.sh

# A real Xen host under QEMU: Xen 4.17, Debian's kernel as PV dom0 with
# xenbr, PV guests on xenbr0 through the netback glue. make check runs it too.
check-xen:
	@KERNELS=xen HOST_CHECKS=0 tools/harness/check.sh

# The same Xen host with our debug kernel (lockdep, KASAN, kmemleak) as dom0:
# every Xen case, then guests created and destroyed in rounds and xenbr
# unloaded. KERNELS=xen-debug make check runs a reduced form (the churn
# alone, one round); not in make check's default yet (Documentation/testing.md).
check-xen-debug:
	@KERNELS=xen-debug XEN_DEBUG_CASES=full HOST_CHECKS=0 tools/harness/check.sh

# Proves the harness fails on a failing KUnit case and on a WARN.
check-selftest:
	@tools/harness/selftest.sh

demo:
	@tools/harness/demo.sh

# The Xen host of check-xen with two guests, for a person to watch.
demo-xen:
	@tools/harness/xen.sh demo

# Ceiling (bare veth), Linux bridge and xenbr on Debian's stock kernel in a
# VM, then guest TCP through netback vifs on the emulated Xen host (skipped
# by BENCH_XEN=0 and QUICK=1): table on stdout, every raw figure in
# $(BENCH_JSON). QUICK=1: a smoke run.
bench:
	@BENCH_JSON="$(BENCH_JSON)" QUICK="$(QUICK)" tools/harness/bench.sh

# On Debian: the packages of make deb, installed with apt-get (DKMS then
# builds the module for every installed kernel, and for each new one).
install: deb
	apt-get install -y --no-install-recommends ./.build/deb/xenbr-dkms_*.deb \
		./.build/deb/xenbr-utils_*.deb

# Without packages: the module for KDIR, and the files into DESTDIR/PREFIX.
install-files: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	@if [ -f tools/xenbr-ctl/Makefile ]; then $(MAKE) -C tools/xenbr-ctl install PREFIX=$(PREFIX); fi
	install -D -m 0755 tools/hotplug/vif-xenbr $(DESTDIR)/etc/xen/scripts/vif-xenbr
	install -D -m 0755 tools/ifupdown/xenbr $(DESTDIR)$(PREFIX)/lib/xenbr/ifupdown.sh
	install -d $(DESTDIR)/etc/network/if-pre-up.d $(DESTDIR)/etc/network/if-post-down.d
	ln -sf $(PREFIX)/lib/xenbr/ifupdown.sh $(DESTDIR)/etc/network/if-pre-up.d/xenbr
	ln -sf $(PREFIX)/lib/xenbr/ifupdown.sh $(DESTDIR)/etc/network/if-post-down.d/xenbr

# Debian packages xenbr-dkms and xenbr-utils in .build/deb (DEB_OUT), with
# lintian; its errors fail the target.
deb:
	@tools/harness/make-deb.sh
