// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path: every datagram of a device's UDP sockets, in softirq.
 *
 * Frames are told apart as Go daemons tell them (spec 1): beacon messages
 * and relay envelopes are left to userspace daemons; PILS frames are
 * opened under the sender's session, PILK frames go to the key-exchange
 * worker (rate-limited per source), PILF fragments are put back together
 * and dispatched again, PILT frames are taken only with encryption off,
 * PILP is ignored. A decrypted Pilot packet must come from its sender's
 * node; IP datagrams go up the stack when their source is inside the
 * peer's allowed IPs, and other Pilot packets go to packet sockets.
 *
 * What follows the opening of a PILS frame may run later, in the AEAD's
 * completion (session.c), with BH disabled inside an RCU read-side
 * section as here.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/gro_cells.h>
#include <net/udp_tunnel.h>

#include "compat.h"
#include "device.h"
#include "drop.h"
#include "frag.h"
#include "kx.h"
#include "messages.h"
#include "netlink.h"
#include "packet.h"
#include "peer.h"
#include "receive.h"
#include "session.h"

/* Hand a packet to the stack as received on the device. */
static void deliver(struct pilot_device *pd, struct pilot_peer *peer,
		    struct sk_buff *skb, __be16 protocol)
{
	unsigned int len = skb->len;

	skb_scrub_packet(skb, true);
	skb->dev = pd->dev;
	skb->protocol = protocol;
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	if (protocol == htons(PILOT_ETHERTYPE)) {
		skb->ip_summed = CHECKSUM_NONE;
	} else {
		/* the AEAD tag vouched for every byte */
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = ~0;
	}
	if (gro_cells_receive(&pd->gro_cells, skb) != NET_RX_SUCCESS) {
		DEV_STATS_INC(pd->dev, rx_dropped);
		return;
	}
	atomic64_add(len, &peer->rx_bytes);
	atomic64_inc(&peer->rx_packets);
	dev_sw_netstats_rx_add(pd->dev, len);
}

/* An IP packet in a Pilot datagram: its source must be the peer's. */
static void receive_ip(struct pilot_device *pd, struct pilot_peer *peer,
		       struct sk_buff *skb)
{
	const void *src;
	__be16 protocol;
	u16 family;

	__skb_pull(skb, sizeof(struct pilot_hdr));
	if (!pskb_may_pull(skb, 1))
		goto bad;
	switch (skb->data[0] >> 4) {
	case 4:
		if (!pskb_may_pull(skb, sizeof(struct iphdr)))
			goto bad;
		family = AF_INET;
		protocol = htons(ETH_P_IP);
		src = &((struct iphdr *)skb->data)->saddr;
		break;
	case 6:
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)))
			goto bad;
		family = AF_INET6;
		protocol = htons(ETH_P_IPV6);
		src = &((struct ipv6hdr *)skb->data)->saddr;
		break;
	default:
		goto bad;
	}
	if (pilot_allowedips_lookup(&pd->aips, family, src) != peer) {
		pilot_drop_rx(pd, peer, skb, PILOT_DROP_REASON_SOURCE);
		return;
	}
	deliver(pd, peer, skb, protocol);
	return;
bad:
	pilot_drop_rx(pd, peer, skb, PILOT_DROP_REASON_BAD_PACKET);
}

/*
 * Check a Pilot packet from @peer as Go daemons do, and that it comes
 * from the peer's node (identity binding, spec 8.5; old daemons send
 * keepalives unstamped). Returns false when it was dropped.
 */
static bool check_packet(struct pilot_device *pd, struct pilot_peer *peer,
			 struct sk_buff *skb)
{
	const struct pilot_hdr *hdr;
	u32 src;

	if (pilot_skb_check(skb)) {
		pilot_drop_rx(pd, peer, skb, PILOT_DROP_REASON_BAD_PACKET);
		return false;
	}
	hdr = (const struct pilot_hdr *)skb->data;
	src = be32_to_cpu(hdr->src_node);
	if (src != peer->node_id && (src || !pilot_hdr_is_keepalive(hdr))) {
		pilot_drop_rx(pd, peer, skb, PILOT_DROP_REASON_SPOOFED);
		return false;
	}
	return true;
}

