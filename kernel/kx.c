// SPDX-License-Identifier: GPL-2.0
/*
 * The L5 key-exchange manager (spec section 7), for PILK.
 *
 * Inbound key-exchange frames are rate-limited per source in softirq and
 * queued (bounded) for a worker, because deriving a session costs an
 * X25519 multiplication and allocates a transform. The worker applies the
 * install / replace / keep rules of spec 6.3, answers, replays the
 * salvage of a replaced session, and sends the packets that waited. A
 * node that is not a peer becomes a learned peer when the device allows
 * it, up to %PILOT_MAX_CRYPTO_PEERS sessions (the max_sessions parameter),
 * checked before any scalar multiplication.
 *
 * A one-second tick retransmits pending key exchanges (every 4 s, six
 * frames in all), gives up with a cooldown, sends keepalives and ages the
 * salvage rings.
 *
 * Locking. RTNL (peer creation and removal) comes first; under it, or
 * alone, a peer's session_lock, kx_lock, endpoint_lock and staged.lock,
 * and the device's kx_queue lock, are leaves: none is held while another
 * is taken. The worker takes RTNL only with rtnl_trylock(), so that
 * stopping the device under RTNL may wait for it.
 */

#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>

#include "auth.h"
#include "compat.h"
#include "device.h"
#include "drop.h"
#include "kx.h"
#include "messages.h"
#include "netlink.h"
#include "peer.h"
#include "receive.h"
#include "send.h"
#include "session.h"

/* Inbound frames handled per run of the worker before it yields. */
#define PILOT_KX_BUDGET 128

static unsigned int max_sessions = PILOT_MAX_CRYPTO_PEERS;
module_param(max_sessions, uint, 0444);
MODULE_PARM_DESC(max_sessions,
		 "Sessions (and learned peers) a device keeps at most (spec MaxCryptoPeers: 16384)");

static bool older_than(unsigned long when, unsigned int ms)
{
	return time_after_eq(jiffies, when + msecs_to_jiffies(ms));
}

/* MarkPendingRekey (spec 7.8): a no-op during a give-up cooldown. */
static void mark_pending(struct pilot_peer *peer)
{
	struct pilot_kx *kx = &peer->kx;

	spin_lock_bh(&peer->kx_lock);
	if (kx->gave_up_set && !older_than(kx->gave_up, PILOT_GAVE_UP_COOLDOWN_MS))
		goto out;
	kx->gave_up_set = false;
	if (!kx->pending) {
		kx->first_sent = jiffies;
		kx->attempts = 0;
		WRITE_ONCE(kx->pending, true);
	}
	kx->last_sent = jiffies;
	if (kx->attempts < U8_MAX)
		kx->attempts++;
out:
	spin_unlock_bh(&peer->kx_lock);
}

static void clear_pending(struct pilot_peer *peer)
{
	spin_lock_bh(&peer->kx_lock);
	WRITE_ONCE(peer->kx.pending, false);
	spin_unlock_bh(&peer->kx_lock);
}

/*
 * A per-peer rate gate: true, stamping now, unless *@set says *@last was
 * less than @ms ago. The stamps are fields of peer->kx.
 */
static bool kx_gate(struct pilot_peer *peer, bool *set, unsigned long *last,
		    unsigned int ms)
{
	bool due;

	spin_lock_bh(&peer->kx_lock);
	due = !*set || older_than(*last, ms);
	if (due) {
		*set = true;
		*last = jiffies;
	}
	spin_unlock_bh(&peer->kx_lock);
	return due;
}

/* The stale-reply gate and reply rate limit (spec 7.10). */
static bool reply_due(struct pilot_peer *peer)
{
	if (READ_ONCE(peer->rx_seen) &&
	    !older_than(READ_ONCE(peer->last_rx), PILOT_REPLY_STALE_MS))
		return false;
	return kx_gate(peer, &peer->kx.reply_set, &peer->kx.last_reply,
		       PILOT_REPLY_MIN_INTERVAL_MS);
}

/**
 * pilot_kx_in_cooldown - whether a peer's key exchange gave up just now
 * @peer: the peer
 *
 * Return: true during the cooldown after a give-up.
 */
bool pilot_kx_in_cooldown(struct pilot_peer *peer)
{
	bool cooling;

	if (!READ_ONCE(peer->kx.gave_up_set))
		return false;
	spin_lock_bh(&peer->kx_lock);
	cooling = peer->kx.gave_up_set &&
		  !older_than(peer->kx.gave_up, PILOT_GAVE_UP_COOLDOWN_MS);
	spin_unlock_bh(&peer->kx_lock);
	return cooling;
}

/**
 * pilot_kx_note_rx - a peer's frame was authenticated
 * @peer: the peer
 *
 * Records liveness for the stale-reply gate and ends a pending exchange
 * and a give-up: the peer evidently has our key (spec 8.3). Cheap when
 * nothing is pending, as on almost every packet.
 */
void pilot_kx_note_rx(struct pilot_peer *peer)
{
	WRITE_ONCE(peer->last_rx, jiffies);
	WRITE_ONCE(peer->rx_seen, true);
	if (!READ_ONCE(peer->kx.pending) && !READ_ONCE(peer->kx.gave_up_set))
		return;
	spin_lock_bh(&peer->kx_lock);
	WRITE_ONCE(peer->kx.pending, false);
	WRITE_ONCE(peer->kx.gave_up_set, false);
	spin_unlock_bh(&peer->kx_lock);
}

