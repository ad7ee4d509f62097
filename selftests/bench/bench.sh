#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark, guest side (booted by scripts/bench.sh). Two network
# namespaces, n1 and n2, joined by veth, carry four configurations at once:
#
#   veth  a plain veth pair (10.6.0.N), no tunnel
#   wg    WireGuard (10.8.0.N), over the underlay veth
#   pilk  pilot0 (10.7.0.N), a PILK session (no identity)
#   pila  pilot1 (10.9.0.N), a PILA session (pilot-keyd, static peers file)
#
# The underlay veth (192.0.2.N) has an MTU of 1600 so that every
# configuration's own device has an MTU of 1500 and a 1,400-byte UDP
# payload is never fragmented. Each figure is measured REPS times, the
# configurations alternating inside each repetition.
#
# Output (on standard output, the host's results file), a line each:
#   BENCH info KEY VALUE...
#   BENCH sample METRIC CONFIG REP VALUE
#   BENCH done
# and "BENCH fatal WHY" (exit 1) when a configuration does not come up or
# a measurement fails.
#
# Kernel command line: bench_reps=N (3), bench_secs=N (5, seconds of each
# iperf3 run), bench_pings=N (300), bench_tcrypt=0|1 (0), bench_scale=N
# (the most live sessions of the scale figures, 0: no key-exchange and
# scale figures), bench_profile=0|1 (0: with 1, "BENCH profile CONFIG
# SHARE SYMBOL" lines, perf's cpu-clock samples of a TCP run). pilot's
# module parameters come as pilot.NAME=VALUE, which modprobe applies.
set -u
. /selftests/lib/nodes.sh

param() {
	local v
	v=$(sed -n "s/.*bench_$1=\([0-9]*\).*/\1/p" /proc/cmdline)
	echo "${v:-$2}"
}
REPS=$(param reps 3)
SECS=$(param secs 5)
PINGS=$(param pings 300)
TCRYPT=$(param tcrypt 0)
SCALE=$(param scale 0)
PROFILE=$(param profile 0)
configs=(veth wg pilk pila)
declare -A dst=([veth]=10.6.0.2 [wg]=10.8.0.2 [pilk]=10.7.0.2 [pila]=10.9.0.2)

