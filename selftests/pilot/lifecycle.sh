#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lifetimes: 1,000 devices (100 on the debug kernel) created and
# destroyed, devices with peers deleted with their namespace and with the
# module; nothing may leak (the debug kernel's kmemleak scan closes the run).
. /selftests/lib/tap.sh

modprobe pilot
ip netns add life
n=$(scaled 1000)
batch() { for i in $(seq 1 "$n"); do echo "${1//@/$i}"; done | ip -n life -batch -; }
check "$n devices created" batch "link add p@ type pilot"
check_eq "$n devices listed" "$n" "$(ip netns exec life pilot show interfaces | wc -w)"
check "$n devices up" batch "link set p@ up"
check "$n devices destroyed" batch "link del p@"
check_eq "none left" "" "$(ip netns exec life pilot show interfaces)"

# devices with peers and open sockets, gone with their namespace
for i in 1 2 3; do
	ip -n life link add "q$i" type pilot
	ip -n life link set "q$i" up
	ip netns exec life pilot set "q$i" peer 1 endpoint 192.0.2.1:1 allowed-ips 10.0.0.0/8 \
		peer 2 allowed-ips 2001:db8::/32
done
check_eq "peers configured" 6 "$(ip netns exec life pilot show all peers | wc -l)"
check "namespace with devices, peers and sockets deleted" ip netns del life

# and with the module
ip netns add life
ip -n life link add q1 type pilot
ip -n life link set q1 up
ip netns exec life pilot set q1 peer 5 allowed-ips 10.5.0.0/16
check "rmmod with a device, a peer and sockets" rmmod pilot
check_eq "no UDP socket left behind" "" "$(ip netns exec life cat /proc/net/udp | tail -n +2)"
ip netns del life
tap_done
