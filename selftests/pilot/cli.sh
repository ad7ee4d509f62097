#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pilot CLI: show, set, the configuration file round trip, keys, JSON
# and exit codes; learn-peers, the session count and the drop counters.
. /selftests/lib/tap.sh

modprobe pilot
ip netns add cli
export PATH
in_ns() { ip netns exec cli "$@"; }
umask 077
in_ns ip link add pilot0 type pilot

check "show lists pilot0" bash -c 'ip netns exec cli pilot show | grep -qx "interface: pilot0"'
check "private key hidden" bash -c 'ip netns exec cli pilot show pilot0 | grep -qx "  private key: (hidden)"'
check_eq "show interfaces" "pilot0" "$(in_ns pilot show interfaces)"
check_eq "learn-peers is on by default" on "$(in_ns pilot show pilot0 learn-peers)"
check "human output: learn peers, no session" bash -c \
	'ip netns exec cli pilot show pilot0 > /tmp/cli.show &&
	 grep -qx "  learn peers: on" /tmp/cli.show && grep -qx "  sessions: 0" /tmp/cli.show'
check_fail "human output: no drops line while nothing was dropped" \
	grep -q "drops:" /tmp/cli.show
check "human output: no pilot-keyd listens" grep -qx "  pilot-keyd: not running" /tmp/cli.show
reasons="malformed no-key aead replay outside-window stale-epoch epochs-exhausted
bad-packet spoofed source queue-full gave-up plaintext rate-limited peer-limit
unknown-peer relayed unauthenticated no-route auth-failed"
check_eq "drops field: every reason, at 0" "$(for r in $reasons; do printf '%s\t0\n' $r; done)" \
	"$(in_ns pilot show pilot0 drops)"
check_eq "drops field of all devices names the device" \
	"$(for r in $reasons; do printf 'pilot0\t%s\t0\n' $r; done)" "$(in_ns pilot show all drops)"

pilot genkey > /tmp/cli.key
check "set" in_ns pilot set pilot0 node-id 42 network-id 3 listen-port 7000 \
	private-key /tmp/cli.key fwmark 0x10 encryption off learn-peers off
check_eq "node-id field" 42 "$(in_ns pilot show pilot0 node-id)"
check_eq "network-id field" 3 "$(in_ns pilot show pilot0 network-id)"
check_eq "listen-port field" 7000 "$(in_ns pilot show pilot0 listen-port)"
check_eq "fwmark field" 0x10 "$(in_ns pilot show pilot0 fwmark)"
check_eq "encryption field" off "$(in_ns pilot show pilot0 encryption)"
check_eq "learn-peers field" off "$(in_ns pilot show pilot0 learn-peers)"
check "showconf shows learn-peers off" bash -c \
	'ip netns exec cli pilot showconf pilot0 | grep -qx "LearnPeers = off"'
check_eq "public key is pubkey of the private key" "$(pilot pubkey < /tmp/cli.key)" \
	"$(in_ns pilot show pilot0 public-key)"
check_eq "private-key field hidden" "(hidden)" "$(in_ns pilot show pilot0 private-key)"
check_eq "dump line" "$(printf 'pilot0\t42\t3\t%s\t(hidden)\t7000\t0x10\toff\t0\toff\t0\t(none)' \
	"$(in_ns pilot show pilot0 public-key)")" "$(in_ns pilot show all dump)"
check "JSON" bash -c 'ip netns exec cli pilot -j show pilot0 |
	grep -q "^{\"interface\":\"pilot0\",\"ifindex\":[0-9]*,\"node_id\":42,\"network_id\":3,"'
check_eq "JSON: learn-peers, sessions, pilot-keyd and every drop counter" \
	"\"peer_count\":0,\"learn_peers\":false,\"session_count\":0,\"keyd\":false,\"drops\":{$(
	 for r in $reasons; do printf '"%s":0,' $r; done | sed 's/,$//')},\"peers\":[]}" \
	"$(in_ns pilot -j show pilot0 | grep -o '"peer_count".*')"
