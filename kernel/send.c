// SPDX-License-Identifier: GPL-2.0
/*
 * The send path.
 *
 * An IP packet routed to pilot0 goes to the peer whose allowed IPs hold
 * its destination (longest prefix), wrapped in a Pilot datagram from and
 * to the IP port; a raw Pilot packet written to a packet socket goes to
 * the peer its destination node names. Either way the Pilot packet is
 * then sealed into a PILS frame under the peer's session (or sent as PILT
 * with encryption off), fragmented into PILF pieces when longer than the
 * spec allows one datagram, and sent to the peer's endpoint.
 *
 * Without a session, packets wait in the peer's bounded queue while a key
 * exchange runs; the L5 code (kx.c) sends them once the key is there.
 *
 * Everything here runs with BH disabled inside an RCU read-side section:
 * in ndo_start_xmit, in the key-exchange worker, which takes both, or in
 * the AEAD's completion (session.c), which takes both too.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/icmp.h>
#include <net/ip.h>

#include "compat.h"
#include "device.h"
#include "drop.h"
#include "frag.h"
#include "kx.h"
#include "messages.h"
#include "packet.h"
#include "peer.h"
#include "send.h"
#include "session.h"
#include "socket.h"

/* Tell the sender, as a router would, that nothing is behind this hop. */
static void xmit_unreachable(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
}

/**
 * pilot_fill_header - fill a Pilot header from this node to a peer
 * @hdr: the header
 * @peer: the destination
 * @proto: PILOT_PROTO_*
 * @port: source and destination port
 * @len: payload length
 *
 * The checksum is left for the caller, once the payload is in place.
 */
void pilot_fill_header(struct pilot_hdr *hdr, struct pilot_peer *peer, u8 proto,
		       u16 port, u16 len)
{
	struct pilot_device *pd = peer->pd;

	memset(hdr, 0, sizeof(*hdr));
	hdr->ver_flags = PILOT_PACKET_VERSION << 4;
	hdr->proto = proto;
	hdr->len = cpu_to_be16(len);
	hdr->src_net = cpu_to_be16(READ_ONCE(pd->network_id));
	hdr->src_node = cpu_to_be32(READ_ONCE(pd->node_id));
	hdr->dst_net = hdr->src_net;
	hdr->dst_node = cpu_to_be32(peer->node_id);
	hdr->sport = cpu_to_be16(port);
	hdr->dport = cpu_to_be16(port);
}

/* Wrap an IP packet into a Pilot datagram on the IP port. */
static int push_ip_header(struct pilot_peer *peer, struct sk_buff *skb)
{
	struct pilot_hdr *hdr;
	unsigned int len = skb->len;

	if (len > U16_MAX ||
	    skb_cow_head(skb, sizeof(*hdr) + PILOT_SEND_HEADROOM))
		return -EMSGSIZE;
	hdr = skb_push(skb, sizeof(*hdr));
	pilot_fill_header(hdr, peer, PILOT_PROTO_DATAGRAM, PILOT_IP_PORT, len);
	hdr->csum = cpu_to_be32(pilot_skb_csum(skb));
	return 0;
}

/*
 * The peer a raw Pilot packet is for: its header's destination node, put
 * in *@node_id (0 for a packet that is not a valid one of ours).
 */
static struct pilot_peer *raw_peer(struct pilot_device *pd, struct sk_buff *skb,
				   u32 *node_id)
{
	const struct pilot_hdr *hdr;

	*node_id = 0;
	if (!pskb_may_pull(skb, sizeof(*hdr)))
		return NULL;
	hdr = (const struct pilot_hdr *)skb->data;
	if (skb->len != sizeof(*hdr) + be16_to_cpu(hdr->len) ||
	    be32_to_cpu(hdr->src_node) != READ_ONCE(pd->node_id))
		return NULL;
	*node_id = be32_to_cpu(hdr->dst_node);
	return pilot_peer_lookup(pd, *node_id);
}

/**
 * pilot_send_frame - send a finished frame to a peer's endpoint
 * @peer: the peer
 * @skb: the frame; consumed
 *
 * Frames longer than one datagram may carry go as PILF fragments.
 *
 * Return: 0 or a negative errno (-EDESTADDRREQ with no endpoint known).
 */
