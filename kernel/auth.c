// SPDX-License-Identifier: GPL-2.0
/*
 * Authenticated key exchange (PILA): what the kernel keeps of this node's
 * identity, and the questions it asks pilot-keyd.
 *
 * The kernel has no Ed25519. pilot-keyd holds the node's identity, signs
 * the key-exchange challenge ("auth" || node ID || X25519 public key)
 * whenever the device's X25519 key or node ID changes (sign-request-ntf),
 * and hands back the signature (identity-set); the device then sends PILA
 * frames. An inbound PILA frame the kernel cannot vouch for from its own
 * cache (the peer's last verified frame, kept on the peer) is parked here
 * and put to the helper (verify-request-ntf); its answer (verify-reply)
 * sends the frame back to the key-exchange worker, or refuses it. A PILK
 * frame from a node whose identity may be registered is put to the
 * helper the same way, as a key lookup (spec 7.5 step 4).
 *
 * Everything is bounded: %PILOT_UPCALL_MAX questions outstanding per
 * device, each for %PILOT_UPCALL_TIMEOUT_MS at most; the negative cache
 * of spec 7.3 (3 s, 4096 nodes) spares the helper repeated questions about
 * nodes it could not find. With no helper listening, no question is asked.
 *
 * Locking: struct pilot_auth's lock is a leaf, taken in any context but
 * hard interrupts; nothing is sent to netlink under it.
 */

#include <crypto/algapi.h>
#include <linux/jiffies.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/skbuff.h>

#include "auth.h"
#include "compat.h"
#include "device.h"
#include "drop.h"
#include "kx.h"
#include "messages.h"
#include "netlink-gen.h"
#include "netlink.h"
#include "peer.h"
#include "send.h"
#include "trace.h"

/**
 * struct pilot_upcall - a frame waiting for pilot-keyd's answer
 * @list: entry in &pilot_auth.upcalls
 * @cookie: names the question
 * @node_id: the frame's sender
 * @sent: jiffies when it was asked
 * @skb: the frame (its control block says where it came from)
 * @held: PILS frames from the same node that came meanwhile: they wait
 *	for the answer, as they would behind a Go daemon's blocking lookup
 */
struct pilot_upcall {
	struct list_head list;
	u32 cookie;
	u32 node_id;
	unsigned long sent;
	struct sk_buff *skb;
	struct sk_buff_head held;
};

/*
 * The sockets of running helpers: a pilot-keyd is present for a device
 * while the socket that set its identity is open. Netlink tells when one
 * closes (NETLINK_URELEASE); genl_has_listeners() cannot tell, for it
 * counts listeners in every namespace at once.
 */
struct keyd_socket {
	struct list_head list;
	possible_net_t net;
	u32 portid;
};

static LIST_HEAD(keyd_sockets);
static DEFINE_SPINLOCK(keyd_sockets_lock);	/* leaf: keyd_sockets */

static struct keyd_socket *keyd_socket_find(const struct net *net, u32 portid)
{
	struct keyd_socket *ks;

	lockdep_assert_held(&keyd_sockets_lock);
	list_for_each_entry(ks, &keyd_sockets, list)
		if (ks->portid == portid && net_eq(read_pnet(&ks->net), net))
			return ks;
	return NULL;
}

static int keyd_socket_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct keyd_socket *ks;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC || !n->portid)
		return NOTIFY_DONE;
	spin_lock_bh(&keyd_sockets_lock);
	ks = keyd_socket_find(n->net, n->portid);
	if (ks) {
		list_del(&ks->list);
		kfree(ks);
	}
	spin_unlock_bh(&keyd_sockets_lock);
	return NOTIFY_DONE;
}

static struct notifier_block keyd_socket_notifier = {
	.notifier_call = keyd_socket_event,
};

/**
 * pilot_auth_module_init - follow the helpers' sockets
 *
 * Return: 0 or a negative errno.
 */
