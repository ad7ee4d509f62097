# SPDX-License-Identifier: GPL-2.0
#
# Pilot nodes for the datapath tests: each node N is a network namespace
# "nN" holding a pilot0 with node ID N, joined to the others through a
# router, namespace "wire" (veth wN there, eth0 in the node). Node N's
# underlay addresses are 192.0.2.N and 2001:db8::N; its overlay addresses
# 10.7.0.N and fd00::N.
#   nodes_up N...          make the nodes, their devices and the wire
#   nodes_peer A B [v4|v6] make A and B peers over an IPv4 or IPv6 underlay
#   nodes_down             remove everything

nodes=()

nodes_up() {
	local n
	modprobe pilot || return
	ip netns add wire
	ip netns exec wire sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	for n in "$@"; do
		nodes+=("$n")
		ip netns add "n$n"
		ip link add "w$n" netns wire type veth peer name eth0 netns "n$n"
		ip -n wire addr add 169.254.0.1/32 dev "w$n"
		ip -n wire addr add fe80::1/64 dev "w$n" nodad
		ip -n wire link set "w$n" up
		ip -n wire route add "192.0.2.$n/32" dev "w$n"
		ip -n wire route add "2001:db8::$n/128" dev "w$n"
		ip -n "n$n" link set lo up
		ip -n "n$n" addr add "192.0.2.$n/32" dev eth0
		ip -n "n$n" addr add "2001:db8::$n/128" dev eth0 nodad
		ip -n "n$n" link set eth0 up
		ip -n "n$n" route add 169.254.0.1/32 dev eth0
		ip -n "n$n" route add 192.0.2.0/24 via 169.254.0.1 dev eth0
		ip -n "n$n" route add 2001:db8::/64 via fe80::1 dev eth0
		ip -n "n$n" link add pilot0 type pilot
		ip -n "n$n" addr add "10.7.0.$n/24" dev pilot0
		ip -n "n$n" addr add "fd00::$n/64" dev pilot0 nodad
		ip netns exec "n$n" pilot set pilot0 node-id "$n" network-id 1 \
			listen-port 4000 || return
		ip -n "n$n" link set pilot0 up || return
	done
}

nodes_peer() {
	local a=$1 b=$2 fam=${3:-v4} ea eb
	if [ "$fam" = v6 ]; then
		ea="[2001:db8::$a]:4000" eb="[2001:db8::$b]:4000"
	else
		ea="192.0.2.$a:4000" eb="192.0.2.$b:4000"
	fi
	ip netns exec "n$a" pilot set pilot0 peer "$b" endpoint "$eb" \
		allowed-ips "10.7.0.$b/32,fd00::$b/128" &&
	ip netns exec "n$b" pilot set pilot0 peer "$a" endpoint "$ea" \
		allowed-ips "10.7.0.$a/32,fd00::$a/128"
}

nodes_down() {
	local n
	for n in "${nodes[@]}"; do ip netns del "n$n" 2> /dev/null; done
	ip netns del wire 2> /dev/null
	nodes=()
}

# on N CMD...: run a command on node N
on() {
	local n=$1
	shift
	ip netns exec "n$n" "$@"
}

# link_stat N FIELD: a figure of node N's pilot0 (rx_packets, tx_dropped...)
link_stat() {
	cat "/sys/class/net/pilot0/statistics/$2" 2> /dev/null ||
		ip netns exec "n$1" cat "/sys/class/net/pilot0/statistics/$2"
}
