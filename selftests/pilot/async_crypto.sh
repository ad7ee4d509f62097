#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seals and opens that complete later: the module loaded with an AEAD that
# is always asynchronous (cryptd over the generic gcm, through the test
# parameter aead_driver), then the datapath's basics and teardown under
# traffic on it. First, which gcm(aes) a session gets by default (an AES-NI
# or VAES one, now that asynchronous implementations are allowed), from
# the reference counts in /proc/crypto. The runner fails the test on any
# kernel splat or leak.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

async_alg="cryptd(gcm_base(ctr(aes-generic),ghash-generic))"
xfer=/selftests/pilot/xfer
dir=/tmp/async_crypto
rm -rf "$dir"
mkdir -p "$dir"

# algs NAME: "driver refcnt async priority" for each /proc/crypto entry NAME
algs() {
	awk -v want="$1" 'BEGIN { RS = ""; FS = "\n" }
	{
		delete f
		for (i = 1; i <= NF; i++) {
			k = $i; sub(/[ \t]*:.*/, "", k)
			v = $i; sub(/^[^:]*: /, "", v)
			f[k] = v
		}
		if (f["name"] == want)
			print f["driver"], f["refcnt"], f["async"], f["priority"]
	}' /proc/crypto
}

# flood N ADDR SECONDS: TCP from node N to ADDR in the background
flood() {
	on "$1" timeout -s KILL $(($3 + 5)) iperf3 -c "$2" -t "$3" > /dev/null 2>&1 &
}

pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }

# ---- the default: which gcm(aes) a session gets ------------------------------
rmmod pilot 2> /dev/null
check "the module loads with its defaults" modprobe pilot
check_eq "aead_driver is empty by default" "" \
	"$(cat /sys/module/pilot/parameters/aead_driver)"
algs 'gcm(aes)' > "$dir/before"
nodes_up 1 2
nodes_peer 1 2 v4
check "a session with the default AEAD comes up" wait_until 10 pinged 1 10.7.0.2
algs 'gcm(aes)' > "$dir/after"
sed 's/^/# gcm(aes) (driver refcnt async priority): /' "$dir/after"
used=$(awk 'NR == FNR { before[$1] = $2; next } $2 > before[$1] { print $1 }' \
	"$dir/before" "$dir/after")
echo "# the default session's gcm(aes): ${used:-none found}"
check "the default session uses an AES-NI or VAES gcm(aes), not the generic template" \
	grep -qE '^[^ ]*(aesni|vaes)[^ ]*$' <<< "$used"
nodes_down
check "the module unloads" rmmod pilot

# ---- always asynchronous -----------------------------------------------------
check "cryptd is at hand" modprobe cryptd
check "the module loads with aead_driver=$async_alg" \
	modprobe pilot "aead_driver=$async_alg"
check_eq "the parameter reads back" "$async_alg" \
	"$(cat /sys/module/pilot/parameters/aead_driver)"

nodes_up 1 2 3
nodes_peer 1 2 v4
nodes_peer 1 3 v6
on 2 iperf3 -s -D > /dev/null
on 3 iperf3 -s -D > /dev/null
check "first ping over IPv4 starts the key exchange and gets through" \
	on 1 ping -c 3 -i 0.2 -W 5 10.7.0.2
check "the other way" on 2 ping -c 3 -i 0.2 -W 5 10.7.0.1
check "IPv6 inside, IPv4 underlay" on 1 ping -6 -c 3 -i 0.2 -W 5 fd00::2
check "IPv4 inside, IPv6 underlay" on 1 ping -c 3 -i 0.2 -W 5 10.7.0.3
check "IPv6 inside, IPv6 underlay" on 3 ping -6 -c 3 -i 0.2 -W 5 fd00::1
algs 'gcm(aes)' | grep -F "$async_alg" > "$dir/async"
sed 's/^/# (driver refcnt async priority): /' "$dir/async"
check "the sessions hold the cryptd AEAD (4 transforms), which is asynchronous" \
	awk '$2 >= 4 && $3 == "yes" { ok = 1 } END { exit !ok }' "$dir/async"
check "node 1 counts packets received" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/rx_packets)" -ge 12

# a short transfer, hashed at both ends
bytes=$(($(scaled 40) * 1048576 / 10))
on 2 "$xfer" recv -p 5001 -r "$dir/ready" -t 60 > "$dir/received" 2>&1 &
recv_pid=$!
wait_until 5 test -e "$dir/ready"
t0=${EPOCHREALTIME/./}
on 1 "$xfer" send -a 10.7.0.2 -p 5001 -b "$bytes" -t 60 > "$dir/sent" 2>&1
src=$?
wait "$recv_pid"
rrc=$?
us=$((${EPOCHREALTIME/./} - t0))
read -r sv sn sh _ < "$dir/sent"
read -r rv rn rh _ < "$dir/received"
check "a transfer of $((bytes / 1024)) KiB arrives whole, SHA-256 identical at both ends" \
	test "$src $rrc $sv $rv $sn $rn" = "0 0 sent received $bytes $bytes" -a \
	${#sh} = 64 -a "$sh" = "$rh"
echo "# transfer: $((bytes / 1024)) KiB in $((us / 1000)) ms," \
	"$((bytes * 8 / (us > 0 ? us : 1))) Mbit/s"
check "tx_errors stays 0 on node 1 (no refused seal)" \
	test "$(on 1 cat /sys/class/net/pilot0/statistics/tx_errors)" = 0

# taking things away with operations in flight
flood 1 10.7.0.3 4
sleep 1
check "peer 3 removed under traffic" on 1 pilot set pilot0 peer 3 remove
wait
flood 1 10.7.0.2 4
flood 2 10.7.0.1 4
sleep 1
check "node 1's device deleted under traffic" on 1 ip link del pilot0
wait
check_fail "node 1 has no pilot0 left" on 1 ip link show pilot0

nodes_peer 2 3 v4
check "a fresh pair comes up" wait_until 10 pinged 2 10.7.0.3
flood 2 10.7.0.3 5
sleep 1
check "the module unloads under traffic" rmmod pilot
wait
check_fail "the module is gone" test -d /sys/module/pilot

nodes_down
tap_done