/* Send a frame of @len bytes to the peer's endpoint. */
static int send_bytes(struct pilot_peer *peer, const u8 *frame, size_t len)
{
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(PILOT_SEND_HEADROOM + len, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, PILOT_SEND_HEADROOM);
	skb_put_data(skb, frame, len);
	rcu_read_lock_bh();
	err = pilot_send_frame(peer, skb);
	rcu_read_unlock_bh();
	return err;
}

/*
 * The key request of spec 7.7: while we hold no session, a PILA goes with
 * a PILK when the peer sent what we could not open (the due mark, taken
 * here) or on every retransmit, so that a peer that answered our first
 * PILA once, and lost it, answers again.
 */
static bool take_key_request(struct pilot_peer *peer)
{
	bool due;

	if (rcu_access_pointer(peer->session))
		return false;
	spin_lock_bh(&peer->kx_lock);
	due = peer->kx.key_request_due || (peer->kx.pending && peer->kx.attempts >= 1);
	peer->kx.key_request_due = false;
	spin_unlock_bh(&peer->kx_lock);
	return due;
}

/*
 * SendKeyExchangeToNode (spec 7.6): our PILA when pilot-keyd signed our
 * key, else our PILK, to the peer's endpoint; marked pending (to be
 * retransmitted) when @pending. Nothing is sent with encryption off or
 * with no endpoint known.
 */
static bool send_kx(struct pilot_peer *peer, bool pending)
{
	struct pilot_device *pd = peer->pd;
	u8 frame[PILOT_PILA_LEN];
	size_t len;

	if (!READ_ONCE(pd->encryption))
		return false;
	len = pilot_auth_frame(pd, frame, true);
	if (send_bytes(peer, frame, len))
		return false;
	if (len == PILOT_PILA_LEN && take_key_request(peer)) {
		len = pilot_auth_frame(pd, frame, false);
		send_bytes(peer, frame, len);
	}
	if (pending)
		mark_pending(peer);
	return true;
}

/**
 * pilot_kx_initiate - start a key exchange unless one is pending
 * @peer: a peer with no session, for which a packet waits
 */
void pilot_kx_initiate(struct pilot_peer *peer)
{
	if (!READ_ONCE(peer->kx.pending))
		send_kx(peer, true);
}

/**
 * pilot_kx_path_changed - the way to a peer changed: retransmit at once
 * @peer: the peer
 *
 * The spec's ResetPendingRekeyAttempts: a pending exchange starts its
 * count again and goes out on the next tick; packets waiting with no
 * exchange pending (there was nowhere to send one) start one now.
 */
void pilot_kx_path_changed(struct pilot_peer *peer)
{
	bool pending;

	spin_lock_bh(&peer->kx_lock);
	pending = peer->kx.pending;
	if (pending) {
		peer->kx.attempts = 0;
		peer->kx.last_sent = jiffies - msecs_to_jiffies(PILOT_REKEY_INTERVAL_MS);
	}
	spin_unlock_bh(&peer->kx_lock);
	/* packets that waited for a way to the peer need not wait longer */
	if (!pending && skb_queue_len_lockless(&peer->staged))
		send_kx(peer, true);
}

/**
 * pilot_session_drop - drop a peer's session if it is still the one given
 * @peer: the peer
 * @expected: the session a drop gate judged
 * @reason: the gate, for the crypto-dropped notification
 *
 * The spec's CompareAndDrop: a session installed meanwhile is never torn
 * down by a decision about its predecessor.
 *
 * Return: true when @expected was dropped.
 */
bool pilot_session_drop(struct pilot_peer *peer, struct pilot_session *expected,
			enum pilot_drop_reason reason)
{
	struct pilot_session *cur;

	spin_lock_bh(&peer->session_lock);
	cur = rcu_dereference_protected(peer->session,
					lockdep_is_held(&peer->session_lock));
	if (cur == expected)
		RCU_INIT_POINTER(peer->session, NULL);
	spin_unlock_bh(&peer->session_lock);
	if (cur != expected)
		return false;
	atomic_dec(&peer->pd->session_count);
	pilot_session_retire(cur);
	pilot_nl_notify_crypto_dropped(peer, reason);
	return true;
}

/* Queue a frame for the worker, if its source is within its rate. */
static void kx_enqueue(struct pilot_device *pd, struct sk_buff *skb)
{
	const struct pilot_endpoint *from = &PILOT_CB(skb)->from;
	struct in6_addr src;

	if (from->family == AF_INET)
		ipv6_addr_set_v4mapped(from->addr4, &src);
	else
		src = from->addr6;
	if (!pilot_ratelimit_allow(&pd->kx_limit, &src) ||
	    skb_queue_len(&pd->kx_queue) >= PILOT_KX_QUEUE_MAX) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_RATE_LIMITED);
		return;
	}
	skb_queue_tail(&pd->kx_queue, skb);
	queue_delayed_work(system_wq, &pd->kx_work, 0);
}

