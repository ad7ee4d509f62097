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
 * The transform may be asynchronous (on x86 the AES-NI and VAES gcm(aes)
 * are SIMD wrappers that defer to cryptd when the FPU is not usable), so
 * each seal or open is one allocation (&struct pilot_crypt: the request,
 * the nonce, the scatterlist) holding references to the session, the
 * peer and, through a count, the device until its done hook has run,
 * either inline or from the completion. With more than one CPU a peer's
 * operations run through padata (parallel.c): the AEAD on any CPU, the
 * done hooks in the order the operations started. Readers that use a session
 * without a reference do so inside their RCU read-side section: a
 * replaced session loses its installed reference only a grace period
 * after it is retired, and goes with its last reference.
 *
 * Opening authenticates first and records the counter afterwards, under
 * the replay lock (the spec's variant V4): a forged frame changes nothing
 * but the decrypt-failure count.
 */

#include <crypto/aead.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>

#include "compat.h"
#include "kdf.h"
#include "messages.h"
#include "device.h"
#include "parallel.h"
#include "peer.h"
#include "session.h"

/* A session of its own size: kmalloc() would round it up to the next power of 2. */
static struct kmem_cache *session_cache __read_mostly;

static char *aead_driver = "";
module_param(aead_driver, charp, 0444);
MODULE_PARM_DESC(aead_driver,
		 "For tests only: the AEAD to allocate instead of gcm(aes), e.g. an asynchronous cryptd(...)");

/**
 * pilot_session_cache_init - create the slab cache sessions come from
 *
 * Return: 0 or -ENOMEM.
 */
int __init pilot_session_cache_init(void)
{
	session_cache = KMEM_CACHE(pilot_session, 0);
	return session_cache ? 0 : -ENOMEM;
}

/**
 * pilot_session_cache_exit - destroy it, once every session is freed
 *
 * After rcu_barrier(): sessions go a grace period after they are retired.
 */
void pilot_session_cache_exit(void)
{
	kmem_cache_destroy(session_cache);
}

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

	s = kmem_cache_zalloc(session_cache, GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	err = pilot_derive_session_key(key, local_private, peer_public);
	if (err)
		goto err_free;
	s->aead = crypto_alloc_aead(*aead_driver ? aead_driver : "gcm(aes)", 0, 0);
	if (IS_ERR(s->aead)) {
		err = PTR_ERR(s->aead);
		goto err_wipe;
	}
	err = crypto_aead_ivsize(s->aead) != PILOT_NONCE_LEN ? -EINVAL :
	      crypto_aead_setkey(s->aead, key, sizeof(key)) ?:
	      crypto_aead_setauthsize(s->aead, PILOT_TAG_LEN);
	if (err)
		goto err_aead;
	memzero_explicit(key, sizeof(key));
	refcount_set(&s->refcount, 1);

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
	kmem_cache_free(session_cache, s);
	return ERR_PTR(err);
}

/**
 * pilot_session_free - free a session no reader can see
 * @s: the session, or NULL
 *
 * Wipes the salvaged plaintexts and the nonce prefix with it. For a
 * session never installed; others go with pilot_session_put().
 */
void pilot_session_free(struct pilot_session *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < PILOT_SALVAGE_ENTRIES; i++)
		kfree_sensitive(s->salvage[i].data);
	crypto_free_aead(s->aead);
	/* the nonce prefix, the windows */
	memzero_explicit(s, sizeof(*s));
	kmem_cache_free(session_cache, s);
}

/**
 * pilot_session_put - drop a reference to a session
 * @s: the session
 *
 * The last reference frees it. Any context.
 */
void pilot_session_put(struct pilot_session *s)
{
	if (refcount_dec_and_test(&s->refcount))
		pilot_session_free(s);
}

static void session_put_rcu(struct rcu_head *rcu)
{
	pilot_session_put(container_of(rcu, struct pilot_session, rcu));
}

/**
 * pilot_session_retire - drop an unpublished session once its readers are done
 * @s: a session just unpublished, or NULL
 *
 * Seals and opens still in flight keep it until they are done.
 */
