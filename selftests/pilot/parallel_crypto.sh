#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Parallel crypto (kernel/parallel.c): with more than one CPU, a peer's
# seals and opens run on any CPU through padata and finish in the order
# they started. On by default there; parallel_crypto=0 runs them inline.
# Each way, a flood of small UDP datagrams goes through pilot0 and the
# receiver (iperf3) counts those that came out of order: none may. Then
# the same with the parameter off. The runner fails the test on any
# kernel splat or leak.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

dir=/tmp/parallel_crypto
rm -rf "$dir"
mkdir -p "$dir"

pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }

# last_field NAME FILE: the last value of "NAME": N in iperf3's JSON
last_field() {
	grep -o "\"$1\":[[:space:]]*[0-9]*" "$2" | tail -1 | grep -o '[0-9]*$'
}

# in_order FROM TO ADDR MODE: 3 s of 64-byte datagrams from node FROM to
# node TO's ADDR; checks that they got there, none out of order
in_order() {
	local json=$dir/$4-$1-$2.json packets ooo

	on "$2" timeout 60 iperf3 -s -1 -J > "$json" 2>&1 &
	local srv=$!
	# refused until the server listens
	wait_until 20 on "$1" timeout 30 iperf3 -c "$3" -u -b 0 -l 64 -t 3 > /dev/null
	wait "$srv"
	packets=$(last_field packets "$json")
	ooo=$(last_field out_of_order "$json")
	echo "# $4, node $1 to node $2: ${packets:-?} datagrams received, ${ooo:-?} out of order"
	check "$4, node $1 to node $2: a flood of datagrams gets through" \
		test "${packets:-0}" -ge "$(scaled 1000)"
	check_eq "$4, node $1 to node $2: none out of order" 0 "$ooo"
}

check "the guest has more than one CPU" test "$(nproc)" -ge 2

rmmod pilot 2> /dev/null
check "the module loads with its defaults" modprobe pilot
check_eq "parallel_crypto is on with $(nproc) CPUs" Y \
	"$(cat /sys/module/pilot/parameters/parallel_crypto)"
nodes_up 1 2
nodes_peer 1 2 v4
check "a session comes up" wait_until 10 pinged 1 10.7.0.2
in_order 1 2 10.7.0.2 parallel
in_order 2 1 10.7.0.1 parallel
check "tx_errors stays 0 on node 1" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/tx_errors)" = 0
nodes_down
check "the module unloads" rmmod pilot

check "the module loads with parallel_crypto=0" modprobe pilot parallel_crypto=0
check_eq "the parameter reads back off" N \
	"$(cat /sys/module/pilot/parameters/parallel_crypto)"
nodes_up 1 2
nodes_peer 1 2 v4
check "a session comes up, inline" wait_until 10 pinged 1 10.7.0.2
in_order 1 2 10.7.0.2 inline
nodes_down
check "the module unloads" rmmod pilot
modprobe pilot

tap_done