/**
 * pilot_kx_defer - hold a PILS frame until the key exchanges queued now are done
 * @pd: the device
 * @skb: a frame no session opens yet; consumed
 *
 * Key exchanges are handled by the worker while data frames are opened in
 * softirq, so the PILS frames a peer sends right after its key exchange
 * frame (its queued packets, its salvage) may overtake it. Queued behind
 * it, they are opened in order, as a Go daemon's single read loop would.
 * Likewise, while the sender's PILA frame is with pilot-keyd, they wait
 * for the answer (pilot_auth_hold()).
 *
 * Return: false when no key exchange is queued or being handled, or there
 * is no room: the caller handles the frame now.
 */
bool pilot_kx_defer(struct pilot_device *pd, struct sk_buff *skb)
{
	struct sk_buff_head *q = &pd->kx_queue;
	bool wait;

	if (PILOT_CB(skb)->deferred)
		return false;
	PILOT_CB(skb)->deferred = true;
	if (pilot_auth_hold(pd, skb))
		return true;
	/*
	 * The exchange to wait for may be queued or in the worker's hands
	 * (kx_busy): the worker takes a frame off the queue before it
	 * installs its session, and clears kx_busy under this lock after.
	 */
	spin_lock_bh(&q->lock);
	wait = (pd->kx_busy || !skb_queue_empty(q)) && skb_queue_len(q) < PILOT_KX_QUEUE_MAX;
	if (wait)
		__skb_queue_tail(q, skb);
	spin_unlock_bh(&q->lock);
	if (!wait) {
		PILOT_CB(skb)->deferred = false;
		return false;
	}
	queue_delayed_work(system_wq, &pd->kx_work, 0);
	return true;
}

/**
 * pilot_kx_receive - take an inbound PILK or PILA frame
 * @pd: the device
 * @skb: the frame, skb->data at its magic; consumed
 *
 * Softirq. The frame is handled later, in process context.
 */
void pilot_kx_receive(struct pilot_device *pd, struct sk_buff *skb)
{
	bool pila = get_unaligned_be32(skb->data) == PILOT_MAGIC_PILA;

	/* longer frames are taken: a fork appends a trailer to PILA (spec 2.2) */
	if (!pskb_may_pull(skb, pila ? PILOT_PILA_LEN : PILOT_PILK_LEN)) {
		pilot_drop_rx(pd, NULL, skb, PILOT_DROP_REASON_MALFORMED);
		return;
	}
	/* without encryption there is no key to exchange (spec 7.13) */
	if (!READ_ONCE(pd->encryption)) {
		consume_skb(skb);
		return;
	}
	kx_enqueue(pd, skb);
}

/* Re-key request to a known peer, at most one per 3 s (spec 8.2). */
static void request_rekey(struct pilot_peer *peer, const struct pilot_endpoint *from)
{
	struct pilot_endpoint ep;

	if (!kx_gate(peer, &peer->kx.request_set, &peer->kx.last_request,
		     PILOT_REKEY_REQUEST_INTERVAL_MS))
		return;
	if (!rcu_access_pointer(peer->session)) {
		spin_lock_bh(&peer->kx_lock);
		peer->kx.key_request_due = true;
		spin_unlock_bh(&peer->kx_lock);
	}
	if (!pilot_peer_endpoint_get(peer, &ep, NULL) && pilot_peer_endpoint_learn(peer, from))
		pilot_nl_notify_endpoint_changed(peer);
	send_kx(peer, true);
}

/**
 * pilot_kx_request - a PILS frame came that no session can open
 * @pd: the device
 * @peer: its sender, or NULL when the node is not a peer
 * @skb: the frame; consumed
 *
 * Answers with our key exchange (spec 8.2), rate-limited; a node that is
 * not a peer is left to the worker, which may learn it.
 */
void pilot_kx_request(struct pilot_device *pd, struct pilot_peer *peer,
		      struct sk_buff *skb)
{
	if (!READ_ONCE(pd->encryption)) {
		consume_skb(skb);
		return;
	}
	if (!peer) {
		PILOT_CB(skb)->deferred = false;	/* a request, from now on */
		kx_enqueue(pd, skb);
		return;
	}
	request_rekey(peer, &PILOT_CB(skb)->from);
	consume_skb(skb);
}

/* A peer by node ID, with a reference, or NULL. */
static struct pilot_peer *peer_get(struct pilot_device *pd, u32 node_id)
{
	struct pilot_peer *peer;

	rcu_read_lock();
	peer = pilot_peer_lookup(pd, node_id);
	if (peer && !kref_get_unless_zero(&peer->refcount))
		peer = NULL;
	rcu_read_unlock();
	return peer;
}

/*
 * Make a learned peer for a node that started a key exchange, with a
 * reference for the caller. Needs RTNL, which the worker only tries for.
 */
static struct pilot_peer *learn_peer(struct pilot_device *pd, u32 node_id,
				     const struct pilot_endpoint *from)
{
	struct pilot_peer *peer;

	if (!rtnl_trylock())
		return ERR_PTR(-EAGAIN);
	peer = pilot_peer_lookup(pd, node_id);
	if (peer) {
		kref_get(&peer->refcount);
		goto out;
	}
	if (pd->dev->reg_state != NETREG_REGISTERED ||
	    atomic_read(&pd->learned_count) >= max_sessions) {
		peer = ERR_PTR(-ENOSPC);
		goto out;
	}
	peer = pilot_peer_create(pd, node_id);
	if (IS_ERR(peer))
		goto out;
	peer->learned = true;
	atomic_inc(&pd->learned_count);
	pilot_peer_endpoint_learn(peer, from);
	kref_get(&peer->refcount);
	pilot_nl_peer_notify(peer, PILOT_CMD_PEER_ADD_NTF, 0);
out:
	rtnl_unlock();
	return peer;
}

