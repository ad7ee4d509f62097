#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input from a hostile peer, beyond peer_attack.sh: pilot_peer (node 2)
# against the kernel's node 1, which also has a real peer, kernel node 3.
# - every kind of frame the receive path tells apart (PILK, PILA, PILS,
#   PILF, PILT, PILP, beacon and relay messages, an unknown magic) at every
#   length 0..200, and random frames; key exchanges from addresses of their
#   own (so that no per-source bucket runs dry and every drop is foreseen);
# - packets in node 2's valid session claiming another sender (spoofed);
# - replay storms and genuine counters up to 2^64-1, then the replay gate.
# After each, the session still carries echoes, node 3's session is
# untouched, and the kernel counted exactly the drops pilot_peer foresaw.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

src=198.18.0.0/15

tmp=$(mktemp -d)
nodes_up 1 3 && nodes_bare 2 && node_add_peer 1 2 v4 && nodes_peer 1 3
check "the wire takes node 2's datagrams from $src" spoof_from 2 "$src"
pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }
check "node 3 and node 1 key their session (ping)" wait_until 10 pinged 3 10.7.0.1

# run_counted DESC ARGS...: a pilot_peer scenario; then node 1's drops
# must have risen by what it foresaw, reason by reason, and no more
run_counted() {
	local desc=$1 rx0 want
	shift
	drops_all 1 > "$tmp/drops0" 2> /dev/null
	rx0=$(rx_dropped 1)
	tap_run "$desc" peer_tool 2 1 v4 v4 --expect "$tmp/expect" "$@"
	sed 's/^/# expected: /' "$tmp/expect" | grep -v '	0$'
	want=$(( rx0 + $(expected_total "$tmp/expect") ))
	check "$desc: node 1 counted each drop for its reason (pilot show pilot0 drops)" \
		wait_until 10 drops_rose 1 "$tmp/drops0" "$tmp/expect"
	check "$desc: node 1's rx_dropped rose by the $(expected_total "$tmp/expect") frames foreseen, no more" \
		rx_dropped_is 1 "$want"
}

run_counted "every frame kind at every length" --sources "$src" --count "$(scaled 400)" lengths
run_counted "spoofed senders" --other-node 3 --other-addr 10.7.0.3 spoof
check "node 3's session is untouched (ping)" pinged 3 10.7.0.1
run_counted "replays and counters up to 2^64-1" --count "$(scaled 400)" replay
check "node 3's session is untouched (ping)" pinged 3 10.7.0.1

nodes_down
rm -rf "$tmp"
tap_done