int __init pilot_auth_module_init(void)
{
	return netlink_register_notifier(&keyd_socket_notifier);
}

/**
 * pilot_auth_module_exit - stop following them
 */
void pilot_auth_module_exit(void)
{
	struct keyd_socket *ks, *tmp;

	netlink_unregister_notifier(&keyd_socket_notifier);
	list_for_each_entry_safe(ks, tmp, &keyd_sockets, list)
		kfree(ks);
	INIT_LIST_HEAD(&keyd_sockets);
}

/**
 * pilot_auth_helper_bind - the helper on this socket serves the device
 * @pd: the device; must hold RTNL
 * @net: the socket's namespace
 * @portid: the socket, which just set the device's identity
 *
 * Return: 0 or -ENOMEM.
 */
int pilot_auth_helper_bind(struct pilot_device *pd, struct net *net, u32 portid)
{
	struct keyd_socket *ks = kmalloc(sizeof(*ks), GFP_KERNEL);

	ASSERT_RTNL();
	if (!ks)
		return -ENOMEM;
	write_pnet(&ks->net, net);
	ks->portid = portid;
	spin_lock_bh(&keyd_sockets_lock);
	if (keyd_socket_find(net, portid))
		kfree(ks);
	else
		list_add(&ks->list, &keyd_sockets);
	spin_unlock_bh(&keyd_sockets_lock);
	WRITE_ONCE(pd->keyd_portid, portid);
	return 0;
}

struct node_entry {
	struct hlist_node node;
	u32 node_id;
	unsigned long stamp;
};

static bool expired_at(unsigned long stamp, unsigned int ms, unsigned long now)
{
	return time_after_eq(now, stamp + msecs_to_jiffies(ms));
}

static bool expired(unsigned long stamp, unsigned int ms)
{
	return expired_at(stamp, ms, jiffies);
}

static void node_cache_init(struct pilot_node_cache *c, unsigned int max,
			    unsigned int ttl_ms)
{
	hash_init(c->table);
	c->count = 0;
	c->max = max;
	c->ttl_ms = ttl_ms;
}

static void node_cache_del(struct pilot_node_cache *c, struct node_entry *e)
{
	hash_del(&e->node);
	c->count--;
	kfree(e);
}

/* The entry for @node_id, if it has not expired at @now (an expired one goes). */
static struct node_entry *node_cache_find_at(struct pilot_node_cache *c, u32 node_id,
					     unsigned long now)
{
	struct node_entry *e;

	hash_for_each_possible(c->table, e, node, node_id) {
		if (e->node_id != node_id)
			continue;
		if (!expired_at(e->stamp, c->ttl_ms, now))
			return e;
		node_cache_del(c, e);
		return NULL;
	}
	return NULL;
}

static struct node_entry *node_cache_find(struct pilot_node_cache *c, u32 node_id)
{
	return node_cache_find_at(c, node_id, jiffies);
}

/*
 * Remember @node_id from @now. When full, expired entries go first; when
 * full of live ones, the node is not remembered (spec 7.3).
 */
static void node_cache_add_at(struct pilot_node_cache *c, u32 node_id, unsigned long now)
{
	struct hlist_node *tmp;
	struct node_entry *e;
	int bkt;

	e = node_cache_find_at(c, node_id, now);
	if (e) {
		e->stamp = now;
		return;
	}
	if (c->count >= c->max) {
		hash_for_each_safe(c->table, bkt, tmp, e, node)
			if (expired_at(e->stamp, c->ttl_ms, now))
				node_cache_del(c, e);
		if (c->count >= c->max)
			return;
	}
	e = kmalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		return;
	e->node_id = node_id;
	e->stamp = now;
	hash_add(c->table, &e->node, node_id);
	c->count++;
}

static void node_cache_add(struct pilot_node_cache *c, u32 node_id)
{
	node_cache_add_at(c, node_id, jiffies);
}

