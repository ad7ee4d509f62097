/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PILF tunnel fragments (spec 2.6): frames longer than 1223 bytes travel
 * in pieces of at most 1209 bytes; the receiver puts them back together
 * with bounded memory and a timeout.
 */
#ifndef _PILOT_FRAG_H
#define _PILOT_FRAG_H

#include <linux/init.h>
#include <linux/list.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct pilot_endpoint;

enum pilot_frag_consts {
	PILOT_FRAG_HEADER_LEN = 14,
	PILOT_FRAG_MAX_FRAME = 1223,	/* longer frames are fragmented */
	PILOT_FRAG_MAX_PAYLOAD = PILOT_FRAG_MAX_FRAME - PILOT_FRAG_HEADER_LEN,
	PILOT_FRAG_MAX_COUNT = 64,
	PILOT_FRAG_TIMEOUT_MS = 3000,
	PILOT_FRAG_MAX_PARTIALS = 256,
	PILOT_FRAG_MAX_PER_SOURCE = 32,
	PILOT_FRAG_RX_HEADROOM = 64,	/* of a reassembled frame */
};

/**
 * struct pilot_frag_table - frames being reassembled on one device
 * @lock: leaf lock for everything below
 * @partials: the partial frames, oldest first
 * @count: entries of @partials
 * @last_sweep: jiffies of the last sweep of expired partials
 */
struct pilot_frag_table {
	spinlock_t lock;	/* leaf */
	struct list_head partials;
	unsigned int count;
	unsigned long last_sweep;
};

void pilot_frag_init(struct pilot_frag_table *t);
void pilot_frag_destroy(struct pilot_frag_table *t);
struct sk_buff *pilot_frag_receive(struct pilot_frag_table *t, struct sk_buff *skb,
				   const struct pilot_endpoint *src, int *err);
int pilot_frag_split(struct sk_buff *skb, u32 sender, u32 frag_id,
		     unsigned int headroom, struct sk_buff_head *out);
bool __init pilot_frag_selftest(void);

#endif /* _PILOT_FRAG_H */
