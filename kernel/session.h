/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A session with a peer: the spec's "Crypto" (L6 envelope state).
 *
 * One AES-256-GCM key for both directions, derived from the two X25519
 * keys; our random nonce prefix and send counter; the receive window and
 * epochs; the fault counters the drop gates read; the salvage ring of
 * recently sent plaintexts. A session is immutable but for those counters
 * and is replaced whole, by RCU pointer, when the peer's key changes.
 */
#ifndef _PILOT_SESSION_H
#define _PILOT_SESSION_H

#include <crypto/curve25519.h>
#include <linux/init.h>
#include <linux/padata.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "replay.h"

struct crypto_aead;
struct pilot_device;
struct pilot_peer;

/* Frames with more pieces than this are linearised first. */
#define PILOT_MAX_SG	(MAX_SKB_FRAGS + 2)

enum pilot_session_consts {
	PILOT_NONCE_PREFIX_LEN = 4,
	PILOT_NONCE_LEN = 12,
	PILOT_TAG_LEN = 16,
	/* The salvage ring (spec 6.4). */
	PILOT_SALVAGE_ENTRIES = 4,
	PILOT_SALVAGE_AGE_MS = 5000,
	/* Drop gates (spec 6.5). */
	PILOT_DECRYPT_FAIL_THRESHOLD = 5,
	PILOT_DECRYPT_FAIL_GRACE_MS = 3000,
	PILOT_WINDOW_FAULT_THRESHOLD = 5,
	PILOT_WINDOW_FAULT_GRACE_MS = 1000,
	PILOT_AGED_SESSION_MS = 60000,
};

/**
 * struct pilot_salvage - a plaintext sent under the session, kept a while
 * @data: a copy of the Pilot packet, or NULL
 * @len: its length
 * @size: the size of @data's buffer, which the next copy reuses when large
 *	enough
 * @when: jiffies when it was sent
 */
struct pilot_salvage {
	u8 *data;
	unsigned int len;
	unsigned int size;
	unsigned long when;
};

/**
 * struct pilot_session - the keys and windows of one session with a peer
 * @aead: the gcm(aes) transform, keyed; possibly asynchronous
 * @refcount: references: one while installed (dropped a grace period
 *	after it is retired), one for each seal or open in flight
 * @send_counter: the last counter sent; the first frame carries 1
 * @nonce_prefix: our random nonce prefix, unique to this session
 * @peer_public: the peer's X25519 key as its frame carried it, to tell a
 *	re-key from a retransmit
 * @authenticated: installed by PILA
 * @created: jiffies when it was derived
 * @replay_lock: leaf lock for @epochs, @epoch_at and the fault counters
 * @epochs: the receive window and epochs
 * @epoch_at: jiffies when the newest receive epoch began
 * @decrypt_fails: consecutive frames whose tag failed
 * @outside_window: consecutive frames too far behind
 * @replays: consecutive frames seen already
 * @exhausted: a frame opened one epoch too many; the session must go
 * @salvage_lock: leaf lock for the ring
 * @salvage: the ring, oldest first from @salvage_head
 * @salvage_head: index of the oldest entry
 * @salvage_count: entries in use
 * @rcu: drops the installed reference after readers are done
 */
struct pilot_session {
	struct crypto_aead *aead;
	refcount_t refcount;
	atomic64_t send_counter;
	u8 nonce_prefix[PILOT_NONCE_PREFIX_LEN];
	u8 peer_public[CURVE25519_KEY_SIZE];
	bool authenticated;
	unsigned long created;

	spinlock_t replay_lock;	/* leaf */
	struct pilot_recv_epochs epochs;
	unsigned long epoch_at;
	u32 decrypt_fails;
	u32 outside_window;
	u32 replays;
	bool exhausted;

	spinlock_t salvage_lock;	/* leaf */
	struct pilot_salvage salvage[PILOT_SALVAGE_ENTRIES];
	u8 salvage_head;
	u8 salvage_count;

