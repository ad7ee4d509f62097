# SPDX-License-Identifier: GPL-2.0
#
# Pilot nodes for the datapath tests: each node N is a network namespace
# "nN" holding a pilot0 with node ID N, joined to the others through a
# router, namespace "wire" (veth wN there, eth0 in the node). Node N's
# underlay addresses are 192.0.2.N and 2001:db8::N; its overlay addresses
# 10.7.0.N and fd00::N.
#   nodes_up N...          make the nodes, their devices and the wire
#   nodes_bare N...        make nodes with the underlay only (no pilot0), for
#                          a userspace endpoint (pilot_peer)
#   node_add_peer A B [v4|v6]  give A's pilot0 the peer B (its endpoint on
#                          B's underlay address, port 4000, and B's overlay
#                          addresses as allowed IPs)
#   nodes_peer A B [v4|v6] make A and B peers over an IPv4 or IPv6 underlay
#   nodes_down             remove everything
#   peer_tool N K UNDER OVER ARGS...  run pilot_peer as node N against node K
#   drops N REASON         node N's count of drops for REASON
#   wait_until SECONDS CMD...  poll CMD until it succeeds

pilot_peer=/selftests/pilot/pilot_peer

nodes=()

# node_wire N: namespace nN, its veth to the wire and its underlay
node_wire() {
	local n=$1
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
}

