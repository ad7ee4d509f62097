#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PILF (spec 2.6): pilot_peer (node 2) sends an echo whose PILS frame is
# longer than 1223 bytes as fragments, last piece first, then in order,
# and reassembles the kernel's answer, which comes back in pieces too;
# then pieces of every kind spec 2.6 drops, each followed by an echo, and
# more partial frames than one source may have.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

tmp=$(mktemp -d)
kernel_and_tool

for fam in v4 v6; do
	drops_all 1 > "$tmp/drops0" 2> /dev/null
	rx0=$(rx_dropped 1)
	tap_run "fragments over $fam" peer_tool 2 1 $fam $fam --expect "$tmp/expect" fragments
	want=$(( rx0 + $(expected_total "$tmp/expect") ))
	check "node 1's rx_dropped rose by the $(expected_total "$tmp/expect") pieces to drop ($fam)" \
		wait_until 5 rx_dropped_is 1 "$want"
	check "node 1 counted each drop for its reason ($fam; pilot show pilot0 drops)" \
		drops_rose 1 "$tmp/drops0" "$tmp/expect"
done

nodes_down
rm -rf "$tmp"
tap_done
