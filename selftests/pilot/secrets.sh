#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No secret leaves the module or the tools. Two kernel nodes get known
# X25519 private keys and pilot-keyd identities from known Ed25519 seeds;
# they talk through PILK, then PILA, then re-key to another known key,
# with every pilot tracepoint and the module's dynamic debug on. Then
# every output is searched for each private key, each seed and each
# session key derived from the known keys (pilot_peer session-key), as
# hex, base64 (standard and URL-safe) and raw bytes: "pilot show" in every
# form, "pilot showconf", the raw netlink replies (nl_dump), the trace
# buffer, the kernel log, the helpers' logs and "pilot monitor". A control
# first shows that the search finds each secret in each form.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

dir=/tmp/secrets
T=/sys/kernel/tracing
ddebug=/sys/kernel/debug/dynamic_debug/control
rm -rf "$dir" "$keyd_dir"
mkdir -p "$dir/out" && chmod 700 "$dir"

# the known secrets, private keys already clamped (the module keeps them so)
k1=OOIFqZaYpULBehm1EqRupQcGtflU8vw4iGQDyI7wt0k=
k1b=uFxUNxjk5j3JRiyty+mBNO9sVwPiQHauCG9LNKL5OVQ=
k2=aHwI9eD55y677yEiqUntYLxMWIWV+UCRCAer6YmJT1s=
seed1=18cee30516660bad7fccf8dba43145ba3d9140387cdf4dee0bdf164e9dc67964
seed2=abab932c5c3b287d7061291af607119bc9433ed2d5d66e4966104ad150f936d7

b64hex() { echo "$1" | base64 -d | od -An -v -tx1 | tr -d ' \n'; }
hexbytes() { printf '%b' "$(echo "$1" | sed 's/../\\x&/g')"; }
hexb64() { hexbytes "$1" | base64 | tr -d '\n'; }

# the secrets, a "name hex" line each
pub() { echo "$1" | pilot pubkey; }
session() { "$pilot_peer" session-key "$1" "$(pub "$2")"; }
s12=$(session "$k1" "$k2")
check_eq "pilot_peer derives the same session key from either side" "$s12" "$(session "$k2" "$k1")"
s1b2=$(session "$k1b" "$k2")
{
	echo "private-key-1 $(b64hex "$k1")"
	echo "private-key-1b $(b64hex "$k1b")"
	echo "private-key-2 $(b64hex "$k2")"
	echo "seed-1 $seed1"
	echo "seed-2 $seed2"
	echo "session-key-1-2 $s12"
	echo "session-key-1b-2 $s1b2"
} > "$dir/secrets"
check_eq "seven known secrets of 32 bytes" 7 "$(awk 'length($2) == 64' "$dir/secrets" | wc -l)"

# What the search looks for: each secret in hex (any case), in base64 and
# URL-safe base64 (the first 40 characters, which encode the first 30
# bytes whatever follows, as identity.json's seed || public key does),
# and as raw bytes (its hex in the hex of the file). pat-map names each
# pattern, lower-cased.
: > "$dir/pat-text"
: > "$dir/pat-raw"
: > "$dir/pat-map"
while read -r name hex; do
	b64=$(hexb64 "$hex")
	b64=${b64:0:40}
	url=$(echo "$b64" | tr '+/' '-_')
	printf '%s\n' "$hex" "$b64" "$url" >> "$dir/pat-text"
	echo "$hex" >> "$dir/pat-raw"
	{
		echo "$hex $name:hex"
		echo "${b64,,} $name:base64"
		[ "$url" = "$b64" ] || echo "${url,,} $name:url-safe-base64"
		echo "raw:$hex $name:raw"
	} >> "$dir/pat-map"
done < "$dir/secrets"

