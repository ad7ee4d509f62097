#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Floods from a hostile node while two real peers move traffic.
#
# 1. PILK: bare node 3 sends 100,000 PILK frames (a tenth on the debug
#    kernel) to kernel node 1, each from a new random node ID and a random
#    source of $src, while node 1 sends a TCP transfer (selftests/pilot/xfer,
#    hashed at both ends) and pings to kernel node 2. The transfer must
#    arrive intact and the pings be answered; node 1's sessions and learned
#    peers stay within max_sessions (spec MaxCryptoPeers); every frame that
#    reached node 1 is a learned peer (an X25519 multiplication and a
#    session: spec 7.5, as Go daemons learn any node) or a drop counted
#    under its reason, exactly; slab memory stays bounded and goes back to
#    where it was once the learned peers are removed.
# 2. PILA: with pilot-keyd on nodes 1 and 2 (static peers file) and an
#    authenticated session between them, node 3 sends PILA frames with junk
#    signatures from random node IDs, every eighth claiming node 2 with node
#    2's registered Ed25519 key. Each is refused and counted (auth-failed
#    when pilot-keyd said no, rate-limited when the source's bucket, the
#    worker's queue or the 64 questions to pilot-keyd were full), exactly;
#    node 1's helper lives on, its queue never overflows. Then node 2 takes
#    a new private key during a second flood: the authenticated key
#    exchange must complete within the spec's retransmits (six frames 4 s
#    apart).
# Figures (frames sent, frames/s, drops by reason, sessions, memory) are
# printed as comments.
#
# env: PILOT_FLOOD_COUNT  PILK frames (default 100000, 10000 on the debug
#                         kernel); the PILA floods send a fifth as many
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

xfer=/selftests/pilot/xfer
src=198.18.0.0/15
count=${PILOT_FLOOD_COUNT:-$(scaled 100000)}
pila_count=$((count / 5))
mb=$(( $(scaled 10) < 10 ? 1 : 8 ))	# MiB moved during the PILK flood
dir=/tmp/flood
# memory allowed: a learned peer, and slack (other caches, frees not yet done)
peer_kib=16 slack_mib=16
[ "$(scaled 10)" = 10 ] || peer_kib=64 slack_mib=32
rm -rf "$dir"
mkdir -p "$dir"

pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }

# ---- figures -----------------------------------------------------------------
# slab_kib: the kernel's slab memory (/proc/meminfo Slab:), KiB
slab_kib() { awk '$1 == "Slab:" { print $2 }' /proc/meminfo; }