	struct rcu_head rcu;
};

/**
 * enum pilot_open_result - what pilot_session_open() made of a frame
 * @PILOT_OPEN_OK: authentic and fresh: deliver it
 * @PILOT_OPEN_NEW_EPOCH: as %PILOT_OPEN_OK, and the peer re-derived
 * @PILOT_OPEN_AEAD: the tag did not verify; nothing changed but the count
 * @PILOT_OPEN_REPLAY: authentic, seen already
 * @PILOT_OPEN_OUTSIDE: authentic, too far behind the window
 * @PILOT_OPEN_STALE: authentic, refused by an older epoch
 * @PILOT_OPEN_EXHAUSTED: authentic, one epoch too many
 * @PILOT_OPEN_ERROR: no memory or a malformed buffer
 */
enum pilot_open_result {
	PILOT_OPEN_OK,
	PILOT_OPEN_NEW_EPOCH,
	PILOT_OPEN_AEAD,
	PILOT_OPEN_REPLAY,
	PILOT_OPEN_OUTSIDE,
	PILOT_OPEN_STALE,
	PILOT_OPEN_EXHAUSTED,
	PILOT_OPEN_ERROR,
};

/**
 * struct pilot_crypt - one seal or open, from its start to its done hook
 * @session: the session it runs under, held
 * @peer: the peer the frame is for or from, held; NULL in self-tests
 * @skb: the frame; owned by the done hook
 * @done: what follows the AEAD, run once with its result (0, -EBADMSG
 *	or another errno), inline or from the completion, always with BH
 *	disabled inside an RCU read-side section; the operation's memory
 *	and references go after it returns
 * @stat_len: for a seal, what to count once the frame is sent
 * @encrypt: a seal, else an open
 * @parallel: run through padata: @padata's serial hook runs @done
 * @padata: the padata work, when @parallel
 * @req: the request, after @sg
 * @iv: the nonce
 * @sg: the AAD (the sender ID in the header), then the text in the skb,
 *	as many pieces as it takes
 *
 * The aead_request follows, in the same allocation.
 */
struct pilot_crypt {
	struct pilot_session *session;
	struct pilot_peer *peer;
	struct sk_buff *skb;
	void (*done)(struct pilot_crypt *c, int err);
	unsigned int stat_len;
	bool encrypt;
	bool parallel;
	struct padata_priv padata;
	struct aead_request *req;
	u8 iv[PILOT_NONCE_LEN];
	struct scatterlist sg[];
};

int pilot_session_cache_init(void);
void pilot_session_cache_exit(void);
struct pilot_session *pilot_session_create(const u8 local_private[CURVE25519_KEY_SIZE],
					   const u8 peer_public[CURVE25519_KEY_SIZE],
					   bool authenticated);
void pilot_session_free(struct pilot_session *s);
void pilot_session_put(struct pilot_session *s);
void pilot_session_retire(struct pilot_session *s);
int pilot_session_seal(struct pilot_session *s, struct pilot_peer *peer,
		       struct sk_buff *skb, u32 local_node, unsigned int stat_len,
		       void (*done)(struct pilot_crypt *c, int err));
int pilot_session_open(struct pilot_session *s, struct pilot_peer *peer,
		       struct sk_buff *skb,
		       void (*done)(struct pilot_crypt *c, int err));
enum pilot_open_result pilot_session_opened(struct pilot_crypt *c, int err);
void pilot_crypt_wait(struct pilot_device *pd);
void pilot_salvage_record(struct pilot_session *s, const struct sk_buff *skb);
unsigned int pilot_salvage_drain(struct pilot_session *s,
				 struct pilot_salvage out[PILOT_SALVAGE_ENTRIES]);
void pilot_salvage_trim(struct pilot_session *s);
bool pilot_session_should_drop(struct pilot_session *s,
			       enum pilot_open_result why);
bool __init pilot_session_selftest(void);

#endif /* _PILOT_SESSION_H */
