#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Routes to a peer's endpoint. pilot0 keeps each peer's route (a cache per
# CPU) and must look it up again when the routes, the device's fwmark or
# the peer's endpoint change: a blackhole route put in the way each time
# must stop the traffic at once, the frames counted as dropped for want of
# a route, and taking it away must let the traffic through again. Last,
# the endpoint changes under traffic and dumps.
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

# The endpoint changes under traffic. The datapath reads it for every
# frame without taking its lock (a seqlock), and so does a dump: every
# read must see one endpoint whole, never the family of one and the
# address of the other.
ep4=192.0.2.2:4000 ep6='[2001:db8::2]:4000'
on 1 ping -q -i 0.01 -w 8 10.7.0.2 > /tmp/churn.ping 2>&1 &
pinger=$!
(for i in $(seq 100); do
	on 1 pilot set pilot0 peer 2 endpoint "$ep4" || exit
	on 1 pilot set pilot0 peer 2 endpoint "$ep6" || exit
done) > /tmp/churn.set 2>&1 &
setter=$!
reads=0 torn=0
while kill -0 "$setter" 2> /dev/null; do
	e=$(on 1 pilot show pilot0 endpoints | cut -f2)
	case $e in
	"$ep4" | "$ep6") reads=$((reads + 1)) ;;
	*) torn=$((torn + 1)); echo "# read while changing: '$e'" ;;
	esac
done
check "endpoint churn: node 1 set the endpoint 200 times" wait "$setter"
echo "# $reads reads of the endpoint while it changed"
check "endpoint churn: each read showed one endpoint whole" \
	test "$torn" = 0 -a "$reads" -gt 0
check "endpoint churn: the ping got replies meanwhile" wait "$pinger"
check_eq "endpoint churn: the last endpoint set is the peer's" "$ep6" \
	"$(on 1 pilot show pilot0 endpoints | cut -f2)"
check "endpoint churn: the traffic flows on it" ping1 10.7.0.2

nodes_down
tap_done