/* Send the salvaged plaintexts of a replaced session under the new one. */
static void replay_salvage(struct pilot_peer *peer, struct pilot_session *old)
{
	struct pilot_salvage out[PILOT_SALVAGE_ENTRIES];
	unsigned int i, n;

	n = pilot_salvage_drain(old, out);
	rcu_read_lock_bh();
	for (i = 0; i < n; i++) {
		pilot_send_copy(peer, out[i].data, out[i].len);
		kfree_sensitive(out[i].data);
	}
	rcu_read_unlock_bh();
}

/*
 * Install a new session unless one for the same peer key was installed
 * meanwhile. Returns the session replaced (the caller retires it), NULL
 * when there was none, or @s itself when it was not installed.
 */
static struct pilot_session *install(struct pilot_peer *peer, struct pilot_session *s)
{
	struct pilot_session *cur;

	spin_lock_bh(&peer->session_lock);
	cur = rcu_dereference_protected(peer->session,
					lockdep_is_held(&peer->session_lock));
	if (peer->dead || (cur && !memcmp(cur->peer_public, s->peer_public,
					  CURVE25519_KEY_SIZE))) {
		spin_unlock_bh(&peer->session_lock);
		return s;
	}
	rcu_assign_pointer(peer->session, s);
	spin_unlock_bh(&peer->session_lock);
	if (!cur)
		atomic_inc(&peer->pd->session_count);
	return cur;
}

/* The post-install hook (spec 7.9): where the peer is, what waited. */
static void after_key_exchange(struct pilot_peer *peer, const struct pilot_endpoint *from)
{
	if (pilot_peer_endpoint_learn(peer, from))
		pilot_nl_notify_endpoint_changed(peer);
	pilot_send_staged(peer);
}

/* Keep what a verified PILA frame proved, for spec 7.3's cache. */
static void keep_proof(struct pilot_peer *peer, const u8 *proof)
{
	spin_lock_bh(&peer->kx_lock);
	memcpy(peer->proof, proof, PILOT_PILA_PROOF_LEN);
	memcpy(peer->registered_key, proof + CURVE25519_KEY_SIZE, PILOT_ED25519_KEY_LEN);
	peer->has_proof = true;
	WRITE_ONCE(peer->has_registered_key, true);
	spin_unlock_bh(&peer->kx_lock);
}

/* Whether @proof is that of the last PILA frame verified from the peer. */
static bool proven(struct pilot_peer *peer, const u8 *proof)
{
	bool same;

	spin_lock_bh(&peer->kx_lock);
	same = peer->has_proof && !crypto_memneq(peer->proof, proof, PILOT_PILA_PROOF_LEN);
	spin_unlock_bh(&peer->kx_lock);
	return same;
}

/*
 * The common part of HandleAuthFrame and HandleUnauthFrame (spec 7.4
 * steps 7-10, 7.5 steps 5-7) for a key exchange from @node_id carrying the
 * X25519 @key: install, replace or keep (spec 6.3), answer, replay the
 * salvage, send what waited. @proof is what a verified PILA frame proved,
 * or NULL for PILK. @peer may be NULL (not a peer yet). Returns -EAGAIN
 * to be retried.
 */
static int handle_exchange(struct pilot_device *pd, struct pilot_peer *peer, u32 node_id,
			   const u8 *key, const struct pilot_endpoint *from,
			   const u8 *proof)
{
	struct pilot_session *s, *old;
	bool had = false, same_key = false, duplicate = false;
	u8 private_key[CURVE25519_KEY_SIZE];

	if (peer) {
		rcu_read_lock();
		s = rcu_dereference(peer->session);
		if (s) {
			had = true;
			same_key = !memcmp(s->peer_public, key, CURVE25519_KEY_SIZE);
			duplicate = !older_than(s->created, PILOT_DUPLICATE_DEBOUNCE_MS);
		}
		rcu_read_unlock();
	}
	if (had && same_key) {
		/* a retransmit: the session stays as it is, counters and all */
		if (proof)
			keep_proof(peer, proof);
		if (!duplicate)
			after_key_exchange(peer, from);
		/*
		 * Spec 7.4 step 10; beyond Go's PILK handler, which never
		 * answers a same-key frame: a peer still retransmitting while
		 * nothing came from it for 6 s has lost our key (half-open),
		 * so answer it either way.
		 */
		if (reply_due(peer))
			send_kx(peer, false);
		clear_pending(peer);
		return 0;
	}
	if (!had && atomic_read(&pd->session_count) >= max_sessions) {
		pilot_count_drop(pd, peer, PILOT_DROP_REASON_PEER_LIMIT, true);
		return 0;
	}
	if (!peer && !READ_ONCE(pd->learn_peers)) {
		pilot_count_drop(pd, NULL, PILOT_DROP_REASON_UNKNOWN_PEER, true);
		return 0;
	}

	pilot_device_private_key(pd, private_key);
	s = pilot_session_create(private_key, key, proof);
	memzero_explicit(private_key, sizeof(private_key));
	if (IS_ERR(s)) {
		pilot_count_drop(pd, peer, PILOT_DROP_REASON_MALFORMED, true);
		return 0;
	}
	if (!peer) {
		peer = learn_peer(pd, node_id, from);
		if (IS_ERR(peer)) {
			pilot_session_free(s);
			if (PTR_ERR(peer) == -EAGAIN)
				return -EAGAIN;
			pilot_count_drop(pd, NULL, PILOT_DROP_REASON_PEER_LIMIT, true);
			return 0;
		}
	} else {
		kref_get(&peer->refcount);
	}
	if (proof)
		keep_proof(peer, proof);

	old = install(peer, s);
	if (old == s) {
		pilot_session_free(s);
		clear_pending(peer);
		goto out;
	}
	WRITE_ONCE(peer->last_key_exchange, ktime_get_real_seconds());
	WRITE_ONCE(peer->last_tx, jiffies);
	WRITE_ONCE(peer->last_rx, jiffies);
	WRITE_ONCE(peer->rx_seen, true);
	pilot_nl_notify_key_installed(peer, proof, !!old);

	/* answer first, so the peer holds our key before our data arrives */
	if (pilot_peer_endpoint_learn(peer, from))
		pilot_nl_notify_endpoint_changed(peer);
	send_kx(peer, false);
	clear_pending(peer);
	if (old) {
		replay_salvage(peer, old);
		pilot_session_retire(old);
	}
	pilot_send_staged(peer);
out:
	pilot_peer_put(peer);
	return 0;
}

