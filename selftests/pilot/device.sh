#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A pilot device behaves like a layer-3 point-to-point tunnel interface.
. /selftests/lib/tap.sh

modprobe pilot
check "create pilot0" ip link add pilot0 type pilot
check "kind is pilot" bash -c 'ip -d link show pilot0 | grep -qw "pilot"'
check "link type none" bash -c 'ip link show pilot0 | grep -q "link/none"'
check "POINTOPOINT and NOARP" bash -c 'ip link show pilot0 | grep -q "POINTOPOINT,NOARP"'
# 1500 - (IPv6 40 + UDP 8 + PILS 36 + Pilot header 34)
check_eq "default MTU" 1382 "$(cat /sys/class/net/pilot0/mtu)"
check "sysfs devtype" grep -qx DEVTYPE=pilot /sys/class/net/pilot0/uevent
check "ethtool driver" bash -c 'ethtool -i pilot0 | grep -qx "driver: pilot"'
check "set MTU 1280" ip link set pilot0 mtu 1280
check_eq "MTU is 1280" 1280 "$(cat /sys/class/net/pilot0/mtu)"
check_fail "MTU below 68 refused" ip link set pilot0 mtu 67
check_fail "MTU above the maximum refused" ip link set pilot0 mtu 65536
check "link up" ip link set pilot0 up
check "address" ip addr add 198.51.100.1/24 dev pilot0
check_fail "no peer: ping fails" ping -c 1 -W 1 198.51.100.2
check "no peer: drop counted" bash -c '[ "$(cat /sys/class/net/pilot0/statistics/tx_dropped)" -ge 1 ]'
check "IPv6 address" ip addr add 2001:db8::1/64 dev pilot0 nodad
check "link down" ip link set pilot0 down
check "rename" ip link set pilot0 name pilot-renamed
check "renamed device exists" test -d /sys/class/net/pilot-renamed
check "delete" ip link del pilot-renamed
check_fail "device gone" test -d /sys/class/net/pilot-renamed

batch() { for i in $(seq 0 99); do echo "link $1 p$i $2"; done | ip -batch -; }
check "100 devices created" batch add "type pilot"
check_eq "100 devices listed" 100 "$(ip -o link show type pilot | wc -l)"
check "100 devices up" batch set up
check "100 devices deleted" batch del ""
check_eq "none left" 0 "$(ip -o link show type pilot | wc -l)"

check "rmmod with devices present" bash -c 'ip link add pa type pilot && ip link add pb type pilot && ip link set pa up && rmmod pilot'
check_fail "devices gone with the module" test -d /sys/class/net/pa

tap_done
