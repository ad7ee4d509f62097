/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 34-byte Pilot packet header that every PILS plaintext and PILT
 * payload starts with (../shared/spec/pilot-tunnel.md, section 2.7).
 */
#ifndef _PILOT_PACKET_H
#define _PILOT_PACKET_H

#include <linux/init.h>
#include <linux/types.h>

enum pilot_packet_consts {
	PILOT_PACKET_VERSION = 1,
	PILOT_PROTO_STREAM = 0x01,
	PILOT_PROTO_DATAGRAM = 0x02,
	PILOT_PROTO_CONTROL = 0x03,
};

/**
 * struct pilot_hdr - a Pilot packet header, as on the wire (big endian)
 * @ver_flags: version (high nibble, 1) and flags (SYN 1, ACK 2, FIN 4, RST 8)
 * @proto: PILOT_PROTO_*
 * @len: payload length
 * @src_net: source network ID
 * @src_node: source node ID
 * @dst_net: destination network ID
 * @dst_node: destination node ID
 * @sport: source port
 * @dport: destination port
 * @seq: sequence number
 * @ack: acknowledgment number
 * @window: receive window, in segments
 * @csum: CRC-32 (IEEE) of the header with this field zero, then the payload
 */
struct pilot_hdr {
	u8 ver_flags;
	u8 proto;
	__be16 len;
	__be16 src_net;
	__be32 src_node;
	__be16 dst_net;
	__be32 dst_node;
	__be16 sport;
	__be16 dport;
	__be32 seq;
	__be32 ack;
	__be16 window;
	__be32 csum;
} __packed;

/**
 * pilot_hdr_is_keepalive - whether a packet is a tunnel keepalive (spec 8.4)
 * @hdr: its header
 *
 * Return: true for a Control packet to port 0 with no payload.
 */
static inline bool pilot_hdr_is_keepalive(const struct pilot_hdr *hdr)
{
	return hdr->proto == PILOT_PROTO_CONTROL && !hdr->dport && !hdr->len;
}

u32 pilot_hdr_csum(const struct pilot_hdr *hdr, const void *payload);
void pilot_hdr_seal(struct pilot_hdr *hdr, const void *payload);
int pilot_packet_check(const void *buf, size_t len);
bool __init pilot_packet_selftest(void);

struct sk_buff;
u32 pilot_skb_csum(const struct sk_buff *skb);
int pilot_skb_check(struct sk_buff *skb);

#endif /* _PILOT_PACKET_H */