enum identity { IDENTITY_NONE, IDENTITY_KNOWN, IDENTITY_ASKED, IDENTITY_BUSY };

/*
 * Spec 7.5 step 4: whether the sender of a PILK frame has an identity,
 * which PILK cannot prove. A pinned identity always counts. Otherwise,
 * when we have an identity ourselves (and can answer with PILA), a cached
 * one counts, or pilot-keyd is asked (the frame waits for the answer). A
 * node whose key cannot be found is taken as it is.
 */
static enum identity pilk_identity(struct pilot_device *pd, struct pilot_peer *peer,
				   u32 node_id, struct sk_buff *skb)
{
	int err;

	if (peer && READ_ONCE(peer->has_identity_key))
		return IDENTITY_KNOWN;
	if (!pilot_auth_can_sign(pd))
		return IDENTITY_NONE;
	if (peer && READ_ONCE(peer->has_registered_key))
		return IDENTITY_KNOWN;
	switch (PILOT_CB(skb)->auth) {
	case PILOT_CB_AUTH_KNOWN:
		return IDENTITY_KNOWN;
	case PILOT_CB_AUTH_UNKNOWN:
		return IDENTITY_NONE;
	}
	if (pilot_auth_negative(pd, node_id))
		return IDENTITY_NONE;
	err = pilot_auth_ask(pd, skb, NULL);
	if (!err)
		return IDENTITY_ASKED;
	/* with nobody to ask, nothing is known ("no verify function") */
	return err == -ENOTCONN ? IDENTITY_NONE : IDENTITY_BUSY;
}

/*
 * HandleUnauthFrame (spec 7.5) for a PILK frame. @peer may be NULL.
 * Returns 1 when the frame was kept, -EAGAIN to be retried.
 */
static int handle_pilk(struct pilot_device *pd, struct pilot_peer *peer, u32 node_id,
		       struct sk_buff *skb)
{
	const u8 *key = skb->data + PILOT_MAGIC_LEN + PILOT_NODE_ID_LEN;
	const struct pilot_endpoint *from = &PILOT_CB(skb)->from;

	switch (pilk_identity(pd, peer, node_id, skb)) {
	case IDENTITY_NONE:
		return handle_exchange(pd, peer, node_id, key, from, NULL);
	case IDENTITY_ASKED:
		return 1;
	case IDENTITY_BUSY:
		pilot_count_drop(pd, peer, PILOT_DROP_REASON_RATE_LIMITED, true);
		return 0;
	case IDENTITY_KNOWN:
		break;
	}
	/* refused: answer with our PILA, retransmitted until the peer's comes */
	pilot_count_drop(pd, peer, PILOT_DROP_REASON_UNAUTHENTICATED, true);
	if (peer) {
		send_kx(peer, true);
		return 0;
	}
	if (!READ_ONCE(pd->learn_peers))
		return 0;
	peer = learn_peer(pd, node_id, from);
	if (IS_ERR(peer))
		return PTR_ERR(peer) == -EAGAIN ? -EAGAIN : 0;
	send_kx(peer, true);
	pilot_peer_put(peer);
	return 0;
}

/*
 * HandleAuthFrame (spec 7.4) for a PILA frame. @peer may be NULL. A frame
 * the peer's last verified one proves, or that pilot-keyd verified, is
 * handled; any other is put to pilot-keyd (returns 1: the frame is kept)
 * or refused. Returns -EAGAIN to be retried.
 */
