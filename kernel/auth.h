/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Authenticated key exchange (PILA, spec 2.2 and 7.3-7.7): this node's
 * identity as pilot-keyd signed it, and the questions the kernel asks the
 * helper, which holds the Ed25519 work the kernel has no code for.
 */
#ifndef _PILOT_AUTH_H
#define _PILOT_AUTH_H

#include <linux/hashtable.h>
#include <linux/skbuff.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <uapi/linux/pilot.h>

struct net;
struct pilot_device;
struct pilot_endpoint;
struct pilot_peer;
struct sk_buff;

enum pilot_auth_consts {
	PILOT_ED25519_KEY_LEN = 32,
	PILOT_SIGNATURE_LEN = 64,
	PILOT_PILA_LEN = 136,
	/* what a PILA frame proves: X25519 key, Ed25519 key, signature */
	PILOT_PILA_PROOF_LEN = 128,
	/* questions to pilot-keyd outstanding per device, and how long each may take */
	PILOT_UPCALL_MAX = 64,
	PILOT_UPCALL_TIMEOUT_MS = 5000,
	/* PILS frames of the sender that wait behind one question */
	PILOT_UPCALL_HELD_MAX = 16,
	/* spec 7.3: NegativePubKeyCacheTTL, MaxNegPubKeyEntries */
	PILOT_NEGATIVE_TTL_MS = 3000,
	PILOT_NEGATIVE_MAX = 4096,
	/* nodes being resolved for traffic that waits (on-demand peers) */
	PILOT_RESOLVE_MAX = 256,
	/* packets waiting for those nodes, in all */
	PILOT_RESOLVE_QUEUE_MAX = 64,
};

/* What a key-exchange frame in the worker's queue learnt from pilot-keyd. */
enum pilot_cb_auth {
	PILOT_CB_AUTH_NONE,		/* nothing asked yet */
	PILOT_CB_AUTH_VERIFIED,		/* a PILA frame the helper accepted */
	PILOT_CB_AUTH_KNOWN,		/* a PILK frame from a node with a key */
	PILOT_CB_AUTH_UNKNOWN,		/* a PILK frame from a node without one */
};

/**
 * struct pilot_node_cache - node IDs remembered for a while
 * @table: the entries, by node ID
 * @count: entries in @table
 * @max: entries it may hold
 * @ttl_ms: how long an entry counts
 */
struct pilot_node_cache {
	DECLARE_HASHTABLE(table, 8);
	unsigned int count;
	unsigned int max;
	unsigned int ttl_ms;
};

/**
 * struct pilot_auth - a device's questions to pilot-keyd
 * @lock: leaf lock for everything below
 * @upcalls: frames waiting for the helper's answer, oldest first
 * @nr_upcalls: entries in @upcalls
 * @next_cookie: names the next question
 * @negative: nodes whose key could not be found a moment ago (spec 7.3)
 * @resolving: nodes the helper was asked to find a moment ago
 * @waiting: packets for those nodes, oldest first (its own lock)
 */
struct pilot_auth {
	spinlock_t lock;	/* leaf: all of this */
	struct list_head upcalls;
	unsigned int nr_upcalls;
	u32 next_cookie;
	struct pilot_node_cache negative;
	struct pilot_node_cache resolving;
	struct sk_buff_head waiting;
};

int __init pilot_auth_module_init(void);
void pilot_auth_module_exit(void);
int pilot_auth_helper_bind(struct pilot_device *pd, struct net *net, u32 portid);
void pilot_auth_init(struct pilot_device *pd);
void pilot_auth_stop(struct pilot_device *pd);
void pilot_auth_uninit(struct pilot_device *pd);
bool pilot_auth_helper_present(struct pilot_device *pd);
size_t pilot_auth_frame(struct pilot_device *pd, u8 *frame, bool pila);
bool pilot_auth_can_sign(struct pilot_device *pd);
void pilot_auth_key_changed(struct pilot_device *pd);
int pilot_auth_set_identity(struct pilot_device *pd, u32 node_id, const u8 *public_key,
			    const u8 *identity_key, const u8 *signature);
int pilot_auth_ask(struct pilot_device *pd, struct sk_buff *skb, const u8 *pinned);
struct sk_buff *pilot_auth_answered(struct pilot_device *pd, u32 cookie, u32 node_id,
				    struct sk_buff_head *held);
bool pilot_auth_hold(struct pilot_device *pd, struct sk_buff *skb);
void pilot_auth_expire(struct pilot_device *pd);
bool pilot_auth_negative(struct pilot_device *pd, u32 node_id);
void pilot_auth_set_negative(struct pilot_device *pd, u32 node_id);
void pilot_auth_forget(struct pilot_device *pd, u32 node_id);
bool pilot_auth_resolve(struct pilot_device *pd, u32 node_id, struct sk_buff *skb);
void pilot_auth_resolved(struct pilot_peer *peer);
bool __init pilot_auth_selftest(void);
void pilot_auth_refuse(struct pilot_device *pd, struct pilot_peer *peer, u32 node_id,
		       enum pilot_auth_result result, const struct pilot_endpoint *from);

#endif /* _PILOT_AUTH_H */
