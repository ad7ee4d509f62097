#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PILF (spec 2.6): pilot_peer (node 2) sends an echo whose PILS frame is
# longer than 1223 bytes as fragments, last piece first, and reassembles
# the kernel's answer, which comes back in pieces too.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

tmp=$(mktemp -d)
nodes_up 1
nodes_bare 2
node_add_peer 1 2 v4

drops_all 1 > "$tmp/drops0" 2> /dev/null
rx0=$(rx_dropped 1)
tap_run "fragments over IPv4" peer_tool 2 1 v4 v4 --expect "$tmp/expect" fragments
tap_run "fragments over IPv6" peer_tool 2 1 v6 v6 fragments
check_eq "node 1 dropped no frame (rx_dropped)" "$rx0" "$(rx_dropped 1)"
check "node 1 counted no drop by reason (pilot show pilot0 drops)" \
	drops_rose 1 "$tmp/drops0" "$tmp/expect"

nodes_down
rm -rf "$tmp"
tap_done
