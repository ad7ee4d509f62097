/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pilot tunnel wire format: frame sizes and protocol constants
 * (../shared/spec/pilot-tunnel.md, section 2).
 */
#ifndef _PILOT_MESSAGES_H
#define _PILOT_MESSAGES_H

enum pilot_wire_sizes {
	PILOT_MAGIC_LEN = 4,
	/* Pilot packet header carried inside every PILS frame. */
	PILOT_HEADER_LEN = 34,
	/* PILS: magic, sender node ID, 12-byte nonce, then the 16-byte tag. */
	PILOT_PILS_OVERHEAD = PILOT_MAGIC_LEN + 4 + 12 + 16,
	/* Everything pilot0 adds to an inner IP packet, IPv6 outer header. */
	PILOT_TUNNEL_OVERHEAD = 40 + 8 + PILOT_PILS_OVERHEAD + PILOT_HEADER_LEN,
};

#endif /* _PILOT_MESSAGES_H */