void pilot_session_retire(struct pilot_session *s)
{
	if (s)
		call_rcu(&s->rcu, session_put_rcu);
}

static void crypt_free(struct pilot_crypt *c)
{
	struct pilot_peer *peer = c->peer;
	struct pilot_device *pd;

	pilot_session_put(c->session);
	if (peer) {
		pd = peer->pd;
		pilot_peer_put(peer);
		/* the last one lets a dying device go (pilot_crypt_wait()) */
		if (atomic_dec_and_test(&pd->crypt_inflight))
			wake_up_var(&pd->crypt_inflight);
	}
	/* the request's context may hold hash state of the plaintext */
	kfree_sensitive(c);
}

static void crypt_complete(struct pilot_crypt *c, int err)
{
	c->done(c, err);
	crypt_free(c);
}

/* The done hook, from a context of its own: the AEAD's completion
 * (softirq or a worker) or padata's serial worker.
 */
static void crypt_complete_bh(struct pilot_crypt *c, int err)
{
	local_bh_disable();
	rcu_read_lock();
	crypt_complete(c, err);
	rcu_read_unlock();
	local_bh_enable();
}

/* The AEAD is done with @c: a parallel operation queues its done hook
 * behind those started before it; any other runs it now.
 */
static void crypt_finish(struct pilot_crypt *c, int err)
{
	if (c->parallel)
		pilot_parallel_done(&c->padata, err);
	else
		crypt_complete(c, err);
}

/* The completion of an operation that went asynchronous: softirq or a
 * worker (cryptd).
 */
static void crypt_async_done(struct pilot_crypt *c, int err)
{
	/* only a backlogged request hears this, and none is */
	if (err == -EINPROGRESS)
		return;
	if (c->parallel)
		pilot_parallel_done(&c->padata, err);
	else
		crypt_complete_bh(c, err);
}

#ifdef PILOT_HAVE_CRYPTO_DONE_DATA
static void crypt_done(void *data, int err)
{
	crypt_async_done(data, err);
}
#else
static void crypt_done(struct crypto_async_request *areq, int err)
{
	crypt_async_done(areq->data, err);
}
#endif

/* Run the AEAD; finish now unless it completes later. */
static void crypt_run(struct pilot_crypt *c)
{
	int err;

	err = c->encrypt ? crypto_aead_encrypt(c->req) : crypto_aead_decrypt(c->req);
	if (err != -EINPROGRESS)
		crypt_finish(c, err);
}

/* padata's parallel part: a worker on any CPU, BH disabled */
static void crypt_parallel(struct padata_priv *padata)
{
	crypt_run(container_of(padata, struct pilot_crypt, padata));
}

/* padata's serial part: the peer's CPU, in the order the frames came */
static void crypt_serial(struct padata_priv *padata)
{
	crypt_complete_bh(container_of(padata, struct pilot_crypt, padata),
			  padata->info);
}

/*
 * Start one AEAD operation over a frame whose 20-byte PILS header is at
 * skb->data: AAD = the sender ID in it, nonce = the 12 bytes after it,
 * text = @len bytes after the header (the tag included when opening),
 * in at most @nsg pieces (skb_cow_data()'s count). Returns 0 once
 * started (@done runs, now or later, and owns the skb), or a negative
 * errno, the skb still the caller's. Called with BH disabled inside an
 * RCU read-side section, @peer found in it.
 */
