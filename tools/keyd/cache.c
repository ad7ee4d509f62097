// SPDX-License-Identifier: GPL-2.0
/*
 * The peer-key caches, as spec §7.3 describes Go's GetPeerPubKey:
 *
 *  - positive: node -> Ed25519 key, no TTL, removed only by invalidation
 *    (a key mismatch) or removal;
 *  - negative: node -> when and why its lookup failed; an entry younger
 *    than 3 s fails the lookup without asking again. At most 4096
 *    entries: recording a new node in a full map first purges every entry
 *    3 s old or more; if it is still full, the failure is not recorded.
 *
 * Both are chained hash tables keyed by node ID.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "cache.h"

#define BUCKETS 1024

struct entry {
	struct entry *next;
	uint32_t node_id;
	uint64_t when;
	int why;
	uint8_t key[32];
};

struct table {
	struct entry *b[BUCKETS];
	size_t n;
};

struct key_cache {
	key_cache_clock_fn clock;
	struct table pos;
	struct table neg;
};

/**
 * key_cache_monotonic_ms() - the default clock, CLOCK_MONOTONIC
 *
 * Return: milliseconds.
 */
uint64_t key_cache_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct entry **slot(struct table *t, uint32_t node_id)
{
	struct entry **pp = &t->b[(node_id * 2654435761u) % BUCKETS];

	while (*pp && (*pp)->node_id != node_id)
		pp = &(*pp)->next;
	return pp;
}

static void unlink_free(struct table *t, struct entry **pp)
{
	struct entry *e = *pp;

	*pp = e->next;
	sodium_memzero(e, sizeof(*e));
	free(e);
	t->n--;
}

static void table_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < BUCKETS; i++)
		while (t->b[i])
			unlink_free(t, &t->b[i]);
}

/**
 * key_cache_new() - make empty caches
 * @clock: the clock, or NULL for key_cache_monotonic_ms() (tests inject one)
 *
 * Return: the caches, or NULL without memory.
 */
struct key_cache *key_cache_new(key_cache_clock_fn clock)
{
	struct key_cache *c = calloc(1, sizeof(*c));

	if (c)
		c->clock = clock ?: key_cache_monotonic_ms;
	return c;
}

/**
 * key_cache_free() - release the caches
 * @c: the caches, or NULL
 */
void key_cache_free(struct key_cache *c)
{
	if (!c)
		return;
	table_clear(&c->pos);
	table_clear(&c->neg);
	free(c);
}

/**
 * key_cache_get() - a positive entry
 * @c: the caches
 * @node_id: the node
 * @key: receives the key (a copy)
 *
 * Return: true on a hit.
 */
bool key_cache_get(struct key_cache *c, uint32_t node_id, uint8_t key[32])
{
	struct entry *e = *slot(&c->pos, node_id);

	if (!e)
		return false;
	memcpy(key, e->key, 32);
	return true;
}

/**
 * key_cache_put() - record a successful lookup
 * @c: the caches
 * @node_id: the node
 * @key: its key (copied)
 *
 * Also deletes the node's negative entry.
 *
 * Return: 0 or -ENOMEM.
 */
int key_cache_put(struct key_cache *c, uint32_t node_id, const uint8_t key[32])
{
	struct entry **pp = slot(&c->pos, node_id), **np;

	if (!*pp) {
		*pp = calloc(1, sizeof(**pp));
		if (!*pp)
			return -ENOMEM;
		(*pp)->node_id = node_id;
		c->pos.n++;
	}
	memcpy((*pp)->key, key, 32);
	np = slot(&c->neg, node_id);
	if (*np)
		unlink_free(&c->neg, np);
	return 0;
}

/**
 * key_cache_invalidate() - forget a node's positive entry only
 * @c: the caches
 * @node_id: the node
 */
void key_cache_invalidate(struct key_cache *c, uint32_t node_id)
{
	struct entry **pp = slot(&c->pos, node_id);

	if (*pp)
		unlink_free(&c->pos, pp);
}

/**
 * key_cache_negative() - whether a node failed a lookup less than 3 s ago
 * @c: the caches
 * @node_id: the node
 * @why: receives the code recorded with the failure, may be NULL
 *
 * Return: true when the lookup must fail without asking again.
 */
bool key_cache_negative(struct key_cache *c, uint32_t node_id, int *why)
{
	struct entry *e = *slot(&c->neg, node_id);

	if (!e || c->clock() - e->when >= KEY_CACHE_NEG_TTL_MS)
		return false;
	if (why)
		*why = e->why;
	return true;
}

/* Drop every negative entry 3 s old or more. */
static void purge_expired(struct key_cache *c, uint64_t now)
{
	size_t i;

	for (i = 0; i < BUCKETS; i++) {
		struct entry **pp = &c->neg.b[i];

		while (*pp) {
			if (now - (*pp)->when >= KEY_CACHE_NEG_TTL_MS)
				unlink_free(&c->neg, pp);
			else
				pp = &(*pp)->next;
		}
	}
}

/**
 * key_cache_fail() - record a failed lookup
 * @c: the caches
 * @node_id: the node
 * @why: a code to hand back with the entry (the caller's result)
 *
 * Return: true when recorded; false when the negative map stayed full
 * (or without memory), as spec §7.3 allows.
 */
bool key_cache_fail(struct key_cache *c, uint32_t node_id, int why)
{
	struct entry **pp = slot(&c->neg, node_id);
	uint64_t now = c->clock();

	if (!*pp) {
		if (c->neg.n >= KEY_CACHE_NEG_MAX) {
			purge_expired(c, now);
			if (c->neg.n >= KEY_CACHE_NEG_MAX)
				return false;
			pp = slot(&c->neg, node_id);
		}
		*pp = calloc(1, sizeof(**pp));
		if (!*pp)
			return false;
		(*pp)->node_id = node_id;
		c->neg.n++;
	}
	(*pp)->when = now;
	(*pp)->why = why;
	return true;
}

/**
 * key_cache_remove() - forget a node entirely (both caches)
 * @c: the caches
 * @node_id: the node
 */
void key_cache_remove(struct key_cache *c, uint32_t node_id)
{
	struct entry **pp = slot(&c->neg, node_id);

	if (*pp)
		unlink_free(&c->neg, pp);
	key_cache_invalidate(c, node_id);
}

/**
 * key_cache_negative_count() - entries in the negative map, stale included
 * @c: the caches
 *
 * Return: the count.
 */
size_t key_cache_negative_count(const struct key_cache *c)
{
	return c->neg.n;
}

/**
 * key_cache_positive_count() - entries in the positive map
 * @c: the caches
 *
 * Return: the count.
 */
size_t key_cache_positive_count(const struct key_cache *c)
{
	return c->pos.n;
}
