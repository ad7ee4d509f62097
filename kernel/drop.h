/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counting what pilot drops: per device and per peer, by reason, and in
 * the net device's own rx/tx dropped figures.
 */
#ifndef _PILOT_DROP_H
#define _PILOT_DROP_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "device.h"
#include "peer.h"

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
	kfree_skb(skb);
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
	kfree_skb(skb);
}

#endif /* _PILOT_DROP_H */