fatal() {
	echo "BENCH fatal $*"
	for f in "$keyd_dir"/*.log /tmp/iperf3.err; do
		[ -s "$f" ] && { echo "# --- $f"; sed 's/^/# /' "$f"; }
	done
	exit 1
}
info() { echo "BENCH info $*"; }
sample() { echo "BENCH sample $*"; }
log() { echo "# [$(cut -d' ' -f1 /proc/uptime)] $*"; }

# ---- setup -----------------------------------------------------------------

setup_netns() {
	local n
	for n in 1 2; do
		ip netns add "n$n" || return
		ip -n "n$n" link set lo up
	done
	ip link add eth0 netns n1 type veth peer name eth0 netns n2 || return
	ip link add veth1 netns n1 type veth peer name veth1 netns n2 || return
	for n in 1 2; do
		ip -n "n$n" link set eth0 mtu 1600 up
		ip -n "n$n" addr add "192.0.2.$n/24" dev eth0
		ip -n "n$n" link set veth1 up
		ip -n "n$n" addr add "10.6.0.$n/24" dev veth1
	done
}

setup_wg() {
	local n o
	for n in 1 2; do
		(umask 077 && wg genkey > "/tmp/wg$n.key") && wg pubkey < "/tmp/wg$n.key" > "/tmp/wg$n.pub" || return
	done
	for n in 1 2; do
		o=$((3 - n))
		ip -n "n$n" link add wg0 type wireguard || return
		on "$n" wg set wg0 private-key "/tmp/wg$n.key" listen-port 51820 \
			peer "$(cat "/tmp/wg$o.pub")" endpoint "192.0.2.$o:51820" \
			allowed-ips "10.8.0.$o/32" || return
		ip -n "n$n" addr add "10.8.0.$n/24" dev wg0
		ip -n "n$n" link set wg0 mtu 1500 up
	done
}

# pilot_dev DEV PORT NET: pilot device DEV in n1 and n2, peers of each other
pilot_dev() {
	local dev=$1 port=$2 net=$3 n o
	for n in 1 2; do
		ip -n "n$n" link add "$dev" type pilot || return
		ip -n "n$n" addr add "$net.$n/24" dev "$dev"
		on "$n" pilot set "$dev" node-id "$n" network-id 1 listen-port "$port" || return
		ip -n "n$n" link set "$dev" mtu 1500 up
	done
	for n in 1 2; do
		o=$((3 - n))
		on "$n" pilot set "$dev" peer "$o" endpoint "192.0.2.$o:$port" \
			allowed-ips "$net.$o/32" || return
	done
}

# authenticated N DEV true|false: node N's session with the other node on
# DEV is (or is not) authenticated
authenticated() {
	on "$1" pilot -j show "$2" | grep -q "\"node_id\":$((3 - $1)),[^}]*\"authenticated\":$3"
}

setup_pila() {
	local n
	pilot_dev pilot1 4001 10.9.0 || return
	for n in 1 2; do
		mkdir -p "$keyd_dir/n$n" && chmod 700 "$keyd_dir/n$n"
		"$keyd" --init --identity "$keyd_dir/n$n/identity.json" > /dev/null || return
		echo "$n $("$keyd" --identity "$keyd_dir/n$n/identity.json" --public-key)" \
			"192.0.2.$n:4001" >> "$keyd_dir/peers"
	done
	for n in 1 2; do
		ip netns exec "n$n" "$keyd" --foreground --device pilot1 \
			--identity "$keyd_dir/n$n/identity.json" --peers "$keyd_dir/peers" \
			>> "$keyd_dir/n$n.log" 2>&1 &
	done
}

pinged() { on 1 ping -c 1 -W 1 "$1" > /dev/null 2>&1; }

modprobe pilot || fatal "modprobe pilot"
modprobe wireguard || fatal "modprobe wireguard"
setup_netns || fatal "the namespaces and veth pairs"
setup_wg || fatal "WireGuard's wg0"
pilot_dev pilot0 4000 10.7.0 || fatal "pilot0 (PILK)"
setup_pila || fatal "pilot1 and pilot-keyd (PILA)"
for c in "${configs[@]}"; do
	wait_until 30 pinged "${dst[$c]}" > /dev/null || fatal "$c: no ping through to ${dst[$c]}"
done
authenticated 1 pilot0 false && authenticated 2 pilot0 false ||
	fatal "pilk: pilot0's sessions are not unauthenticated (PILK) ones"
wait_until 10 authenticated 1 pilot1 true && authenticated 2 pilot1 true ||
	fatal "pila: pilot1's sessions are not authenticated (PILA) ones"
info kernel "$(uname -r)"
info cpus "$(nproc)"
info mem_kb "$(awk '/MemTotal/ { print $2 }' /proc/meminfo)"
info params reps="$REPS" secs="$SECS" pings="$PINGS"
# the gcm(aes) pilot's sessions get: the crypto API gives the highest
# priority one that is not internal (a SIMD helper only its wrapper calls)
info parallel "$(cat /sys/module/pilot/parameters/parallel_crypto)"
aead=$(cat /sys/module/pilot/parameters/aead_driver)
[ -n "$aead" ] && info aead "$aead" ||
info aead "$(awk -F' *: ' '$1 == "name" { n = $2; i = 0 } $1 == "driver" { d = $2 }
	$1 == "priority" { p = $2 } $1 == "internal" { i = ($2 == "yes") }
	/^$/ && n == "gcm(aes)" && !i { print p, d } END { if (n == "gcm(aes)" && !i) print p, d }' \
	/proc/crypto | sort -n | tail -1 | cut -d' ' -f2)"
log "all four configurations are up"

# ---- throughput, packet rate, latency ---------------------------------------

pkill_iperf() { kill "$(cat /tmp/iperf3.pid 2> /dev/null)" 2> /dev/null; }
iperf_server() {
	pkill_iperf
	on 2 iperf3 -s -D -p 5201 -I /tmp/iperf3.pid > /dev/null 2>&1
	wait_until 5 test -s /tmp/iperf3.pid
}

# jfield FILE BLOCK FIELD: the number FIELD in iperf3's JSON block BLOCK
jfield() {
	awk -v b="\"$2\":" -v f="\"$3\":" 'index($0, b) { inb = 1 }
		inb && index($0, f) { v = $2; gsub(/[^0-9.eE+-]/, "", v); print v; exit }' "$1"
}

# iperf CONFIG ARGS...: one iperf3 run from n1 to CONFIG's address; its
# JSON in /tmp/iperf3.json
iperf() {
	local c=$1 i
	shift
	for i in 1 2 3; do
		on 1 iperf3 -c "${dst[$c]}" -p 5201 -t "$SECS" -J "$@" > /tmp/iperf3.json \
			2> /tmp/iperf3.err && [ -n "$(jfield /tmp/iperf3.json sum_received bytes)" ] &&
			return 0
		# the server may still be closing the previous test
		sleep 1
		iperf_server
	done
	cat /tmp/iperf3.json >> /tmp/iperf3.err
	fatal "$c: iperf3 $*"
}

# tcp CONFIG STREAMS: Mbit/s the receiver got, in $val
tcp() {
	iperf "$1" -P "$2"
	val=$(awk -v b="$(jfield /tmp/iperf3.json sum_received bits_per_second)" \
		'BEGIN { printf "%.1f\n", b / 1e6 }')
}

# udp CONFIG LEN: packets a second the receiver got, in $val
udp() {
	iperf "$1" -u -b 0 -l "$2"
	val=$(awk -v b="$(jfield /tmp/iperf3.json sum_received bytes)" \
		-v s="$(jfield /tmp/iperf3.json sum_received seconds)" -v l="$2" \
		'BEGIN { printf "%.0f\n", b / l / s }')
}

# latency CONFIG REP: PINGS echoes 10 ms apart; p50, p90, p99 in µs
latency() {
	local c=$1 rep=$2 p
	on 1 ping -c "$PINGS" -i 0.01 -W 1 "${dst[$c]}" > /tmp/ping.out 2>&1
	sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' /tmp/ping.out | sort -n > /tmp/ping.ms
	[ "$(wc -l < /tmp/ping.ms)" -ge $((PINGS * 9 / 10)) ] ||
		fatal "$c: only $(wc -l < /tmp/ping.ms) of $PINGS pings answered"
	for p in 50 90 99; do
		sample "lat_p$p" "$c" "$rep" "$(awk -v p="$p" '{ v[NR] = $1 }
			END { i = int((NR * p + 99) / 100); if (i < 1) i = 1
			      printf "%.0f\n", v[i] * 1000 }' /tmp/ping.ms)"
	done
}

iperf_server || fatal "iperf3 server"
for rep in $(seq 1 "$REPS"); do
	log "repetition $rep of $REPS"
	for c in "${configs[@]}"; do tcp "$c" 1; sample tcp1 "$c" "$rep" "$val"; done
	for c in "${configs[@]}"; do tcp "$c" 4; sample tcp4 "$c" "$rep" "$val"; done
	for c in "${configs[@]}"; do udp "$c" 64; sample udp64 "$c" "$rep" "$val"; done
	for c in "${configs[@]}"; do udp "$c" 1400; sample udp1400 "$c" "$rep" "$val"; done
	for c in "${configs[@]}"; do latency "$c" "$rep"; done
done

# ---- key exchanges a second, cost at scale ----------------------------------

# sessions: the live sessions of n2's pilot0
sessions() { on 2 pilot show pilot0 | awk '$1 == "sessions:" { print $2 }'; }
# meminfo FIELD: a /proc/meminfo figure, in kB
meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
kx_flood=/selftests/bench/kx_flood

# scale_point N: PILK tcp1 and udp64 while n2's pilot0 has N sessions
scale_point() {
	local rep
	for rep in $(seq 1 "$REPS"); do
		tcp pilk 1
		sample scale_tcp1 "$1" "$rep" "$val"
		udp pilk 64
		sample scale_udp64 "$1" "$rep" "$val"
	done
}

if [ "$SCALE" -gt 0 ]; then
	log "key exchanges and scale, up to $SCALE sessions"
	on 2 pilot set pilot0 learn-peers on || fatal "learn-peers on"
	# n1 answers for 10.100.0.0/16 (kx_flood's source addresses)
	ip -n n1 route add local 10.100.0.0/16 dev lo || fatal "kx_flood's addresses"
	ip -n n2 route add 10.100.0.0/16 via 192.0.2.1 dev eth0 || fatal "the route back"
	[ "$(sessions)" = 1 ] || fatal "n2's pilot0 has $(sessions) sessions, not 1"
	scale_point 1

	# the limit (spec 8.6): 30 PILK frames from one source address at once
	rl0=$(drops 2 rate-limited)
	on 1 "$kx_flood" --peer 192.0.2.2:4000 --src 10.100.255.1 --sources 1 --nodes 30 \
		--first 900000 --window 30 --timeout 2000 --once --any > /tmp/kx.out ||
		fatal "kx_flood (rate limit): $(cat /tmp/kx.out)"
	sample rl_sent limit 1 30
	sample rl_answered limit 1 "$(awk '{ print $6 }' /tmp/kx.out)"
	sample rl_dropped limit 1 $(($(drops 2 rate-limited) - rl0))
	[ $(($(drops 2 rate-limited) - rl0)) -ge 20 ] ||
		fatal "the rate limit did not hold: $(cat /tmp/kx.out)"

	first=100000
	for target in 1000 "$SCALE"; do
		cur=$(sessions)
		need=$((target - cur))
		[ "$need" -gt 0 ] || continue
		src=$((need < 4000 ? need : 4000))
		slab0=$(meminfo Slab) avail0=$(meminfo MemAvailable)
		rl0=$(drops 2 rate-limited)
		log "$need PILK handshakes from $src addresses (to $target sessions)"
		on 1 "$kx_flood" --peer 192.0.2.2:4000 --src 10.100.0.1 --sources "$src" \
			--nodes "$need" --first "$first" --window 64 --timeout 10000 > /tmp/kx.out ||
			fatal "kx_flood: $(cat /tmp/kx.out)"
		first=$((first + need))
		wait_until 30 test "$(sessions)" -ge "$target" ||
			fatal "n2's pilot0 has $(sessions) sessions, not $target: $(cat /tmp/kx.out)"
		info "kx_$target" "$(cat /tmp/kx.out)"
		sample kx_rate "$target" 1 "$(awk '{ print $10 }' /tmp/kx.out)"
		sample kx_done "$target" 1 "$need"
		sample kx_rl_drops "$target" 1 $(($(drops 2 rate-limited) - rl0))
		sample mem_slab "$target" 1 $(( ($(meminfo Slab) - slab0) * 1024 / need ))
		sample mem_avail "$target" 1 $(( (avail0 - $(meminfo MemAvailable)) * 1024 / need ))
		scale_point "$target"
	done
fi
pkill_iperf

# ---- crypto ceiling: tcrypt's gcm(aes) speed test on one CPU -----------------

# tcrypt mode 211 times gcm(aes) and rfc4106(gcm(aes)), encryption then
# decryption, each key size and block size for sec seconds; it always
# fails to load, by design. The figure: gcm(aes), 256-bit key (pilot's
# AES-256-GCM), 1420-byte blocks, in Mbit/s.
if [ "$TCRYPT" = 1 ]; then
	log "tcrypt mode 211 (about 100 s)"
	dmesg -c > /dev/null
	taskset 1 modprobe tcrypt mode=211 sec=1 2> /dev/null
	dmesg > /tmp/tcrypt.log
	for dir in encryption decryption; do
		v=$(awk -v d="$dir" '/testing speed of/ {
				cur = (index($0, "of gcm(aes) ") && index($0, d)) }
			cur && /256 bit key, 1420 byte blocks/ {
				for (i = 1; i <= NF; i++) if ($i == "operations") ops = $(i - 1)
				for (i = 1; i <= NF; i++) if ($i == "seconds") s = $(i - 1)
				for (i = 1; i <= NF; i++) if ($i == "bytes)") b = $(i - 1)
				gsub(/\(/, "", b); printf "%.1f %d\n", b * 8 / s / 1e6, ops / s; exit }' /tmp/tcrypt.log)
		[ -n "$v" ] || { sed 's/^/# /' /tmp/tcrypt.log | tail -20; fatal "tcrypt: no gcm(aes) $dir figure"; }
		sample "gcm_${dir:0:3}_mbit" crypto 1 "${v% *}"
		sample "gcm_${dir:0:3}_ops" crypto 1 "${v#* }"
	done
	info tcrypt_driver "$(sed -n 's/.*testing speed of gcm(aes) (\([^)]*\)) encryption.*/\1/p' /tmp/tcrypt.log | head -1)"
fi

# ---- where the time goes: perf's cpu-clock samples -----------------------------

# Every CPU, kernel and user, during a 1-stream TCP run and a 64-byte UDP
# run of each tunnel; the top symbols by share of samples.
if [ "$PROFILE" = 1 ]; then
	for c in wg pilk; do
		for run in "tcp 1" "udp 64"; do
			log "profile: $c, $run"
			perf record -a -F 499 -e cpu-clock -o "/tmp/perf.$c" -- sleep "$((SECS + 1))" \
				> /tmp/perf.out 2>&1 &
			perf=$!
			${run% *} "$c" "${run#* }"
			wait "$perf" || fatal "perf record: $(tail -5 /tmp/perf.out)"
			perf report -i "/tmp/perf.$c" --no-children --sort sym --stdio 2> /dev/null |
				awk -v c="$c/${run/ /}" '/^ *[0-9.]+%/ && n < 40 { s = $1; $1 = ""; sub(/^ +/, "");
					print "BENCH profile", c, s, $0; n++ }'
		done
	done
fi

echo "BENCH done"
