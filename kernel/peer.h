/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Peers of a pilot device, found by node ID.
 */
#ifndef _PILOT_PEER_H
#define _PILOT_PEER_H

#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/dst_cache.h>
#include <uapi/linux/pilot.h>

struct pilot_device;
struct pilot_session;

/**
 * struct pilot_kx - a peer's key-exchange state (spec 7.1), under kx_lock
 * @first_sent: jiffies of the first frame of the pending exchange
 * @last_sent: jiffies of its last frame
 * @pending: a key exchange waits for its answer
 * @attempts: frames sent for it
 * @gave_up_set: a give-up is on record
 * @key_request_due: our next PILA goes with a PILK (spec 7.7)
 * @request_set: @last_request is valid
 * @reply_set: @last_reply is valid
 * @gave_up: jiffies when the last exchange gave up, if @gave_up_set
 * @last_request: jiffies of the last re-key request (spec 8.2)
 * @last_reply: jiffies of the last answer to a retransmit (spec 7.10)
 */
struct pilot_kx {
	unsigned long first_sent;
	unsigned long last_sent;
	bool pending;
	u8 attempts;
	bool gave_up_set;
	bool key_request_due;
	bool request_set;
	bool reply_set;
	unsigned long gave_up;
	unsigned long last_request;
	unsigned long last_reply;
};

/**
 * struct pilot_endpoint - where a peer's frames go
 * @family: AF_INET, AF_INET6, or 0 while unknown
 * @port: UDP port, host order
 * @addr4: IPv4 address, for AF_INET
 * @addr6: IPv6 address, for AF_INET6
 */
struct pilot_endpoint {
	u16 family;
	u16 port;
	union {
		__be32 addr4;
		struct in6_addr addr6;
	};
};

/**
 * struct pilot_cb - what pilot keeps in skb->cb while it holds a packet
 * @from: where a received frame came from
 * @stat_len: the length to count when a waiting packet is finally sent
 * @deferred: a PILS frame queued behind a key exchange, to be opened
 *	once that is done
 * @auth: for a key-exchange frame, what the identity helper said of it
 *	(&enum pilot_cb_auth)
 * @node_id: for a packet waiting for its node to be resolved, the node
 * @queued: jiffies when it began to wait
 */
struct pilot_cb {
	struct pilot_endpoint from;
	unsigned int stat_len;
	bool deferred;
	u8 auth;
	u32 node_id;
	unsigned long queued;
};

#define PILOT_CB(skb) ((struct pilot_cb *)(skb)->cb)

/**
 * struct pilot_peer - a peer of a pilot device
 * @pd: the device
 * @node_id: the peer's Pilot node ID; never changes
 * @cb_cpu: the CPU its seals and opens finish on, in order, when they run
 *	in parallel (parallel.c); never changes
 * @node: entry in the device's peer table (RCU readers)
 * @list: entry in the device's peer list (under RTNL)
 * @allowedips: the peer's &struct pilot_allowedip entries (under RTNL)
 * @refcount: references; the table holds one while the peer is in it
 * @rcu: frees the peer after readers are done
 * @endpoint_lock: leaf lock for @endpoint and @endpoint_learned, and for
 *	keeping or resetting @route; a seqlock, so the datapath reads the
 *	endpoint of every frame without taking it
 * @endpoint: where to send
 * @endpoint_learned: @endpoint came from the peer's traffic
 * @route: the route to @endpoint, a copy per CPU (socket.c); reset with
 *	every change of @endpoint or of the device's fwmark
 * @identity_key: pinned Ed25519 public key, when @has_identity_key (under
 *	kx_lock, which the netlink handlers also take to change it)
 * @has_identity_key: an identity is pinned
 * @registered_key: the Ed25519 key the helper found for the node (spec 7.3's
 *	cache), when @has_registered_key (under kx_lock)
 * @has_registered_key: @registered_key is set
 * @proof: X25519 key, Ed25519 key and signature of the last PILA frame
 *	verified, when @has_proof: the same frame again needs no helper
 *	(under kx_lock)
 * @has_proof: @proof is set
 * @keepalive_interval: seconds between keepalives, 0 for none
 * @rx_bytes: bytes received (inner packets)
 * @tx_bytes: bytes sent
 * @rx_packets: packets received
 * @tx_packets: packets sent
 * @session_lock: leaf lock serialising changes of @session
 * @session: the installed session (the spec's Crypto), or NULL (RCU)
 * @kx_lock: leaf lock for @kx
 * @kx: key-exchange state (L5, see kx.c)
 * @staged: packets waiting for a session, oldest first (its own lock)
 * @last_rx: jiffies of the last authenticated frame, once @rx_seen
 * @rx_seen: an authenticated frame came in since the last install
 * @last_tx: jiffies of the last frame sent
 * @last_key_exchange: real time (seconds) of the last install, or 0
 * @learned: made by a key exchange from an unconfigured node
 * @dead: removed from its device; no session is installed any more
 *	(under session_lock)
 * @drops: frames and packets dropped, by &enum pilot_drop_reason
 */
