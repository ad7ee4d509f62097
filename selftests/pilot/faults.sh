#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Faults under a TCP transfer through pilot0, nothing lost: each transfer
# (selftests/pilot/xfer) hashes what it sent and what it received, and the
# two SHA-256 sums and byte counts must agree. The faults: a wire that
# loses, delays, reorders and duplicates (netem); the peer taking a new
# X25519 key, then restarting with one; pilot-keyd killed with SIGKILL;
# the registry going down; the peer's address and port changing (NAT
# rebinding); the MTU lowered on pilot0 and on the wire. Figures (MiB
# moved, time to recover from each fault) are printed as comments.
#
# env: PILOT_FAULT_MB  MiB moved through netem (default 4, 1 on the debug
#                      kernel: 5 % loss each way makes TCP slow under TCG);
#                      the other transfers move 2 MiB each
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

xfer=/selftests/pilot/xfer
dir=/tmp/faults
mb=${PILOT_FAULT_MB:-$(($(scaled 40) / 10))}
fmb=2
limit=$((120 + mb * 30))	# no transfer takes longer (seconds)
rm -rf "$dir"
mkdir -p "$dir"

# ---- the transfer ------------------------------------------------------------
# xfer_start FROM TO ADDR MIB: MIB MiB from node FROM to node TO's ADDR
xfer_start() {
	bytes=$(($4 * 1048576)) step=$(($4 * 1048576 / 16))
	rm -f "$dir/ready" "$dir/progress"
	on "$2" "$xfer" recv -p 5001 -r "$dir/ready" -P "$dir/progress" -t "$limit" \
		> "$dir/received" 2>&1 &
	recv_pid=$!
	wait_until 5 test -e "$dir/ready" || return
	on "$1" "$xfer" send -a "$3" -p 5001 -b "$bytes" -t "$limit" > "$dir/sent" 2>&1 &
	send_pid=$!
	t_start=${EPOCHREALTIME/./}
}

