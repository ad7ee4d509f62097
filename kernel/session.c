// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: the L6 envelope (spec sections 4, 5 and 6).
 *
 * Sealing and opening work in place on the skb, through a scatterlist
 * over its head and pages, so no byte of a packet is copied but the
 * salvage copy. The AAD (the sender's node ID) sits in the frame between
 * the magic and the nonce, so the scatterlist starts with those 4 bytes
 * and goes on with the ciphertext, skipping the nonce.
 *
 * The transform is allocated synchronous (CRYPTO_ALG_ASYNC masked out):
 * every call completes before it returns, so a session's lifetime is
 * plain RCU: readers use it inside their read-side section, and a
 * replaced session is freed after a grace period.
 *
 * Opening authenticates first and records the counter afterwards, under
 * the replay lock (the spec's variant V4): a forged frame changes nothing
 * but the decrypt-failure count.
 */

#include <crypto/aead.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "compat.h"
#include "kdf.h"
#include "messages.h"
#include "device.h"
#include "session.h"

/* Frames with more pieces than this are linearised first. */
#define PILOT_MAX_SG	(MAX_SKB_FRAGS + 2)

/**
 * pilot_session_create - derive a session with a peer
 * @local_private: this device's X25519 private key
 * @peer_public: the peer's X25519 key, as its frame carried it
 * @authenticated: the key came with a verified signature (PILA)
 *
 * Process context only: the transform is allocated here.
 *
 * Return: the session, not yet installed, or an ERR_PTR (-EINVAL for a
 * low-order peer key).
 */
struct pilot_session *pilot_session_create(const u8 local_private[CURVE25519_KEY_SIZE],
					   const u8 peer_public[CURVE25519_KEY_SIZE],
					   bool authenticated)
{
	u8 key[PILOT_SESSION_KEY_LEN];
	struct pilot_session *s;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	err = pilot_derive_session_key(key, local_private, peer_public);
	if (err)
		goto err_free;
	s->aead = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(s->aead)) {
		err = PTR_ERR(s->aead);
		goto err_wipe;
	}
	err = crypto_aead_setkey(s->aead, key, sizeof(key)) ?:
	      crypto_aead_setauthsize(s->aead, PILOT_TAG_LEN);
	if (err)
		goto err_aead;
	memzero_explicit(key, sizeof(key));

	get_random_bytes(s->nonce_prefix, sizeof(s->nonce_prefix));
	memcpy(s->peer_public, peer_public, CURVE25519_KEY_SIZE);
	s->authenticated = authenticated;
	s->created = jiffies;
	s->epoch_at = s->created;
	spin_lock_init(&s->replay_lock);
	spin_lock_init(&s->salvage_lock);
	return s;

err_aead:
	crypto_free_aead(s->aead);
err_wipe:
	memzero_explicit(key, sizeof(key));
err_free:
	kfree(s);
	return ERR_PTR(err);
}

/**
 * pilot_session_free - free a session no reader can see
 * @s: the session, or NULL
 *
 * Wipes the salvaged plaintexts and the nonce prefix with it.
 */
void pilot_session_free(struct pilot_session *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < PILOT_SALVAGE_ENTRIES; i++)
		kfree_sensitive(s->salvage[i].data);
	crypto_free_aead(s->aead);
	kfree_sensitive(s);
}

static void session_free_rcu(struct rcu_head *rcu)
{
	pilot_session_free(container_of(rcu, struct pilot_session, rcu));
}

/**
 * pilot_session_retire - free a session once its readers are done
 * @s: a session just unpublished, or NULL
 */
void pilot_session_retire(struct pilot_session *s)
{
	if (s)
		call_rcu(&s->rcu, session_free_rcu);
}

/*
 * Run one AEAD operation over a frame whose 20-byte PILS header is at
 * skb->data: AAD = the sender ID in it, nonce = the 12 bytes after it,
 * text = @len bytes after the header (the tag included when opening).
 */
