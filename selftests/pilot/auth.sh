#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Authenticated key exchange between two kernel nodes, each with its
# pilot-keyd and the static registry: PILA both ways, a re-key re-signed by
# the helper, the helper stopped and restarted under a live session, and
# PILA refused when the helper is absent or the registry cannot vouch.
. /selftests/lib/tap.sh
. /selftests/lib/nodes.sh

pinged() { on "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1; }
authenticated() {
	on "$1" pilot -j show pilot0 | grep -q "\"node_id\":$2,[^}]*\"authenticated\":true"
}
refused() {
	grep -q "^pilot0: node $2 PILA refused ($3)" "/tmp/monitor$1"
}

# the identity file, as Go daemons keep it: refused when others may read it
mkdir -p "$keyd_dir/cli" && chmod 700 "$keyd_dir/cli"
check "pilot-keyd --init makes an identity" "$keyd" --init --identity "$keyd_dir/cli/id.json"
check_eq "mode 0600" 600 "$(stat -c %a "$keyd_dir/cli/id.json")"
check_fail "--init never overwrites one" "$keyd" --init --identity "$keyd_dir/cli/id.json"
chmod 644 "$keyd_dir/cli/id.json"
"$keyd" --identity "$keyd_dir/cli/id.json" --public-key > "$keyd_dir/cli/out" 2>&1
check_eq "an identity file group or others can read is refused (exit 1)" 1 $?
check "and the message says how to fix it" grep -q 'chmod 600' "$keyd_dir/cli/out"
"$keyd" --no-such-option > /dev/null 2>&1
check_eq "a usage error exits with 2" 2 $?

nodes_up 1 2 && nodes_peer 1 2
keyd_register 1
keyd_register 2
on 1 pilot monitor > /tmp/monitor1 2>&1 &
mon1=$!
on 2 pilot monitor > /tmp/monitor2 2>&1 &
mon2=$!

check "node 1's pilot-keyd sets its identity" keyd_up 1
check "node 2's pilot-keyd sets its identity" keyd_up 2
check "ping 10.7.0.2 from node 1 through an authenticated exchange" wait_until 10 pinged 1 10.7.0.2
check "node 1 holds an authenticated session with node 2" authenticated 1 2
check "node 2 holds an authenticated session with node 1" authenticated 2 1
check "conformance 73: both nodes report an authenticated peer (pilot monitor)" \
	grep -q '^pilot0: peer 2 key installed (authenticated' /tmp/monitor1
check_eq "node 1 caches node 2's registered key" \
	"$(keyd_key 2)" "$(on 1 pilot -j show pilot0 | grep -o '"registered_key":"[^"]*"' | cut -d'"' -f4)"

# re-key: a new X25519 key on node 2, signed again by its helper
before=$(on 1 pilot show pilot0 latest-key-exchange | cut -f2)
check "node 2 takes a new private key" on 2 pilot set pilot0 private-key <(pilot genkey)
check "node 2's helper signs the new key (PILA sent again)" wait_until 10 keyd_ready 2
check "ping after the re-key" wait_until 15 pinged 1 10.7.0.2
check "node 1 installed node 2's new key, authenticated" authenticated 1 2
check "node 1's latest key exchange moved" \
	test "$(on 1 pilot show pilot0 latest-key-exchange | cut -f2)" -ge "$before"
check "node 1 announced the re-key" grep -q '^pilot0: peer 2 key installed (authenticated, rekey)' /tmp/monitor1

# the helper stops and restarts under a live session: nothing is lost
sessions=$(on 2 pilot show pilot0 | grep sessions)
keyd_down 2
no_helper() { on "$1" pilot show pilot0 | grep -qx '  pilot-keyd: not running'; }
check "without its helper, node 2 reports none" wait_until 5 no_helper 2
check "the session lives on without the helper" pinged 1 10.7.0.2
check "node 2 keeps its identity without the helper" \
	test "$(on 2 pilot show pilot0 identity)" = "$(keyd_key 2)"
check "a restarted helper re-syncs from the kernel" keyd_up 2
check_eq "the restart dropped no session" "$sessions" "$(on 2 pilot show pilot0 | grep sessions)"
check "ping after the helper's restart" pinged 1 10.7.0.2

# helper absent: node 1 re-keys, node 2 cannot verify its PILA
keyd_down 2
check "node 1 takes a new private key" on 1 pilot set pilot0 private-key <(pilot genkey)
check "node 2 refuses node 1's PILA with no helper (pilot monitor)" \
	wait_until 10 refused 2 1 no-helper
check "node 2 counts it unauthenticated" test "$(drops 2 unauthenticated)" -ge 1
check "node 2's helper back, node 1's retransmit is verified" keyd_up 2
check "ping once node 2 verified node 1's PILA" wait_until 30 pinged 1 10.7.0.2
check "node 2 installed node 1's new key, authenticated" authenticated 2 1

# the Pilot registry's own protocol (spec 9.2), served on node 2's loopback
keyd_down 2
: > "$keyd_dir/none"
on 2 /selftests/pilot/registry_server --listen 127.0.0.1:0 --nodes "$keyd_dir/peers" \
	> "$keyd_dir/registry.out" 2> "$keyd_dir/registry.log" &
registry=$!
check "a test registry listens on node 2's loopback" \
	wait_until 5 grep -q '^port ' "$keyd_dir/registry.out"
port=$(awk '/^port / { print $2 }' "$keyd_dir/registry.out")
check "node 2's helper asks that registry (no static file)" \
	keyd_up 2 --peers "$keyd_dir/none" --registry "127.0.0.1:$port"
check "node 1 takes a new private key" on 1 pilot set pilot0 private-key <(pilot genkey)
check "ping once node 2 verified node 1's PILA through the registry" \
	wait_until 30 pinged 1 10.7.0.2
check "node 2 installed node 1's new key, authenticated" authenticated 2 1
check "the helper warns that the registry is plaintext" grep -qi 'plaintext' "$keyd_dir/n2.log"
kill "$registry"
wait "$registry" 2> /dev/null

# the registry cannot vouch: node 1 unregistered, the registry unreachable
keyd_down 2
grep -v '^1 ' "$keyd_dir/peers" > "$keyd_dir/peers.2"
check "node 2's helper with a registry that does not answer" \
	keyd_up 2 --peers "$keyd_dir/peers.2" --registry 127.0.0.1:9
check "node 1 takes another private key" on 1 pilot set pilot0 private-key <(pilot genkey)
check "node 2 refuses node 1's PILA: the registry is unreachable" \
	wait_until 10 refused 2 1 unreachable
check "node 2 counts it as auth-failed" test "$(drops 2 auth-failed)" -ge 1
check "node 2's helper says why" grep -q 'node 1.*unreachable' "$keyd_dir/n2.log"

# on-demand peers: raw traffic from node 1 to node 3, which it does not know
keyd_down 2
node_wire 3
keyd_register 3
keyd_reload 1
keyd_start 3
check "node 3's pilot0, made while its helper runs" node_device 3
check "the helper signs for the new device" wait_until 10 keyd_ready 3
peer_known() { on "$1" pilot show pilot0 peers | grep -qx "$2"; }
on 3 "$pilot_peer" --timeout 20000 --ready "$keyd_dir/ready" sniff pilot0 1001 \
	> "$keyd_dir/sniffed" 2>&1 &
sniffer=$!
check "a packet socket listens on node 3's pilot0" wait_until 5 test -e "$keyd_dir/ready"
check "node 1 sends a raw datagram to node 3, unknown to it" \
	on 1 "$pilot_peer" --node 1 --peer-node 3 inject pilot0
check "node 1's helper resolves node 3 and adds it as a peer" wait_until 5 peer_known 1 3
check_eq "at node 3's registered endpoint" "$(printf '3\t192.0.2.3:4000')" \
	"$(on 1 pilot show pilot0 endpoints | grep '^3')"
check "node 1 sends it again, now to a peer" \
	on 1 "$pilot_peer" --node 1 --peer-node 3 inject pilot0
wait "$sniffer"
check "node 3 got the datagram, through an authenticated exchange" \
	grep -q 'payload pilot raw datagram from the kernel node' "$keyd_dir/sniffed"
check "node 3 learned node 1, authenticated" authenticated 3 1

keyd_down 1
keyd_down 3
kill "$mon1" "$mon2"
wait "$mon1" "$mon2" 2> /dev/null
keyd_dump
nodes_down
rm -rf "$keyd_dir"
tap_done
