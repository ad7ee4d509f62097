/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pilot tunnel wire format: frame sizes and protocol constants
 * (../shared/spec/pilot-tunnel.md, sections 1 and 2).
 */
#ifndef _PILOT_MESSAGES_H
#define _PILOT_MESSAGES_H

/* The frame magics, read as big-endian 32-bit words. */
enum pilot_magic {
	PILOT_MAGIC_PILA = 0x50494c41,
	PILOT_MAGIC_PILF = 0x50494c46,
	PILOT_MAGIC_PILK = 0x50494c4b,
	PILOT_MAGIC_PILP = 0x50494c50,
	PILOT_MAGIC_PILS = 0x50494c53,
	PILOT_MAGIC_PILT = 0x50494c54,
};

enum pilot_wire_sizes {
	PILOT_MAGIC_LEN = 4,
	PILOT_NODE_ID_LEN = 4,
	/* Beacon messages start with a type byte below this (spec 1). */
	PILOT_BEACON_TYPE_END = 0x10,
	/* Pilot packet header carried inside every PILS frame. */
	PILOT_HEADER_LEN = 34,
	/* PILS: magic, sender node ID, 12-byte nonce, ..., 16-byte tag. */
	PILOT_PILS_HEADER_LEN = PILOT_MAGIC_LEN + PILOT_NODE_ID_LEN + 12,
	PILOT_PILS_OVERHEAD = PILOT_PILS_HEADER_LEN + 16,
	PILOT_PILS_MIN_LEN = PILOT_PILS_OVERHEAD,
	/* Everything pilot0 adds to an inner IP packet, IPv6 outer header. */
	PILOT_TUNNEL_OVERHEAD = 40 + 8 + PILOT_PILS_OVERHEAD + PILOT_HEADER_LEN,
};

#endif /* _PILOT_MESSAGES_H */
