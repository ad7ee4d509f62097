#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Routes to a peer's endpoint. pilot0 keeps each peer's route (a cache per
# CPU) and must look it up again when the routes, the device's fwmark or
# the peer's endpoint change: a blackhole route put in the way each time
# must stop the traffic at once, the frames counted as dropped for want of
# a route, and taking it away must let the traffic through again.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

ping1() { on 1 ping -c 2 -i 0.2 -W 1 "$@"; }

# blocked WHAT BEFORE PING...: the ping fails and node 1's no-route drops
# rose from BEFORE
blocked() {
	local what=$1 before=$2
	shift 2
	check_fail "$what stops the traffic" ping1 "$@"
	check "$what: node 1 counts the frames as dropped for no route" \
		test "$(drops 1 no-route)" -gt "$before"
}

nodes_up 1 2

for under in v4 v6; do
	nodes_peer 1 2 $under
	[ $under = v4 ] && ep=192.0.2.2 || ep=2001:db8::2
	[ $under = v4 ] && other=192.0.2.9 || other=2001:db8::9
	[ $under = v4 ] && port="$ep:4000" || port="[$ep]:4000"
	[ $under = v4 ] && otherport="$other:4000" || otherport="[$other]:4000"
	ipf=-${under#v}

	check "IP$under underlay: traffic flows on the cached route" ping1 10.7.0.2

	on 1 ip $ipf route add blackhole "$ep"
	blocked "IP$under underlay: a blackhole route to the endpoint" \
		"$(drops 1 no-route)" 10.7.0.2
	on 1 ip $ipf route del blackhole "$ep"
	check "IP$under underlay: the route back, the traffic flows again" ping1 10.7.0.2

	check "IP$under underlay: node 1 routes fwmark 0x10 by table 100, a blackhole" \
		on 1 bash -c "ip $ipf rule add fwmark 0x10 table 100 &&
			      ip $ipf route add blackhole $ep table 100"
	check "IP$under underlay: a blackhole only for fwmark 0x10 changes nothing yet" \
		ping1 10.7.0.2
	on 1 pilot set pilot0 fwmark 0x10
	blocked "IP$under underlay: fwmark 0x10 (into the blackhole)" \
		"$(drops 1 no-route)" 10.7.0.2
	on 1 pilot set pilot0 fwmark 0
	check "IP$under underlay: fwmark 0, the traffic flows again" ping1 10.7.0.2
	on 1 ip $ipf route del blackhole "$ep" table 100
	on 1 ip $ipf rule del fwmark 0x10 table 100

	on 1 ip $ipf route add blackhole "$other"
	on 1 pilot set pilot0 peer 2 endpoint "$otherport"
	blocked "IP$under underlay: a new endpoint behind a blackhole route" \
		"$(drops 1 no-route)" 10.7.0.2
	on 1 pilot set pilot0 peer 2 endpoint "$port"
	check "IP$under underlay: the old endpoint back, the traffic flows again" \
		ping1 10.7.0.2
	on 1 ip $ipf route del blackhole "$other"
done

nodes_down
tap_done