wire_up() {
	[ -e /run/netns/wire ] && return
	ip netns add wire
	ip netns exec wire sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# node_device N: node N's pilot0 (its namespace exists)
node_device() {
	local n=$1
	ip -n "n$n" link add pilot0 type pilot
	ip -n "n$n" addr add "10.7.0.$n/24" dev pilot0
	ip -n "n$n" addr add "fd00::$n/64" dev pilot0 nodad
	ip netns exec "n$n" pilot set pilot0 node-id "$n" network-id 1 \
		listen-port 4000 || return
	ip -n "n$n" link set pilot0 up
}

nodes_up() {
	local n
	modprobe pilot || return
	wire_up
	for n in "$@"; do
		node_wire "$n"
		node_device "$n" || return
	done
}

nodes_bare() {
	local n
	wire_up
	for n in "$@"; do
		node_wire "$n"
	done
}

node_add_peer() {
	local a=$1 b=$2 eb="192.0.2.$2:4000"
	[ "${3:-v4}" = v6 ] && eb="[2001:db8::$b]:4000"
	ip netns exec "n$a" pilot set pilot0 peer "$b" endpoint "$eb" \
		allowed-ips "10.7.0.$b/32,fd00::$b/128"
}

nodes_peer() {
	node_add_peer "$1" "$2" "${3:-v4}" && node_add_peer "$2" "$1" "${3:-v4}"
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

# rx_dropped N: frames node N's pilot0 dropped on receipt (ip -s link)
rx_dropped() {
	ip -n "n$1" -s link show pilot0 | awk '/RX:/ { getline; print $4; exit }'
}

# rx_dropped_is N COUNT: node N's rx_dropped is COUNT
rx_dropped_is() {
	[ "$(rx_dropped "$1")" = "$2" ]
}

# drops_all N: node N's drop counters, a "reason<TAB>count" line each
drops_all() {
	on "$1" pilot show pilot0 drops
}

# drops N REASON: node N's count of drops for REASON
drops() {
	drops_all "$1" | awk -F'\t' -v r="$2" '$1 == r { print $2; found = 1 }
		END { exit !found }'
}

# drops_rose N BEFORE EXPECTED: node N's drop counters rose from BEFORE (a
# file of drops_all output) by exactly EXPECTED (a file of pilot_peer
# --expect) for each reason EXPECTED names. A line "A|B<TAB>K" there counts
# K drops that may be under A or B: A and B then rose by at least their
# own figures, and by K more between them.
drops_rose() {
	local now
	now=$(drops_all "$1") || return
	echo "$now" | awk -F'\t' '
		FILENAME == ARGV[1] { before[$1] = $2; next }
		FILENAME == ARGV[2] && $1 ~ /\|/ { either[$1] = $2; next }
		FILENAME == ARGV[2] { want[$1] = $2; next }
		$1 in want { seen[$1] = 1; rose[$1] = $2 - before[$1] }
		END {
			for (e in either) {
				split(e, ab, "|")
				extra = rose[ab[1]] - want[ab[1]] + rose[ab[2]] - want[ab[2]]
				if (rose[ab[1]] < want[ab[1]] || rose[ab[2]] < want[ab[2]] ||
				    extra != either[e]) {
					printf "%s: rose by %d and %d, expected %d and %d, %d more between them\n",
						e, rose[ab[1]], rose[ab[2]], want[ab[1]], want[ab[2]], either[e]
					bad = 1
				}
				shared[ab[1]] = shared[ab[2]] = 1
			}
			for (r in want) {
				if (!(r in seen)) { print r ": not reported"; bad = 1 }
				else if (!(r in shared) && rose[r] != want[r]) {
					printf "%s: rose by %d, expected %d\n", r, rose[r], want[r]
					bad = 1
				}
			}
			exit bad
		}' "$2" "$3" -
}

# expected_total FILE: the number of drops a pilot_peer --expect file counts
expected_total() {
	awk -F'\t' '{ n += $2 } END { print n + 0 }' "$1"
}

# wait_until SECONDS CMD...: run CMD every 0.1 s until it succeeds, for
# SECONDS at most; the status (and the output) of its last run
wait_until() {
	local i end=$(($1 * 10))
	shift
	for ((i = 0; i < end; i++)); do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.1
	done
	"$@"
}

# kernel_and_tool: kernel node 1 with pilot_peer's node 2 (a bare node)
# as its peer over IPv4, the setting of the pilot_peer tests
kernel_and_tool() {
	nodes_up 1 && nodes_bare 2 && node_add_peer 1 2 v4
}

# peer_tool N K UNDER OVER ARGS...: run pilot_peer as node N (a bare node)
# against node K's pilot0, over an IPv4 or IPv6 (UNDER) underlay, with
# IPv4 or IPv6 (OVER) overlay addresses; ARGS: the scenario and options.
peer_tool() {
	local n=$1 k=$2 b="192.0.2.$1:4000" p="192.0.2.$2:4000" a="10.7.0.$1" A="10.7.0.$2"
	if [ "$3" = v6 ]; then
		b="[2001:db8::$n]:4000" p="[2001:db8::$k]:4000"
	fi
	if [ "$4" = v6 ]; then
		a="fd00::$n" A="fd00::$k"
	fi
	shift 4
	on "$n" "$pilot_peer" --node "$n" --peer-node "$k" --bind "$b" --peer "$p" \
		--addr "$a" --peer-addr "$A" \
		--peer-key "$(on "$k" pilot show pilot0 public-key)" "$@"
}

# spoof_from N PREFIX: node N sends from any address of PREFIX (pilot_peer
# --sources, IPv4): the wire forwards such datagrams without a reverse-path
# check, and the other nodes' answers to PREFIX go to the wire, which drops
# them
spoof_from() {
	local n=$1 p=$2 k
	ip netns exec wire sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		"net.ipv4.conf.w$n.rp_filter=0" || return
	ip -n wire route add blackhole "$p" || return
	for k in "${nodes[@]}"; do
		[ "$k" = "$n" ] && continue
		ip netns exec "n$k" sysctl -qw net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.eth0.rp_filter=0 || return
		ip -n "n$k" route add "$p" via 169.254.0.1 dev eth0 || return
	done
}

# ---- pilot-keyd, the identity helper ---------------------------------------
# Every node's identity lives in $keyd_dir/nN/identity.json; the static
# registry all helpers read is $keyd_dir/peers, a "NODE KEY ENDPOINT" line
# per registered node; helper N logs to $keyd_dir/nN.log.
#   keyd_up N [ARGS...]    start node N's helper (its identity made first)
#                          and wait until it set node N's identity
#   keyd_start N [ARGS...] start it, not waiting
#   keyd_down N            stop it (SIGTERM), wait for it
#   keyd_key N             node N's Ed25519 public key (base64)
#   keyd_register N [KEY]  put node N (its key, or KEY) in the registry
#   keyd_reload N          SIGHUP: helper N reads the registry again

keyd=/usr/sbin/pilot-keyd
keyd_dir=/tmp/keyd

keyd_identity() {
	local d=$keyd_dir/n$1
	mkdir -p "$d" && chmod 700 "$d"
	[ -e "$d/identity.json" ] ||
		"$keyd" --init --identity "$d/identity.json" > /dev/null || return
	echo "$d/identity.json"
}

keyd_key() {
	"$keyd" --identity "$(keyd_identity "$1")" --public-key
}

keyd_register() {
	local key=${2:-$(keyd_key "$1")}
	mkdir -p "$keyd_dir"
	echo "$1 $key 192.0.2.$1:4000" >> "$keyd_dir/peers"
}

# keyd_ready N: node N's pilot0 has the identity of node N's helper
keyd_ready() {
	[ "$(on "$1" pilot show pilot0 identity)" = "$(keyd_key "$1")" ] &&
		on "$1" pilot show pilot0 | grep -qx '  pilot-keyd: running'
}

# keyd_start N [ARGS...]: start node N's helper, not waiting for it
keyd_start() {
	local n=$1 id
	shift
	id=$(keyd_identity "$n") || return
	touch "$keyd_dir/peers"
	# not through on(): $! must be the helper's own PID (ip execs it)
	ip netns exec "n$n" "$keyd" --foreground --identity "$id" --peers "$keyd_dir/peers" "$@" \
		>> "$keyd_dir/n$n.log" 2>&1 &
	echo $! > "$keyd_dir/n$n.pid"
}

keyd_up() {
	keyd_start "$@" || return
	wait_until 10 keyd_ready "$1"
}

keyd_down() {
	local pid
	pid=$(cat "$keyd_dir/n$1.pid" 2> /dev/null) || return 0
	kill "$pid" 2> /dev/null
	wait_until 5 bash -c "! kill -0 $pid"
	rm -f "$keyd_dir/n$1.pid"
}

# keyd_dump: every helper's log and the monitors', as TAP comments (after a
# failure, to see why)
keyd_dump() {
	local f
	[ "$tap_failed" = 0 ] && return
	for f in "$keyd_dir"/*.log /tmp/monitor*; do
		[ -e "$f" ] || continue
		echo "# --- $f"
		sed 's/^/#   /' "$f"
	done
}

keyd_reload() {
	kill -HUP "$(cat "$keyd_dir/n$1.pid")"
}
