#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pilot CLI with peers: set, show fields, the configuration file round
# trip with [Peer] sections, syncconf touching only what differs (seen
# through "pilot monitor"), the monitor itself, and what a peer shows of
# its session, key exchanges and drops before any traffic.
. /selftests/lib/tap.sh

modprobe pilot
ip netns add clip
in_ns() { ip netns exec clip "$@"; }
in_ns ip link add pilot0 type pilot
ID=$(pilot genkey | pilot pubkey)	# any 32 bytes in base64 will do

check "set a peer" in_ns pilot set pilot0 peer 7 endpoint 192.0.2.7:4000 \
	allowed-ips 10.7.0.0/24,2001:db8:7::/64 persistent-keepalive 25 identity-key "$ID"
check_eq "peers" 7 "$(in_ns pilot show pilot0 peers)"
check_eq "endpoints" "$(printf '7\t192.0.2.7:4000')" "$(in_ns pilot show pilot0 endpoints)"
check_eq "allowed-ips" "$(printf '7\t10.7.0.0/24 2001:db8:7::/64')" \
	"$(in_ns pilot show pilot0 allowed-ips)"
check_eq "persistent-keepalive" "$(printf '7\t25')" \
	"$(in_ns pilot show pilot0 persistent-keepalive)"
check_eq "transfer" "$(printf '7\t0\t0')" "$(in_ns pilot show pilot0 transfer)"
check_eq "latest-key-exchange: 0 before the first" "$(printf '7\t0')" \
	"$(in_ns pilot show pilot0 latest-key-exchange)"
check_eq "latest-key-exchange of all devices names the device" "$(printf 'pilot0\t7\t0')" \
	"$(in_ns pilot show all latest-key-exchange)"
check "human output names the peer" bash -c 'ip netns exec clip pilot show pilot0 | grep -qx "peer: 7"'
in_ns pilot show pilot0 > /tmp/peers.show
check "human output: no session" grep -qx "  session: none" /tmp/peers.show
check_fail "human output: no key exchange, learned flag or drops yet" \
	grep -E "latest key exchange|key exchange:|learned: yes|drops:" /tmp/peers.show
check "JSON carries the peer" bash -c \
	'ip netns exec clip pilot -j show pilot0 | grep -q "\"peers\":\[{\"node_id\":7,\"endpoint\":\"192.0.2.7:4000\""'
check_eq "JSON: the peer's session, key exchanges and drops" \
	"\"session\":false,\"authenticated\":false,\"last_key_exchange\":0,\"rekey_attempts\":0,\"gave_up_ms\":0,\"learned\":false,\"drops\":{\"malformed\":0,\"no-key\":0,\"aead\":0,\"replay\":0,\"outside-window\":0,\"stale-epoch\":0,\"epochs-exhausted\":0,\"bad-packet\":0,\"spoofed\":0,\"source\":0,\"queue-full\":0,\"gave-up\":0,\"plaintext\":0,\"rate-limited\":0,\"peer-limit\":0,\"unknown-peer\":0,\"relayed\":0,\"unauthenticated\":0,\"no-route\":0,\"auth-failed\":0}}]}" \
	"$(in_ns pilot -j show pilot0 | grep -o '"session":false,.*')"
check_eq "dump: the peer's line" \
	"$(printf '7\t192.0.2.7:4000\t10.7.0.0/24,2001:db8:7::/64\t%s\t0\t0\t25\tnone\t0\t0\t0\tno\t(none)' "$ID")" \
	"$(in_ns pilot show pilot0 dump | tail -n 1)"
check "IPv6 endpoint" in_ns pilot set pilot0 peer 7 endpoint '[2001:db8::7]:4001'
check_eq "IPv6 endpoint shown" "$(printf '7\t[2001:db8::7]:4001')" \
	"$(in_ns pilot show pilot0 endpoints)"
check "allowed-ips replace" in_ns pilot set pilot0 peer 7 allowed-ips 10.9.9.9
check_eq "host route" "$(printf '7\t10.9.9.9/32')" "$(in_ns pilot show pilot0 allowed-ips)"
check_fail "bad endpoint refused" in_ns pilot set pilot0 peer 7 endpoint 192.0.2.7
check_fail "bad prefix refused" in_ns pilot set pilot0 peer 7 allowed-ips 10.0.0.0/33
check "remove" in_ns pilot set pilot0 peer 7 remove
check_eq "no peers left" "" "$(in_ns pilot show pilot0 peers)"

cat > /tmp/peers.conf <<CONF
[Interface]
NodeID = 1
NetworkID = 1
ListenPort = 7200
Encryption = on
LearnPeers = on

[Peer]
NodeID = 2
Endpoint = 192.0.2.2:7200
AllowedIPs = 10.0.0.2/32, 2001:db8::2/128
IdentityKey = $ID
PersistentKeepalive = 10

[Peer]
NodeID = 3
AllowedIPs = 10.0.0.3/32
CONF
check "setconf with peers" in_ns pilot setconf pilot0 /tmp/peers.conf
check "showconf reproduces the file" bash -c \
	'diff -u /tmp/peers.conf <(ip netns exec clip pilot showconf pilot0 | grep -v "^#")'

# syncconf: peer 3 goes, peer 2 stays untouched but for its allowed IPs,
# peer 4 comes; the monitor sees exactly that
in_ns pilot monitor > /tmp/monitor.log 2>&1 &
mon=$!
sleep 0.5
sed -e 's|10.0.0.2/32, 2001:db8::2/128|10.0.0.2/32|' -e 's/^NodeID = 3$/NodeID = 4/' \
	/tmp/peers.conf > /tmp/peers2.conf
check "syncconf" in_ns pilot syncconf pilot0 /tmp/peers2.conf
check "showconf matches the new file" bash -c \
	'diff -u /tmp/peers2.conf <(ip netns exec clip pilot showconf pilot0 | grep -v "^#")'
check "setconf" in_ns pilot setconf pilot0 /tmp/peers2.conf
sleep 0.5
kill $mon
check_eq "monitor: syncconf removed 3, added 4, left 2; setconf replaced both" \
	"peer-add pilot0 4
peer-del pilot0 3 userspace
peer-del pilot0 2 userspace
peer-del pilot0 4 userspace
peer-add pilot0 2
peer-add pilot0 4" "$(cat /tmp/monitor.log)"

printf '[Peer]\nEndpoint = 192.0.2.9:1\n' > /tmp/bad.conf
check_eq "a [Peer] without NodeID is refused" "pilot: /tmp/bad.conf:2: the last [Peer] has no NodeID" \
	"$(in_ns pilot setconf pilot0 /tmp/bad.conf 2>&1)"
check "JSON monitor" bash -c '
	ip netns exec clip pilot -j monitor > /tmp/mon.json 2>&1 & m=$!
	sleep 0.5
	ip netns exec clip pilot set pilot0 peer 99
	ip netns exec clip ip link del pilot0
	sleep 0.5; kill $m
	grep -qx "{\"event\":\"peer-add\",\"interface\":\"pilot0\",\"node_id\":99}" /tmp/mon.json &&
	grep -q "{\"event\":\"peer-del\",\"interface\":\"pilot0\",\"node_id\":99,\"reason\":\"teardown\"}" /tmp/mon.json'
ip netns del clip
tap_done