static int crypt_start(struct pilot_session *s, struct pilot_peer *peer,
		       struct sk_buff *skb, int nsg, unsigned int len, bool encrypt,
		       unsigned int stat_len,
		       void (*done)(struct pilot_crypt *c, int err))
{
	struct aead_request *req;
	struct pilot_crypt *c;
	size_t req_off;
	int n;

	/* the AAD's piece, then the text's; the request after them */
	req_off = ALIGN(struct_size(c, sg, nsg + 1), CRYPTO_MINALIGN);
	c = kmalloc(req_off + sizeof(*req) + crypto_aead_reqsize(s->aead), GFP_ATOMIC);
	if (!c)
		return -ENOMEM;
	memcpy(c->iv, skb->data + PILOT_PILS_HEADER_LEN - PILOT_NONCE_LEN, PILOT_NONCE_LEN);
	sg_init_table(c->sg, nsg + 1);
	sg_set_buf(&c->sg[0], skb->data + PILOT_MAGIC_LEN, PILOT_NODE_ID_LEN);
	n = skb_to_sgvec(skb, c->sg + 1, PILOT_PILS_HEADER_LEN,
			 len + (encrypt ? PILOT_TAG_LEN : 0));
	if (n < 0) {
		kfree(c);
		return n;
	}
	/* a peer being removed: its last reference may be gone already */
	if (peer && !kref_get_unless_zero(&peer->refcount)) {
		kfree(c);
		return -ENODEV;
	}
	if (peer)
		atomic_inc(&peer->pd->crypt_inflight);
	/* installed, or retired less than a grace period ago: held */
	refcount_inc(&s->refcount);
	c->session = s;
	c->peer = peer;
	c->skb = skb;
	c->done = done;
	c->stat_len = stat_len;

	c->encrypt = encrypt;
	c->parallel = false;

	req = (void *)c + req_off;
	c->req = req;
	aead_request_set_tfm(req, s->aead);
	/* no backlog: a full queue refuses the frame, and it is dropped */
	aead_request_set_callback(req, 0, crypt_done, c);
	aead_request_set_ad(req, PILOT_NODE_ID_LEN);
	aead_request_set_crypt(req, c->sg, c->sg, len, c->iv);

	/* a peer's frames: on any CPU, finished in order on the peer's */
	if (peer && pilot_parallel_enabled() &&
	    atomic_read(&peer->pd->crypt_inflight) <= PILOT_PARALLEL_INFLIGHT_MAX) {
		c->parallel = true;
		c->padata.parallel = crypt_parallel;
		c->padata.serial = crypt_serial;
		if (!pilot_parallel_submit(&c->padata, encrypt, peer->cb_cpu))
			return 0;
		c->parallel = false;	/* padata refused it: inline */
	}
	crypt_run(c);
	return 0;
}

/**
 * pilot_crypt_wait - wait until a device has no seal or open in flight
 * @pd: the device, down, its workers stopped: nothing starts new ones
 *
 * Process context.
 */
void pilot_crypt_wait(struct pilot_device *pd)
{
	wait_var_event(&pd->crypt_inflight, !atomic_read(&pd->crypt_inflight));
}

/* Make the skb's data writable in place, with room for @tail more bytes.
 * Returns the number of scatterlist entries its data takes (linearised
 * when that would be more than %PILOT_MAX_SG), or a negative errno.
 */
static int session_make_writable(struct sk_buff *skb, unsigned int tail,
				 struct sk_buff **trailer)
{
	int n = skb_cow_data(skb, tail, trailer);

	if (n > PILOT_MAX_SG) {
		if (skb_linearize(skb))
			return -ENOMEM;
		n = skb_cow_data(skb, tail, trailer);
	}
	return n;
}

/**
 * pilot_session_seal - turn a Pilot packet into a PILS frame, in place
 * @s: the installed session
 * @peer: the peer it is for, or NULL (self-tests)
 * @skb: the packet; needs %PILOT_PILS_HEADER_LEN bytes of headroom
 * @local_node: this node's ID, the frame's sender and AAD
 * @stat_len: what to count once the frame is sent, for @done
 * @done: run with the result once sealed, skb->data at the frame's magic
 *
 * Takes the next send counter (the first frame of a session carries 1).
 * Must be called with BH disabled, inside an RCU read-side section that
 * found @s and @peer.
 *
 * Return: 0 once @done owns @skb (it may have run already), or a
 * negative errno, @skb still the caller's.
 */