# progress: the bytes received so far
progress() {
	local n
	n=$(cat "$dir/progress" 2> /dev/null)
	echo $((10#${n:-0}))
}

# past BYTES: at least BYTES received (or all of the transfer)
past() { [ "$(progress)" -ge $(($1 < bytes ? $1 : bytes)) ]; }

# at FRACTION_PERCENT: wait until the transfer got that far
at() { wait_until 120 past $((bytes / 100 * $1)); }

# secs_since USEC: seconds since a ${EPOCHREALTIME/./} stamp, as "1.23"
secs_since() {
	local dt=$((${EPOCHREALTIME/./} - $1))
	printf '%d.%02d' $((dt / 1000000)) $((dt % 1000000 / 10000))
}

# fault: mark the moment a fault happens, and how far the transfer was
fault() {
	t_fault=${EPOCHREALTIME/./} mark=$(progress)
}

# moves_on SECONDS DESC: after the fault, another sixteenth of the
# transfer arrives within SECONDS
moves_on() {
	if ! check "$2" wait_until "$1" past $((mark + step)); then
		echo "# stuck at $(progress) of $bytes bytes"
		on 1 pilot show pilot0 | sed 's/^/# n1 /'
		on 2 pilot show pilot0 | sed 's/^/# n2 /'
		return 1
	fi
	echo "# $2: $(secs_since "$t_fault") s after the fault"
}

# recovered SECONDS A B ADDR DESC: node A pings node B's ADDR within
# SECONDS of the fault; the time it took is the fault's recovery time
pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }
recovered() {
	check "$5" wait_until "$1" pinged "$2" "$4" || return
	echo "# $5: recovered $(secs_since "$t_fault") s after the fault"
}

# intact SEND_RC RECV_RC: both ends finished (exit statuses), with the
# same byte count and SHA-256
intact() {
	local sv sn sh rv rn rh
	read -r sv sn sh _ < "$dir/sent"
	read -r rv rn rh _ < "$dir/received"
	if [ "$1 $2" = "0 0" ] && [ "$sv $rv" = "sent received" ] &&
	   [ "$sn" = "$bytes" ] && [ "$rn" = "$bytes" ] && [ ${#sh} = 64 ] &&
	   [ "$sh" = "$rh" ]; then
		return 0
	fi
	echo "expected $bytes bytes both ways; exit statuses $1 (sender), $2 (receiver)"
	cat "$dir/sent" "$dir/received"
	return 1
}

# xfer_done DESC: wait for both ends (not in check's subshell: they are
# this shell's children); the transfer is intact; its figures as a comment
xfer_done() {
	local secs src rrc
	wait "$send_pid"
	src=$?
	wait "$recv_pid"
	rrc=$?
	secs=$(secs_since "$t_start")
	check "$1: all $((bytes / 1048576)) MiB arrive, SHA-256 identical at both ends" \
		intact $src $rrc
	echo "# $1: $((bytes / 1048576)) MiB in $secs s," \
		"$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.1f", b * 8 / 1e6 / s }') Mbit/s"
}

# monitor N: pilot monitor of node N into $dir/monitorN
monitor() {
	on "$1" pilot monitor > "$dir/monitor$1" 2>&1 &
	eval "mon$1=\$!"
}

nodes_up 1 2
nodes_peer 1 2 v4
check "a session comes up" wait_until 10 pinged 1 10.7.0.2

# ---- 1. a lossy wire --------------------------------------------------------
# both directions: loss, delay with jitter (which reorders), reordering and
# duplication on node 1's side; loss and duplication on node 2's
netem1="delay 1ms 1ms loss 5% duplicate 1% reorder 10% 50%"
netem2="delay 1ms loss 5% duplicate 1%"
check "netem on node 1's side of the wire: $netem1" \
	on 1 tc qdisc add dev eth0 root netem $netem1
check "netem on node 2's side of the wire: $netem2" \
	on 2 tc qdisc add dev eth0 root netem $netem2
replays=$(drops 2 replay)
monitor 2
xfer_start 1 2 10.7.0.2 "$mb"
xfer_done "through netem"
kill "$mon2"
netem_drops() {
	on "$1" tc -s qdisc show dev eth0 | awk '/dropped/ { sub(",", "", $7); print $7; exit }'
}
lost1=$(netem_drops 1) lost2=$(netem_drops 2)
sent1=$(on 1 tc -s qdisc show dev eth0 | awk '/Sent/ { print $4; exit }')
check "netem dropped frames each way (node 1: $lost1 of $sent1, node 2: $lost2)" \
	test "${lost1:-0}" -gt 0 -a "${lost2:-0}" -gt 0
echo "# netem: node 1 lost $lost1 of $sent1 frames, node 2 lost $lost2;" \
	"node 2 refused $(($(drops 2 replay) - replays)) replays," \
	"$(grep -c 'key installed' "$dir/monitor2") key exchanges"
on 1 tc qdisc del dev eth0 root
on 2 tc qdisc del dev eth0 root

# ---- 2. the peer takes a new key, then restarts -----------------------------
monitor 1
xfer_start 1 2 10.7.0.2 "$fmb"
at 30
fault
check "node 2 takes a new private key mid-transfer" \
	on 2 pilot set pilot0 private-key <(pilot genkey)
# spec 7.2: a lost key-exchange frame is sent again after 4 s
recovered 8 1 2 10.7.0.2 "new key: node 1 reaches node 2 again"
moves_on 20 "new key: the transfer moves on"
check "node 1 installed node 2's new key" \
	grep -q '^pilot0: peer 2 key installed (unauthenticated, rekey' "$dir/monitor1"
xfer_done "new key"

xfer_start 1 2 10.7.0.2 "$fmb"
at 30
fault
on 2 ip link del pilot0
restart() { node_device 2 && node_add_peer 2 1; }
check "node 2 restarts: pilot0 deleted and made again, with a new key" restart
recovered 8 1 2 10.7.0.2 "restart: node 1 reaches node 2 again"
moves_on 20 "restart: the transfer moves on"
xfer_done "restart"
kill "$mon1"
check "node 1 installed a new key of node 2 at each fault" \
	test "$(grep -c '^pilot0: peer 2 key installed (unauthenticated, rekey' "$dir/monitor1")" -ge 2

# ---- 5. NAT rebinding: node 2's address, then its port, change --------------
# Node 1 learns where node 2 is from node 2's next authentic frame (spec
# 8.3): at once while node 2 sends (a transfer and pings from it), and
# from its keepalive (spec 8.4: 25 s, swept every 5 s) while it is silent.
endpoint_is() { [ "$(on 1 pilot show pilot0 endpoints | grep "^2	")" = "$(printf '2\t%s' "$1")" ]; }
# learned SECONDS ENDPOINT DESC: node 1 follows node 2 to ENDPOINT in time
learned() {
	check "$3: node 1 learns $2" wait_until "$1" endpoint_is "$2" || return
	echo "# $3: endpoint learned $(secs_since "$t_fault") s after the fault"
}
# not through on(): $! must be ping itself, or killing it leaves ping running
ip netns exec n2 ping -i 0.2 -w 300 10.7.0.1 > /dev/null 2>&1 &
pinger=$!
xfer_start 2 1 10.7.0.1 "$fmb"
at 30
fault
ip -n wire route add 192.0.2.22/32 dev w2
on 2 ip addr add 192.0.2.22/32 dev eth0
on 2 ip addr del 192.0.2.2/32 dev eth0
learned 5 192.0.2.22:4000 "address change"
moves_on 20 "address change: the transfer moves on"
at 60
fault
check "node 2 moves to port 4001 mid-transfer" on 2 pilot set pilot0 listen-port 4001
learned 5 192.0.2.22:4001 "port change"
moves_on 20 "port change: the transfer moves on"
xfer_done "NAT rebinding"
kill "$pinger"
wait "$pinger" 2> /dev/null
fault
check "node 2, silent, moves to port 4002" on 2 pilot set pilot0 listen-port 4002
learned 35 192.0.2.22:4002 "a silent peer's port change (at worst its keepalive)"
recovered 3 1 2 10.7.0.2 "node 1 reaches node 2 at its new endpoint"

# ---- 6. the MTU lowered under traffic ---------------------------------------
mtu_all() {
	on 1 ip link set eth0 mtu "$1" && on 2 ip link set eth0 mtu "$1" &&
		ip -n wire link set w1 mtu "$1" && ip -n wire link set w2 mtu "$1"
}
xfer_start 1 2 10.7.0.2 "$fmb"
at 25
fault
check "pilot0's MTU lowered to 1280 on both nodes mid-transfer" \
	bash -c 'ip -n n1 link set pilot0 mtu 1280 && ip -n n2 link set pilot0 mtu 1280'
moves_on 20 "pilot0 MTU 1280: the transfer moves on"
at 50
fault
# frames up to 1223 bytes (PILF pieces) plus UDP and IP: fragmented
check "the wire's MTU lowered to 1000 mid-transfer" mtu_all 1000
moves_on 20 "wire MTU 1000: the transfer moves on"
at 75
fault
check "pilot0's MTU lowered to 576 mid-transfer" \
	bash -c 'ip -n n1 link set pilot0 mtu 576 && ip -n n2 link set pilot0 mtu 576'
moves_on 20 "pilot0 MTU 576: the transfer moves on"
xfer_done "MTU lowered"
check "pings of 1400 bytes pass pilot0 and the wire, both fragmented" \
	on 1 ping -c 1 -W 2 -s 1400 10.7.0.2
nodes_down

# ---- 3. pilot-keyd killed with SIGKILL mid-session --------------------------
authenticated() {
	on "$1" pilot -j show pilot0 | grep -q "\"node_id\":$2,[^}]*\"authenticated\":true"
}
no_helper() { on "$1" pilot show pilot0 | grep -qx '  pilot-keyd: not running'; }
rm -rf "$keyd_dir"
nodes_up 1 2 && nodes_peer 1 2
keyd_register 1
keyd_register 2
check "node 1's pilot-keyd sets its identity" keyd_up 1
check "node 2's pilot-keyd sets its identity" keyd_up 2
check "an authenticated session comes up" wait_until 10 pinged 1 10.7.0.2
check "node 1 holds an authenticated session with node 2" authenticated 1 2
sessions=$(on 2 pilot show pilot0 | grep sessions)
xfer_start 1 2 10.7.0.2 "$fmb"
at 25
fault
kill -KILL "$(cat "$keyd_dir/n2.pid")"
check "node 2's pilot-keyd killed (SIGKILL): the kernel sees it gone" wait_until 5 no_helper 2
moves_on 10 "without its helper, the transfer moves on"
at 50
check "a restarted helper re-syncs from the kernel" keyd_up 2
check_eq "its restart dropped no session" "$sessions" "$(on 2 pilot show pilot0 | grep sessions)"
at 75
fault
check "node 2 takes a new private key" on 2 pilot set pilot0 private-key <(pilot genkey)
recovered 8 1 2 10.7.0.2 "keyd restarted: a new key exchange, signed, and node 1 reaches node 2"
check "node 1 holds an authenticated session with node 2's new key" authenticated 1 2
xfer_done "pilot-keyd killed"

# ---- 4. the registry goes down ----------------------------------------------
# the registry listens in the wire's namespace, on the router's address
keyd_down 1
keyd_down 2
: > "$keyd_dir/none"
# registry_up PORT: start it (0: any port); then check registry_listens
registry_up() {
	ip netns exec wire /selftests/pilot/registry_server --listen "169.254.0.1:$1" \
		--nodes "$keyd_dir/peers" > "$keyd_dir/registry.out" 2>> "$keyd_dir/registry.log" &
	registry=$!
}
registry_listens() { wait_until 5 grep -q '^port ' "$keyd_dir/registry.out"; }
registry_up 0
check "a registry listens on the wire" registry_listens
port=$(awk '/^port / { print $2 }' "$keyd_dir/registry.out")
check "node 1's helper asks the registry (no static file)" \
	keyd_up 1 --peers "$keyd_dir/none" --registry "169.254.0.1:$port"
check "node 2's helper asks the registry (no static file)" \
	keyd_up 2 --peers "$keyd_dir/none" --registry "169.254.0.1:$port"
check "node 1 takes a new private key" on 1 pilot set pilot0 private-key <(pilot genkey)
check "a session verified through the registry" wait_until 20 pinged 1 10.7.0.2
check "node 2 holds an authenticated session with node 1" authenticated 2 1
xfer_start 1 2 10.7.0.2 "$fmb"
at 30
fault
kill "$registry"
wait "$registry" 2> /dev/null
moves_on 10 "registry down: the transfer moves on"
# a new node: node 1's helper cannot look it up
node_wire 3
keyd_register 3
check "node 3's pilot0" node_device 3
node_add_peer 1 3 && node_add_peer 3 1
keyd_start 3
check "node 3's helper (static peers file) signs for it" wait_until 10 keyd_ready 3
monitor 1
failed=$(drops 1 auth-failed)
check_fail "node 3 cannot reach node 1: the registry cannot vouch for node 3" \
	on 3 ping -c 1 -W 3 10.7.0.1
refused() { grep -q '^pilot0: node 3 PILA refused (unreachable' "$dir/monitor1"; }
check "node 1 refuses node 3's PILA: registry unreachable (pilot monitor)" wait_until 5 refused
check "node 1 counts it as auth-failed" test "$(drops 1 auth-failed)" -gt "$failed"
check "node 1's helper says why" grep -q 'node 3.*unreachable' "$keyd_dir/n1.log"
check "node 1's helper lives on" keyd_ready 1
xfer_done "registry down"
check "node 1 still reaches node 2" pinged 1 10.7.0.2
fault
registry_up "$port"
check "the registry is back on its port" registry_listens
recovered 30 3 1 10.7.0.1 "registry back: node 3 reaches node 1"
check "node 1 holds an authenticated session with node 3" authenticated 1 3
kill "$mon1" "$registry"
wait "$mon1" "$registry" 2> /dev/null	# not the helpers: keyd_down stops them

keyd_down 1
keyd_down 2
keyd_down 3
keyd_dump
nodes_down
rm -rf "$keyd_dir" "$dir"
tap_done
