// SPDX-License-Identifier: GPL-2.0
/*
 * The negative cache of spec 7.3 on a fake clock: 3 s, 4096 nodes, expired
 * entries purged when full, nothing recorded when full of live ones.
 * Included at the end of auth.c in debug builds, where it runs at load.
 */

static bool __init auth_test_cache(struct pilot_node_cache *c)
{
	unsigned long t0 = jiffies, ttl = msecs_to_jiffies(PILOT_NEGATIVE_TTL_MS);
	bool ok = true;
	u32 id;

	node_cache_add_at(c, 7, t0);
	if (!node_cache_find_at(c, 7, t0 + ttl - 1) || node_cache_find_at(c, 8, t0)) {
		pr_err("auth self-test: a node is not remembered for 3 s, or another is\n");
		ok = false;
	}
	if (node_cache_find_at(c, 7, t0 + ttl) || c->count) {
		pr_err("auth self-test: a node is remembered past 3 s\n");
		ok = false;
	}
	for (id = 1; id <= PILOT_NEGATIVE_MAX + 8; id++)
		node_cache_add_at(c, id, t0);
	if (c->count != PILOT_NEGATIVE_MAX || node_cache_find_at(c, PILOT_NEGATIVE_MAX + 1, t0)) {
		pr_err("auth self-test: %u live nodes kept, not %u\n", c->count,
		       PILOT_NEGATIVE_MAX);
		ok = false;
	}
	node_cache_add_at(c, 100000, t0 + ttl);
	if (c->count != 1 || !node_cache_find_at(c, 100000, t0 + ttl)) {
		pr_err("auth self-test: a full cache of expired nodes was not purged for a new one\n");
		ok = false;
	}
	return ok;
}

/**
 * pilot_auth_selftest - check the negative cache
 *
 * Return: true when every check passed.
 */
bool __init pilot_auth_selftest(void)
{
	struct pilot_node_cache *c = kmalloc(sizeof(*c), GFP_KERNEL);
	bool ok;

	if (!c)
		return false;
	node_cache_init(c, PILOT_NEGATIVE_MAX, PILOT_NEGATIVE_TTL_MS);
	ok = auth_test_cache(c);
	node_cache_clear(c);
	kfree(c);
	if (ok)
		pr_info("conformance 29 ok: the negative cache keeps a node 3 s, 4096 nodes at most, expired ones purged when full\n");
	return ok;
}
