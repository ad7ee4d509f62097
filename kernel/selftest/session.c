// SPDX-License-Identifier: GPL-2.0
/*
 * Session self-tests: the L6 behaviours of the spec's conformance list
 * (section 11) between two sessions derived from each other's keys, on
 * real skbs. Included at the end of session.c in debug builds; each item
 * logs "conformance N ok" so the QEMU suite reports it as a test case.
 */

#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/delay.h>

struct st_pair {
	struct pilot_session *a, *b;	/* a seals as node 7, b opens */
};

#define ST_NODE 7
#define ST_PLAIN 100

static bool __init st_pair_make(struct st_pair *p)
{
	u8 pa[CURVE25519_KEY_SIZE], pb[CURVE25519_KEY_SIZE];
	u8 qa[CURVE25519_KEY_SIZE], qb[CURVE25519_KEY_SIZE];
	u8 k[CURVE25519_KEY_SIZE];

	curve25519_generate_secret(k);
	pilot_keypair_from_private(pa, qa, k);
	curve25519_generate_secret(k);
	pilot_keypair_from_private(pb, qb, k);
	p->a = pilot_session_create(pa, qb, false);
	p->b = pilot_session_create(pb, qa, false);
	memzero_explicit(pa, sizeof(pa));
	memzero_explicit(pb, sizeof(pb));
	memzero_explicit(k, sizeof(k));
	if (IS_ERR(p->a) || IS_ERR(p->b)) {
		if (!IS_ERR(p->a))
			pilot_session_free(p->a);
		if (!IS_ERR(p->b))
			pilot_session_free(p->b);
		return false;
	}
	return true;
}

/* An operation's references may outlive its done hook by a moment. */
static void __init st_pair_free(struct st_pair *p)
{
	pilot_session_put(p->a);
	pilot_session_put(p->b);
}

/*
 * What the done hook of the last operation found: the transform may be
 * asynchronous (aead_driver), so the self-tests wait for it.
 */
static struct {
	struct completion done;
	int err;
	enum pilot_open_result res;
} st_op __initdata;

static void __init st_sealed(struct pilot_crypt *c, int err)
{
	st_op.err = err;
	complete(&st_op.done);
}

static void __init st_opened(struct pilot_crypt *c, int err)
{
	st_op.res = pilot_session_opened(c, err);
	complete(&st_op.done);
}

/* A sealed frame of session @s with the counter @counter (0: the next). */
static struct sk_buff * __init st_seal(struct pilot_session *s, u64 counter)
{
	struct sk_buff *skb;
	unsigned int i;
	u8 *p;

	skb = alloc_skb(PILOT_PILS_HEADER_LEN + ST_PLAIN + PILOT_TAG_LEN, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, PILOT_PILS_HEADER_LEN);
	p = skb_put(skb, ST_PLAIN);
	for (i = 0; i < ST_PLAIN; i++)
		p[i] = i;
	if (counter)
		atomic64_set(&s->send_counter, counter - 1);
	init_completion(&st_op.done);
	if (pilot_session_seal(s, NULL, skb, ST_NODE, 0, st_sealed)) {
		kfree_skb(skb);
		return NULL;
	}
	wait_for_completion(&st_op.done);
	if (st_op.err) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* Open a copy of @frame under @s; checks the plaintext when it opens. */
static enum pilot_open_result __init st_open(struct pilot_session *s,
					     const struct sk_buff *frame)
{
	enum pilot_open_result res;
	struct sk_buff *skb;
	unsigned int i;

	skb = skb_copy(frame, GFP_KERNEL);
	if (!skb)
		return PILOT_OPEN_ERROR;
	init_completion(&st_op.done);
	if (pilot_session_open(s, NULL, skb, st_opened)) {
		kfree_skb(skb);
		return PILOT_OPEN_ERROR;
	}
	wait_for_completion(&st_op.done);
	res = st_op.res;
	if (res == PILOT_OPEN_OK || res == PILOT_OPEN_NEW_EPOCH) {
		for (i = 0; i < ST_PLAIN; i++)
			if (skb->len != ST_PLAIN || skb->data[i] != i)
				res = PILOT_OPEN_ERROR;
	}
	kfree_skb(skb);
	return res;
}

/* Seal the next frame of @a and open it under @b. */
static enum pilot_open_result __init st_round(struct st_pair *p, u64 counter)
{
	enum pilot_open_result res;
	struct sk_buff *skb = st_seal(p->a, counter);

