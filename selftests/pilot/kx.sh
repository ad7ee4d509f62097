#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The key exchange over time: a peer's new key re-keys the session while
# traffic flows; retransmits every 4 s then a give-up when the peer is
# away, and recovery when it is back; endpoint roaming; the stale-reply
# answer that heals a half-open session.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

# udp_noports N: datagrams node N refused for want of a socket
udp_noports() {
	on "$1" awk '/^Udp:/ { n++ } /^Udp:/ && n == 2 { print $3 }' /proc/net/snmp
}

umask 077
nodes_up 1 2
nodes_peer 1 2 v4

check "session up" on 1 ping -c 1 -W 5 10.7.0.2
on 1 ping -c 25 -i 0.2 -W 2 10.7.0.2 > /tmp/ping.log &
sleep 1
on 2 pilot genkey > /tmp/k2
check "node 2 takes a new private key under traffic" on 2 pilot set pilot0 private-key /tmp/k2
wait $!
received=$(awk '/packets received/ { print $4 }' /tmp/ping.log)
check "traffic keeps flowing across the re-key (>= 22 of 25 replies, got $received)" \
	test "${received:-0}" -ge 22
check "the new session works" on 1 ping -c 1 -W 2 10.7.0.2
# node 1 sent its last plaintexts again under the new key (spec 6.4):
# node 2 answered echo requests it had answered already
check "salvage: node 1's recent packets were replayed under the new key" \
	grep -q 'DUP' /tmp/ping.log

# node 2 changes its port: node 1 follows its frames there
on 1 pilot monitor > /tmp/monitor1 2>&1 &
monitor=$!
sleep 0.5
on 2 pilot set pilot0 listen-port 4001
check "after node 2 moves to port 4001, its traffic reaches node 1" \
	on 2 ping -c 1 -W 3 10.7.0.1
check "node 1 learned the new endpoint" \
	wait_until 5 bash -c 'ip netns exec n1 pilot show pilot0 endpoints | grep -q "192.0.2.2:4001"'
check "and node 1 reaches node 2 there" on 1 ping -c 1 -W 3 10.7.0.2
kill $monitor
check "pilot monitor saw the endpoint change" \
	grep -q '^pilot0: peer 2 endpoint 192.0.2.2:4001' /tmp/monitor1
nodes_down

# retransmits and give-up: node 2 is down, every PILK meets a closed port
nodes_up 1 2
nodes_peer 1 2 v4
on 2 ip link set pilot0 down
on 1 pilot monitor > /tmp/monitor1 2>&1 &
monitor=$!
sleep 0.5
before=$(udp_noports 2)
t0=$(date +%s)
# 70 datagrams for a peer with no session: 64 wait, the 6 oldest go
on 1 bash -c 'for i in $(seq 70); do echo $i > /dev/udp/10.7.0.2/9; done'
check_eq "the queue of a peer without a session holds 64: 6 pushed out" 6 \
	"$(drops 1 queue-full)"
sent_since() { echo $(( $(udp_noports 2) - before )); }
six_sent() { [ "$(sent_since)" -ge 6 ]; }
check "six key-exchange frames, 4 s apart" wait_until 40 six_sent
sent=$(sent_since)
t1=$(date +%s)
check "they took about 20 s or more (took $((t1 - t0)) s)" test $((t1 - t0)) -ge 19
sleep 6
check_eq "then silence: no seventh frame" 6 "$(sent_since)"
check_eq "six frames before the give-up" 6 "$sent"
check "pilot monitor saw the give-up" grep -q '^pilot0: peer 2 rekey gave up' /tmp/monitor1
check_eq "the 64 packets that waited are dropped with it" 64 "$(drops 1 gave-up)"
kill $monitor
on 2 ip link set pilot0 up
check "node 2 is back: the key exchange succeeds again" \
	wait_until 20 on 1 ping -c 1 -W 1 10.7.0.2

nodes_down
tap_done
