// SPDX-License-Identifier: GPL-2.0
/*
 * Peers of a pilot device.
 *
 * A device's peers sit in a resizable RCU hash table keyed by node ID,
 * hashed with SipHash under a random key (node IDs come from the network:
 * nobody may choose collisions), and in a list for configuration and
 * dumps. Both change only under RTNL. A peer is freed when its last
 * reference goes, after an RCU grace period, so a reader that found it
 * under RCU may use it until rcu_read_unlock().
 */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <net/ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "allowedips.h"
#include "device.h"
#include "kx.h"
#include "netlink.h"
#include "parallel.h"
#include "peer.h"
#include "session.h"

static siphash_key_t peer_hash_key __read_mostly;
/* A peer of its own size: kmalloc() would round it up to the next power of 2. */
static struct kmem_cache *peer_cache __read_mostly;

static u32 peer_hashfn(const void *data, u32 len, u32 seed)
{
	return siphash_2u32(*(const u32 *)data, seed, &peer_hash_key);
}

static const struct rhashtable_params peer_params = {
	.key_len		= sizeof(u32),
	.key_offset		= offsetof(struct pilot_peer, node_id),
	.head_offset		= offsetof(struct pilot_peer, node),
	.hashfn			= peer_hashfn,
	.automatic_shrinking	= true,
};

/**
 * pilot_peer_cache_init - create the slab cache peers come from
 *
 * Return: 0 or -ENOMEM.
 */
int __init pilot_peer_cache_init(void)
{
	peer_cache = KMEM_CACHE(pilot_peer, 0);
	return peer_cache ? 0 : -ENOMEM;
}

/**
 * pilot_peer_cache_exit - destroy it, once every peer is freed
 *
 * After rcu_barrier(): peers go a grace period after their last put.
 */
void pilot_peer_cache_exit(void)
{
	kmem_cache_destroy(peer_cache);
}

/**
 * pilot_peers_init - set up a device's empty peer table and allowed IPs
 * @pd: the device
 *
 * Return: 0 or a negative errno.
 */
int pilot_peers_init(struct pilot_device *pd)
{
	int err;

	net_get_random_once(&peer_hash_key, sizeof(peer_hash_key));
	INIT_LIST_HEAD(&pd->peer_list);
	pd->peer_count = 0;
	/* dumps compare generations; 0 would hide the first change */
	pd->generation = 1;
	err = rhashtable_init(&pd->peers, &peer_params);
	if (err)
		return err;
	err = pilot_allowedips_init(&pd->aips);
	if (err)
		rhashtable_destroy(&pd->peers);
	return err;
}

/**
 * pilot_peers_destroy - remove every peer of a dying device
 * @pd: the device
 *
 * Must hold RTNL.
 */
void pilot_peers_destroy(struct pilot_device *pd)
{
	struct pilot_peer *peer, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(peer, tmp, &pd->peer_list, list)
		pilot_peer_remove(peer, PILOT_DEL_REASON_TEARDOWN);
	rhashtable_destroy(&pd->peers);
	pilot_allowedips_destroy(&pd->aips);
}

/**
 * pilot_peer_lookup - find a peer by node ID
 * @pd: the device
 * @node_id: the node ID
 *
 * Must hold RTNL or rcu_read_lock(); either keeps the peer alive while
 * held. No reference is taken.
 *
 * Return: the peer or NULL.
 */
struct pilot_peer *pilot_peer_lookup(struct pilot_device *pd, u32 node_id)
{
	return rhashtable_lookup_fast(&pd->peers, &node_id, peer_params);
}

/**
 * pilot_peer_create - add a peer
 * @pd: the device
 * @node_id: the new peer's node ID
 *
 * Must hold RTNL.
 *
 * Return: the peer, held by the device's table, or an ERR_PTR (-EEXIST
 * when the node ID has a peer already).
 */
struct pilot_peer *pilot_peer_create(struct pilot_device *pd, u32 node_id)
{
	struct pilot_peer *peer;
	int err;

