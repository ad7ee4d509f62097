#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pilot devices live in network namespaces: several at once, moved between
# them, and cleaned up when a namespace or the module goes away.
. /selftests/lib/tap.sh

modprobe pilot
for ns in a b c; do ip netns add $ns; done
check "pilot0 in namespace a" ip -n a link add pilot0 type pilot
check "pilot0 in namespace b (same name)" ip -n b link add pilot0 type pilot
check "second device in b" ip -n b link add pilot1 type pilot
check_eq "a holds one device" 1 "$(ip -n a -o link show type pilot | wc -l)"
check_eq "b holds two devices" 2 "$(ip -n b -o link show type pilot | wc -l)"
check_eq "init namespace holds none" 0 "$(ip -o link show type pilot | wc -l)"
check "move b/pilot1 to c" ip -n b link set pilot1 netns c
check "pilot1 now in c" ip -n c link show pilot1
check "up in c" ip -n c link set pilot1 up

check "delete namespace a with a device present" ip netns del a
check "delete namespace c with a moved device present" ip netns del c
check "b untouched" ip -n b link show pilot0

for i in $(seq 1 20); do ip netns add "x$i" && ip -n "x$i" link add pilot0 type pilot; done
check_eq "20 namespaces with a device each" 20 \
	"$(for i in $(seq 1 20); do ip -n "x$i" -o link show type pilot; done | wc -l)"
for i in $(seq 1 20); do ip netns del "x$i"; done
check "rmmod with devices in a namespace" rmmod pilot
check_fail "device in b gone" ip -n b link show pilot0
ip netns del b

tap_done
