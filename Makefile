# SPDX-License-Identifier: GPL-2.0
#
# pilot: the Pilot Protocol tunnel in the Linux kernel.
#
#   make              pilot.ko (against KDIR) and the tools
#   make deps         install what the build and the tests need (root)
#   make check        every test: static checks, then the QEMU suites
#   make check-long   the long runs CI leaves out: 50 MiB through netem's
#                     5 % loss (about 15 minutes under emulation)
#   make demo         two nodes in QEMU with pilot0 between them
#   make bench        the benchmark: veth, WireGuard, pilot0 (PILK, PILA) in
#                     QEMU; figures in build/bench/ (BENCH_QUICK=1: short)
#   make checkpatch   kernel style of the module's sources
#   make sparse       sparse over the module (C=2)
#   make netlink-gen  regenerate the uapi header and policies from the spec
#   make install      the module (modules_install, depmod), the tools, the
#                     man pages and the systemd units; make uninstall
#
# KDIR is the kernel build tree: the running kernel's when it has one,
# else Debian 12's 6.12 headers.
#
# install honours DESTDIR, PREFIX (/usr/local), SYSCONFDIR (/etc) and
# SYSTEMD_UNITDIR (/lib/systemd/system); INSTALL_MOD=0 leaves the module
# out (packages ship it through DKMS). pilot-keyd and its unit are
# installed when tools/keyd has built it.

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    /lib/modules/$(shell scripts/kver.sh 6.12 2>/dev/null)/build)

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

tools:
	$(MAKE) -C tools

selftests: tools
	$(MAKE) -C selftests

deps:
	scripts/deps.sh

KSRC = $(shell scripts/ksrc.sh)
KFILES = $(wildcard kernel/*.[ch] kernel/selftest/*.c) include/uapi/linux/pilot.h

checkpatch:
	$(KSRC)/scripts/checkpatch.pl --no-tree --strict --quiet --show-types -f $(KFILES)

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules

netlink-gen:
	scripts/netlink-gen.sh

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMD_UNITDIR ?= /lib/systemd/system
INSTALL_MOD ?= 1
INSTALL_MOD_DIR ?= updates
KRELEASE = $(shell cat $(KDIR)/include/config/kernel.release)
KEYD = tools/keyd/pilot-keyd
MAN5 = $(wildcard Documentation/man/*.5)
MAN8 = $(wildcard Documentation/man/*.8)

install: install-tools $(if $(filter 0,$(INSTALL_MOD)),,install-module)

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install
	$(if $(DESTDIR),@echo "depmod: run it where $(DESTDIR) lands",depmod -a $(KRELEASE))

install-tools: tools
	install -D -m 0755 tools/pilot/pilot $(DESTDIR)$(BINDIR)/pilot
	install -d -m 0755 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	install -D -m 0644 tools/systemd/pilot@.service \
		$(DESTDIR)$(SYSTEMD_UNITDIR)/pilot@.service
	install -d -m 0700 $(DESTDIR)$(SYSCONFDIR)/pilot
	if [ -x $(KEYD) ]; then \
		install -D -m 0755 $(KEYD) $(DESTDIR)$(SBINDIR)/pilot-keyd && \
		install -d $(DESTDIR)$(SYSTEMD_UNITDIR) && \
		sed 's|/usr/sbin/pilot-keyd|$(SBINDIR)/pilot-keyd|' \
			tools/keyd/pilot-keyd.service > \
			$(DESTDIR)$(SYSTEMD_UNITDIR)/pilot-keyd.service; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pilot $(DESTDIR)$(SBINDIR)/pilot-keyd \
	      $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5))) \
	      $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8))) \
	      $(DESTDIR)$(SYSTEMD_UNITDIR)/pilot@.service \
	      $(DESTDIR)$(SYSTEMD_UNITDIR)/pilot-keyd.service
	rmdir $(DESTDIR)$(SYSCONFDIR)/pilot 2>/dev/null || true
ifneq ($(INSTALL_MOD),0)
	rm -f $(DESTDIR)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)/pilot.ko*
	$(if $(DESTDIR),,depmod -a $(KRELEASE))
endif

check: deps
	selftests/run.sh $(KERNELS)

check-long: deps selftests
	PILOT_FAULT_MB=50 PILOT_TEST_TIMEOUT=3600 PILOT_QEMU_TIMEOUT=4200 \
		SUITE=long STATIC=0 selftests/run.sh debian-6.12

demo: deps
	scripts/demo.sh

bench: deps
	scripts/bench.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	$(MAKE) -C tools clean
	$(MAKE) -C selftests clean
	rm -rf build

.PHONY: all module tools selftests deps check check-long demo bench clean checkpatch sparse netlink-gen \
	install install-module install-tools uninstall