# stack_drops: datagrams the network stack dropped on its own (the
# backlog's and every namespace's UDP receive errors), which pilot never saw
stack_drops() {
	local n=0 v k
	while read -r v _; do n=$((n + 16#$v)); done < <(awk '{ print $2 }' /proc/net/softnet_stat)
	for k in 1 2 3; do
		v=$(on "$k" awk '$1 == "Udp:" && $2 ~ /^[0-9]/ { print $4 }' /proc/net/snmp)
		n=$((n + ${v:-0}))
	done
	echo "$n"
}

# dev_counts N: node N's peers and sessions ("PEERS SESSIONS")
dev_counts() { on "$1" pilot show pilot0 dump | awk -F'\t' 'NR == 1 { print $9, $11 }'; }

# delta BEFORE REASON: how much node 1's drop counter REASON rose since
# BEFORE (a file of drops_all output)
delta() {
	local now before
	now=$(drops 1 "$2") || now=0
	before=$(awk -F'\t' -v r="$2" '$1 == r { print $2 }' "$1")
	echo $((now - ${before:-0}))
}

# drops_since BEFORE: node 1's drops by reason since BEFORE, "reason N, ..."
drops_since() {
	drops_all 1 | awk -F'\t' '
		FILENAME == ARGV[1] { b[$1] = $2; next }
		$2 - b[$1] > 0 { printf "%s%s %d", sep, $1, $2 - b[$1]; sep = ", " }' "$1" -
}

# ---- the transfer (as in faults.sh) ----------------------------------------------
xfer_start() {
	bytes=$(($4 * 1048576))
	rm -f "$dir/ready"
	on "$2" "$xfer" recv -p 5001 -r "$dir/ready" -t 120 > "$dir/received" 2>&1 &
	recv_pid=$!
	wait_until 5 test -e "$dir/ready" || return
	on "$1" "$xfer" send -a "$3" -p 5001 -b "$bytes" -t 120 > "$dir/sent" 2>&1 &
	send_pid=$!
}

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

# ---- 1. PILK flood ------------------------------------------------------------
nodes_up 1 2 && nodes_peer 1 2 && nodes_bare 3
check "the wire takes node 3's datagrams from $src" spoof_from 3 "$src"
check "nodes 1 and 2 key a session (ping)" wait_until 10 pinged 1 10.7.0.2
max=$(cat /sys/module/pilot/parameters/max_sessions)

drops_all 1 > "$dir/drops0"
read -r peers0 sessions0 < <(dev_counts 1)
sdrops0=$(stack_drops)
slab0=$(slab_kib)
[ -r /proc/slabinfo ] && cp /proc/slabinfo "$dir/slabinfo0"

# a ping every 0.2 s (one line each: 1 answered, 0 not) and the slab
# figure every 0.2 s while the flood runs, until $dir/stop appears
rm -f "$dir/stop"
(while [ ! -e "$dir/stop" ]; do
	pinged 1 10.7.0.2 && echo 1 || echo 0
	sleep 0.2
done) > "$dir/ping" 2>&1 &
ping_pid=$!
(while [ ! -e "$dir/stop" ]; do slab_kib; sleep 0.2; done) > "$dir/slab" 2>&1 &
slab_pid=$!
xfer_start 1 2 10.7.0.2 "$mb"

t0=${EPOCHREALTIME/./}
tap_run "PILK flood" on 3 "$pilot_peer" --node 3 --peer-node 1 --bind 192.0.2.3:4000 \
	--peer 192.0.2.1:4000 --sources "$src" --count "$count" flood
secs=$(( (${EPOCHREALTIME/./} - t0) / 10000 ))

wait "$send_pid"
src_rc=$?
wait "$recv_pid"
rrc=$?
check "the transfer of $((bytes / 1048576)) MiB from node 1 to node 2 during the flood arrives intact (SHA-256)" \
	intact $src_rc $rrc
touch "$dir/stop"
wait "$ping_pid" "$slab_pid"
ptx=$(wc -l < "$dir/ping")
prx=$(grep -c 1 "$dir/ping")
check "node 2 answered at least 90 % of node 1's pings during the flood ($prx of $ptx)" \
	test "$((prx * 10))" -ge "$((ptx * 9))" -a "$ptx" -gt 0

# every frame that reached node 1 is a learned peer or a counted drop;
# the worker may still be busy with its queue
reasons="rate-limited peer-limit malformed unknown-peer unauthenticated"
accounted() {
	local n r
	read -r peers sessions < <(dev_counts 1)
	n=$((peers - peers0))
	for r in $reasons; do n=$((n + $(delta "$dir/drops0" "$r"))); done
	arrived=$((count - ($(stack_drops) - sdrops0)))
	echo "$n of $arrived frames accounted for"
	[ "$n" = "$arrived" ]
}
check "every PILK frame that reached node 1 is a learned peer or a drop counted under its reason" \
	wait_until 60 accounted
accounted > /dev/null
read -r peers sessions < <(dev_counts 1)
learned=$((peers - peers0))
check "node 1's sessions stay within max_sessions ($sessions <= $max)" test "$sessions" -le "$max"
check "node 1's learned peers stay within max_sessions ($learned <= $max)" test "$learned" -le "$max"
check_eq "node 1 made a session for every node it learned (an X25519 each)" \
	"$learned" "$((sessions - sessions0))"
check "node 1 still reaches node 2 (ping)" pinged 1 10.7.0.2

slab_peak=$(sort -n "$dir/slab" | tail -1)
slab1=$(slab_kib)
echo "# PILK flood: $count frames in $((secs / 100)).$(printf %02d $((secs % 100))) s" \
	"($((count * 100 / (secs ? secs : 1))) frames/s), $((count - arrived)) lost in the stack"
echo "# PILK flood: $learned nodes learned (as many X25519 computations and sessions answered), drops: $(drops_since "$dir/drops0")"
echo "# PILK flood: transfer $(awk '{ print $2 / 1048576 " MiB in " $4 " s" }' "$dir/received"), pings $prx of $ptx"
echo "# PILK flood: slab $((slab0 / 1024)) MiB before, peak $((slab_peak / 1024)) MiB during," \
	"$((slab1 / 1024)) MiB after ($(( (slab1 - slab0) / 1024 )) MiB more, $(( (slab1 - slab0) / (learned ? learned : 1) )) KiB a learned peer)"
if [ -e "$dir/slabinfo0" ]; then
	awk 'FILENAME == ARGV[1] { b[$1] = $3 * $4; next }
	     $3 ~ /^[0-9]+$/ { d = ($3 * $4 - b[$1]) / 1024; if (d > 64) printf "%d %s\n", d, $1 }' \
		"$dir/slabinfo0" /proc/slabinfo | sort -rn | head -6 |
		awk '{ printf "# PILK flood: slab cache %s grew by %d KiB\n", $2, $1 }'
fi
# a learned peer with its session costs a few KiB at most (16 KiB allowed;
# the debug kernel's redzones and kmemleak objects make it 31 KiB there)
check "slab memory grew by no more than $peer_kib KiB a learned peer plus $slack_mib MiB ($(( (slab_peak - slab0) / 1024 )) MiB at the peak)" \
	test "$((slab_peak - slab0))" -le "$((learned * peer_kib + slack_mib * 1024))"

# the learned peers removed (setconf keeps only what it names): their
# memory goes back
on 1 pilot showconf pilot0 | awk -v RS= -v ORS='\n\n' \
	'/^\[Interface\]/ || /\nNodeID = 2(\n|$)/' > "$dir/n1.conf"
check "node 1's learned peers removed (pilot setconf with node 2 only)" \
	on 1 pilot setconf pilot0 "$dir/n1.conf"
check "node 1 holds one peer again" test "$(dev_counts 1 | cut -d' ' -f1)" = 1
slab_back() {
	local now
	now=$(slab_kib)
	echo "slab $((now / 1024)) MiB, $((slab0 / 1024)) MiB before the flood"
	[ "$now" -le $((slab0 + slack_mib * 1024)) ]
}
check "slab memory back within $slack_mib MiB of before the flood" wait_until 20 slab_back
echo "# PILK flood: slab $(( $(slab_kib) / 1024 )) MiB once the learned peers are removed"
check "node 1 and node 2 key a session again (ping)" wait_until 15 pinged 1 10.7.0.2
nodes_down

# ---- 2. PILA flood with pilot-keyd ------------------------------------------------
rm -rf "$keyd_dir"
seed2=0202020202020202020202020202020202020202020202020202020202020202
mkdir -p "$keyd_dir/n2" && chmod 700 "$keyd_dir/n2"
(umask 077 && "$pilot_peer" --identity-seed "$seed2" identity-file > "$keyd_dir/n2/identity.json")
nodes_up 1 2 && nodes_peer 1 2 && nodes_bare 3
spoof_from 3 "$src"
keyd_register 1
keyd_register 2
check "node 2's helper holds the identity pilot_peer floods with" \
	test "$(keyd_key 2)" = "$("$pilot_peer" --identity-seed "$seed2" identity)"
check "node 1's pilot-keyd sets its identity" keyd_up 1
check "node 2's pilot-keyd sets its identity" keyd_up 2
check "an authenticated session comes up (ping)" wait_until 15 pinged 1 10.7.0.2
authenticated() {
	on "$1" pilot -j show pilot0 | grep -q "\"node_id\":$2,[^}]*\"authenticated\":true"
}
check "node 1 holds an authenticated session with node 2" authenticated 1 2
keyd_rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$(cat "$keyd_dir/n1.pid")/status"; }
rss0=$(keyd_rss)

# pila_flood N: N PILA frames from node 3, every eighth claiming node 2
pila_flood() {
	on 3 "$pilot_peer" --node 2 --peer-node 1 --bind 192.0.2.3:4000 \
		--peer 192.0.2.1:4000 --identity-seed "$seed2" --sources "$src" \
		--count "$1" pila-flood
}

drops_all 1 > "$dir/drops0"
sdrops0=$(stack_drops)
lines0=$(wc -l < "$keyd_dir/n1.log")
t0=${EPOCHREALTIME/./}
tap_run "PILA flood" pila_flood "$pila_count"
secs=$(( (${EPOCHREALTIME/./} - t0) / 10000 ))
reasons="rate-limited auth-failed unauthenticated unknown-peer malformed"
refused() {
	local n=0 r
	for r in $reasons; do n=$((n + $(delta "$dir/drops0" "$r"))); done
	arrived=$((pila_count - ($(stack_drops) - sdrops0)))
	echo "$n of $arrived frames refused"
	[ "$n" = "$arrived" ]
}
# a question pilot-keyd leaves unanswered times out after 5 s
check "every PILA frame that reached node 1 was refused and counted under its reason" \
	wait_until 30 refused
refused > /dev/null
check_eq "node 1 learned no node from them" 1 "$(dev_counts 1 | cut -d' ' -f1)"
auth_failed=$(delta "$dir/drops0" auth-failed)
check "pilot-keyd refused some (auth-failed), the rest hit a limit (rate-limited)" \
	test "$auth_failed" -gt 0 -a "$(delta "$dir/drops0" rate-limited)" -gt 0
check "node 1's helper lives on" keyd_ready 1
check "node 1's helper logged no full queue (the kernel asks 64 questions at most)" \
	bash -c "! grep -q 'queue full' '$keyd_dir/n1.log'"
bad_sig=$(tail -n +"$((lines0 + 1))" "$keyd_dir/n1.log" | grep -c 'node 2:')
check "node 1's helper refused frames claiming node 2 ($bad_sig logged)" test "$bad_sig" -gt 0
check "node 1 still holds an authenticated session with node 2" authenticated 1 2
check "node 1 still reaches node 2 (ping)" pinged 1 10.7.0.2
rss1=$(keyd_rss)
echo "# PILA flood: $pila_count frames in $((secs / 100)).$(printf %02d $((secs % 100))) s" \
	"($((pila_count * 100 / (secs ? secs : 1))) frames/s), $((pila_count - arrived)) lost in the stack"
echo "# PILA flood: drops: $(drops_since "$dir/drops0")"
echo "# PILA flood: node 1's helper logged $(( $(wc -l < "$keyd_dir/n1.log") - lines0 )) lines," \
	"$bad_sig about node 2; its RSS $rss0 KiB before, $rss1 KiB after"
check "node 1's helper's memory stays bounded (RSS $rss0 -> $rss1 KiB)" \
	test "$rss1" -le "$((rss0 + 4096))"

# a real key exchange during a second flood: node 2 takes a new key
on 1 pilot monitor > "$dir/monitor1" 2>&1 &
mon=$!
drops_all 1 > "$dir/drops0"
kx0=$(on 1 pilot show pilot0 latest-key-exchange | awk -F'\t' '$1 == 2 { print $2 }')
pila_flood "$count" > "$dir/flood2" 2>&1 < /dev/null &
flood=$!
arriving() { [ "$(delta "$dir/drops0" rate-limited)" -ge "$(scaled 1000)" ]; }
check "the second PILA flood, of $count frames, reaches node 1" wait_until 30 arriving
t0=${EPOCHREALTIME/./}
check "node 2 takes a new private key during the flood" \
	on 2 pilot set pilot0 private-key <(pilot genkey)
# six frames 4 s apart (spec 7.8): the last goes 20 s after the first
check "the authenticated key exchange completes: node 1 reaches node 2 (ping)" \
	wait_until 30 pinged 1 10.7.0.2
rekey=$(( (${EPOCHREALTIME/./} - t0) / 10000 ))
during="during"
kill -0 "$flood" 2> /dev/null || during="by the end of"
check "node 1 installed node 2's new key, authenticated" authenticated 1 2
check "node 1's latest key exchange with node 2 moved" \
	test "$(on 1 pilot show pilot0 latest-key-exchange | awk -F'\t' '$1 == 2 { print $2 }')" -gt "$kx0"
check "pilot monitor lives through the flood" kill -0 "$mon"
check "pilot monitor told of node 2's new key or of events lost" \
	grep -q -e '^pilot0: peer 2 key installed (authenticated' -e 'events lost' "$dir/monitor1"
wait "$flood"
check "the second PILA flood sent all its frames" grep -q '^ok 1' "$dir/flood2"
check_eq "node 1 learned no node from it" 1 "$(dev_counts 1 | cut -d' ' -f1)"
echo "# PILA flood: node 2's new key authenticated and a ping through in" \
	"$((rekey / 100)).$(printf %02d $((rekey % 100))) s after the new key, $during a flood of $count frames"
kill "$mon"
wait "$mon" 2> /dev/null

keyd_down 1
keyd_down 2
keyd_dump
nodes_down
rm -rf "$keyd_dir" "$dir"
tap_done