static void node_cache_forget(struct pilot_node_cache *c, u32 node_id)
{
	struct node_entry *e = node_cache_find(c, node_id);

	if (e)
		node_cache_del(c, e);
}

static void node_cache_clear(struct pilot_node_cache *c)
{
	struct hlist_node *tmp;
	struct node_entry *e;
	int bkt;

	hash_for_each_safe(c->table, bkt, tmp, e, node)
		node_cache_del(c, e);
}

/**
 * pilot_auth_init - set up a device's identity state and questions
 * @pd: the device
 */
void pilot_auth_init(struct pilot_device *pd)
{
	struct pilot_auth *auth = &pd->auth;

	spin_lock_init(&auth->lock);
	INIT_LIST_HEAD(&auth->upcalls);
	node_cache_init(&auth->negative, PILOT_NEGATIVE_MAX, PILOT_NEGATIVE_TTL_MS);
	node_cache_init(&auth->resolving, PILOT_RESOLVE_MAX, PILOT_NEGATIVE_TTL_MS);
	skb_queue_head_init(&auth->waiting);
}

/* Take the questions older than @ms (all with 0) into @out. */
static void take_upcalls(struct pilot_auth *auth, unsigned int ms, struct list_head *out)
{
	struct pilot_upcall *u, *tmp;

	spin_lock_bh(&auth->lock);
	list_for_each_entry_safe(u, tmp, &auth->upcalls, list) {
		if (ms && !expired(u->sent, ms))
			break;	/* oldest first: the rest are younger */
		list_move_tail(&u->list, out);
		auth->nr_upcalls--;
	}
	spin_unlock_bh(&auth->lock);
}

/**
 * pilot_auth_stop - forget the questions of a device going down
 * @pd: the device
 *
 * Answers that come later find nothing and are refused.
 */
void pilot_auth_stop(struct pilot_device *pd)
{
	struct pilot_upcall *u, *tmp;
	LIST_HEAD(gone);

	take_upcalls(&pd->auth, 0, &gone);
	list_for_each_entry_safe(u, tmp, &gone, list) {
		__skb_queue_purge(&u->held);
		kfree_skb(u->skb);
		kfree(u);
	}
	skb_queue_purge(&pd->auth.waiting);
}

/**
 * pilot_auth_uninit - free a device's identity state
 * @pd: the device, stopped
 */
void pilot_auth_uninit(struct pilot_device *pd)
{
	struct pilot_auth *auth = &pd->auth;

	pilot_auth_stop(pd);
	spin_lock_bh(&auth->lock);
	node_cache_clear(&auth->negative);
	node_cache_clear(&auth->resolving);
	spin_unlock_bh(&auth->lock);
	memzero_explicit(pd->signature, sizeof(pd->signature));
}

/**
 * pilot_auth_helper_present - whether a pilot-keyd serves this device
 * @pd: the device
 *
 * Return: true while the socket of the helper that last set the device's
 * identity is open.
 */
bool pilot_auth_helper_present(struct pilot_device *pd)
{
	u32 portid = READ_ONCE(pd->keyd_portid);
	bool present;

	if (!portid)
		return false;
	spin_lock_bh(&keyd_sockets_lock);
	present = keyd_socket_find(dev_net(pd->dev), portid);
	spin_unlock_bh(&keyd_sockets_lock);
	return present;
}

/**
 * pilot_auth_can_sign - whether the device sends PILA frames
 * @pd: the device
 *
 * Return: true when it has an identity whose signature matches its
 * current node ID and X25519 key.
 */
bool pilot_auth_can_sign(struct pilot_device *pd)
{
	return READ_ONCE(pd->identity_signed);
}

/**
 * pilot_auth_frame - build this node's key-exchange frame
 * @pd: the device
 * @frame: receives it; room for %PILOT_PILA_LEN bytes
 * @pila: PILA when the device can sign (spec 7.6), else PILK
 *
 * Return: the frame's length: %PILOT_PILA_LEN or %PILOT_PILK_LEN.
 */
