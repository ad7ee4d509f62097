#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpus of every fuzz target into corpus/TARGET/.

Valid frames and files, a few broken ones, and the regression inputs of
bugs the fuzzers found (kept under regress-* names). Deterministic:
rerunning rewrites the same bytes. The key pair is RFC 8032's test 1,
as in selftests/unit/keyd_test.c.
"""
import base64
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
PK = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
B64_SK = base64.b64encode(SEED + PK).decode()
B64_PK = base64.b64encode(PK).decode()
X25519 = base64.b64encode(bytes(range(32))).decode()


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def packet(flags=0, proto=2, payload=b"", src=(1, 7), dst=(1, 42), sport=1000,
           dport=1001, seq=0, ack=0, window=0, version=1):
    hdr = struct.pack(">BBHHIHIHHIIH", version << 4 | flags, proto, len(payload),
                      src[0], src[1], dst[0], dst[1], sport, dport, seq, ack, window)
    crc = zlib.crc32(hdr + b"\0\0\0\0" + payload)
    return hdr + struct.pack(">I", crc) + payload


def packets():
    t = "fuzz_packet"
    keepalive = packet(proto=3, dport=0)
    data = packet(payload=b"hello, pilot", sport=4000, dport=4001)
    syn = packet(flags=1, proto=1, sport=49152, dport=444, seq=1, window=32)
    write(t, "pilt-keepalive", b"PILT" + keepalive)
    write(t, "pilt-datagram", b"PILT" + data)
    write(t, "pilt-syn-trailing", b"PILT" + syn + b"\0" * 7)
    nonce = struct.pack(">IQ", 0x01020304, 1)
    write(t, "pils-datagram", b"PILS" + struct.pack(">I", 7) + nonce + data + b"\xaa" * 16)
    write(t, "pils-keepalive", b"PILS" + struct.pack(">I", 7) + nonce + keepalive + b"\xaa" * 16)
    write(t, "bare-packet", data)
    bad = bytearray(data)
    bad[-1] ^= 1
    write(t, "pilt-bad-csum", b"PILT" + bytes(bad))
    write(t, "pilt-version-2", b"PILT" + packet(version=2))
    write(t, "pilt-short", b"PILT" + data[:20])
    write(t, "pilk", b"PILK" + struct.pack(">I", 7) + bytes(range(32)))
    write(t, "pila", b"PILA" + struct.pack(">I", 7) + bytes(range(32)) + PK + b"\x55" * 64)
    write(t, "pilp", b"PILP")
    write(t, "pilf", b"PILF" + struct.pack(">IIBB", 7, 1, 0, 2) + b"PILT" + data[:20])
    write(t, "beacon-relay", b"\x06" + struct.pack(">I", 7) + b"PILT" + keepalive)


def steps(*ops):
    """(prefix number, mode, arg[, raw counter]) -> the fuzz_replay stream."""
    out = bytearray()
    for op in ops:
        prefix, mode, arg = op[:3]
        out += bytes([mode * 32 + prefix, arg])
        if mode == 4:
            out += struct.pack(">Q", op[3])
    return bytes(out)


def replays():
    t = "fuzz_replay"
    # counters 1, 2, ... of one epoch, then replays and late ones
    write(t, "in-order", steps(*[(0, 1, 1)] * 40, (0, 0, 0), (0, 0, 5), (0, 2, 0)))
    write(t, "window-edge", steps((1, 5, 40), (1, 2, 0), (1, 2, 3), (1, 2, 4), (1, 2, 7),
                                  (1, 0, 255), (1, 7, 127)))
    write(t, "zero", steps((2, 6, 0), (2, 6, 1), (2, 6, 0)))
    # seventeen epochs: four kept, the rest retired, then exhausted
    write(t, "epochs", steps(*[(p, 1, 1) for p in range(18)],
                             *[(p, 1, 1) for p in range(18)]))
    write(t, "jumps", steps((3, 3, 200), (3, 3, 0), (3, 0, 10), (3, 5, 255), (3, 7, 0)))
    # regression: sliding up to the last counter looped forever
    write(t, "regress-u64-max", steps((0, 4, 0, 2**64 - 4), (0, 4, 0, 2**64 - 1),
                                      (0, 4, 0, 2**64 - 3)))


def configs():
    t = "fuzz_config"
    write(t, "full.conf", f"""[Interface]
