/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The send path: packets into frames, frames onto the wire.
 */
#ifndef _PILOT_SEND_H
#define _PILOT_SEND_H

#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/udp.h>

#include "messages.h"

struct pilot_hdr;
struct pilot_peer;

/* Room in front of a Pilot packet for the PILS header, the outer UDP and
 * IP headers and a link-layer header.
 */
#define PILOT_SEND_HEADROOM \
	(PILOT_PILS_HEADER_LEN + sizeof(struct udphdr) + sizeof(struct ipv6hdr) + 32)

netdev_tx_t pilot_xmit(struct sk_buff *skb, struct net_device *dev);
void pilot_fill_header(struct pilot_hdr *hdr, struct pilot_peer *peer, u8 proto,
		       u16 port, u16 len);
int pilot_send_frame(struct pilot_peer *peer, struct sk_buff *skb);
void pilot_send_packet(struct pilot_peer *peer, struct sk_buff *skb,
		       unsigned int stat_len);
void pilot_send_staged(struct pilot_peer *peer);
int pilot_send_copy(struct pilot_peer *peer, const void *data, unsigned int len);
void pilot_send_keepalive(struct pilot_peer *peer);

#endif /* _PILOT_SEND_H */
