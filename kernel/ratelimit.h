/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-source rate limit of inbound key-exchange frames (spec 8.6): a token
 * bucket of 5 frames a second, burst 5, per source IP address; at most
 * 4096 sources tracked, idle ones (10 s) pruned when full.
 */
#ifndef _PILOT_RATELIMIT_H
#define _PILOT_RATELIMIT_H

#include <linux/in6.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

enum pilot_ratelimit_consts {
	PILOT_KX_RATE_PER_SEC = 5,
	PILOT_KX_RATE_BURST = 5,
	PILOT_KX_RATE_SOURCES = 4096,
	PILOT_KX_RATE_IDLE_MS = 10000,
};

struct pilot_ratelimit_entry;

/**
 * struct pilot_ratelimit - the buckets of one device
 * @lock: leaf lock for everything below
 * @buckets: hash table of &struct pilot_ratelimit_entry
 * @lru: the same entries, least recently seen first
 * @count: entries in the table
 */
struct pilot_ratelimit {
	spinlock_t lock;	/* leaf */
	struct hlist_head *buckets;
	struct list_head lru;
	unsigned int count;
};

int pilot_ratelimit_init(struct pilot_ratelimit *rl);
void pilot_ratelimit_destroy(struct pilot_ratelimit *rl);
bool pilot_ratelimit_allow(struct pilot_ratelimit *rl, const struct in6_addr *src);
bool __init pilot_ratelimit_selftest(void);

#endif /* _PILOT_RATELIMIT_H */