	ASSERT_RTNL();
	peer = kmem_cache_zalloc(peer_cache, GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	peer->pd = pd;
	peer->node_id = node_id;
	peer->cb_cpu = pilot_parallel_cb_cpu();
	INIT_LIST_HEAD(&peer->allowedips);
	kref_init(&peer->refcount);
	if (dst_cache_init(&peer->route, GFP_KERNEL)) {
		kmem_cache_free(peer_cache, peer);
		return ERR_PTR(-ENOMEM);
	}
	seqlock_init(&peer->endpoint_lock);
	spin_lock_init(&peer->session_lock);
	spin_lock_init(&peer->kx_lock);
	skb_queue_head_init(&peer->staged);
	err = rhashtable_lookup_insert_fast(&pd->peers, &peer->node, peer_params);
	if (err) {
		dst_cache_destroy(&peer->route);
		kmem_cache_free(peer_cache, peer);
		return ERR_PTR(err);
	}
	list_add_tail_rcu(&peer->list, &pd->peer_list);
	pd->peer_count++;
	pd->generation++;
	pilot_auth_forget(pd, node_id);	/* found: ask afresh about it */
	pilot_kx_start(pd);
	return peer;
}

/* No reader is left: what the peer still holds goes with it. */
static void peer_free_rcu(struct rcu_head *rcu)
{
	struct pilot_peer *peer = container_of(rcu, struct pilot_peer, rcu);
	struct pilot_session *s = rcu_dereference_protected(peer->session, true);

	skb_queue_purge(&peer->staged);
	if (s)
		pilot_session_put(s);
	dst_cache_destroy(&peer->route);
	kmem_cache_free(peer_cache, peer);
}

static void peer_release(struct kref *kref)
{
	struct pilot_peer *peer = container_of(kref, struct pilot_peer, refcount);

	call_rcu(&peer->rcu, peer_free_rcu);
}

/**
 * pilot_peer_put - drop a reference to a peer
 * @peer: the peer
 */
void pilot_peer_put(struct pilot_peer *peer)
{
	kref_put(&peer->refcount, peer_release);
}

/**
 * pilot_peer_remove - take a peer out of its device, and say so
 * @peer: the peer
 * @reason: why, for the peer-del notification
 *
 * Readers that found it under RCU may still use it until they leave
 * their read section; the table's reference is dropped here. Must hold
 * RTNL.
 */
void pilot_peer_remove(struct pilot_peer *peer, enum pilot_del_reason reason)
{
	struct pilot_device *pd = peer->pd;

	ASSERT_RTNL();
	pilot_nl_peer_notify(peer, PILOT_CMD_PEER_DEL_NTF, reason);
	rhashtable_remove_fast(&pd->peers, &peer->node, peer_params);
	pilot_allowedips_remove_peer(&pd->aips, peer);
	pilot_kx_peer_gone(peer);
	list_del_rcu(&peer->list);
	pd->peer_count--;
	pd->generation++;
	pilot_peer_put(peer);
}

/**
 * pilot_peer_endpoint_get - where a peer's frames go
 * @peer: the peer
 * @ep: receives the endpoint
 * @learned: receives whether it was learned; may be NULL
 *
 * Lockless: a copy torn by a concurrent change is read again. The
 * changes take the lock with bottom halves off, so a reader in softirq
 * never spins on a writer it interrupted.
 *
 * Return: false when no endpoint is known.
 */
bool pilot_peer_endpoint_get(struct pilot_peer *peer, struct pilot_endpoint *ep,
			     bool *learned)
{
	unsigned int seq;
	bool l;

	do {
		seq = read_seqbegin(&peer->endpoint_lock);
		*ep = peer->endpoint;
		l = peer->endpoint_learned;
	} while (read_seqretry(&peer->endpoint_lock, seq));
	if (learned)
		*learned = l;
	return ep->family;
}

static bool endpoint_equal(const struct pilot_endpoint *a, const struct pilot_endpoint *b)
{
	if (a->family != b->family || a->port != b->port)
		return false;
	return a->family == AF_INET ? a->addr4 == b->addr4 :
				      ipv6_addr_equal(&a->addr6, &b->addr6);
}

/**
 * pilot_peer_endpoint_learn - follow the source of a peer's frame
 * @peer: the peer
 * @ep: the source of its last authenticated frame
 *
 * Return: true when the endpoint changed; the caller says so.
 */
bool pilot_peer_endpoint_learn(struct pilot_peer *peer, const struct pilot_endpoint *ep)
{
	struct pilot_endpoint cur;
	bool changed;

	/* every frame comes here: most find the peer where it was */
	pilot_peer_endpoint_get(peer, &cur, NULL);
	if (endpoint_equal(&cur, ep))
		return false;
	write_seqlock_bh(&peer->endpoint_lock);
	changed = !endpoint_equal(&peer->endpoint, ep);
	if (changed) {
		peer->endpoint = *ep;
		peer->endpoint_learned = true;
		dst_cache_reset(&peer->route);
	}
	write_sequnlock_bh(&peer->endpoint_lock);
	return changed;
}

/**
 * pilot_peer_endpoint_set - set a peer's endpoint, as configured
 * @peer: the peer
 * @ep: the endpoint
 */
void pilot_peer_endpoint_set(struct pilot_peer *peer, const struct pilot_endpoint *ep)
{
	write_seqlock_bh(&peer->endpoint_lock);
	peer->endpoint = *ep;
	peer->endpoint_learned = false;
	dst_cache_reset(&peer->route);
	write_sequnlock_bh(&peer->endpoint_lock);
}

/**
 * pilot_peer_endpoint_is - whether @ep is still a peer's endpoint
 * @peer: the peer, its endpoint_lock held (read_seqlock_excl() will do)
 * @ep: an endpoint read earlier
 *
 * Return: true when the peer's endpoint is @ep.
 */
bool pilot_peer_endpoint_is(struct pilot_peer *peer, const struct pilot_endpoint *ep)
{
	lockdep_assert_held(&peer->endpoint_lock.lock);
	return endpoint_equal(&peer->endpoint, ep);
}

/**
 * pilot_peer_route_reset - forget a peer's route, to be looked up afresh
 * @peer: the peer
 *
 * For a change that may route its endpoint elsewhere (the fwmark).
 */
void pilot_peer_route_reset(struct pilot_peer *peer)
{
	/* excludes route_keep() in socket.c; the endpoint stays as it is */
	read_seqlock_excl_bh(&peer->endpoint_lock);
	dst_cache_reset(&peer->route);
	read_sequnlock_excl_bh(&peer->endpoint_lock);
}

/**
 * pilot_peer_get_state - what a peer's session and key exchange look like
 * @peer: the peer, alive for the call (RTNL, RCU or a reference)
 * @st: receives the state
 *
 * Takes rcu_read_lock() and @peer->kx_lock (with bottom halves off), so
 * the caller must not hold @peer->kx_lock.
 */
void pilot_peer_get_state(struct pilot_peer *peer, struct pilot_peer_state *st)
{
	struct pilot_session *s;
	unsigned long now, until;

	rcu_read_lock();
	s = rcu_dereference(peer->session);
	st->session = !!s;
	st->authenticated = s && s->authenticated;
	rcu_read_unlock();
	st->last_key_exchange = READ_ONCE(peer->last_key_exchange);

	spin_lock_bh(&peer->kx_lock);
	st->rekey_pending = peer->kx.pending;
	st->rekey_attempts = peer->kx.pending ? peer->kx.attempts : 0;
	st->gave_up_ms = 0;
	if (peer->kx.gave_up_set) {
		now = jiffies;
		until = peer->kx.gave_up +
			msecs_to_jiffies(PILOT_GAVE_UP_COOLDOWN_MS);
		if (time_before(now, until))
			st->gave_up_ms = jiffies_to_msecs(until - now);
	}
	spin_unlock_bh(&peer->kx_lock);
}