static int handle_pila(struct pilot_device *pd, struct pilot_peer *peer, u32 node_id,
		       struct sk_buff *skb)
{
	const u8 *proof = skb->data + PILOT_MAGIC_LEN + PILOT_NODE_ID_LEN;
	const u8 *identity = proof + CURVE25519_KEY_SIZE;
	const struct pilot_endpoint *from = &PILOT_CB(skb)->from;
	enum pilot_auth_result refusal;
	u8 pin[PILOT_ED25519_KEY_LEN];
	const u8 *pinned = NULL;
	int err;

	if (PILOT_CB(skb)->auth == PILOT_CB_AUTH_VERIFIED || (peer && proven(peer, proof)))
		return handle_exchange(pd, peer, node_id, proof, from, proof);
	if (!peer && !READ_ONCE(pd->learn_peers)) {
		pilot_count_drop(pd, NULL, PILOT_DROP_REASON_UNKNOWN_PEER, true);
		return 0;
	}
	if (peer) {
		spin_lock_bh(&peer->kx_lock);
		if (peer->has_identity_key) {
			memcpy(pin, peer->identity_key, sizeof(pin));
			pinned = pin;
		}
		spin_unlock_bh(&peer->kx_lock);
	}
	if (pinned && crypto_memneq(identity, pinned, PILOT_ED25519_KEY_LEN)) {
		refusal = PILOT_AUTH_RESULT_KEY_MISMATCH;
	} else if (!pinned && pilot_auth_negative(pd, node_id)) {
		refusal = PILOT_AUTH_RESULT_NEGATIVE_CACHED;
	} else {
		err = pilot_auth_ask(pd, skb, pinned);
		if (!err)
			return 1;
		refusal = err == -ENOTCONN ? PILOT_AUTH_RESULT_NO_HELPER :
					     PILOT_AUTH_RESULT_BUSY;
	}
	pilot_auth_refuse(pd, peer, node_id, refusal, from);
	return 0;
}

/**
 * pilot_kx_requeue_all - hand frames back to the key-exchange worker
 * @pd: the device
 * @q: frames that waited for pilot-keyd, oldest first; emptied
 */
void pilot_kx_requeue_all(struct pilot_device *pd, struct sk_buff_head *q)
{
	if (skb_queue_empty(q))
		return;
	spin_lock_bh(&pd->kx_queue.lock);
	skb_queue_splice_tail_init(q, &pd->kx_queue);
	spin_unlock_bh(&pd->kx_queue.lock);
	queue_delayed_work(system_wq, &pd->kx_work, 0);
}

/**
 * pilot_kx_requeue - hand a frame back to the key-exchange worker
 * @pd: the device
 * @skb: a key-exchange frame that waited for pilot-keyd; consumed
 */
void pilot_kx_requeue(struct pilot_device *pd, struct sk_buff *skb)
{
	skb_queue_tail(&pd->kx_queue, skb);
	queue_delayed_work(system_wq, &pd->kx_work, 0);
}

/**
 * pilot_kx_answered - pilot-keyd answered about a key-exchange frame
 * @pd: the device; must hold RTNL
 * @skb: the frame that waited; consumed
 * @result: the helper's answer
 * @key: on acceptance, the node's registered (or pinned) Ed25519 key
 *
 * An accepted PILA frame, and any PILK frame, goes back to the worker with
 * what was learnt; a refused PILA frame is counted and announced. Spec
 * 7.3: the peer's cached key follows the answer, and a node whose key
 * could not be found is not asked about again for a while.
 */
void pilot_kx_answered(struct pilot_device *pd, struct sk_buff *skb,
		       enum pilot_auth_result result, const u8 *key)
{
	u32 node_id = get_unaligned_be32(skb->data + PILOT_MAGIC_LEN);
	bool pila = get_unaligned_be32(skb->data) == PILOT_MAGIC_PILA;
	const u8 *identity = skb->data + PILOT_PILK_LEN;
	struct pilot_peer *peer;

	ASSERT_RTNL();
	if (!netif_running(pd->dev)) {
		kfree_skb(skb);
		return;
	}
	/* the helper vouches for the frame's own key, or for nothing */
	if (pila && result == PILOT_AUTH_RESULT_ACCEPTED &&
	    crypto_memneq(key, identity, PILOT_ED25519_KEY_LEN))
		result = PILOT_AUTH_RESULT_KEY_MISMATCH;
	if (result == PILOT_AUTH_RESULT_UNKNOWN_NODE ||
	    result == PILOT_AUTH_RESULT_UNREACHABLE ||
	    (!pila && result != PILOT_AUTH_RESULT_ACCEPTED))
		pilot_auth_set_negative(pd, node_id);

	peer = pilot_peer_lookup(pd, node_id);
	if (peer) {
		spin_lock_bh(&peer->kx_lock);
		if (result == PILOT_AUTH_RESULT_ACCEPTED) {
			memcpy(peer->registered_key, key, PILOT_ED25519_KEY_LEN);
			WRITE_ONCE(peer->has_registered_key, true);
		} else if (result == PILOT_AUTH_RESULT_UNKNOWN_NODE ||
			   result == PILOT_AUTH_RESULT_KEY_MISMATCH) {
			WRITE_ONCE(peer->has_registered_key, false);
			peer->has_proof = false;
		}
		spin_unlock_bh(&peer->kx_lock);
	}

