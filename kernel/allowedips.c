// SPDX-License-Identifier: GPL-2.0
/*
 * Allowed IPs: which peer a destination address routes to, and whether a
 * peer may send from a source address.
 *
 * Every prefix sits in one hash table keyed by (family, length, masked
 * address), and a bitmap per family records which lengths exist. A lookup
 * probes the table once per length present, longest first. Writers hold
 * RTNL; readers hold RCU. Entries are freed after a grace period.
 */

#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/inetdevice.h>
#include <net/ipv6.h>

#include "allowedips.h"
#include "peer.h"

static const struct rhashtable_params aip_params = {
	.key_len		= sizeof(struct pilot_aip_key),
	.key_offset		= offsetof(struct pilot_allowedip, key),
	.head_offset		= offsetof(struct pilot_allowedip, node),
	.automatic_shrinking	= true,
};

/**
 * pilot_aip_key_make - build the key of a prefix
 * @key: receives it
 * @family: AF_INET or AF_INET6
 * @addr: the address, 4 or 16 bytes by @family
 * @cidr: the prefix length
 *
 * Bits past the prefix length are cleared, as routes do.
 *
 * Return: false for an unknown family or a length too long for it.
 */
bool pilot_aip_key_make(struct pilot_aip_key *key, u16 family,
			const void *addr, u8 cidr)
{
	memset(key, 0, sizeof(*key));
	key->family = family;
	key->cidr = cidr;
	if (family == AF_INET && cidr <= 32) {
		key->addr4 = cidr ? *(const __be32 *)addr & inet_make_mask(cidr) : 0;
		return true;
	}
	if (family == AF_INET6 && cidr <= 128) {
		ipv6_addr_prefix(&key->addr6, addr, cidr);
		return true;
	}
	return false;
}

static void count_add(struct pilot_allowedips *aips,
		      const struct pilot_aip_key *key, int delta)
{
	u32 *count = key->family == AF_INET ? &aips->count4[key->cidr] :
					       &aips->count6[key->cidr];
	unsigned long *lens = key->family == AF_INET ? aips->lens4 : aips->lens6;

	*count += delta;
	if (*count)
		set_bit(key->cidr, lens);
	else
		clear_bit(key->cidr, lens);
}

/**
 * pilot_allowedips_init - set up an empty set of allowed IPs
 * @aips: the set
 *
 * Return: 0 or a negative errno.
 */
int pilot_allowedips_init(struct pilot_allowedips *aips)
{
	memset(aips->count4, 0, sizeof(aips->count4));
	memset(aips->count6, 0, sizeof(aips->count6));
	bitmap_zero(aips->lens4, 33);
	bitmap_zero(aips->lens6, 129);
	return rhashtable_init(&aips->table, &aip_params);
}

/**
 * pilot_allowedips_destroy - free an emptied set
 * @aips: the set; every peer's prefixes were removed
 */
void pilot_allowedips_destroy(struct pilot_allowedips *aips)
{
	rhashtable_destroy(&aips->table);
}

static void aip_free(struct pilot_allowedips *aips, struct pilot_allowedip *e)
{
	rhashtable_remove_fast(&aips->table, &e->node, aip_params);
	list_del(&e->peer_list);
	count_add(aips, &e->key, -1);
	kfree_rcu(e, rcu);
}

/**
 * pilot_allowedips_insert - route a prefix to a peer
 * @aips: the device's set
 * @peer: the peer
 * @key: the prefix (from pilot_aip_key_make())
 *
 * A prefix routes to one peer: one that belonged to another peer moves.
 * Must hold RTNL.
 *
 * Return: 0 or -ENOMEM.
 */
int pilot_allowedips_insert(struct pilot_allowedips *aips,
			    struct pilot_peer *peer,
			    const struct pilot_aip_key *key)
{
	struct pilot_allowedip *e;
	int err;

	ASSERT_RTNL();
	e = rhashtable_lookup_fast(&aips->table, key, aip_params);
	if (e) {
		list_move_tail(&e->peer_list, &peer->allowedips);
		rcu_assign_pointer(e->peer, peer);
		return 0;
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->key = *key;
	RCU_INIT_POINTER(e->peer, peer);
	err = rhashtable_insert_fast(&aips->table, &e->node, aip_params);
	if (err) {
		kfree(e);
		return err;
	}
	list_add_tail(&e->peer_list, &peer->allowedips);
	count_add(aips, key, 1);
	return 0;
}

/**
 * pilot_allowedips_remove - take a prefix from a peer, if it has it
 * @aips: the device's set
 * @peer: the peer
 * @key: the prefix
 *
 * Must hold RTNL.
 */
void pilot_allowedips_remove(struct pilot_allowedips *aips,
			     struct pilot_peer *peer,
			     const struct pilot_aip_key *key)
{
	struct pilot_allowedip *e;

	ASSERT_RTNL();
	e = rhashtable_lookup_fast(&aips->table, key, aip_params);
	if (e && rtnl_dereference(e->peer) == peer)
		aip_free(aips, e);
}

/**
 * pilot_allowedips_remove_peer - take every prefix from a peer
 * @aips: the device's set
 * @peer: the peer
 *
 * Must hold RTNL.
 */
void pilot_allowedips_remove_peer(struct pilot_allowedips *aips,
				  struct pilot_peer *peer)
{
	struct pilot_allowedip *e, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(e, tmp, &peer->allowedips, peer_list)
		aip_free(aips, e);
}

/**
 * pilot_allowedips_lookup - the peer a prefix of which holds an address
 * @aips: the device's set
 * @family: AF_INET or AF_INET6
 * @addr: the address, 4 or 16 bytes
 *
 * Must be called under rcu_read_lock(), which keeps the peer returned
 * alive; take a reference to keep it longer.
 *
 * Return: the peer of the longest matching prefix, or NULL.
 */
struct pilot_peer *pilot_allowedips_lookup(struct pilot_allowedips *aips,
					   u16 family, const void *addr)
{
	unsigned long *lens = family == AF_INET ? aips->lens4 : aips->lens6;
	unsigned int end = family == AF_INET ? 33 : 129, len;
	struct pilot_allowedip *e;
	struct pilot_aip_key key;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "pilot: allowed IPs lookup without RCU");
	/* the lengths present, longest first: each search looks below the last */
	for (; end; end = len) {
		len = find_last_bit(lens, end);
		if (len == end)
			break;
		pilot_aip_key_make(&key, family, addr, len);
		e = rhashtable_lookup(&aips->table, &key, aip_params);
		if (e)
			return rcu_dereference(e->peer);
	}
	return NULL;
}

#ifdef PILOT_SELFTESTS
#include "selftest/allowedips.c"
#endif
