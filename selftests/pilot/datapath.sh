#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Traffic through pilot0: IPv4 and IPv6 inside, over IPv4 and IPv6
# underlays; the key exchange on the first packet; transfer counters.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

nodes_up 1 2
nodes_peer 1 2 v4
on 1 pilot monitor > /tmp/monitor1 2>&1 &
monitor=$!
sleep 0.5

check "first ping over IPv4 starts the key exchange and gets through" \
	on 1 ping -c 3 -i 0.2 -W 5 10.7.0.2
check "IPv6 inside, IPv4 underlay" on 1 ping -6 -c 3 -i 0.2 -W 5 fd00::2
check "the other way" on 2 ping -c 3 -i 0.2 -W 5 10.7.0.1
kill $monitor
check "pilot monitor saw the session installed" \
	grep -q '^pilot0: peer 2 key installed (unauthenticated' /tmp/monitor1
check_eq "node 1 shows one session" 1 \
	"$(on 1 pilot show pilot0 | awk '$1 == "sessions:" { print $2 }')"
check "node 1 shows the time of the key exchange" \
	test "$(on 1 pilot show pilot0 latest-key-exchange | cut -f2)" -gt 0
check "node 1 counts packets received" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/rx_packets)" -ge 9
check "node 2 counts packets sent" \
	test "$(on 2 cat /sys/class/net/pilot0/statistics/tx_packets)" -ge 9
on 1 pilot show pilot0 | sed 's/^/# /'

nodes_peer 1 2 v6
check "IPv4 inside, IPv6 underlay" on 1 ping -c 3 -i 0.2 -W 5 10.7.0.2
check "IPv6 inside, IPv6 underlay" on 1 ping -6 -c 3 -i 0.2 -W 5 fd00::2

nodes_down
tap_done
