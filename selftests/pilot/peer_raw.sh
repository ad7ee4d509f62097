#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pilot datagrams that are not IP, each way between pilot_peer (node 2)
# and the kernel (node 1): what node 2 sends to port 1000 shows on node
# 1's packet socket; what node 1 writes to its packet socket, to port 1001,
# reaches node 2 sealed in a PILS frame.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

tmp=$(mktemp -d)
kernel_and_tool

on 1 "$pilot_peer" --timeout 10000 --ready "$tmp/ready" sniff pilot0 1000 \
	> "$tmp/sniffed" 2>&1 &
sniffer=$!
check "a packet socket listens on node 1's pilot0" wait_until 5 test -e "$tmp/ready"
# once node 1 saw node 2's datagram (the session is up), answer it
( wait_until 10 test -s "$tmp/sniffed" &&
	on 1 "$pilot_peer" --node 1 --peer-node 2 inject pilot0 ) > "$tmp/injected" 2>&1 &
injector=$!
tap_run "raw" peer_tool 2 1 v4 v4 --timeout 10000 raw
wait $sniffer
check "node 1's packet socket got node 2's datagram, intact" \
	grep -q '^from 1:2 port 1000 to 1:1 port 1000 proto 2 len 34 crc ok payload pilot raw datagram from userspace' \
	"$tmp/sniffed"
sed 's/^/# sniffed: /' "$tmp/sniffed"
wait $injector
check_eq "node 1 wrote its datagram to the packet socket" 0 $?
sed 's/^/# /' "$tmp/injected"

nodes_down
rm -rf "$tmp"
tap_done