	if (!skb)
		return PILOT_OPEN_ERROR;
	res = st_open(p->b, skb);
	kfree_skb(skb);
	return res;
}

static void __init st_age(struct pilot_session *s, unsigned int ms)
{
	s->created -= msecs_to_jiffies(ms);
	s->epoch_at -= msecs_to_jiffies(ms);
}

/* Make a session look just derived, whatever time the test took so far. */
static void __init st_fresh(struct pilot_session *s)
{
	s->created = jiffies;
	s->epoch_at = s->created;
}

static u32 __init st_count(struct pilot_session *s, u32 *field)
{
	u32 v;

	spin_lock_bh(&s->replay_lock);
	v = *field;
	spin_unlock_bh(&s->replay_lock);
	return v;
}

static unsigned int st_failed __initdata;

static void __init st_item(unsigned int item, const char *what, bool ok)
{
	if (ok) {
		pr_info("conformance %u ok: %s\n", item, what);
	} else {
		pr_err("conformance %u FAILED: %s\n", item, what);
		st_failed++;
	}
}

/* Items 1, 42, 43, 46, 47, 50: the round trip and the frame layout. */
static void __init st_round_trip(struct st_pair *p)
{
	struct sk_buff *f = st_seal(p->a, 0), *t;
	bool ok;
	int i;

	ok = f && f->len == PILOT_PILS_HEADER_LEN + ST_PLAIN + PILOT_TAG_LEN &&
	     get_unaligned_be32(f->data) == PILOT_MAGIC_PILS &&
	     get_unaligned_be32(f->data + 4) == ST_NODE &&
	     get_unaligned_be64(f->data + 12) == 1 &&
	     !memcmp(f->data + 8, p->a->nonce_prefix, PILOT_NONCE_PREFIX_LEN);
	st_item(43, "frame = 20 + plaintext + 16 bytes, counter at 12..20", ok);
	st_item(42, "PILS magic, sender at 4..8, first counter 1", ok);

	t = f ? skb_copy(f, GFP_KERNEL) : NULL;
	if (t)
		t->data[t->len - 1] ^= 1;
	ok = t && st_open(p->b, t) == PILOT_OPEN_AEAD && st_open(p->b, f) == PILOT_OPEN_OK;
	st_item(46, "tag byte flipped: refused; the untampered frame still opens", ok);
	st_item(1, "sessions derived from each other's keys open each other's frames", ok);
	kfree_skb(t);
	st_item(47, "the same frame twice: the second is a replay",
		f && st_open(p->b, f) == PILOT_OPEN_REPLAY);
	kfree_skb(f);

	for (ok = true, i = 2; i <= 1000 && ok; i++) {
		f = st_seal(p->a, 0);
		ok = f && get_unaligned_be64(f->data + 12) == i;
		kfree_skb(f);
	}
	st_item(50, "1000 seals carry counters 1..1000", ok);
}

/* Items 52, 53: forged counters never move the window. */
static void __init st_forged(struct st_pair *p)
{
	struct sk_buff *f1, *f2, *f3, *forged;
	bool ok;

	f1 = st_seal(p->a, 2001);
	f2 = st_seal(p->a, 2002);
	f3 = st_seal(p->a, 2003);
	forged = st_seal(p->a, 1ULL << 62);
	if (!f1 || !f2 || !f3 || !forged) {
		st_item(53, "frames sealed", false);
		goto out;
	}
	forged->data[forged->len - 1] ^= 0x80;
	ok = st_open(p->b, f2) == PILOT_OPEN_OK &&
	     st_open(p->b, forged) == PILOT_OPEN_AEAD &&
	     p->b->epochs.win.max == 2002 &&
	     st_open(p->b, f1) == PILOT_OPEN_OK &&
	     st_open(p->b, f3) == PILOT_OPEN_OK;
	st_item(52, "forged high counter refused, window unchanged, next genuine frame opens",
		ok);
	st_item(53, "c2, forged, c1, c3 open; c2 and c1 again are replays",
		ok && st_open(p->b, f2) == PILOT_OPEN_REPLAY &&
		st_open(p->b, f1) == PILOT_OPEN_REPLAY);
out:
	kfree_skb(f1);
	kfree_skb(f2);
	kfree_skb(f3);
	kfree_skb(forged);
}

/* Items 48, 54-60: the window faults, their counts and their gates. */
static void __init st_window_gates(void)
{
	struct sk_buff *old, *dup;
	struct st_pair p;
	bool ok;
	int i;

	if (!st_pair_make(&p)) {
		st_item(54, "sessions derived", false);
		return;
	}
	old = st_seal(p.a, 0);
	for (i = 0; i < 264; i++)
		st_round(&p, 0);
	dup = st_seal(p.a, 0);
	ok = old && dup && st_open(p.b, dup) == PILOT_OPEN_OK;
	st_item(54, "outside-window count 0 before a stale frame",
		ok && !st_count(p.b, &p.b->outside_window));
	st_item(48, "counter 1 after 264 newer frames: outside the window",
		ok && st_open(p.b, old) == PILOT_OPEN_OUTSIDE);
	st_item(54, "outside-window count 1 after it, 0 after a good frame",
		st_count(p.b, &p.b->outside_window) == 1 &&
		st_round(&p, 0) == PILOT_OPEN_OK &&
		!st_count(p.b, &p.b->outside_window));

	for (i = 0; i < 4; i++)
		st_open(p.b, old);
	st_age(p.b, 2000);
	st_item(55, "outside-window gate: 4 faults at 2 s no",
		!pilot_session_should_drop(p.b, PILOT_OPEN_OUTSIDE));
	st_open(p.b, old);
	st_item(55, "outside-window gate: 5 faults at 2 s yes",
		pilot_session_should_drop(p.b, PILOT_OPEN_OUTSIDE));
	st_item(57, "outside-window faults do not count as replays",
		!st_count(p.b, &p.b->replays));

	st_item(57, "replay count 0 -> 1 on a replay -> 0 after a good frame",
		st_open(p.b, dup) == PILOT_OPEN_REPLAY &&
		st_count(p.b, &p.b->replays) == 1 &&
		st_round(&p, 0) == PILOT_OPEN_OK && !st_count(p.b, &p.b->replays));
	for (i = 0; i < 5; i++)
		st_open(p.b, dup);
	st_item(58, "replay gate: 5 replays at 2 s yes",
		pilot_session_should_drop(p.b, PILOT_OPEN_REPLAY));
	kfree_skb(old);
	kfree_skb(dup);
	st_pair_free(&p);

	/* a fresh session: faults count, gates wait for the grace */
	if (!st_pair_make(&p))
		return;
	dup = st_seal(p.a, 0);
	st_fresh(p.b);
	for (i = 0; dup && i < 16; i++)
		st_open(p.b, dup);
	st_item(58, "fresh session with 15 replays: no gate before 1 s",
		dup && st_count(p.b, &p.b->replays) == 15 &&
		!pilot_session_should_drop(p.b, PILOT_OPEN_REPLAY));
	st_age(p.b, 1100);
	st_item(58, "... and the gate fires once it is 1 s old",
		pilot_session_should_drop(p.b, PILOT_OPEN_REPLAY));
	kfree_skb(dup);
	st_pair_free(&p);

	/* an aged session (two minutes) */
	if (!st_pair_make(&p))
		return;
	old = st_seal(p.a, 0);
	for (i = 0; i < 300; i++)
		st_round(&p, 0);
	st_age(p.b, 120000);
	dup = old ? skb_copy(old, GFP_KERNEL) : NULL;
	if (dup)
		dup->data[dup->len - 3] ^= 4;
	st_item(59, "aged session, forged low counter: refused, window counts stay 0, no gate",
		dup && st_open(p.b, dup) == PILOT_OPEN_AEAD &&
		!st_count(p.b, &p.b->outside_window) && !st_count(p.b, &p.b->replays) &&
		!pilot_session_should_drop(p.b, PILOT_OPEN_AEAD) &&
		!pilot_session_should_drop(p.b, PILOT_OPEN_OUTSIDE));
	st_item(60, "aged session, genuine stale frame: outside, count 1, the gate fires at once",
		old && st_open(p.b, old) == PILOT_OPEN_OUTSIDE &&
		st_count(p.b, &p.b->outside_window) == 1 &&
		pilot_session_should_drop(p.b, PILOT_OPEN_OUTSIDE));
	kfree_skb(old);
	kfree_skb(dup);
	st_pair_free(&p);
}

/* Item 22: the decrypt-failure gate. */
static void __init st_decrypt_gate(struct st_pair *p)
{
	struct sk_buff *f = st_seal(p->a, 0);
	int i;

	if (f)
		f->data[f->len - 1] ^= 1;
	st_fresh(p->b);
	st_item(22, "no failures: no gate",
		!pilot_session_should_drop(p->b, PILOT_OPEN_AEAD));
	for (i = 0; f && i < 5; i++)
		st_open(p->b, f);
	st_item(22, "5 failures before 3 s: no gate",
		f && !pilot_session_should_drop(p->b, PILOT_OPEN_AEAD));
	st_age(p->b, 3000);
	st_item(22, "5 failures at 3 s: the gate fires",
		pilot_session_should_drop(p->b, PILOT_OPEN_AEAD));
	kfree_skb(f);
}

/* Items 62-65: receive epochs on real frames. */
static void __init st_epochs(void)
{
	struct sk_buff *late, *forged;
	struct st_pair p;
	u8 old_prefix[PILOT_NONCE_PREFIX_LEN];

	if (!st_pair_make(&p)) {
		st_item(62, "sessions derived", false);
		return;
	}
	st_round(&p, 0);
	late = st_seal(p.a, 0);
	st_round(&p, 0);
	st_age(p.b, 120000);
	memcpy(old_prefix, p.a->nonce_prefix, sizeof(old_prefix));

	/* item 65: an unseen prefix on a forged frame starts nothing */
	get_random_bytes(p.a->nonce_prefix, PILOT_NONCE_PREFIX_LEN);
	forged = st_seal(p.a, 1);
	if (forged)
		forged->data[forged->len - 1] ^= 1;
	st_item(65, "forged frame with an unseen prefix: refused, epoch unchanged",
		forged && st_open(p.b, forged) == PILOT_OPEN_AEAD &&
		p.b->epochs.prefix == get_unaligned_be32(old_prefix));
	st_item(62, "the peer re-derives (new prefix, counter 1): accepted as a new epoch",
		st_round(&p, 1) == PILOT_OPEN_NEW_EPOCH);
	st_item(62, "its second frame is normal; no fault counted, no gate armed",
		st_round(&p, 0) == PILOT_OPEN_OK &&
		!st_count(p.b, &p.b->outside_window) && !st_count(p.b, &p.b->replays) &&
		!pilot_session_should_drop(p.b, PILOT_OPEN_OUTSIDE));
	st_item(63, "a late unseen frame of the previous epoch is delivered",
		late && st_open(p.b, late) == PILOT_OPEN_OK);
	st_item(63, "its duplicate is stale; no gate armed",
		late && st_open(p.b, late) == PILOT_OPEN_STALE &&
		!st_count(p.b, &p.b->replays));
	kfree_skb(late);
	kfree_skb(forged);
	st_pair_free(&p);
}

/* Record a packet of @len bytes of @byte in @s's salvage ring. */
static bool __init st_salvage_put(struct pilot_session *s, unsigned int len, u8 byte)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	if (!skb)
		return false;
	memset(skb_put(skb, len), byte, len);
	pilot_salvage_record(s, skb);
	kfree_skb(skb);
	return true;
}

