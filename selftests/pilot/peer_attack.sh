#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A hostile peer: pilot_peer (node 2) keys a session with the kernel (node
# 1), then replays, forges, truncates, reorders, spoofs and sends frames of
# every other kind; after each, a fresh echo must still get through. The
# kernel must have dropped exactly what pilot_peer says it should have, for
# the reasons it says.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

tmp=$(mktemp -d)
kernel_and_tool

drops_all 1 > "$tmp/drops0" 2> /dev/null
rx0=$(rx_dropped 1)
tap_run "attack over IPv4" peer_tool 2 1 v4 v4 --expect "$tmp/expect" attack
want=$(( rx0 + $(expected_total "$tmp/expect") ))
check "node 1's rx_dropped rose by the $(expected_total "$tmp/expect") frames the attack should cost" \
	wait_until 5 rx_dropped_is 1 "$want"
sed 's/^/# expected: /' "$tmp/expect" | grep -v '	0$'
# rx_dropped is right: every drop is counted by now
check "node 1 counted each drop for its reason (pilot show pilot0 drops)" \
	drops_rose 1 "$tmp/drops0" "$tmp/expect"

# the same over IPv6, inside and out
drops_all 1 > "$tmp/drops0" 2> /dev/null
rx0=$(rx_dropped 1)
tap_run "attack over IPv6" peer_tool 2 1 v6 v6 --expect "$tmp/expect" attack
want=$(( rx0 + $(expected_total "$tmp/expect") ))
check "node 1's rx_dropped rose by the $(expected_total "$tmp/expect") frames the IPv6 attack should cost" \
	wait_until 5 rx_dropped_is 1 "$want"
check "node 1 counted each drop of the IPv6 attack for its reason (pilot show pilot0 drops)" \
	drops_rose 1 "$tmp/drops0" "$tmp/expect"

nodes_down
rm -rf "$tmp"
tap_done
