#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What pilot0 carries besides pings: TCP through iperf3 (received through
# GRO), raw Pilot packets through packet sockets, plaintext PILT with
# encryption off; and what it refuses: IP from outside a peer's allowed
# IPs, packets to nobody.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

nodes_up 1 2
nodes_peer 1 2 v4

on 2 iperf3 -s -D -1 > /dev/null
check "a session comes up" on 1 ping -c 1 -W 5 10.7.0.2
# received BYTES: what the receiver of an iperf3 run got, in bytes
received() {
	awk '/receiver/ { v = $5; u = $6 }
	     END { m = u ~ /^K/ ? 1e3 : u ~ /^M/ ? 1e6 : u ~ /^G/ ? 1e9 : 1; printf "%d", v * m }'
}
# GRO: pilot0 hands what it opened to the stack through gro_cells, so
# a TCP flow's segments reach it merged, longer than the MTU (ftrace's
# netif_receive_skb; node 1's pilot0 only gets ACKs)
T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs tracefs "$T"
echo > "$T/trace"
echo 1 > "$T/events/net/netif_receive_skb/enable"
out=$(on 1 iperf3 -c 10.7.0.2 -t 2 -f m 2>&1)
echo 0 > "$T/events/net/netif_receive_skb/enable"
grep 'receiver' <<< "$out" | sed 's/^/# /'
check "TCP over pilot0 (iperf3, IPv4): more than 100 kB through" \
	test "$(received <<< "$out")" -gt 100000
len=$(grep -o 'dev=pilot0 skbaddr=[^ ]* len=[0-9]*' "$T/trace" |
	sed 's/.*len=//' | sort -n | tail -n 1)
echo > "$T/trace"
mtu=$(on 2 cat /sys/class/net/pilot0/mtu)
echo "# the longest packet node 2's pilot0 received: ${len:-none} B, MTU $mtu"
check "GRO: node 2's pilot0 handed the stack TCP segments merged, past its MTU" \
	test "${len:-0}" -gt "$mtu"
on 2 iperf3 -s -D -1 > /dev/null
out=$(on 1 iperf3 -6 -c fd00::2 -t 2 -f m 2>&1)
check "TCP over pilot0 (iperf3, IPv6): more than 100 kB through" \
	test "$(received <<< "$out")" -gt 100000
nodes_peer 1 2 v6
on 2 iperf3 -s -D -1 > /dev/null
out=$(on 1 iperf3 -c 10.7.0.2 -t 2 -f m 2>&1)
check "TCP over pilot0 with an IPv6 underlay: more than 100 kB through" \
	test "$(received <<< "$out")" -gt 100000
nodes_peer 1 2 v4

# raw Pilot datagrams through the packet sockets, each way
for pair in "1 2" "2 1"; do
	set -- $pair
	rm -f /tmp/ready
	on "$2" "$pilot_peer" --timeout 5000 --ready /tmp/ready sniff pilot0 1001 > /tmp/raw &
	wait_until 5 test -e /tmp/ready
	check "node $1 writes a raw Pilot datagram to its packet socket" \
		on "$1" "$pilot_peer" --node "$1" --peer-node "$2" inject pilot0
	wait
	check "node $2's packet socket receives it whole" \
		grep -q "^from 1:$1 port 1001 to 1:$2 port 1001 proto 2 .*crc ok" /tmp/raw
done
drops=$(on 1 cat /sys/class/net/pilot0/statistics/tx_dropped)
on 1 "$pilot_peer" --node 5 --peer-node 2 inject pilot0
check "a raw packet claiming another source node is dropped" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/tx_dropped)" -gt "$drops"

drops=$(on 1 cat /sys/class/net/pilot0/statistics/tx_dropped)
check_fail "nothing routes to an address no peer owns" on 1 ping -c 1 -W 1 10.7.0.99
check "... and the packet is counted as dropped" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/tx_dropped)" -gt "$drops"

# node 2 claims an address outside what node 1 allows it
on 2 ip addr add 10.7.1.2/32 dev pilot0
on 1 ip route add 10.7.1.0/24 dev pilot0
on 2 ip route add 10.7.0.0/24 dev pilot0 src 10.7.1.2 2> /dev/null ||
	on 2 ip route replace 10.7.0.0/24 dev pilot0 src 10.7.1.2
drops=$(on 1 cat /sys/class/net/pilot0/statistics/rx_dropped)
check_fail "a packet from outside the peer's allowed IPs is not delivered" \
	on 2 ping -c 1 -W 1 -I 10.7.1.2 10.7.0.1
check "... and counted as dropped" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/rx_dropped)" -gt "$drops"
on 2 ip route replace 10.7.0.0/24 dev pilot0 src 10.7.0.2

# plaintext: both ends off works; one end off is refused
on 1 pilot set pilot0 encryption off
check_fail "encryption off on one end only: no traffic" on 1 ping -c 1 -W 2 10.7.0.2
on 2 pilot set pilot0 encryption off
check "encryption off on both ends: PILT carries the traffic" \
	on 1 ping -c 2 -i 0.3 -W 3 10.7.0.2

nodes_down
tap_done