struct pilot_peer {
	struct pilot_device *pd;
	u32 node_id;
	int cb_cpu;
	struct rhash_head node;
	struct list_head list;
	struct list_head allowedips;
	struct kref refcount;
	struct rcu_head rcu;

	seqlock_t endpoint_lock;	/* leaf: endpoint, endpoint_learned */
	struct pilot_endpoint endpoint;
	bool endpoint_learned;
	struct dst_cache route;

	u8 identity_key[32];
	bool has_identity_key;
	u8 registered_key[32];
	bool has_registered_key;
	bool has_proof;
	u8 proof[128];
	u16 keepalive_interval;

	atomic64_t rx_bytes;
	atomic64_t tx_bytes;
	atomic64_t rx_packets;
	atomic64_t tx_packets;

	spinlock_t session_lock;	/* leaf: writers of session */
	struct pilot_session __rcu *session;
	spinlock_t kx_lock;		/* leaf: kx */
	struct pilot_kx kx;
	struct sk_buff_head staged;
	unsigned long last_rx;
	bool rx_seen;
	unsigned long last_tx;
	time64_t last_key_exchange;
	bool learned;
	bool dead;
	atomic64_t drops[PILOT_DROP_REASON_MAX + 1];
};

/**
 * struct pilot_peer_state - what a peer's crypto looks like, for netlink
 * @session: a session is installed
 * @authenticated: by PILA
 * @last_key_exchange: real time (seconds) of the last install, or 0
 * @rekey_pending: a key exchange waits for its answer
 * @rekey_attempts: frames sent for it
 * @gave_up_ms: cooldown left after giving up, or 0
 */
struct pilot_peer_state {
	bool session;
	bool authenticated;
	time64_t last_key_exchange;
	bool rekey_pending;
	u8 rekey_attempts;
	u32 gave_up_ms;
};

int pilot_peer_cache_init(void);
void pilot_peer_cache_exit(void);
int pilot_peers_init(struct pilot_device *pd);
void pilot_peers_destroy(struct pilot_device *pd);
struct pilot_peer *pilot_peer_lookup(struct pilot_device *pd, u32 node_id);
struct pilot_peer *pilot_peer_create(struct pilot_device *pd, u32 node_id);
void pilot_peer_remove(struct pilot_peer *peer, enum pilot_del_reason reason);
void pilot_peer_put(struct pilot_peer *peer);
/**
 * pilot_peer_take_staged - take every packet waiting for a peer's session
 * @peer: the peer
 * @q: an empty queue, which receives them oldest first
 */
static inline void pilot_peer_take_staged(struct pilot_peer *peer, struct sk_buff_head *q)
{
	__skb_queue_head_init(q);
	spin_lock_bh(&peer->staged.lock);
	skb_queue_splice_init(&peer->staged, q);
	spin_unlock_bh(&peer->staged.lock);
}

bool pilot_peer_endpoint_get(struct pilot_peer *peer, struct pilot_endpoint *ep,
			     bool *learned);
bool pilot_peer_endpoint_learn(struct pilot_peer *peer, const struct pilot_endpoint *ep);
void pilot_peer_endpoint_set(struct pilot_peer *peer, const struct pilot_endpoint *ep);
bool pilot_peer_endpoint_is(struct pilot_peer *peer, const struct pilot_endpoint *ep);
void pilot_peer_route_reset(struct pilot_peer *peer);
void pilot_peer_get_state(struct pilot_peer *peer, struct pilot_peer_state *st);

#endif /* _PILOT_PEER_H */
