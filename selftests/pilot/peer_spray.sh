#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Key exchanges from nodes nobody configured: pilot_peer sends PILK frames
# from random node IDs, from two source addresses. Each one is either
# learned as a peer (when the device learns peers) or dropped; no source
# gets more through than its token bucket allows (5 a second, burst 5,
# spec 8.6), and each source has its own bucket. The configured peer still
# keys its session afterwards.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

K=40	# frames per source

# spray_from ADDR: K PILK frames from random node IDs, from ADDR:4000
spray_from() {
	on 2 "$pilot_peer" --node 2 --peer-node 1 --bind "$1:4000" \
		--peer 192.0.2.1:4000 --count $K spray
}

peer_count() {
	on "$1" pilot show pilot0 peers | wc -l
}

# learned_plus_dropped_is N COUNT: peers learned and frames dropped by node
# N since the start add up to COUNT
learned_plus_dropped_is() {
	[ $(( $(peer_count "$1") - peers0 + $(rx_dropped "$1") - rx0 )) = "$2" ]
}

# rate_limited_since FILE: node 1's rate-limited drops since FILE (drops_all)
rate_limited_since() {
	local now
	now=$(drops 1 rate-limited) || return
	echo $(( now - $(awk -F'\t' '$1 == "rate-limited" { print $2 + 0 }' "$1") ))
}

# rate_limited_between MIN MAX: so many of the sprayed frames were rate-limited
rate_limited_between() {
	local n
	n=$(rate_limited_since "$tmp/drops0") || return
	echo "$n frames rate-limited"
	[ "$n" -ge "$1" ] && [ "$n" -le "$2" ]
}

tmp=$(mktemp -d)
kernel_and_tool
ip -n n2 addr add 192.0.2.102/32 dev eth0
ip -n wire route add 192.0.2.102/32 dev w2

drops_all 1 > "$tmp/drops0" 2> /dev/null
rx0=$(rx_dropped 1)
peers0=$(peer_count 1)
t0=${EPOCHREALTIME/./}
tap_run "spray from 192.0.2.2" spray_from 192.0.2.2
tap_run "spray from 192.0.2.102" spray_from 192.0.2.102
secs=$(( (${EPOCHREALTIME/./} - t0 + 999999) / 1000000 ))
# what two token buckets let through in that time, at most
max=$(( 2 * (5 + 5 * secs) ))

check "each of the $((2 * K)) PILK frames from unknown nodes was learned or dropped" \
	wait_until 5 learned_plus_dropped_is 1 $((2 * K))
learned=$(( $(peer_count 1) - peers0 ))
echo "# $learned nodes learned, $(( $(rx_dropped 1) - rx0 )) frames dropped in ${secs}s"
check "no more nodes learned than two sources' rates allow in ${secs}s ($learned <= $max)" \
	test $learned -le $max
check "spec 8.6: frames over their source's rate are dropped as rate-limited (at least $((2 * K - max)) of $((2 * K)); pilot show pilot0 drops)" \
	rate_limited_between $((2 * K - max)) $((2 * K))
check "spec 8.6: each source has its own bucket: at least two bursts (10) got past the limit (pilot show pilot0 drops)" \
	rate_limited_between 0 $((2 * K - 10))
tap_run "echo after the spray" peer_tool 2 1 v4 v4 --timeout 5000 echo

nodes_down
rm -rf "$tmp"
tap_done
