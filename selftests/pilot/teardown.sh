#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Taking things away under traffic: a peer, a namespace, the module. The
# runner fails the test on any kernel splat or leak.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

# flood N ADDR SECONDS: TCP from node N to ADDR in the background
flood() {
	on "$1" timeout -s KILL $(( $3 + 5 )) iperf3 -c "$2" -t "$3" > /dev/null 2>&1 &
}

nodes_up 1 2 3
nodes_peer 1 2 v4
nodes_peer 1 3 v6
on 2 iperf3 -s -D > /dev/null
on 3 iperf3 -s -D > /dev/null
check "sessions with both peers" \
	bash -c 'ip netns exec n1 ping -c 1 -W 5 10.7.0.2 && ip netns exec n1 ping -c 1 -W 5 10.7.0.3'

flood 1 10.7.0.2 4
sleep 1
check "peer 2 removed under traffic" on 1 pilot set pilot0 peer 2 remove
wait
check "peer 2 added again" \
	on 1 pilot set pilot0 peer 2 endpoint 192.0.2.2:4000 allowed-ips 10.7.0.2/32
check "and reachable" on 1 ping -c 1 -W 5 10.7.0.2

flood 1 10.7.0.2 4
flood 1 10.7.0.3 4
sleep 1
check "node 1's device deleted under traffic" on 1 ip link del pilot0
wait
check "node 3's namespace deleted under traffic" \
	bash -c 'ip netns exec n2 ping -c 1 -W 5 10.7.0.1 > /dev/null; ip netns del n3'

nodes_up 5
nodes_peer 2 5 v4
on 5 iperf3 -s -D > /dev/null
check "a fresh pair comes up" on 2 ping -c 1 -W 5 10.7.0.5
flood 2 10.7.0.5 6
sleep 1
check "the module unloads under traffic" rmmod pilot
wait
check_fail "no pilot device is left" bash -c 'ip -all netns exec ip -o link show type pilot | grep -q pilot'

nodes_down
tap_done