int pilot_send_frame(struct pilot_peer *peer, struct sk_buff *skb)
{
	struct pilot_device *pd = peer->pd;
	struct pilot_endpoint ep;
	struct sk_buff_head frags;
	int err;

	if (!pilot_peer_endpoint_get(peer, &ep, NULL)) {
		kfree_skb(skb);
		return -EDESTADDRREQ;
	}
	WRITE_ONCE(peer->last_tx, jiffies);
	if (skb->len <= PILOT_FRAG_MAX_FRAME)
		return pilot_socket_send(peer, skb, &ep);

	__skb_queue_head_init(&frags);
	err = pilot_frag_split(skb, READ_ONCE(pd->node_id),
			       atomic_inc_return(&pd->frag_id),
			       PILOT_SEND_HEADROOM, &frags);
	consume_skb(skb);
	if (err)
		return err;
	while ((skb = __skb_dequeue(&frags))) {
		err = pilot_socket_send(peer, skb, &ep);
		if (err) {
			__skb_queue_purge(&frags);
			return err;
		}
	}
	return 0;
}

/* Keep a packet until the peer's session is there, pushing out the oldest
 * when the queue is full, and make sure a key exchange runs.
 */
static void stage(struct pilot_peer *peer, struct sk_buff *skb, unsigned int stat_len)
{
	struct pilot_device *pd = peer->pd;

	if (pilot_kx_in_cooldown(peer)) {
		pilot_drop_tx(pd, peer, skb, PILOT_DROP_REASON_GAVE_UP);
		return;
	}
	PILOT_CB(skb)->stat_len = stat_len;
	pilot_queue_bounded(pd, peer, &peer->staged, skb, PILOT_STAGED_MAX);
	pilot_kx_initiate(peer);
}

/* Send a finished frame and count it (@stat_len: the inner packet). */
static void send_counted(struct pilot_peer *peer, struct sk_buff *skb,
			 unsigned int stat_len)
{
	struct pilot_device *pd = peer->pd;

	if (unlikely(pilot_send_frame(peer, skb))) {
		pilot_count_drop(pd, peer, PILOT_DROP_REASON_NO_ROUTE, false);
		return;
	}
	if (stat_len) {
		atomic64_add(stat_len, &peer->tx_bytes);
		atomic64_inc(&peer->tx_packets);
		dev_sw_netstats_tx_add(pd->dev, 1, stat_len);
	}
}

/* The seal is done (pilot_session_seal()'s hook): send, or count the error.
 * Frames may complete out of order; the peer's window takes them so.
 */
static void send_sealed(struct pilot_crypt *c, int err)
{
	if (unlikely(err)) {
		DEV_STATS_INC(c->peer->pd->dev, tx_errors);
		kfree_skb(c->skb);
		return;
	}
	send_counted(c->peer, c->skb, c->stat_len);
}

/**
 * pilot_send_packet - seal a Pilot packet for a peer and send it
 * @peer: the peer
 * @skb: the Pilot packet, from skb->data; consumed
 * @stat_len: what to count in the transfer figures (the inner packet)
 *
 * Without a session the packet waits for one (encryption on), or goes
 * out as PILT (encryption off). The seal may finish later, from the
 * AEAD's completion.
 */
void pilot_send_packet(struct pilot_peer *peer, struct sk_buff *skb,
		       unsigned int stat_len)
{
	struct pilot_device *pd = peer->pd;
	struct pilot_session *s;

	if (!READ_ONCE(pd->encryption)) {
		if (skb_cow_head(skb, PILOT_MAGIC_LEN)) {
			pilot_drop_tx(pd, peer, skb, PILOT_DROP_REASON_MALFORMED);
			return;
		}
		put_unaligned_be32(PILOT_MAGIC_PILT, skb_push(skb, PILOT_MAGIC_LEN));
		send_counted(peer, skb, stat_len);
		return;
	}
	s = rcu_dereference_bh(peer->session);
	if (!s) {
		stage(peer, skb, stat_len);
		return;
	}
	/* the plaintext, before the seal overwrites it */
	pilot_salvage_record(s, skb);
	if (unlikely(pilot_session_seal(s, peer, skb, READ_ONCE(pd->node_id),
					stat_len, send_sealed))) {
		DEV_STATS_INC(pd->dev, tx_errors);
		kfree_skb(skb);
	}
}

/**
 * pilot_send_staged - send the packets that waited for a session
 * @peer: the peer, whose session was just installed
 *
 * Process context. Packets that find no session again wait again.
 */