# leaks FILE: print each secret FILE holds, and in which form; fails when none
leaks() {
	local raw hex
	raw=$(od -An -v -tx1 "$1" | tr -d ' \n')
	{
		grep -aoiF -f "$dir/pat-text" "$1"
		while read -r hex; do
			[[ $raw == *"$hex"* ]] && echo "raw:$hex"
		done < "$dir/pat-raw"
	} | awk -v f="${1##*/}" 'NR == FNR { what[$1] = $2; next }
		{ k = tolower($0); if (k in what) print f ": " what[k] }' "$dir/pat-map" - |
		sort -u | grep .
}

# the control: a file holding each secret in each form, amid other text
# and bytes, in which the search must find every one
while read -r name hex; do
	echo "text before $name: ${hex^^} and after"
	echo "key=$(hexb64 "$hex")"
	echo "key=$(hexb64 "$hex" | tr '+/' '-_')"
	printf '\001\000'; hexbytes "$hex"; printf '\000\n'
done < "$dir/secrets" > "$dir/control"
found=$(leaks "$dir/control")
while read -r name hex; do
	url=$(grep -q " $name:url-safe-base64$" "$dir/pat-map" && echo url-safe-base64)
	for form in hex base64 ${url:-} raw; do
		check_eq "control: the search finds $name written as $form" \
			"control: $name:$form" "$(grep -x "control: $name:$form" <<< "$found")"
	done
done < "$dir/secrets"
echo "nothing secret: $(pilot genkey | pilot pubkey)" > "$dir/control"
check_fail "control: the search finds nothing in a file of public text" leaks "$dir/control"

# ---- the nodes: known keys, PILK, then PILA, then a re-key ----------------
[ -d "$T/events" ] || mount -t tracefs tracefs "$T"
modprobe pilot
check "pilot's tracepoints are there" test -d "$T/events/pilot"
echo 1 > "$T/events/pilot/enable"
echo > "$T/trace"
check "every pilot tracepoint is on" grep -qx 1 "$T/events/pilot/enable"
check "the kernel has dynamic debug" test -w "$ddebug"
echo 'module pilot +p' > "$ddebug"
check "the module's debug messages are on" grep -q '\[pilot\].* =p ' "$ddebug"
dmesg_before=$(dmesg | wc -l)

nodes_up 1 2 && nodes_peer 1 2
for n in 1 2; do
	key=k$n
	echo "${!key}" > "$dir/k$n" && chmod 600 "$dir/k$n"
	check "node $n takes its known private key" on "$n" pilot set pilot0 private-key "$dir/k$n"
	check_eq "node $n shows its public key" "$(pub "${!key}")" "$(on "$n" pilot show pilot0 public-key)"
	on "$n" pilot monitor > "$dir/out/monitor$n" 2>&1 &
	eval "mon$n=\$!"
done
pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }
authenticated() {
	on "$1" pilot -j show pilot0 | grep -q "\"node_id\":$2,[^}]*\"authenticated\":true"
}
check "PILK: ping 10.7.0.2 from node 1" wait_until 10 pinged 1 10.7.0.2
check "PILK: ping 10.7.0.1 from node 2" pinged 2 10.7.0.1

for n in 1 2; do
	seed=seed$n
	mkdir -p "$keyd_dir/n$n" && chmod 700 "$keyd_dir/n$n"
	"$pilot_peer" --identity-seed "${!seed}" identity-file > "$keyd_dir/n$n/identity.json"
	chmod 600 "$keyd_dir/n$n/identity.json"
	check_eq "node $n's identity is the known seed's" \
		"$("$pilot_peer" --identity-seed "${!seed}" identity)" "$(keyd_key "$n")"
	keyd_register "$n"
done
for n in 1 2; do
	check "node $n's pilot-keyd (verbose) sets its identity" keyd_up "$n" --verbose