size_t pilot_auth_frame(struct pilot_device *pd, u8 *frame, bool pila)
{
	u8 *p = frame + PILOT_MAGIC_LEN;
	size_t len = PILOT_PILK_LEN;

	spin_lock_bh(&pd->key_lock);
	pila = pila && pd->identity_signed;
	put_unaligned_be32(pila ? PILOT_MAGIC_PILA : PILOT_MAGIC_PILK, frame);
	put_unaligned_be32(pd->node_id, p);
	p += PILOT_NODE_ID_LEN;
	memcpy(p, pd->public_key, CURVE25519_KEY_SIZE);
	p += CURVE25519_KEY_SIZE;
	if (pila) {
		memcpy(p, pd->identity_key, PILOT_ED25519_KEY_LEN);
		p += PILOT_ED25519_KEY_LEN;
		memcpy(p, pd->signature, PILOT_SIGNATURE_LEN);
		len = PILOT_PILA_LEN;
	}
	spin_unlock_bh(&pd->key_lock);
	return len;
}

/**
 * pilot_auth_key_changed - the device's node ID or X25519 key changed
 * @pd: the device; must hold RTNL
 *
 * The signature no longer matches the challenge: the device sends PILK
 * until pilot-keyd, asked here, signs the new one. Every helper of the
 * namespace is asked, so that one started before the device was made
 * takes it up.
 */
void pilot_auth_key_changed(struct pilot_device *pd)
{
	ASSERT_RTNL();
	spin_lock_bh(&pd->key_lock);
	WRITE_ONCE(pd->identity_signed, false);
	spin_unlock_bh(&pd->key_lock);
	/* to any helper of the namespace: one may not serve this device yet */
	pilot_nl_notify_sign_request(pd);
}

/**
 * pilot_auth_set_identity - take the identity and signature pilot-keyd made
 * @pd: the device; must hold RTNL
 * @node_id: the node ID that was signed
 * @public_key: the X25519 public key that was signed
 * @identity_key: the node's Ed25519 public key; all zeros forget the identity
 * @signature: the Ed25519 signature of the challenge
 *
 * Return: 0, or -ESTALE when @node_id or @public_key is no longer the
 * device's.
 */
int pilot_auth_set_identity(struct pilot_device *pd, u32 node_id, const u8 *public_key,
			    const u8 *identity_key, const u8 *signature)
{
	bool forget = !memchr_inv(identity_key, 0, PILOT_ED25519_KEY_LEN);
	int err = 0;

	ASSERT_RTNL();
	spin_lock_bh(&pd->key_lock);
	if (forget) {
		memzero_explicit(pd->identity_key, sizeof(pd->identity_key));
		memzero_explicit(pd->signature, sizeof(pd->signature));
		pd->has_identity = false;
		WRITE_ONCE(pd->identity_signed, false);
	} else if (node_id != pd->node_id ||
		   crypto_memneq(public_key, pd->public_key, CURVE25519_KEY_SIZE)) {
		err = -ESTALE;
	} else {
		memcpy(pd->identity_key, identity_key, PILOT_ED25519_KEY_LEN);
		memcpy(pd->signature, signature, PILOT_SIGNATURE_LEN);
		pd->has_identity = true;
		WRITE_ONCE(pd->identity_signed, true);
	}
	spin_unlock_bh(&pd->key_lock);
	return err;
}

/**
 * pilot_auth_refuse - count and announce a key-exchange frame refused
 * @pd: the device
 * @peer: the sender when it is a peer, or NULL
 * @node_id: the sender's node ID
 * @result: why
 * @from: where the frame came from
 *
 * The frame itself is the caller's to free.
 */
void pilot_auth_refuse(struct pilot_device *pd, struct pilot_peer *peer, u32 node_id,
		       enum pilot_auth_result result, const struct pilot_endpoint *from)
{
	enum pilot_drop_reason reason = PILOT_DROP_REASON_AUTH_FAILED;

