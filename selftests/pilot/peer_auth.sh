#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PILA against pilot_peer, a userspace Pilot node with an Ed25519 identity
# (node 2), and the kernel node 1 with its pilot-keyd: the handshake, the
# faults of spec 11 (items 8, 10, 11, 13, 14, 23, 26, 29, 68, 73), an
# unregistered node and the negative cache, the helper absent, and the key
# request of the kernel's retransmits.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

tmp=$(mktemp -d)
seed=9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60
tool_key=$("$pilot_peer" --identity-seed "$seed" identity)
auth_tool() {
	peer_tool 2 1 v4 v4 --identity-seed "$seed" --peer-identity "$(keyd_key 1)" "$@"
}
# asked N NODE: lines of node N's helper log about NODE's PILA
asked() {
	grep -c "node $2: PILA" "$keyd_dir/n$1.log"
}
refused() {
	grep -q "^pilot0: node $1 PILA refused ($2)" /tmp/monitor1
}
drops_are() {
	[ "$(drops 1 "$1")" = "$2" ]
}

kernel_and_tool
keyd_register 2 "$tool_key"
on 1 pilot monitor > /tmp/monitor1 2>&1 &
mon=$!
check "node 1's pilot-keyd sets its identity" keyd_up 1

drops_all 1 > "$tmp/drops0"
tap_run "PILA faults against the kernel" auth_tool --expect "$tmp/expect" auth
sed 's/^/# expected: /' "$tmp/expect" | grep -v '	0$'
check "node 1 counted each drop of the PILA faults for its reason" \
	wait_until 5 drops_rose 1 "$tmp/drops0" "$tmp/expect"
check "pilot monitor shows the bad signature refused" refused 2 bad-signature
check "pilot monitor shows the foreign key refused" refused 2 key-mismatch

# an unregistered node: refused once by the helper, then by the negative cache
failed=$(drops 1 auth-failed)
peer_tool 2 1 v4 v4 --node 99 --count 2 --timeout 10000 --go "$tmp/go" pila-once \
	> "$tmp/pila99" 2>&1 &
tool=$!
check "node 99's PILA is refused (unknown node)" wait_until 10 refused 99 unknown-node
check "counted as auth-failed" drops_are auth-failed $((failed + 1))
touch "$tmp/go"	# at once: well within the 3 s of the negative cache
wait "$tool"
check "node 99's PILA went twice" test "$(grep -c '^ok .* sent a PILA' "$tmp/pila99")" = 2
check "conformance 29: the second is refused from the negative cache" \
	wait_until 5 refused 99 negative-cached
check "counted as auth-failed" drops_are auth-failed $((failed + 2))
check_eq "conformance 29: the helper was asked once" 1 "$(asked 1 99)"

# a pinned identity wins over the registry
refusals() { grep -c "^pilot0: node $1 PILA refused ($2)" /tmp/monitor1; }
more_refusals() { [ "$(refusals "$1" "$2")" -gt "$3" ]; }
authenticated() {
	on 1 pilot -j show pilot0 | grep -q "\"node_id\":$1,[^}]*\"authenticated\":true"
}
grep -v '^2 ' "$keyd_dir/peers" > "$tmp/peers"	# empty, and grep says 1: fine
cat "$tmp/peers" > "$keyd_dir/peers"
keyd_reload 1
mismatches=$(refusals 2 key-mismatch)
check "pin another key on peer 2" on 1 pilot set pilot0 peer 2 identity-key "$(keyd_key 1)"
tap_run "a PILA under node 2's own key, against the pin" auth_tool pila-once
check "refused as a key mismatch" wait_until 5 more_refusals 2 key-mismatch "$mismatches"
check "pin node 2's own key" on 1 pilot set pilot0 peer 2 identity-key "$tool_key"
tap_run "PILA under the pinned key, node 2 no longer in the registry" auth_tool handshake
check "node 1 holds an authenticated session with the pinned peer" authenticated 2
keyd_register 2 "$tool_key"
keyd_reload 1

# no helper: PILA refused as unauthenticated
keyd_down 1
unauth=$(drops 1 unauthenticated)
tap_run "a PILA while no helper runs" auth_tool pila-once
check "refused: no helper (pilot monitor)" wait_until 5 refused 2 no-helper
check "counted as unauthenticated" drops_are unauthenticated $((unauth + 1))

# the kernel starts: PILA alone, then PILA + PILK on each retransmit
keyrequest() {
	local tool pinger rc
	rm -f "$tmp/ready"
	auth_tool --ready "$tmp/ready" keyrequest &
	tool=$!
	wait_until 5 test -e "$tmp/ready"
	on 1 ping -c 15 -i 1 10.7.0.2 > /dev/null 2>&1 &
	pinger=$!
	wait "$tool"
	rc=$?
	kill "$pinger" 2> /dev/null
	wait "$pinger" 2> /dev/null
	return $rc
}
check "node 1's helper again" keyd_up 1
on 1 pilot set pilot0 peer 2 remove
node_add_peer 1 2 v4
tap_run "conformance 68: the kernel's key request" keyrequest

keyd_down 1
kill "$mon"
wait "$mon" 2> /dev/null
keyd_dump
nodes_down
rm -rf "$tmp" "$keyd_dir"
tap_done
