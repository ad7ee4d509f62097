#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What pilot0 takes from the stack with its offloads on: GSO packets,
# which it cuts into MTU-sized ones itself, and packets whose checksum is
# left to the device. Node 1 (the kernel) writes over TCP and sends UDP to
# pilot_peer (node 2), which checks every packet's checksums and every
# TCP segment's size, contents and order, then resets the connection;
# ftrace shows that pilot0 took a packet standing for several segments.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs tracefs "$T"
event=$T/events/net/net_dev_start_xmit/enable

# gso_segs_max: the most segments one packet pilot0 took stood for
gso_segs_max() {
	grep -o 'dev=pilot0 .* gso_segs=[0-9]*' "$T/trace" |
		sed 's/.*gso_segs=//' | sort -n | tail -n 1
}

offloads() {
	local k
	k=$(on 1 ethtool -k pilot0) &&
		grep -q '^tcp-segmentation-offload: on' <<< "$k" &&
		grep -q '^tx-checksumming: on' <<< "$k" &&
		grep -q '^scatter-gather: on' <<< "$k"
}

for over in v4 v6; do
	kernel_and_tool
	[ $over = v4 ] && addr=10.7.0.2 || addr=fd00::2
	[ $over = v4 ] && check "pilot0 offers TSO, checksum offload and scatter-gather" offloads
	echo > "$T/trace"
	echo 1 > "$event"
	# both wait on node 1 for the session pilot_peer is about to set up
	on 1 bash -c "for i in 1 2 3; do echo udp > /dev/udp/$addr/9; done"
	# the writer must never hold the test's output open (the runner
	# waits for it), even if it outlived its timeout
	on 1 timeout -s KILL 15 bash -c \
		"exec 3<> /dev/tcp/$addr/5001 && head -c 1048576 /dev/zero >&3" \
		> /dev/null 2>&1 &
	writer=$!
	tap_run "TCP and UDP from the kernel, IP$over over IPv4" \
		peer_tool 2 1 v4 $over --count 3 --timeout 10000 tcp
	echo 0 > "$event"
	segs=$(gso_segs_max)
	check "pilot0 took a GSO packet of several segments (IP$over; most: ${segs:-none})" \
		test "${segs:-0}" -gt 1
	wait $writer
	rc=$?
	check "node 1's TCP took pilot_peer's RST: the writer stopped before its timeout (IP$over; status $rc)" \
		test $rc != 137
	nodes_down
done
echo > "$T/trace"
tap_done