void pilot_send_staged(struct pilot_peer *peer)
{
	struct sk_buff_head q;
	struct sk_buff *skb;

	pilot_peer_take_staged(peer, &q);

	rcu_read_lock_bh();
	while ((skb = __skb_dequeue(&q)))
		pilot_send_packet(peer, skb, PILOT_CB(skb)->stat_len);
	rcu_read_unlock_bh();
}

/**
 * pilot_send_copy - send a Pilot packet held in a buffer
 * @peer: the peer
 * @data: the packet
 * @len: its length
 *
 * For salvaged plaintexts and keepalives. Must be called with BH
 * disabled, inside an RCU read-side section.
 *
 * Return: 0, or -ENOMEM.
 */
int pilot_send_copy(struct pilot_peer *peer, const void *data, unsigned int len)
{
	struct sk_buff *skb;

	skb = alloc_skb(PILOT_SEND_HEADROOM + len + PILOT_TAG_LEN, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, PILOT_SEND_HEADROOM);
	skb_put_data(skb, data, len);
	pilot_send_packet(peer, skb, 0);
	return 0;
}

/**
 * pilot_send_keepalive - send a keepalive to a peer (spec 8.4)
 * @peer: the peer
 *
 * A Control packet to port 0 with no payload, stamped with our node ID.
 * Must be called with BH disabled, inside an RCU read-side section.
 */
void pilot_send_keepalive(struct pilot_peer *peer)
{
	struct pilot_hdr hdr;

	pilot_fill_header(&hdr, peer, PILOT_PROTO_CONTROL, 0, 0);
	pilot_hdr_seal(&hdr, NULL);
	pilot_send_copy(peer, &hdr, sizeof(hdr));
}

/* Wrap an IP packet (a whole one, its checksums done) and send it. */
static void xmit_ip_packet(struct pilot_peer *peer, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	if (unlikely((skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) ||
		     push_ip_header(peer, skb))) {
		pilot_drop_tx(peer->pd, peer, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	pilot_send_packet(peer, skb, len);
}

/*
 * Send an IP packet to @peer, or each MTU-sized packet a GSO one stands
 * for: the stack hands pilot0 up to 64 KiB at a time, and each piece is
 * sealed on its own (as WireGuard does), in order.
 */
static void xmit_ip(struct pilot_peer *peer, struct sk_buff *skb)
{
	struct sk_buff *segs, *next;

	if (!skb_is_gso(skb)) {
		xmit_ip_packet(peer, skb);
		return;
	}
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		pilot_drop_tx(peer->pd, peer, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		xmit_ip_packet(peer, skb);
	}
}

/**
 * pilot_xmit - ndo_start_xmit of a pilot device
 * @skb: an IP packet, or a raw Pilot packet (protocol %PILOT_ETHERTYPE)
 * @dev: the device
 *
 * Return: %NETDEV_TX_OK; what cannot be sent is dropped and counted.
 */
netdev_tx_t pilot_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct pilot_device *pd = netdev_priv(dev);
	struct pilot_peer *peer = NULL;
	unsigned int len = skb->len;
	bool ip = true;
	u32 node_id;

	rcu_read_lock_bh();
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (pskb_network_may_pull(skb, sizeof(struct iphdr)))
			peer = pilot_allowedips_lookup(&pd->aips, AF_INET,
						       &ip_hdr(skb)->daddr);
		break;
	case htons(ETH_P_IPV6):
		if (pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
			peer = pilot_allowedips_lookup(&pd->aips, AF_INET6,
						       &ipv6_hdr(skb)->daddr);
		break;
	case htons(PILOT_ETHERTYPE):
		ip = false;
		peer = raw_peer(pd, skb, &node_id);
		/* an unknown node: pilot-keyd may find it (on-demand peers) */
		if (!peer && node_id) {
			PILOT_CB(skb)->stat_len = len;
			if (pilot_auth_resolve(pd, node_id, skb))
				goto out;
		}
		break;
	}
	if (unlikely(!peer)) {
		xmit_unreachable(skb);
		pilot_drop_tx(pd, NULL, skb, PILOT_DROP_REASON_NO_ROUTE);
		goto out;
	}
	if (ip)
		xmit_ip(peer, skb);
	else
		pilot_send_packet(peer, skb, len);
out:
	rcu_read_unlock_bh();
	return NETDEV_TX_OK;
}
