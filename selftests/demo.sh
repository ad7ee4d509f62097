#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the QEMU guest: two Pilot nodes, each in its own
# network namespace, joined by a veth pair, each with a pilot0 device and
# its identity helper pilot-keyd: an authenticated (PILA) key exchange.
set -e

step() { printf '\n\033[1m### %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }

step "Two nodes, joined by a veth pair (192.0.2.1 and 192.0.2.2)"
ip netns add node1
ip netns add node2
ip link add veth1 netns node1 type veth peer name veth2 netns node2
ip -n node1 addr add 192.0.2.1/24 dev veth1
ip -n node2 addr add 192.0.2.2/24 dev veth2
for n in 1 2; do
	ip -n node$n link set lo up
	ip -n node$n link set veth$n up
done
run ip netns exec node1 ping -c 1 -W 2 192.0.2.2

step "pilot0 on each node"
run ip -n node1 link add pilot0 type pilot
run ip -n node2 link add pilot0 type pilot
ip -n node1 addr add 10.7.0.1/24 dev pilot0
ip -n node2 addr add 10.7.0.2/24 dev pilot0
ip -n node1 link set pilot0 up
ip -n node2 link set pilot0 up
run ip -n node1 -d addr show pilot0
run ip -n node2 -d addr show pilot0

step "Each node knows the other: node IDs 1 and 2, keys, endpoints, allowed IPs"
umask 077
for n in 1 2; do
	ip netns exec node$n pilot genkey > /tmp/node$n.key
	ip netns exec node$n pilot set pilot0 node-id $n network-id 1 listen-port 4000 \
		private-key /tmp/node$n.key
done
run ip netns exec node1 pilot set pilot0 peer 2 endpoint 192.0.2.2:4000 allowed-ips 10.7.0.2/32
run ip netns exec node2 pilot set pilot0 peer 1 endpoint 192.0.2.1:4000 allowed-ips 10.7.0.1/32
run ip netns exec node2 pilot showconf pilot0

step "Each node's Ed25519 identity, and a static registry naming both"
for n in 1 2; do
	mkdir -p /tmp/node$n
	run pilot-keyd --init --identity /tmp/node$n/identity.json
done
for n in 1 2; do
	echo "$n $(pilot-keyd --identity /tmp/node$n/identity.json --public-key) 192.0.2.$n:4000"
done > /tmp/registry
run cat /tmp/registry

step "pilot-keyd on each node: it signs its node's key exchange, verifies the peer's"
for n in 1 2; do
	echo "\$ ip netns exec node$n pilot-keyd --identity /tmp/node$n/identity.json --peers /tmp/registry &"
	ip netns exec node$n pilot-keyd --identity /tmp/node$n/identity.json \
		--peers /tmp/registry > /tmp/keyd$n.log 2>&1 &
done
for n in 1 2; do
	for i in $(seq 50); do
		ip netns exec node$n pilot show pilot0 | grep -qx '  pilot-keyd: running' &&
			[ "$(ip netns exec node$n pilot show pilot0 identity)" != "(none)" ] && break
		sleep 0.1
	done
done
run ip netns exec node1 pilot show

step "Traffic through pilot0: the first packet starts the key exchange"
run ip netns exec node1 ping -c 3 -i 0.3 10.7.0.2
ip -n node1 addr add fd00::1/64 dev pilot0 nodad
ip -n node2 addr add fd00::2/64 dev pilot0 nodad
ip netns exec node1 pilot set pilot0 peer 2 allowed-ips 10.7.0.2/32,fd00::2/128
ip netns exec node2 pilot set pilot0 peer 1 allowed-ips 10.7.0.1/32,fd00::1/128
run ip netns exec node2 ping -c 3 -i 0.3 fd00::1

step "TCP through pilot0 (iperf3, 3 seconds)"
ip netns exec node2 iperf3 -s -D -1 > /dev/null
run ip netns exec node1 iperf3 -c 10.7.0.2 -t 3 -f m

step "What each node sees: an authenticated session"
run ip netns exec node1 pilot show
run ip netns exec node2 pilot show
run ip -n node2 -s link show pilot0
run cat /tmp/keyd2.log
run ip netns exec node1 pilot version

echo
for n in 1 2; do
	ip netns exec node$n pilot show pilot0 | grep -qx '  session: authenticated' ||
		{ echo "Demo failed: node $n has no authenticated session."; exit 1; }
done
echo "Demo finished: two Pilot nodes exchanged traffic through pilot0, authenticated."