	if (!pila) {
		PILOT_CB(skb)->auth = result == PILOT_AUTH_RESULT_ACCEPTED ?
				      PILOT_CB_AUTH_KNOWN : PILOT_CB_AUTH_UNKNOWN;
		pilot_kx_requeue(pd, skb);
	} else if (result == PILOT_AUTH_RESULT_ACCEPTED) {
		PILOT_CB(skb)->auth = PILOT_CB_AUTH_VERIFIED;
		pilot_kx_requeue(pd, skb);
	} else {
		pilot_auth_refuse(pd, peer, node_id, result, &PILOT_CB(skb)->from);
		kfree_skb(skb);
	}
}

/**
 * pilot_kx_identity_changed - the device can sign now, or no longer
 * @pd: the device; must hold RTNL
 *
 * Key exchanges under way are sent again at once, in the new form.
 */
void pilot_kx_identity_changed(struct pilot_device *pd)
{
	struct pilot_peer *peer;

	ASSERT_RTNL();
	list_for_each_entry(peer, &pd->peer_list, list)
		pilot_kx_path_changed(peer);
}

/*
 * One queued frame: a PILK or PILA, a PILS from a node that is not a
 * peer, or a deferred PILS (consumed here, by the receive path). Returns
 * 1 when the frame was consumed or kept, -EAGAIN to be retried.
 */
static int kx_handle(struct pilot_device *pd, struct sk_buff *skb)
{
	u32 node_id = get_unaligned_be32(skb->data + PILOT_MAGIC_LEN);
	const struct pilot_endpoint *from = &PILOT_CB(skb)->from;
	struct pilot_peer *peer;
	int err = 0;

	if (PILOT_CB(skb)->deferred) {
		pilot_receive_deferred(pd, skb);
		return 1;
	}
	peer = peer_get(pd, node_id);
	if (get_unaligned_be32(skb->data) == PILOT_MAGIC_PILK) {
		err = handle_pilk(pd, peer, node_id, skb);
	} else if (get_unaligned_be32(skb->data) == PILOT_MAGIC_PILA) {
		err = handle_pila(pd, peer, node_id, skb);
	} else if (peer) {
		request_rekey(peer, from);
	} else if (READ_ONCE(pd->learn_peers)) {
		peer = learn_peer(pd, node_id, from);
		if (IS_ERR(peer)) {
			err = PTR_ERR(peer) == -EAGAIN ? -EAGAIN : 0;
			peer = NULL;
		} else {
			request_rekey(peer, from);
		}
	}
	if (peer)
		pilot_peer_put(peer);
	return err;
}

/*
 * Take the next frame off the queue when @take, and mark the worker busy
 * with it until the next call (see pilot_kx_defer()).
 */
static struct sk_buff *kx_next(struct pilot_device *pd, bool take)
{
	struct sk_buff *skb = NULL;

	spin_lock_bh(&pd->kx_queue.lock);
	if (take)
		skb = __skb_dequeue(&pd->kx_queue);
	pd->kx_busy = !!skb;
	spin_unlock_bh(&pd->kx_queue.lock);
	return skb;
}

static void kx_work(struct work_struct *work)
{
	struct pilot_device *pd = container_of(to_delayed_work(work),
					       struct pilot_device, kx_work);
	unsigned int budget = PILOT_KX_BUDGET;
	struct sk_buff *skb;
	int err;

	while ((skb = kx_next(pd, budget--))) {
		err = kx_handle(pd, skb);
		if (err == -EAGAIN) {
			/* RTNL is busy: try again in a moment */
			skb_queue_head(&pd->kx_queue, skb);
			kx_next(pd, false);
			queue_delayed_work(system_wq, &pd->kx_work, 1);
			return;
		}
		if (!err)
			consume_skb(skb);
		cond_resched();
	}
	if (!skb_queue_empty(&pd->kx_queue))
		queue_delayed_work(system_wq, &pd->kx_work, 0);
}

/* Drop what waited for a key exchange that gave up. */
static void give_up(struct pilot_peer *peer)
{
	struct sk_buff_head q;
	struct sk_buff *skb;

	pilot_peer_take_staged(peer, &q);
	while ((skb = __skb_dequeue(&q)))
		pilot_drop_tx(peer->pd, peer, skb, PILOT_DROP_REASON_GAVE_UP);
	pilot_nl_notify_rekey_gave_up(peer);
}

enum tick_action { TICK_NONE, TICK_RETRANSMIT, TICK_GIVE_UP };

/* The retransmit loop of spec 7.8, for one peer. Caller holds kx_lock. */
static enum tick_action tick_kx(struct pilot_kx *kx, unsigned int *retransmits)
{
	if (kx->gave_up_set && older_than(kx->gave_up, PILOT_GAVE_UP_COOLDOWN_MS))
		WRITE_ONCE(kx->gave_up_set, false);
	if (!kx->pending || !older_than(kx->last_sent, PILOT_REKEY_INTERVAL_MS))
		return TICK_NONE;
	if (kx->attempts >= PILOT_MAX_REKEY_SENDS) {
		WRITE_ONCE(kx->pending, false);
		kx->gave_up = jiffies;
		WRITE_ONCE(kx->gave_up_set, true);
		return TICK_GIVE_UP;
	}
	if (*retransmits >= PILOT_MAX_RETRANSMITS_PER_TICK)
		return TICK_NONE;
	++*retransmits;
	return TICK_RETRANSMIT;
}

