// SPDX-License-Identifier: GPL-2.0
/* TEMPORARY: stand-ins until the frag/ratelimit/netlink branches merge. */
#include <linux/skbuff.h>
#include "device.h"
#include "frag.h"
#include "netlink.h"
#include "peer.h"
#include "ratelimit.h"

int pilot_ratelimit_init(struct pilot_ratelimit *rl) { spin_lock_init(&rl->lock); return 0; }
void pilot_ratelimit_destroy(struct pilot_ratelimit *rl) { }
bool pilot_ratelimit_allow(struct pilot_ratelimit *rl, const struct in6_addr *src) { return true; }
void pilot_frag_init(struct pilot_frag_table *t) { }
void pilot_frag_destroy(struct pilot_frag_table *t) { }
struct sk_buff *pilot_frag_receive(struct pilot_frag_table *t, struct sk_buff *skb,
				   const struct pilot_endpoint *src, int *err) { kfree_skb(skb); *err = -EINVAL; return NULL; }
int pilot_frag_split(struct sk_buff *skb, u32 sender, u32 frag_id,
		     unsigned int headroom, struct sk_buff_head *out) { return -EMSGSIZE; }