	if (result == PILOT_AUTH_RESULT_NO_HELPER)
		reason = PILOT_DROP_REASON_UNAUTHENTICATED;
	else if (result == PILOT_AUTH_RESULT_BUSY)
		reason = PILOT_DROP_REASON_RATE_LIMITED;
	pilot_count_drop(pd, peer, reason, true);
	trace_pilot_auth(pd->dev, node_id, result);
	net_dbg_ratelimited("%s: node %u: PILA refused (%s)\n", pd->dev->name, node_id,
			    pilot_trace_auth_result(result));
	pilot_nl_notify_auth_failed(pd, node_id, result, from);
}

/* A question nobody answered in time. */
static void upcall_timed_out(struct pilot_device *pd, struct sk_buff *skb)
{
	u32 node_id = get_unaligned_be32(skb->data + PILOT_MAGIC_LEN);

	pilot_auth_set_negative(pd, node_id);
	if (get_unaligned_be32(skb->data) == PILOT_MAGIC_PILK) {
		/* a lookup that failed: the PILK frame is taken as it is */
		PILOT_CB(skb)->auth = PILOT_CB_AUTH_UNKNOWN;
		pilot_kx_requeue(pd, skb);
		return;
	}
	pilot_auth_refuse(pd, NULL, node_id, PILOT_AUTH_RESULT_TIMEOUT,
			  &PILOT_CB(skb)->from);
	kfree_skb(skb);
}

/* Drop what waited for a node longer than the helper may take to find it. */
static void expire_waiting(struct pilot_device *pd)
{
	struct sk_buff_head *q = &pd->auth.waiting;
	struct sk_buff *skb;

	spin_lock_bh(&q->lock);
	while ((skb = skb_peek(q)) &&
	       expired(PILOT_CB(skb)->queued, PILOT_NEGATIVE_TTL_MS)) {
		__skb_unlink(skb, q);
		pilot_drop_tx(pd, NULL, skb, PILOT_DROP_REASON_NO_ROUTE);
	}
	spin_unlock_bh(&q->lock);
}

/**
 * pilot_auth_expire - give up on questions pilot-keyd left unanswered
 * @pd: the device
 *
 * And on packets that waited too long for a node to be resolved.
 *
 * Process context.
 */
void pilot_auth_expire(struct pilot_device *pd)
{
	struct pilot_upcall *u, *tmp;
	LIST_HEAD(late);

	expire_waiting(pd);
	take_upcalls(&pd->auth, PILOT_UPCALL_TIMEOUT_MS, &late);
	list_for_each_entry_safe(u, tmp, &late, list) {
		upcall_timed_out(pd, u->skb);
		pilot_kx_requeue_all(pd, &u->held);
		kfree(u);
	}
}

/**
 * pilot_auth_ask - put a key-exchange frame to pilot-keyd
 * @pd: the device
 * @skb: a PILA frame to verify, or a PILK frame whose sender's key to look
 *	up; kept here on success
 * @pinned: the sender's pinned Ed25519 key, or NULL
 *
 * Process context.
 *
 * Return: 0 when asked (the answer comes through pilot_auth_answered()),
 * -ENOTCONN when no helper listens, -EBUSY when too many questions are
 * outstanding, -ENOMEM.
 */
int pilot_auth_ask(struct pilot_device *pd, struct sk_buff *skb, const u8 *pinned)
{
	struct pilot_auth *auth = &pd->auth;
	struct sk_buff_head held;
	struct pilot_upcall *u;
	int err;

	if (!pilot_auth_helper_present(pd))
		return -ENOTCONN;
	pilot_auth_expire(pd);
	u = kmalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	u->node_id = get_unaligned_be32(skb->data + PILOT_MAGIC_LEN);
	u->sent = jiffies;
	u->skb = skb;
	__skb_queue_head_init(&u->held);

	spin_lock_bh(&auth->lock);
	if (auth->nr_upcalls >= PILOT_UPCALL_MAX) {
		spin_unlock_bh(&auth->lock);
		kfree(u);
		return -EBUSY;
	}
	u->cookie = ++auth->next_cookie ?: ++auth->next_cookie;
	list_add_tail(&u->list, &auth->upcalls);
	auth->nr_upcalls++;
	spin_unlock_bh(&auth->lock);

	err = pilot_nl_notify_verify_request(pd, u->cookie, skb, pinned);
	if (err && pilot_auth_answered(pd, u->cookie, u->node_id, &held) == skb) {
		pilot_kx_requeue_all(pd, &held);
		return err == -ESRCH ? -ENOTCONN : err;	/* ours again */
	}
	return 0;
}