static int session_crypt(struct pilot_session *s, struct sk_buff *skb,
			 unsigned int len, bool encrypt)
{
	struct scatterlist sg[PILOT_MAX_SG + 1];
	u8 iv[PILOT_NONCE_LEN];
	struct aead_request *req;
	int n, err;

	memcpy(iv, skb->data + PILOT_PILS_HEADER_LEN - PILOT_NONCE_LEN, sizeof(iv));
	sg_init_table(sg, ARRAY_SIZE(sg));
	sg_set_buf(&sg[0], skb->data + PILOT_MAGIC_LEN, PILOT_NODE_ID_LEN);
	n = skb_to_sgvec(skb, sg + 1, PILOT_PILS_HEADER_LEN,
			 len + (encrypt ? PILOT_TAG_LEN : 0));
	if (n < 0)
		return n;

	req = aead_request_alloc(s->aead, GFP_ATOMIC);
	if (!req)
		return -ENOMEM;
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, PILOT_NODE_ID_LEN);
	aead_request_set_crypt(req, sg, sg, len, iv);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	aead_request_free(req);
	return err;
}

/* Make the skb's data writable in place, with room for @tail more bytes;
 * the number of scatterlist entries it needs must fit ours.
 */
static int session_make_writable(struct sk_buff *skb, unsigned int tail,
				 struct sk_buff **trailer)
{
	int n = skb_cow_data(skb, tail, trailer);

	if (n < 0)
		return n;
	if (n > PILOT_MAX_SG) {
		if (skb_linearize(skb))
			return -ENOMEM;
		n = skb_cow_data(skb, tail, trailer);
	}
	return n < 0 ? n : 0;
}

/**
 * pilot_session_seal - turn a Pilot packet into a PILS frame, in place
 * @s: the installed session
 * @skb: the packet; needs %PILOT_PILS_HEADER_LEN bytes of headroom
 * @local_node: this node's ID, the frame's sender and AAD
 *
 * Takes the next send counter (the first frame of a session carries 1).
 *
 * Return: 0, with skb->data at the frame's magic, or a negative errno.
 */
int pilot_session_seal(struct pilot_session *s, struct sk_buff *skb, u32 local_node)
{
	unsigned int len = skb->len;
	struct sk_buff *trailer;
	u8 *hdr;
	int err;

	if (skb_cow_head(skb, PILOT_PILS_HEADER_LEN))
		return -ENOMEM;
	err = session_make_writable(skb, PILOT_TAG_LEN, &trailer);
	if (err)
		return err;
	pskb_put(skb, trailer, PILOT_TAG_LEN);

	hdr = skb_push(skb, PILOT_PILS_HEADER_LEN);
	put_unaligned_be32(PILOT_MAGIC_PILS, hdr);
	put_unaligned_be32(local_node, hdr + PILOT_MAGIC_LEN);
	memcpy(hdr + 8, s->nonce_prefix, PILOT_NONCE_PREFIX_LEN);
	put_unaligned_be64(atomic64_inc_return(&s->send_counter), hdr + 12);
	return session_crypt(s, skb, len, true);
}

/* Map a verdict on an authentic frame to a result, counting faults.
 * Caller holds replay_lock.
 */
static enum pilot_open_result session_judge(struct pilot_session *s, u32 prefix,
					    enum pilot_replay_verdict v)
{
	lockdep_assert_held(&s->replay_lock);
	switch (v) {
	case PILOT_REPLAY_NEW_EPOCH:
		s->epoch_at = jiffies;
		s->decrypt_fails = 0;
		s->outside_window = 0;
		s->replays = 0;
		return PILOT_OPEN_NEW_EPOCH;
	case PILOT_REPLAY_ACCEPT:
		s->decrypt_fails = 0;
		/* the window counters judge the newest epoch only */
		if (prefix == s->epochs.prefix) {
			s->outside_window = 0;
			s->replays = 0;
		}
		return PILOT_OPEN_OK;
	case PILOT_REPLAY_REPLAY:
		s->replays++;
		return PILOT_OPEN_REPLAY;
	case PILOT_REPLAY_OUTSIDE:
		s->outside_window++;
		return PILOT_OPEN_OUTSIDE;
	case PILOT_REPLAY_STALE:
		return PILOT_OPEN_STALE;
	case PILOT_REPLAY_EXHAUSTED:
		s->exhausted = true;
		return PILOT_OPEN_EXHAUSTED;
	}
	return PILOT_OPEN_ERROR;
}