/* Item 21: a full ring copies into its oldest buffer, if large enough. */
static void __init st_salvage_reuse(struct pilot_session *s)
{
	static const u8 fill[PILOT_SALVAGE_ENTRIES] __initconst = { 2, 3, 0xaa, 0xbb };
	struct pilot_salvage out[PILOT_SALVAGE_ENTRIES];
	unsigned int i, n;
	bool ok = true;
	u8 *oldest;

	for (i = 0; i < PILOT_SALVAGE_ENTRIES; i++)
		ok &= st_salvage_put(s, 100, i);
	oldest = s->salvage[s->salvage_head].data;
	ok &= st_salvage_put(s, 60, 0xaa);
	st_item(21, "a full ring copies a packet into its oldest entry's buffer",
		ok && s->salvage[(s->salvage_head + PILOT_SALVAGE_ENTRIES - 1) %
					    PILOT_SALVAGE_ENTRIES].data == oldest);
	ok &= st_salvage_put(s, 1400, 0xbb);
	n = pilot_salvage_drain(s, out);
	ok &= n == PILOT_SALVAGE_ENTRIES;
	for (i = 0; i < n; i++) {
		ok &= out[i].len <= out[i].size;
		ok &= !memchr_inv(out[i].data, fill[i], out[i].len);
		kfree_sensitive(out[i].data);
	}
	st_item(21, "a larger packet gets a larger buffer; every copy is whole", ok &&
		out[2].len == 60 && out[3].len == 1400);
}