/**
 * pilot_auth_answered - take back the frame a question was about
 * @pd: the device
 * @cookie: the question's cookie
 * @node_id: the node it was about
 * @held: an empty queue, which receives the PILS frames that waited for
 *	the answer, oldest first
 *
 * Return: the frame, now the caller's, or NULL when no such question is
 * outstanding (answered already, timed out, or never asked).
 */
struct sk_buff *pilot_auth_answered(struct pilot_device *pd, u32 cookie, u32 node_id,
				    struct sk_buff_head *held)
{
	struct pilot_auth *auth = &pd->auth;
	struct sk_buff *skb = NULL;
	struct pilot_upcall *u;

	__skb_queue_head_init(held);
	spin_lock_bh(&auth->lock);
	list_for_each_entry(u, &auth->upcalls, list) {
		if (u->cookie != cookie || u->node_id != node_id)
			continue;
		list_del(&u->list);
		auth->nr_upcalls--;
		skb = u->skb;
		skb_queue_splice_init(&u->held, held);
		kfree(u);
		break;
	}
	spin_unlock_bh(&auth->lock);
	return skb;
}

/**
 * pilot_auth_hold - keep a PILS frame until pilot-keyd answers about its sender
 * @pd: the device
 * @skb: a PILS frame no session opens, from a node whose key-exchange frame
 *	is put to the helper; kept on success
 *
 * Any context but hard interrupts.
 *
 * Return: true when the frame waits (%PILOT_UPCALL_HELD_MAX at most per
 * question); false when no question about its sender is outstanding.
 */
bool pilot_auth_hold(struct pilot_device *pd, struct sk_buff *skb)
{
	u32 node_id = get_unaligned_be32(skb->data + PILOT_MAGIC_LEN);
	struct pilot_auth *auth = &pd->auth;
	struct pilot_upcall *u;
	bool held = false;

	if (!READ_ONCE(auth->nr_upcalls))
		return false;
	spin_lock_bh(&auth->lock);
	list_for_each_entry(u, &auth->upcalls, list) {
		if (u->node_id != node_id)
			continue;
		if (skb_queue_len(&u->held) < PILOT_UPCALL_HELD_MAX) {
			__skb_queue_tail(&u->held, skb);
			held = true;
		}
		break;
	}
	spin_unlock_bh(&auth->lock);
	return held;
}

/**
 * pilot_auth_negative - whether a node's key was not found a moment ago
 * @pd: the device
 * @node_id: the node
 *
 * Return: true within %PILOT_NEGATIVE_TTL_MS of a failed lookup.
 */
bool pilot_auth_negative(struct pilot_device *pd, u32 node_id)
{
	bool hit;

	spin_lock_bh(&pd->auth.lock);
	hit = node_cache_find(&pd->auth.negative, node_id);
	spin_unlock_bh(&pd->auth.lock);
	return hit;
}

/**
 * pilot_auth_set_negative - remember that a node's key was not found
 * @pd: the device
 * @node_id: the node
 *
 * Spec 7.3: kept %PILOT_NEGATIVE_TTL_MS; when %PILOT_NEGATIVE_MAX nodes
 * are remembered, expired entries go first, and if none has expired the
 * node is not remembered.
 */