/**
 * pilot_session_open - authenticate and decrypt a PILS frame, in place
 * @s: the sender's installed session
 * @skb: the frame, at least %PILOT_PILS_MIN_LEN bytes, its first
 *	%PILOT_PILS_HEADER_LEN in the linear area
 *
 * The counter is recorded only once the tag verified; until then nothing
 * of the session changes but the count of failures.
 *
 * Return: what to make of the frame. On %PILOT_OPEN_OK and
 * %PILOT_OPEN_NEW_EPOCH, skb->data is at the plaintext Pilot packet, and
 * skb->len is its length.
 */
enum pilot_open_result pilot_session_open(struct pilot_session *s,
					  struct sk_buff *skb)
{
	unsigned int len = skb->len - PILOT_PILS_HEADER_LEN;
	enum pilot_open_result res;
	struct sk_buff *trailer;
	u64 counter;
	u32 prefix;
	int err;

	err = session_make_writable(skb, 0, &trailer);
	if (err)
		return PILOT_OPEN_ERROR;
	err = session_crypt(s, skb, len, false);
	if (err) {
		if (err != -EBADMSG)
			return PILOT_OPEN_ERROR;
		spin_lock_bh(&s->replay_lock);
		s->decrypt_fails++;
		spin_unlock_bh(&s->replay_lock);
		return PILOT_OPEN_AEAD;
	}

	prefix = get_unaligned_be32(skb->data + 8);
	counter = get_unaligned_be64(skb->data + 12);
	spin_lock_bh(&s->replay_lock);
	res = session_judge(s, prefix, pilot_epochs_record(&s->epochs, prefix, counter));
	spin_unlock_bh(&s->replay_lock);
	if (res != PILOT_OPEN_OK && res != PILOT_OPEN_NEW_EPOCH)
		return res;

	if (pskb_trim(skb, skb->len - PILOT_TAG_LEN))
		return PILOT_OPEN_ERROR;
	__skb_pull(skb, PILOT_PILS_HEADER_LEN);
	return res;
}

static bool older_than(unsigned long when, unsigned int ms)
{
	return time_after_eq(jiffies, when + msecs_to_jiffies(ms));
}

/**
 * pilot_session_should_drop - whether a failed frame's drop gate fires
 * @s: the session that refused the frame
 * @why: how pilot_session_open() refused it
 *
 * The gates of spec 6.5: five tag failures once the session is 3 s old;
 * window faults once the newest epoch is a minute old, or five of them
 * after a second; an epoch too many at once. The caller then drops the
 * session only if it is still the installed one.
 *
 * Return: true when the session should go.
 */
bool pilot_session_should_drop(struct pilot_session *s, enum pilot_open_result why)
{
	unsigned long epoch_at;
	u32 count;

	spin_lock_bh(&s->replay_lock);
	epoch_at = s->epoch_at;
	switch (why) {
	case PILOT_OPEN_AEAD:
		count = s->decrypt_fails;
		break;
	case PILOT_OPEN_OUTSIDE:
		count = s->outside_window;
		break;
	case PILOT_OPEN_REPLAY:
		count = s->replays;
		break;
	case PILOT_OPEN_EXHAUSTED:
		count = s->exhausted;
		break;
	default:
		count = 0;
	}
	spin_unlock_bh(&s->replay_lock);

	switch (why) {
	case PILOT_OPEN_AEAD:
		return count >= PILOT_DECRYPT_FAIL_THRESHOLD &&
		       older_than(s->created, PILOT_DECRYPT_FAIL_GRACE_MS);
	case PILOT_OPEN_OUTSIDE:
	case PILOT_OPEN_REPLAY:
		return count &&
		       (older_than(epoch_at, PILOT_AGED_SESSION_MS) ||
			(count >= PILOT_WINDOW_FAULT_THRESHOLD &&
			 older_than(epoch_at, PILOT_WINDOW_FAULT_GRACE_MS)));
	case PILOT_OPEN_EXHAUSTED:
		return count;
	default:
		return false;
	}
}

