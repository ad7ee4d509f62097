/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counting what pilot drops: per device and per peer, by reason, and in
 * the net device's own rx/tx dropped figures.
 */
#ifndef _PILOT_DROP_H
#define _PILOT_DROP_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/dst.h>

#include "device.h"
#include "peer.h"
#include "trace.h"

/* The kernel's nearest drop reason to each of ours (the tracepoint and
 * the counters say exactly which).
 */
static inline enum skb_drop_reason pilot_skb_drop_reason(enum pilot_drop_reason reason)
{
	switch (reason) {
	case PILOT_DROP_REASON_MALFORMED:
		return SKB_DROP_REASON_HDR_TRUNC;
	case PILOT_DROP_REASON_SPOOFED:
	case PILOT_DROP_REASON_SOURCE:
		return SKB_DROP_REASON_IP_RPFILTER;
	case PILOT_DROP_REASON_QUEUE_FULL:
		return SKB_DROP_REASON_FULL_RING;
	case PILOT_DROP_REASON_NO_ROUTE:
		return SKB_DROP_REASON_IP_OUTNOROUTES;
	default:
		return SKB_DROP_REASON_NOT_SPECIFIED;
	}
}

/**
 * pilot_count_drop - count a dropped frame or packet
 * @pd: the device
 * @peer: the peer it came from or was for, or NULL
 * @reason: why
 * @rx: it was received (else it was to be sent)
 */
static inline void pilot_count_drop(struct pilot_device *pd, struct pilot_peer *peer,
				    enum pilot_drop_reason reason, bool rx)
{
	atomic64_inc(&pd->drops[reason]);
	if (peer)
		atomic64_inc(&peer->drops[reason]);
	trace_pilot_drop(pd->dev, peer ? peer->node_id : 0, reason, rx);
	if (rx)
		DEV_STATS_INC(pd->dev, rx_dropped);
	else
		DEV_STATS_INC(pd->dev, tx_dropped);
}

/**
 * pilot_drop_rx - count a received frame dropped, and free it
 * @pd: the device
 * @peer: its sender, when known, or NULL
 * @skb: the frame
 * @reason: why
 */
static inline void pilot_drop_rx(struct pilot_device *pd, struct pilot_peer *peer,
				 struct sk_buff *skb, enum pilot_drop_reason reason)
{
	pilot_count_drop(pd, peer, reason, true);
	kfree_skb_reason(skb, pilot_skb_drop_reason(reason));
}

/**
 * pilot_drop_tx - count a packet to be sent dropped, and free it
 * @pd: the device
 * @peer: the peer it was for, or NULL
 * @skb: the packet
 * @reason: why
 */
static inline void pilot_drop_tx(struct pilot_device *pd, struct pilot_peer *peer,
				 struct sk_buff *skb, enum pilot_drop_reason reason)
{
	pilot_count_drop(pd, peer, reason, false);
	kfree_skb_reason(skb, pilot_skb_drop_reason(reason));
}

/**
 * pilot_queue_bounded - queue a packet that waits, pushing the oldest out
 * @pd: the device
 * @peer: the peer the packets are for, or NULL
 * @q: the queue (its own lock)
 * @skb: the packet
 * @max: packets the queue holds at most
 *
 * The oldest packet goes when the queue is full (counted as queue-full).
 */
static inline void pilot_queue_bounded(struct pilot_device *pd, struct pilot_peer *peer,
				       struct sk_buff_head *q, struct sk_buff *skb,
				       unsigned int max)
{
	struct sk_buff *old = NULL;

	skb_dst_drop(skb);
	spin_lock_bh(&q->lock);
	if (skb_queue_len(q) >= max)
		old = __skb_dequeue(q);
	__skb_queue_tail(q, skb);
	spin_unlock_bh(&q->lock);
	if (old)
		pilot_drop_tx(pd, peer, old, PILOT_DROP_REASON_QUEUE_FULL);
}

#endif /* _PILOT_DROP_H */