int pilot_session_seal(struct pilot_session *s, struct pilot_peer *peer,
		       struct sk_buff *skb, u32 local_node, unsigned int stat_len,
		       void (*done)(struct pilot_crypt *c, int err))
{
	unsigned int len = skb->len;
	struct sk_buff *trailer;
	u8 *hdr;
	int nsg;

	if (skb_cow_head(skb, PILOT_PILS_HEADER_LEN))
		return -ENOMEM;
	nsg = session_make_writable(skb, PILOT_TAG_LEN, &trailer);
	if (nsg < 0)
		return nsg;
	pskb_put(skb, trailer, PILOT_TAG_LEN);

	hdr = skb_push(skb, PILOT_PILS_HEADER_LEN);
	put_unaligned_be32(PILOT_MAGIC_PILS, hdr);
	put_unaligned_be32(local_node, hdr + PILOT_MAGIC_LEN);
	memcpy(hdr + 8, s->nonce_prefix, PILOT_NONCE_PREFIX_LEN);
	put_unaligned_be64(atomic64_inc_return(&s->send_counter), hdr + 12);
	return crypt_start(s, peer, skb, nsg, len, true, stat_len, done);
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
 * pilot_session_open - start authenticating and decrypting a PILS frame
 * @s: the sender's installed session
 * @peer: the sender, or NULL (self-tests)
 * @skb: the frame, at least %PILOT_PILS_MIN_LEN bytes, its first
 *	%PILOT_PILS_HEADER_LEN in the linear area
 * @done: run with the result, which it hands to pilot_session_opened()
 *
 * Must be called with BH disabled, inside an RCU read-side section that
 * found @s and @peer.
 *
 * Return: 0 once @done owns @skb (it may have run already), or a
 * negative errno, @skb still the caller's.
 */
int pilot_session_open(struct pilot_session *s, struct pilot_peer *peer,
		       struct sk_buff *skb,
		       void (*done)(struct pilot_crypt *c, int err))
{
	struct sk_buff *trailer;
	int nsg;

	nsg = session_make_writable(skb, 0, &trailer);
	if (nsg < 0)
		return nsg;
	return crypt_start(s, peer, skb, nsg, skb->len - PILOT_PILS_HEADER_LEN,
			   false, 0, done);
}

/**
 * pilot_session_opened - what to make of a frame pilot_session_open() ran on
 * @c: the operation, in its done hook
 * @err: the AEAD's result
 *
 * The counter is recorded only once the tag verified; until then nothing
 * of the session changes but the count of failures. Frames may complete
 * in any order: the window takes them as they come.
 *
 * Return: what to make of the frame. On %PILOT_OPEN_OK and
 * %PILOT_OPEN_NEW_EPOCH, skb->data is at the plaintext Pilot packet, and
 * skb->len is its length.
 */
enum pilot_open_result pilot_session_opened(struct pilot_crypt *c, int err)
{
	struct pilot_session *s = c->session;
	struct sk_buff *skb = c->skb;
	enum pilot_open_result res;
	u64 counter;
	u32 prefix;

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
 * send again under a new key when the peer re-keys (spec 6.4). Under
 * steady traffic a copy overwrites the oldest in its buffer, so only a
 * packet larger than that buffer allocates; an idle session's copies
 * expire and are freed. Failing to allocate only loses the copy.
 */
void pilot_salvage_record(struct pilot_session *s, const struct sk_buff *skb)
{
	unsigned int len = skb->len;
	struct pilot_salvage *e;
	u8 *small = NULL;

	spin_lock_bh(&s->salvage_lock);
	salvage_expire(s);
	/* the tail: a free slot (no buffer), or the oldest entry when full */
	e = &s->salvage[(s->salvage_head + s->salvage_count) % PILOT_SALVAGE_ENTRIES];
	if (s->salvage_count == PILOT_SALVAGE_ENTRIES) {
		s->salvage_head = (s->salvage_head + 1) % PILOT_SALVAGE_ENTRIES;
		s->salvage_count--;
	}
	if (!e->data || e->size < len) {
		small = e->data;	/* freed out of the lock */
		e->size = kmalloc_size_roundup(len);
		e->data = kmalloc(e->size, GFP_ATOMIC | __GFP_NOWARN);
	}
	if (likely(e->data && !skb_copy_bits(skb, 0, e->data, len))) {
		e->len = len;
		e->when = jiffies;
		s->salvage_count++;
	} else {
		kfree_sensitive(e->data);	/* no part copy is kept */
		e->data = NULL;
	}
	spin_unlock_bh(&s->salvage_lock);
	kfree_sensitive(small);	/* a plaintext, like the ring's */
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
