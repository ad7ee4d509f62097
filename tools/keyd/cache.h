/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The peer-key caches of spec §7.3: positive (no TTL) and negative (3 s,
 * at most 4096 entries).
 */
#ifndef KEYD_CACHE_H
#define KEYD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_CACHE_NEG_TTL_MS 3000
#define KEY_CACHE_NEG_MAX 4096

/* Milliseconds from any fixed origin, never going back. */
typedef uint64_t (*key_cache_clock_fn)(void);

struct key_cache;

uint64_t key_cache_monotonic_ms(void);
struct key_cache *key_cache_new(key_cache_clock_fn clock);
void key_cache_free(struct key_cache *c);
bool key_cache_get(struct key_cache *c, uint32_t node_id, uint8_t key[32]);
int key_cache_put(struct key_cache *c, uint32_t node_id, const uint8_t key[32]);
void key_cache_invalidate(struct key_cache *c, uint32_t node_id);
bool key_cache_negative(struct key_cache *c, uint32_t node_id, int *why);
bool key_cache_fail(struct key_cache *c, uint32_t node_id, int why);
void key_cache_remove(struct key_cache *c, uint32_t node_id);
size_t key_cache_negative_count(const struct key_cache *c);
size_t key_cache_positive_count(const struct key_cache *c);

#endif /* KEYD_CACHE_H */