/* Where a checked Pilot packet goes: nowhere (keepalive), IP or raw. */
static void dispatch_packet(struct pilot_device *pd, struct pilot_peer *peer,
			    struct sk_buff *skb)
{
	const struct pilot_hdr *hdr = (const struct pilot_hdr *)skb->data;

	if (pilot_hdr_is_keepalive(hdr))
		consume_skb(skb);
	else if (hdr->proto == PILOT_PROTO_DATAGRAM &&
		 be16_to_cpu(hdr->dport) == PILOT_IP_PORT)
		receive_ip(pd, peer, skb);
	else
		deliver(pd, peer, skb, htons(PILOT_ETHERTYPE));
}

static enum pilot_drop_reason open_drop_reason(enum pilot_open_result res)
{
	switch (res) {
	case PILOT_OPEN_AEAD:
		return PILOT_DROP_REASON_AEAD;
	case PILOT_OPEN_REPLAY:
		return PILOT_DROP_REASON_REPLAY;
	case PILOT_OPEN_OUTSIDE:
		return PILOT_DROP_REASON_OUTSIDE_WINDOW;
	case PILOT_OPEN_STALE:
		return PILOT_DROP_REASON_STALE_EPOCH;
	case PILOT_OPEN_EXHAUSTED:
		return PILOT_DROP_REASON_EPOCHS_EXHAUSTED;
	default:
		return PILOT_DROP_REASON_MALFORMED;
	}
}

/* The open is done (pilot_session_open()'s hook): what follows the AEAD.
 * Frames may complete out of order; the window takes them so.
 */
static void receive_opened(struct pilot_crypt *c, int err)
{
	enum pilot_open_result res = pilot_session_opened(c, err);
	struct pilot_session *s = c->session;
	struct pilot_peer *peer = c->peer;
	struct pilot_device *pd = peer->pd;
	struct sk_buff *skb = c->skb;
	enum pilot_drop_reason reason;

	if (res == PILOT_OPEN_OK || res == PILOT_OPEN_NEW_EPOCH) {
		if (!check_packet(pd, peer, skb))
			return;
		pilot_kx_note_rx(peer);
		/* roaming: the peer is where its authentic frames come from */
		if (pilot_peer_endpoint_learn(peer, &PILOT_CB(skb)->from))
			pilot_nl_notify_endpoint_changed(peer);
		dispatch_packet(pd, peer, skb);
		return;
	}
	reason = open_drop_reason(res);
	if (pilot_session_should_drop(s, res) && pilot_session_drop(peer, s, reason)) {
		pilot_count_drop(pd, peer, reason, true);
		pilot_kx_request(pd, peer, skb);
		return;
	}
	pilot_drop_rx(pd, peer, skb, reason);
}

static void receive_pils(struct pilot_device *pd, struct sk_buff *skb)
{
	struct pilot_session *s;
	struct pilot_peer *peer;

	if (skb->len < PILOT_PILS_MIN_LEN ||
	    !pskb_may_pull(skb, PILOT_PILS_HEADER_LEN)) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	peer = pilot_peer_lookup(pd, get_unaligned_be32(skb->data + PILOT_MAGIC_LEN));
	s = peer ? rcu_dereference(peer->session) : NULL;
	if (!s) {
		if (pilot_kx_defer(pd, skb))
			return;
		/* the worker may have installed it since (pilot_kx_defer()) */
		s = peer ? rcu_dereference(peer->session) : NULL;
	}
	if (!s) {
		pilot_count_drop(pd, peer, PILOT_DROP_REASON_NO_KEY, true);
		pilot_kx_request(pd, peer, skb);
		return;
	}
	/* no memory, a malformed buffer, a peer on its way out */
	if (pilot_session_open(s, peer, skb, receive_opened))
		pilot_drop_rx(pd, peer, skb, PILOT_DROP_REASON_MALFORMED);
}

