#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Observability: pilot's tracepoints (key installed, drops by reason) and
# the kernel's drop reason on freed packets, seen while two nodes talk.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

T=/sys/kernel/tracing
[ -d "$T/events" ] || mount -t tracefs tracefs "$T"
traced() { grep -q "$1" "$T/trace"; }

nodes_up 1 2 && nodes_peer 1 2
check "pilot's tracepoints are registered" test -d "$T/events/pilot/pilot_drop"
echo 1 > "$T/events/pilot/enable"
echo 1 > "$T/events/skb/kfree_skb/enable"
echo > "$T/trace"

check "ping 10.7.0.2 from node 1" on 1 ping -c 1 -W 3 10.7.0.2
check "trace: node 1 installed node 2's key" \
	traced 'pilot_key_installed: pilot0 peer 2 key installed (unauthenticated)'
check_fail "ping 10.7.0.99, which no peer owns" on 1 ping -c 1 -W 1 10.7.0.99
check "trace: the packet dropped for no route" \
	traced 'pilot_drop: pilot0 tx drop, peer 0, reason no-route'
check "kfree_skb says why: IP_OUTNOROUTES" traced 'reason: IP_OUTNOROUTES'

echo 0 > "$T/events/pilot/enable"
echo 0 > "$T/events/skb/kfree_skb/enable"
echo > "$T/trace"
nodes_down
tap_done