PrivateKey = {X25519}
NodeID = 42
NetworkID = 1
ListenPort = 4000
FwMark = 0x10
Encryption = on
LearnPeers = off

[Peer]
NodeID = 7
Endpoint = 192.0.2.7:4000
AllowedIPs = 10.7.0.7/32, 2001:db8:7::/64
IdentityKey = {B64_PK}
PersistentKeepalive = 25

[Peer]
NodeID = 0x8
Endpoint = [2001:db8::8]:4000
AllowedIPs = 10.8.0.0/16
PersistentKeepalive = off
""")
    write(t, "minimal.conf", "[Interface]\nNodeID = 1\n")
    write(t, "comments.conf", "# a comment\n  [interface]  \n  nodeid=3 # three\nfwmark = off\n\n")
    write(t, "peer-no-node.conf", "[Peer]\nEndpoint = 192.0.2.1:1\n")
    write(t, "bad-value.conf", "[Interface]\nListenPort = 65536\n")
    write(t, "no-newline.conf", "[Peer]\nNodeID = 4294967295\nAllowedIPs = ::/0, 0.0.0.0/0")


def identities():
    t = "fuzz_identity"
    write(t, "identity.json",
          '{\n  "private_key": "%s",\n  "public_key": "%s"\n}\n' % (B64_SK, B64_PK))
    write(t, "compact.json", '{"public_key":"%s","private_key":"%s"}' % (B64_PK, B64_SK))
    write(t, "mismatch.json", '{"private_key": "%s", "public_key": "%s"}'
          % (B64_SK, base64.b64encode(bytes(32)).decode()))
    write(t, "duplicate.json", '{"private_key": "%s", "private_key": "x", "public_key": "%s"}'
          % (B64_SK, B64_PK))
    write(t, "not-string.json", '{"private_key": 1, "public_key": null}')


def registry():
    t = "fuzz_registry"
    # first byte odd: the node asked for is 42
    write(t, "lookup-ok", '\x01{"type":"lookup_ok","node_id":42,"public_key":"%s"}' % B64_PK)
    write(t, "lookup-no-key", '\x01{"type":"lookup_ok","node_id":42,"public_key":null}')
    write(t, "resolve-v4", '\x01{"type":"resolve_ok","node_id":42,"real_addr":"192.0.2.42:4000"}')
    write(t, "resolve-v6", '\x01{"type":"resolve_ok","node_id":42,"real_addr":"[2001:db8::2a]:4000"}')
    write(t, "error-not-found", '\x01{"type":"error","error":"node 42 not found"}')
    write(t, "error-other", '\x01{"type":"error","error":"signature\\nrefused"}')
    write(t, "other-node", '\x00{"type":"lookup_ok","node_id":7,"public_key":"%s"}' % B64_PK)
    write(t, "endpoint-v4", "\x01192.0.2.1:4000")
    write(t, "endpoint-v6", "\x01[::1]:65535")
    # the peers file takes it, the registry's parser does not: allowed
    write(t, "endpoint-padded-port", "\x01192.0.2.1:000000004000")
    # regression: jansson's error text quoted a control byte into the log
    write(t, "regress-malformed-newline", b"\x0e\x0a\x02")


def peers():
    t = "fuzz_peers"
    write(t, "peers", f"""# NODE-ID  ED25519-KEY  [ENDPOINT]
7   {B64_PK}  192.0.2.7:4000
0x2a {B64_PK}  [2001:db8::2a]:4000
3\t{B64_PK}
""")
    write(t, "twice", f"7 {B64_PK}\n7 {B64_PK}\n")
    write(t, "bad-endpoint", f"9 {B64_PK} [::1:4000\n")
    write(t, "blank", "\n   \n# nothing\n")


for f in (packets, replays, configs, identities, registry, peers):
    f()