check_fail "learn-peers takes on or off only" in_ns pilot set pilot0 learn-peers maybe
check_eq "and stays as it was" off "$(in_ns pilot show pilot0 learn-peers)"
check_eq "JSON of all is an array" "[" "$(in_ns pilot -j show | head -c1)"

cat > /tmp/cli.conf <<CONF
[Interface]
NodeID = 7
NetworkID = 9
ListenPort = 7100
FwMark = 0x20
Encryption = on
LearnPeers = on
CONF
check "setconf" in_ns pilot setconf pilot0 /tmp/cli.conf
check "showconf reproduces the file" bash -c \
	'diff -u /tmp/cli.conf <(ip netns exec cli pilot showconf pilot0 | grep -v "^#")'
check "showconf names the public key only as a comment" bash -c \
	'ip netns exec cli pilot showconf pilot0 | grep -q "^# PublicKey = "'
check_eq "setconf turned learn-peers on" on "$(in_ns pilot show pilot0 learn-peers)"
sed -i 's/NodeID = 7/NodeID = 8/' /tmp/cli.conf
in_ns pilot set pilot0 learn-peers off
check "syncconf" in_ns pilot syncconf pilot0 /tmp/cli.conf
check_eq "syncconf applied the change" 8 "$(in_ns pilot show pilot0 node-id)"
check_eq "syncconf put learn-peers back as the file says" on \
	"$(in_ns pilot show pilot0 learn-peers)"
check "addconf" bash -c 'printf "[Interface]\nNetworkID = 11\n" | ip netns exec cli pilot addconf pilot0 -'
check_eq "addconf changed only its key" "11 8" "$(in_ns pilot show pilot0 network-id) $(in_ns pilot show pilot0 node-id)"
printf '[Interface]\nLearnPeers = maybe\n' > /tmp/bad.conf
check_eq "LearnPeers takes on or off" "pilot: /tmp/bad.conf:2: LearnPeers must be on or off" \
	"$(in_ns pilot setconf pilot0 /tmp/bad.conf 2>&1)"
printf '[Interface]\nNodeID = 5\nBogus = 1\n' > /tmp/bad.conf
check_eq "a bad file is refused with its line" "pilot: /tmp/bad.conf:3: unknown key in [Interface]" \
	"$(in_ns pilot setconf pilot0 /tmp/bad.conf 2>&1)"
check_eq "and nothing of it is applied" 8 "$(in_ns pilot show pilot0 node-id)"

in_ns pilot show nosuch0 > /dev/null 2>&1
check_eq "unknown device: exit status ENODEV" 19 "$?"
check_eq "unknown device: the kernel's message" "pilot: show nosuch0: no such device" \
	"$(in_ns pilot show nosuch0 2>&1)"
in_ns pilot set pilot0 node-id notanumber > /dev/null 2>&1
check_eq "bad value: exit status EINVAL" 22 "$?"
in_ns pilot bogus > /dev/null 2>&1
check_eq "unknown command: exit status EINVAL" 22 "$?"
in_ns pilot show lo > /dev/null 2>&1
check_eq "not a pilot device: exit status EOPNOTSUPP" 95 "$?"

chmod 644 /tmp/cli.key
check "world-readable key file warns" bash -c \
	'ip netns exec cli pilot set pilot0 private-key /tmp/cli.key 2>&1 | grep -q "world accessible"'
check_fail "garbage key refused" bash -c 'echo garbage | pilot pubkey'
check_eq "pubkey is wg-compatible" "$(wg pubkey < /tmp/cli.key)" "$(pilot pubkey < /tmp/cli.key)"

ip netns del cli
rmmod pilot
# the family lookup would load the module again: take the alias away
mv /lib/modules/$(uname -r)/modules.alias.bin /tmp/
pilot show > /dev/null 2>&1
check_eq "no module: exit status ENOENT" 2 "$?"
mv /tmp/modules.alias.bin /lib/modules/$(uname -r)/
tap_done