void pilot_auth_set_negative(struct pilot_device *pd, u32 node_id)
{
	spin_lock_bh(&pd->auth.lock);
	node_cache_add(&pd->auth.negative, node_id);
	spin_unlock_bh(&pd->auth.lock);
}

/**
 * pilot_auth_forget - forget what was asked about a node
 * @pd: the device
 * @node_id: the node, which was just added or removed as a peer
 *
 * An honest late registrant is asked about again at once (spec 7.3).
 */
void pilot_auth_forget(struct pilot_device *pd, u32 node_id)
{
	spin_lock_bh(&pd->auth.lock);
	node_cache_forget(&pd->auth.negative, node_id);
	node_cache_forget(&pd->auth.resolving, node_id);
	spin_unlock_bh(&pd->auth.lock);
}

/**
 * pilot_auth_resolve - ask pilot-keyd to find a node traffic is sent to
 * @pd: the device
 * @node_id: a node that is not a peer
 * @skb: the packet for it; kept on success
 *
 * On-demand peers: the helper looks the node up in the registry and adds
 * it as a peer, which then takes the packet (pilot_auth_resolved()). The
 * helper is asked at most once per %PILOT_NEGATIVE_TTL_MS per node, for at
 * most %PILOT_RESOLVE_MAX nodes at a time; %PILOT_RESOLVE_QUEUE_MAX packets
 * wait, each as long (the oldest pushed out). Any context but hard
 * interrupts.
 *
 * Return: true when the packet waits, false when nobody can find the node
 * (no helper, or it failed a moment ago): the caller drops it.
 */
bool pilot_auth_resolve(struct pilot_device *pd, u32 node_id, struct sk_buff *skb)
{
	struct pilot_auth *auth = &pd->auth;
	bool ask, wait;

	if (!node_id || node_id == READ_ONCE(pd->node_id) ||
	    !pilot_auth_helper_present(pd))
		return false;
	spin_lock_bh(&auth->lock);
	wait = !node_cache_find(&auth->negative, node_id);
	ask = wait && !node_cache_find(&auth->resolving, node_id);
	if (ask) {
		node_cache_add(&auth->resolving, node_id);
		ask = node_cache_find(&auth->resolving, node_id);	/* not full */
		wait = ask;
	}
	spin_unlock_bh(&auth->lock);
	if (ask)
		pilot_nl_notify_resolve_request(pd, node_id);
	if (!wait)
		return false;

	expire_waiting(pd);
	PILOT_CB(skb)->node_id = node_id;
	PILOT_CB(skb)->queued = jiffies;
	pilot_queue_bounded(pd, NULL, &auth->waiting, skb, PILOT_RESOLVE_QUEUE_MAX);
	return true;
}

/**
 * pilot_auth_resolved - a peer was added: send what waited for its node
 * @peer: the new peer; must hold RTNL
 */
void pilot_auth_resolved(struct pilot_peer *peer)
{
	struct pilot_device *pd = peer->pd;
	struct sk_buff *skb, *tmp;
	struct sk_buff_head q;

	ASSERT_RTNL();
	pilot_auth_forget(pd, peer->node_id);
	if (skb_queue_empty_lockless(&pd->auth.waiting))
		return;
	__skb_queue_head_init(&q);
	spin_lock_bh(&pd->auth.waiting.lock);
	skb_queue_walk_safe(&pd->auth.waiting, skb, tmp) {
		if (PILOT_CB(skb)->node_id != peer->node_id)
			continue;
		__skb_unlink(skb, &pd->auth.waiting);
		__skb_queue_tail(&q, skb);
	}
	spin_unlock_bh(&pd->auth.waiting.lock);
	rcu_read_lock_bh();
	while ((skb = __skb_dequeue(&q)))
		pilot_send_packet(peer, skb, PILOT_CB(skb)->stat_len);
	rcu_read_unlock_bh();
}

#ifdef PILOT_SELFTESTS
#include "selftest/auth.c"
#endif