/* Forget the oldest entry. Caller holds salvage_lock. */
static void salvage_pop(struct pilot_session *s)
{
	struct pilot_salvage *e = &s->salvage[s->salvage_head];

	lockdep_assert_held(&s->salvage_lock);
	kfree_sensitive(e->data);
	e->data = NULL;
	s->salvage_head = (s->salvage_head + 1) % PILOT_SALVAGE_ENTRIES;
	s->salvage_count--;
}

/* Forget entries past their age. Caller holds salvage_lock. */
static void salvage_expire(struct pilot_session *s)
{
	while (s->salvage_count &&
	       older_than(s->salvage[s->salvage_head].when, PILOT_SALVAGE_AGE_MS))
		salvage_pop(s);
}

/**
 * pilot_salvage_record - keep a copy of a plaintext about to be sealed
 * @s: the session sealing it
 * @skb: the Pilot packet
 *
 * The ring keeps the last four plaintexts of the last five seconds, to
 * send again under a new key when the peer re-keys (spec 6.4). Failing
 * to allocate only loses the copy.
 */
void pilot_salvage_record(struct pilot_session *s, const struct sk_buff *skb)
{
	struct pilot_salvage *e;
	u8 *copy;

	copy = kmalloc(skb->len, GFP_ATOMIC | __GFP_NOWARN);
	if (!copy)
		return;
	if (skb_copy_bits(skb, 0, copy, skb->len)) {
		kfree_sensitive(copy);	/* part of a plaintext, like the ring's */
		return;
	}
	spin_lock_bh(&s->salvage_lock);
	salvage_expire(s);
	if (s->salvage_count == PILOT_SALVAGE_ENTRIES)
		salvage_pop(s);
	e = &s->salvage[(s->salvage_head + s->salvage_count) % PILOT_SALVAGE_ENTRIES];
	e->data = copy;
	e->len = skb->len;
	e->when = jiffies;
	s->salvage_count++;
	spin_unlock_bh(&s->salvage_lock);
}

/**
 * pilot_salvage_drain - take every fresh plaintext out of the ring
 * @s: the session being replaced
 * @out: receives the entries, oldest first; the caller owns their data
 *	and frees it with kfree_sensitive()
 *
 * Return: the number of entries in @out.
 */
unsigned int pilot_salvage_drain(struct pilot_session *s,
				 struct pilot_salvage out[PILOT_SALVAGE_ENTRIES])
{
	unsigned int n = 0;

	spin_lock_bh(&s->salvage_lock);
	salvage_expire(s);
	while (s->salvage_count) {
		struct pilot_salvage *e = &s->salvage[s->salvage_head];

		out[n++] = *e;
		e->data = NULL;
		s->salvage_head = (s->salvage_head + 1) % PILOT_SALVAGE_ENTRIES;
		s->salvage_count--;
	}
	spin_unlock_bh(&s->salvage_lock);
	return n;
}

/**
 * pilot_salvage_trim - forget salvaged plaintexts past their age
 * @s: the session
 *
 * Run now and then so an idle session holds no old plaintext.
 */
void pilot_salvage_trim(struct pilot_session *s)
{
	spin_lock_bh(&s->salvage_lock);
	salvage_expire(s);
	spin_unlock_bh(&s->salvage_lock);
}

#ifdef PILOT_SELFTESTS
#include "selftest/session.c"
#endif