done
# node 1's second key: the exchange goes PILA, signed by both helpers
echo "$k1b" > "$dir/k1b" && chmod 600 "$dir/k1b"
check "node 1 takes its second known key" on 1 pilot set pilot0 private-key "$dir/k1b"
check "node 1's helper signs it" wait_until 10 keyd_ready 1
check "PILA: ping 10.7.0.2 from node 1" wait_until 15 pinged 1 10.7.0.2
check "PILA: node 2's session with node 1 is authenticated" wait_until 10 authenticated 2 1
# and back to the first: a re-key between authenticated sessions
check "re-key: node 1 takes its first key again" on 1 pilot set pilot0 private-key "$dir/k1"
check "node 1's helper signs it" wait_until 10 keyd_ready 1
check "re-key: ping 10.7.0.1 from node 2" wait_until 15 pinged 2 10.7.0.1
check "re-key: node 2's session with node 1 is authenticated" wait_until 10 authenticated 2 1
check "node 1's session with node 2 is authenticated" wait_until 10 authenticated 1 2
check "traffic: 20 pings" on 1 ping -A -c 20 -W 5 -q 10.7.0.2
# the module's debug message: node 2 refuses a PILA while its helper is away
keyd_down 2
check "node 1 takes its second key again, node 2's helper away" \
	on 1 pilot set pilot0 private-key "$dir/k1b"
check "dynamic debug: node 2's refusal of node 1's PILA is in the kernel log" \
	wait_until 15 eval "dmesg | grep -q 'node 1: PILA refused (no-helper)'"

# ---- every output ------------------------------------------------------------
nl_dump() { on "$1" /selftests/pilot/nl_dump pilot0 > "$dir/out/netlink$1"; }
fields="public-key private-key node-id network-id listen-port fwmark encryption
	learn-peers identity drops peers endpoints allowed-ips latest-key-exchange
	transfer persistent-keepalive dump"
for n in 1 2; do
	o=$dir/out/show$n
	{
		on "$n" pilot show
		on "$n" pilot show all
		on "$n" pilot show interfaces
		on "$n" pilot show pilot0
		on "$n" pilot showconf pilot0
		on "$n" pilot -j show
		on "$n" pilot -j show pilot0
		on "$n" pilot -j show pilot0 dump
		for f in $fields; do
			on "$n" pilot show pilot0 "$f"
		done
	} > "$o" 2>&1
	check "node $n: pilot show printed its public key" \
		grep -qF "$(on "$n" pilot show pilot0 public-key)" "$o"
	check "node $n: raw netlink replies of device and peer dumps" nl_dump "$n"
done
check_eq "node 1: the private key field shows (hidden)" "(hidden)" \
	"$(on 1 pilot show pilot0 private-key)"
check "node 1's netlink replies carry its public key" \
	grep -qi "$(b64hex "$(pub "$k1b")")" "$dir/out/netlink1"
check "node 2's netlink replies carry node 1 as a peer" \
	grep -qi "$(b64hex "$(keyd_key 1)")" "$dir/out/netlink2"
check "the trace saw authenticated re-keys" \
	grep -q 'pilot_key_installed: pilot0 peer 1 key installed (authenticated, rekey)' "$T/trace"
cp "$T/trace" "$dir/out/trace"
dmesg | tail -n +"$((dmesg_before + 1))" > "$dir/out/dmesg"
dmesg > "$dir/out/dmesg-all"
check "the kernel log holds the module's debug message" grep -q 'PILA refused' "$dir/out/dmesg"
kill "$mon1" "$mon2"
wait "$mon1" "$mon2" 2> /dev/null
check "pilot monitor saw the re-key" grep -q 'key installed (authenticated, rekey)' "$dir/out/monitor2"
keyd_down 1
keyd_down 2
for n in 1 2; do
	cp "$keyd_dir/n$n.log" "$dir/out/keyd$n"
	check "node $n's helper logged (verbose)" grep -q 'identity' "$dir/out/keyd$n"
done

for f in "$dir"/out/*; do
	check_fail "no secret in ${f##*/} ($(wc -c < "$f") bytes)" leaks "$f"
done

echo 0 > "$T/events/pilot/enable"
echo > "$T/trace"
echo 'module pilot -p' > "$ddebug"
keyd_dump
nodes_down
rm -rf "$dir" "$keyd_dir"
tap_done