/* PILT: a plaintext Pilot packet, taken only with encryption off. */
static void receive_plaintext(struct pilot_device *pd, struct sk_buff *skb)
{
	struct pilot_peer *peer;

	if (READ_ONCE(pd->encryption)) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_PLAINTEXT);
		return;
	}
	__skb_pull(skb, PILOT_MAGIC_LEN);
	if (!pskb_may_pull(skb, sizeof(struct pilot_hdr))) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	peer = pilot_peer_lookup(pd, be32_to_cpu(((struct pilot_hdr *)skb->data)->src_node));
	if (!peer) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_UNKNOWN_PEER);
		return;
	}
	if (check_packet(pd, peer, skb))
		dispatch_packet(pd, peer, skb);
}

static void receive_frame(struct pilot_device *pd, struct sk_buff *skb);

static void receive_fragment(struct pilot_device *pd, struct sk_buff *skb)
{
	struct pilot_endpoint from = PILOT_CB(skb)->from;
	struct sk_buff *whole;
	int err;

	whole = pilot_frag_receive(&pd->frags, skb, &from, &err);
	if (err)
		pilot_count_drop(pd, NULL, PILOT_DROP_REASON_MALFORMED, true);
	if (!whole)
		return;
	memset(whole->cb, 0, sizeof(whole->cb));
	PILOT_CB(whole)->from = from;
	receive_frame(pd, whole);
}

/* Dispatch one frame, skb->data at its first byte. */
static void receive_frame(struct pilot_device *pd, struct sk_buff *skb)
{
	if (!pskb_may_pull(skb, 1)) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	if (skb->data[0] < PILOT_BEACON_TYPE_END) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_RELAYED);
		return;
	}
	if (!pskb_may_pull(skb, PILOT_MAGIC_LEN)) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	switch (get_unaligned_be32(skb->data)) {
	case PILOT_MAGIC_PILS:
		receive_pils(pd, skb);
		break;
	case PILOT_MAGIC_PILK:
	case PILOT_MAGIC_PILA:
		pilot_kx_receive(pd, skb);
		break;
	case PILOT_MAGIC_PILT:
		receive_plaintext(pd, skb);
		break;
	case PILOT_MAGIC_PILP:
		consume_skb(skb);
		break;
	case PILOT_MAGIC_PILF:
		receive_fragment(pd, skb);
		break;
	default:
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_MALFORMED);
	}
}

/**
 * pilot_receive_deferred - open a PILS frame that waited for a key exchange
 * @pd: the device
 * @skb: the frame, as pilot_kx_defer() queued it; consumed
 *
 * Process context (the key-exchange worker).
 */
void pilot_receive_deferred(struct pilot_device *pd, struct sk_buff *skb)
{
	local_bh_disable();
	rcu_read_lock();
	receive_pils(pd, skb);
	rcu_read_unlock();
	local_bh_enable();
}

/**
 * pilot_udp_recv - encap_rcv of a device's UDP sockets
 * @sk: the socket
 * @skb: the datagram, skb->data at its UDP header
 *
 * Runs in softirq, inside an RCU read-side section.
 *
 * Return: 0: every datagram is consumed here.
 */
int pilot_udp_recv(struct sock *sk, struct sk_buff *skb)
{
	struct pilot_device *pd = rcu_dereference_sk_user_data(sk);
	struct pilot_endpoint from = {};

	if (unlikely(!pd)) {
		kfree_skb(skb);
		return 0;
	}
	if (ip_hdr(skb)->version == 4) {
		from.family = AF_INET;
		from.addr4 = ip_hdr(skb)->saddr;
	} else {
		from.family = AF_INET6;
		from.addr6 = ipv6_hdr(skb)->saddr;
	}
	from.port = ntohs(udp_hdr(skb)->source);
	memset(skb->cb, 0, sizeof(skb->cb));
	PILOT_CB(skb)->from = from;
	__skb_pull(skb, sizeof(struct udphdr));
	receive_frame(pd, skb);
	return 0;
}