static void tick_peer(struct pilot_peer *peer, unsigned int *retransmits)
{
	enum tick_action action;
	struct pilot_session *s;
	unsigned int interval;

	spin_lock_bh(&peer->kx_lock);
	action = tick_kx(&peer->kx, retransmits);
	spin_unlock_bh(&peer->kx_lock);
	if (action == TICK_GIVE_UP)
		give_up(peer);
	else if (action == TICK_RETRANSMIT)
		send_kx(peer, true);

	s = rcu_dereference(peer->session);
	if (!s)
		return;
	pilot_salvage_trim(s);
	interval = READ_ONCE(peer->keepalive_interval) ?: PILOT_KEEPALIVE_DEFAULT_S;
	if (older_than(READ_ONCE(peer->last_tx), interval * MSEC_PER_SEC)) {
		local_bh_disable();
		pilot_send_keepalive(peer);
		local_bh_enable();
	}
}

static void tick_work(struct work_struct *work)
{
	struct pilot_device *pd = container_of(to_delayed_work(work),
					       struct pilot_device, tick);
	unsigned int retransmits = 0;
	struct pilot_peer *peer;

	rcu_read_lock();
	list_for_each_entry_rcu(peer, &pd->peer_list, list)
		tick_peer(peer, &retransmits);
	rcu_read_unlock();
	pilot_auth_expire(pd);
	/* a device without peers has nothing to tick for: a new peer kicks it */
	if (!list_empty_careful(&pd->peer_list))
		queue_delayed_work(system_wq, &pd->tick, HZ);
}

/**
 * pilot_kx_init - set up a device's key-exchange state
 * @pd: the device
 *
 * Return: 0 or -ENOMEM.
 */
int pilot_kx_init(struct pilot_device *pd)
{
	int err;

	err = pilot_ratelimit_init(&pd->kx_limit);
	if (err)
		return err;
	pilot_frag_init(&pd->frags);
	pilot_auth_init(pd);
	skb_queue_head_init(&pd->kx_queue);
	INIT_DELAYED_WORK(&pd->kx_work, kx_work);
	INIT_DELAYED_WORK(&pd->tick, tick_work);
	atomic_set(&pd->frag_id, get_random_u32());
	return 0;
}

/**
 * pilot_kx_start - start the tick of a device that is up and has peers
 * @pd: the device; must hold RTNL
 *
 * Called when the device comes up and when it gets a peer.
 */
void pilot_kx_start(struct pilot_device *pd)
{
	ASSERT_RTNL();
	if (netif_running(pd->dev) && !list_empty(&pd->peer_list))
		queue_delayed_work(system_wq, &pd->tick, HZ);
}

/**
 * pilot_kx_stop - stop the key-exchange work of a device going down
 * @pd: the device, whose sockets are closed
 *
 * May be called under RTNL: the worker never waits for it.
 */
void pilot_kx_stop(struct pilot_device *pd)
{
	cancel_delayed_work_sync(&pd->tick);
	cancel_delayed_work_sync(&pd->kx_work);
	skb_queue_purge(&pd->kx_queue);
	pilot_auth_stop(pd);
}

/**
 * pilot_kx_uninit - free a device's key-exchange state
 * @pd: the device, stopped
 */
void pilot_kx_uninit(struct pilot_device *pd)
{
	pilot_kx_stop(pd);
	pilot_auth_uninit(pd);
	pilot_frag_destroy(&pd->frags);
	pilot_ratelimit_destroy(&pd->kx_limit);
}

/**
 * pilot_kx_peer_gone - a peer leaves its device
 * @peer: the peer, out of the table; must hold RTNL
 *
 * Its session is dropped at once, and none is installed afterwards; what
 * waits in its queue goes when the peer is freed.
 */
void pilot_kx_peer_gone(struct pilot_peer *peer)
{
	struct pilot_session *s;

	ASSERT_RTNL();
	spin_lock_bh(&peer->session_lock);
	peer->dead = true;
	s = rcu_dereference_protected(peer->session,
				      lockdep_is_held(&peer->session_lock));
	RCU_INIT_POINTER(peer->session, NULL);
	spin_unlock_bh(&peer->session_lock);
	if (s) {
		atomic_dec(&peer->pd->session_count);
		pilot_session_retire(s);
	}
	if (peer->learned)
		atomic_dec(&peer->pd->learned_count);
	pilot_auth_forget(peer->pd, peer->node_id);
}

/**
 * pilot_kx_reset - drop every session after the device's key changed
 * @pd: the device; must hold RTNL
 *
 * Sessions derived from the old key are worthless. Peers that had one
 * are sent our new key at once.
 */
void pilot_kx_reset(struct pilot_device *pd)
{
	struct pilot_session *s;
	struct pilot_peer *peer;

	ASSERT_RTNL();
	list_for_each_entry(peer, &pd->peer_list, list) {
		spin_lock_bh(&peer->session_lock);
		s = rcu_dereference_protected(peer->session,
					      lockdep_is_held(&peer->session_lock));
		RCU_INIT_POINTER(peer->session, NULL);
		spin_unlock_bh(&peer->session_lock);
		if (!s)
			continue;
		atomic_dec(&pd->session_count);
		pilot_session_retire(s);
		clear_pending(peer);
		send_kx(peer, true);
	}
}
