#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wire compatibility with a second implementation: pilot_peer, a userspace
# Pilot endpoint written from the spec, is node 2; node 1 is the kernel.
# It checks its own crypto against the spec's vectors, runs the PILK key
# exchange with the kernel and exchanges ICMP echoes inside PILS frames
# over IPv4 and IPv6, inside and outside; every run is a restarted daemon
# with a new X25519 key, which the kernel must take as a re-key.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

# traffic_with N P: node N counts bytes both ways with its peer P
traffic_with() {
	on "$1" pilot show pilot0 transfer |
		awk -v p="$2" '$1 == p && $2 > 0 && $3 > 0 { ok = 1 } END { exit !ok }'
}

tmp=$(mktemp -d)
kernel_and_tool

tap_run "pilot_peer selftest" "$pilot_peer" selftest
drops_all 1 > "$tmp/drops0" 2> /dev/null
rx0=$(rx_dropped 1)

tap_run "handshake" peer_tool 2 1 v4 v4 handshake
check_eq "node 1 lists node 2 as its peer at 192.0.2.2:4000" \
	"2	192.0.2.2:4000" "$(on 1 pilot show pilot0 endpoints)"

tap_run "echo, IPv4 in IPv4" peer_tool 2 1 v4 v4 --count 5 --expect "$tmp/expect" echo
check "node 1 counts the echoes received on pilot0" \
	test "$(link_stat 1 rx_packets)" -ge 5
check "node 1 counts the echo replies sent on pilot0" \
	test "$(link_stat 1 tx_packets)" -ge 5
check "node 1 reports traffic both ways with peer 2" traffic_with 1 2

tap_run "echo, IPv6 in IPv4" peer_tool 2 1 v4 v6 --count 3 --size 1000 echo
tap_run "echo, IPv4 in IPv6" peer_tool 2 1 v6 v4 --count 3 echo
check_eq "node 1 learned node 2's new IPv6 endpoint from its key exchange" \
	"2	[2001:db8::2]:4000" "$(on 1 pilot show pilot0 endpoints)"
tap_run "echo, IPv6 in IPv6" peer_tool 2 1 v6 v6 --count 3 echo

check_eq "node 1 dropped no frame of these exchanges (rx_dropped)" "$rx0" "$(rx_dropped 1)"
check "node 1 counted no drop by reason (pilot show pilot0 drops)" \
	drops_rose 1 "$tmp/drops0" "$tmp/expect"

on 1 pilot show pilot0 | sed 's/^/# /'
nodes_down
rm -rf "$tmp"
tap_done
