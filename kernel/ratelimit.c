// SPDX-License-Identifier: GPL-2.0
/*
 * Per-source rate limit of inbound key-exchange frames (spec 8.6).
 *
 * Each source IP address has a token bucket kept in nanoseconds of
 * credit: a frame costs NSEC_PER_SEC / PILOT_KX_RATE_PER_SEC, the credit
 * grows with the time elapsed and is capped at PILOT_KX_RATE_BURST frames.
 * The buckets live in a hash table keyed by SipHash of the address under
 * a random key, and on a list in the order they were last used, so that
 * when PILOT_KX_RATE_SOURCES addresses are tracked the idle ones are found
 * at the head of the list without walking the table. Everything is under
 * one leaf lock; entries are freed with kfree() under it (no RCU readers).
 */

#include <linux/bits.h>
#include <linux/minmax.h>
#include <linux/net.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

#include "ratelimit.h"

#define RATELIMIT_HASH_BITS	10
#define RATELIMIT_HASH_SIZE	BIT(RATELIMIT_HASH_BITS)
#define RATELIMIT_COST_NS	((u64)NSEC_PER_SEC / PILOT_KX_RATE_PER_SEC)
#define RATELIMIT_MAX_NS	(RATELIMIT_COST_NS * PILOT_KX_RATE_BURST)
#define RATELIMIT_IDLE_NS	((u64)PILOT_KX_RATE_IDLE_MS * NSEC_PER_MSEC)

/**
 * struct pilot_ratelimit_entry - the bucket of one source address
 * @node: entry in its hash chain
 * @lru: entry in &pilot_ratelimit.lru
 * @addr: the source address (IPv4 as v4-mapped)
 * @last: boot-time nanoseconds of the last frame seen
 * @tokens: credit in nanoseconds, at most RATELIMIT_MAX_NS
 */
struct pilot_ratelimit_entry {
	struct hlist_node node;
	struct list_head lru;
	struct in6_addr addr;
	u64 last;
	u64 tokens;
};

static siphash_key_t ratelimit_key __read_mostly;

/**
 * pilot_ratelimit_init - set up an empty rate limiter
 * @rl: the rate limiter
 *
 * Context: process context; may sleep.
 * Return: 0, or -ENOMEM.
 */
int pilot_ratelimit_init(struct pilot_ratelimit *rl)
{
	net_get_random_once(&ratelimit_key, sizeof(ratelimit_key));
	spin_lock_init(&rl->lock);
	INIT_LIST_HEAD(&rl->lru);
	rl->count = 0;
	rl->buckets = kcalloc(RATELIMIT_HASH_SIZE, sizeof(*rl->buckets),
			      GFP_KERNEL);
	return rl->buckets ? 0 : -ENOMEM;
}

static void ratelimit_free(struct pilot_ratelimit *rl,
			   struct pilot_ratelimit_entry *e)
{
	hlist_del(&e->node);
	list_del(&e->lru);
	rl->count--;
	kfree(e);
}

/**
 * pilot_ratelimit_destroy - free every bucket of a rate limiter
 * @rl: the rate limiter, set up by pilot_ratelimit_init()
 *
 * Context: nothing else uses @rl any more.
 */
void pilot_ratelimit_destroy(struct pilot_ratelimit *rl)
{
	struct pilot_ratelimit_entry *e, *tmp;

	spin_lock_bh(&rl->lock);
	list_for_each_entry_safe(e, tmp, &rl->lru, lru)
		ratelimit_free(rl, e);
	spin_unlock_bh(&rl->lock);
	kfree(rl->buckets);
	rl->buckets = NULL;
}

/* Frees the buckets idle for PILOT_KX_RATE_IDLE_MS, oldest first. */
static void ratelimit_prune(struct pilot_ratelimit *rl, u64 now)
{
	struct pilot_ratelimit_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &rl->lru, lru) {
		if (now < e->last || now - e->last < RATELIMIT_IDLE_NS)
			break;
		ratelimit_free(rl, e);
	}
}

/*
 * Credits the time since the last frame. Both terms of the sum are at most
 * RATELIMIT_MAX_NS, so nothing overflows however long the bucket slept; a
 * clock read before another CPU's later one (now < last) credits nothing.
 */
static void ratelimit_refill(struct pilot_ratelimit_entry *e, u64 now)
{
	if (now <= e->last)
		return;
	e->tokens = min(e->tokens + min(now - e->last, RATELIMIT_MAX_NS),
			RATELIMIT_MAX_NS);
	e->last = now;
}

/* pilot_ratelimit_allow() at a given time, for the self-test's clock. */
static bool ratelimit_allow_at(struct pilot_ratelimit *rl,
			       const struct in6_addr *src, u64 now)
{
	struct pilot_ratelimit_entry *e;
	struct hlist_head *head;
	bool allow = false;

	head = &rl->buckets[siphash(src, sizeof(*src), &ratelimit_key) &
			    (RATELIMIT_HASH_SIZE - 1)];

	spin_lock_bh(&rl->lock);
	hlist_for_each_entry(e, head, node) {
		if (!ipv6_addr_equal(&e->addr, src))
			continue;
		ratelimit_refill(e, now);
		if (e->tokens >= RATELIMIT_COST_NS) {
			e->tokens -= RATELIMIT_COST_NS;
			allow = true;
		}
		list_move_tail(&e->lru, &rl->lru);
		goto out;
	}

	if (rl->count >= PILOT_KX_RATE_SOURCES)
		ratelimit_prune(rl, now);
	if (rl->count >= PILOT_KX_RATE_SOURCES)
		goto out;
	e = kmalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		goto out;
	e->addr = *src;
	e->last = now;
	e->tokens = RATELIMIT_MAX_NS - RATELIMIT_COST_NS;
	hlist_add_head(&e->node, head);
	list_add_tail(&e->lru, &rl->lru);
	rl->count++;
	allow = true;
out:
	spin_unlock_bh(&rl->lock);
	return allow;
}

/**
 * pilot_ratelimit_allow - take a token for a key-exchange frame
 * @rl: the rate limiter
 * @src: the frame's source address, IPv4 as a v4-mapped address
 *
 * A new source starts with a full bucket. When PILOT_KX_RATE_SOURCES
 * sources are tracked, those idle for PILOT_KX_RATE_IDLE_MS are forgotten
 * first; if none is, the frame of a new source is refused.
 *
 * Context: softirq or process context (takes the lock with BHs off);
 * called from the UDP receive softirq on any number of CPUs at once.
 * Return: true to handle the frame, false to drop it.
 */
bool pilot_ratelimit_allow(struct pilot_ratelimit *rl, const struct in6_addr *src)
{
	return ratelimit_allow_at(rl, src, ktime_get_coarse_boottime_ns());
}

#ifdef PILOT_SELFTESTS
#include "selftest/ratelimit.c"
#endif
