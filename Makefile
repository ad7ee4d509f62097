# SPDX-License-Identifier: GPL-2.0
#
# pilot: the Pilot Protocol tunnel in the Linux kernel.
#
#   make              pilot.ko (against KDIR) and the tools
#   make deps         install what the build and the tests need (root)
#   make check        every test: static checks, then the QEMU suites
#   make demo         two nodes in QEMU with pilot0 between them
#   make checkpatch   kernel style of the module's sources
#   make sparse       sparse over the module (C=2)
#   make netlink-gen  regenerate the uapi header and policies from the spec
#
# KDIR is the kernel build tree: the running kernel's when it has one,
# else Debian 12's 6.12 headers.

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

check: deps
	selftests/run.sh $(KERNELS)

demo: deps
	scripts/demo.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	$(MAKE) -C tools clean
	$(MAKE) -C selftests clean
	rm -rf build

.PHONY: all module tools selftests deps check demo clean checkpatch sparse netlink-gen
