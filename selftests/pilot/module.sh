#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads, reports its version, autoloads for the link kind and
# the generic netlink family, and unloads.
. /selftests/lib/tap.sh

check "modprobe pilot" modprobe pilot
check "module is live" grep -qx live /sys/module/pilot/initstate
check "version in sysfs" grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+' /sys/module/pilot/version
check "load message" bash -c 'dmesg | grep -q "pilot: Pilot tunnel .* loaded"'
if uname -r | grep -q pilot-debug; then
	check "in-module self-tests pass (debug build)" bash -c 'dmesg | grep -q "pilot: self-tests: pass"'
fi
check "rmmod pilot" rmmod pilot
check_fail "module gone after rmmod" test -d /sys/module/pilot

check "ip link add autoloads the module" ip link add pilot0 type pilot
check "module loaded by link kind" test -d /sys/module/pilot
check "delete device" ip link del pilot0
check "rmmod again" rmmod pilot

check "genl family lookup autoloads the module" pilot version
check "module loaded by genl family" test -d /sys/module/pilot

tap_done
