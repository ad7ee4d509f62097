#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The session cap (spec MaxCryptoPeers, checked before any scalar
# multiplication): with the module loaded with max_sessions=6, a spray of
# PILK frames from unknown nodes, from three source addresses, fills the
# device up to 6 sessions and no further; the rest are dropped as
# peer-limit. A peer that has a session still re-keys.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

sessions() {
	on 1 pilot show pilot0 | awk '$1 == "sessions:" { print $2 }'
}

rmmod pilot 2> /dev/null
check "the module loads with max_sessions=6" modprobe pilot max_sessions=6
kernel_and_tool
for a in 102 103 104; do
	ip -n n2 addr add "192.0.2.$a/32" dev eth0
	ip -n wire route add "192.0.2.$a/32" dev w2
done

tap_run "a configured peer keys a session" peer_tool 2 1 v4 v4 echo
check_eq "one session" 1 "$(sessions)"
limited0=$(drops 1 peer-limit)
for a in 2 102 103 104; do
	on 2 "$pilot_peer" --node 2 --peer-node 1 --bind "192.0.2.$a:4000" \
		--peer 192.0.2.1:4000 --count 5 spray > /dev/null
done
check "the spray fills the device to its cap" wait_until 10 test "$(sessions)" = 6
sleep 1
check_eq "and no further" 6 "$(sessions)"
check "the frames past the cap are dropped as peer-limit" \
	test "$(drops 1 peer-limit)" -gt "${limited0:-0}"
tap_run "the configured peer still re-keys (its session counts already)" \
	peer_tool 2 1 v4 v4 echo
check_eq "still six sessions" 6 "$(sessions)"

nodes_down
rmmod pilot
tap_done