/* Item 21: the salvage ring. */
static void __init st_salvage(struct st_pair *p)
{
	struct pilot_salvage out[PILOT_SALVAGE_ENTRIES];
	struct sk_buff *skb;
	unsigned int i, n;
	bool ok = true;

	for (i = 0; i < 6; i++) {
		skb = alloc_skb(8, GFP_KERNEL);
		if (!skb)
			return;
		memset(skb_put(skb, 8), i, 8);
		pilot_salvage_record(p->a, skb);
		kfree_skb(skb);
	}
	n = pilot_salvage_drain(p->a, out);
	for (i = 0; i < n; i++) {
		ok &= out[i].len == 8 && out[i].data[0] == i + 2;
		kfree_sensitive(out[i].data);
	}
	st_item(21, "six recorded: the last four kept, oldest first, as copies", ok && n == 4);
	st_item(21, "drain is destructive", !pilot_salvage_drain(p->a, out));

	skb = alloc_skb(8, GFP_KERNEL);
	if (!skb)
		return;
	skb_put(skb, 8);
	pilot_salvage_record(p->a, skb);
	p->a->salvage[p->a->salvage_head].when -= msecs_to_jiffies(PILOT_SALVAGE_AGE_MS + 1);
	pilot_salvage_record(p->a, skb);
	kfree_skb(skb);
	n = pilot_salvage_drain(p->a, out);
	for (i = 0; i < n; i++)
		kfree_sensitive(out[i].data);
	st_item(21, "an entry older than 5 s is trimmed", n == 1);
	st_salvage_reuse(p->a);
}

/**
 * pilot_session_selftest - the spec's L6 conformance items on real frames
 *
 * Return: true when every item holds.
 */
bool __init pilot_session_selftest(void)
{
	struct st_pair p;

	st_failed = 0;
	if (!st_pair_make(&p)) {
		pr_err("session self-test: no session could be derived\n");
		return false;
	}
	st_round_trip(&p);
	st_forged(&p);
	st_decrypt_gate(&p);
	st_salvage(&p);
	st_pair_free(&p);
	st_window_gates();
	st_epochs();
	if (st_failed)
		pr_err("session self-test: %u failed\n", st_failed);
	return !st_failed;
}
