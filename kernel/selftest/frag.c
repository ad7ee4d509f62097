// SPDX-License-Identifier: GPL-2.0
/*
 * PILF checks on a fake clock: frames split and put back together in
 * several orders, malformed fragments refused, the limits and the timeout
 * enforced. Included at the end of frag.c in debug builds, where they run
 * at module load.
 */

#include <linux/mm.h>

enum frag_test_order {
	FRAG_TEST_IN_ORDER,
	FRAG_TEST_REVERSED,
	FRAG_TEST_SHUFFLED,
	FRAG_TEST_ORDERS
};

static const struct pilot_endpoint frag_test_src4 __initconst = {
	.family = AF_INET,
	.port = 9000,
	.addr4 = cpu_to_be32(0xc0000201),	/* 192.0.2.1 */
};

static const struct pilot_endpoint frag_test_src6 __initconst = {
	.family = AF_INET6,
	.port = 9000,
	.addr6 = IN6ADDR_LOOPBACK_INIT,
};

/* The frame of @len bytes the round trips send: a PILS magic, then noise. */
static void __init frag_test_fill(u8 *buf, unsigned int len)
{
	u32 x = len;
	unsigned int i;

	memcpy(buf, "PILS", 4);
	for (i = 4; i < len; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = x >> 16;
	}
}

/* @buf in an skb, the part past @linear in a page fragment. */
static struct sk_buff *__init frag_test_frame(const u8 *buf, unsigned int len,
					      unsigned int linear)
{
	struct page *page;
	struct sk_buff *skb;

	skb = alloc_skb(linear, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_put_data(skb, buf, linear);
	if (len == linear)
		return skb;
	page = alloc_page(GFP_KERNEL);
	if (!page) {
		kfree_skb(skb);
		return NULL;
	}
	memcpy(page_address(page), buf + linear, len - linear);
	skb_add_rx_frag(skb, 0, page, 0, len - linear, PAGE_SIZE);
	return skb;
}

/* A PILF fragment built by hand, its payload @len bytes of @fill. */
static struct sk_buff *__init frag_test_piece(u32 id, u8 index, u8 count,
					      unsigned int len, u8 fill)
{
	struct sk_buff *skb;
	struct pilf_hdr *hdr;

	skb = alloc_skb(sizeof(*hdr) + len, GFP_KERNEL);
	if (!skb)
		return NULL;
	hdr = skb_put(skb, sizeof(*hdr));
	hdr->magic = cpu_to_be32(PILF_MAGIC);
	hdr->sender = cpu_to_be32(42);
	hdr->id = cpu_to_be32(id);
	hdr->index = index;
	hdr->count = count;
	memset(skb_put(skb, len), fill, len);
	return skb;
}

/* Feeds @skb, which must give no frame and set @want as the error. */
static bool __init frag_test_feed(struct pilot_frag_table *t,
				  struct sk_buff *skb,
				  const struct pilot_endpoint *src,
				  unsigned long now, int want, const char *what)
{
	struct sk_buff *frame;
	int err;

	if (!skb) {
		pr_err("frag self-test: %s: out of memory\n", what);
		return false;
	}
	frame = frag_receive_at(t, skb, src, &err, now);
	if (frame || err != want) {
		pr_err("frag self-test: %s: frame %d, error %d, not %d\n",
		       what, !!frame, err, want);
		kfree_skb(frame);
		return false;
	}
	return true;
}

/* Puts @n pieces in the order to feed them. */
static void __init frag_test_order(struct sk_buff **pieces, unsigned int n,
				   enum frag_test_order order)
{
	unsigned int i, j;
	u32 x = n;

	for (i = 0; i < n / 2 && order == FRAG_TEST_REVERSED; i++)
		swap(pieces[i], pieces[n - 1 - i]);
	for (i = n - 1; i > 0 && order == FRAG_TEST_SHUFFLED; i--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		j = x % (i + 1);
		swap(pieces[i], pieces[j]);
	}
}

/* Checks the fragments @split made of a frame of @len bytes. */
static bool __init frag_test_pieces(struct sk_buff **pieces, unsigned int n,
				    unsigned int len)
{
	const struct pilf_hdr *hdr;
	unsigned int i, want;

	if (n != DIV_ROUND_UP(len, PILOT_FRAG_MAX_PAYLOAD))
		return false;
	for (i = 0; i < n; i++) {
		hdr = (const struct pilf_hdr *)pieces[i]->data;
		want = min_t(unsigned int, len - i * PILOT_FRAG_MAX_PAYLOAD,
			     PILOT_FRAG_MAX_PAYLOAD);
		if (skb_is_nonlinear(pieces[i]) || skb_headroom(pieces[i]) < 32 ||
		    pieces[i]->len != sizeof(*hdr) + want ||
		    hdr->magic != cpu_to_be32(PILF_MAGIC) ||
		    be32_to_cpu(hdr->sender) != 7 ||
		    be32_to_cpu(hdr->id) != len || hdr->index != i ||
		    hdr->count != n)
			return false;
	}
	return true;
}

/* Splits a frame of @len bytes and feeds the pieces back in @order. */
static bool __init frag_test_round_trip(struct pilot_frag_table *t,
					unsigned int len, unsigned int linear,
					enum frag_test_order order)
{
	struct sk_buff *skb, *frame = NULL, **pieces;
	unsigned int n = 0, i;
	struct sk_buff_head q;
	bool ok = false;
	int err = 0;
	u8 *buf;

	buf = kvmalloc(len, GFP_KERNEL);
	pieces = kcalloc(PILOT_FRAG_MAX_COUNT, sizeof(*pieces), GFP_KERNEL);
	if (!buf || !pieces)
		goto out;
	frag_test_fill(buf, len);
	skb = frag_test_frame(buf, len, linear);
	if (!skb)
		goto out;
	__skb_queue_head_init(&q);
	err = pilot_frag_split(skb, 7, len, 32, &q);
	kfree_skb(skb);
	if (err)
		goto out;
	if (skb_queue_len(&q) > PILOT_FRAG_MAX_COUNT) {
		__skb_queue_purge(&q);
		goto out;
	}
	while (!skb_queue_empty(&q))
		pieces[n++] = __skb_dequeue(&q);
	if (!frag_test_pieces(pieces, n, len)) {
		pr_err("frag self-test: %u bytes split wrong\n", len);
		goto out;
	}

	frag_test_order(pieces, n, order);
	for (i = 0; i < n; i++) {
		frame = frag_receive_at(t, pieces[i], &frag_test_src4, &err,
					jiffies);
		pieces[i] = NULL;
		if (err || !frame != (i < n - 1))
			goto out;
	}
	ok = frame->len == len && !memcmp(frame->data, buf, len) &&
	     !skb_is_nonlinear(frame) &&
	     skb_headroom(frame) >= PILOT_FRAG_RX_HEADROOM && !t->count;
out:
	if (!ok)
		pr_err("frag self-test: %u bytes, order %d: not put back (error %d)\n",
		       len, order, err);
	kfree_skb(frame);
	for (i = 0; pieces && i < n; i++)
		kfree_skb(pieces[i]);
	kfree(pieces);
	kvfree(buf);
	return ok;
}

static bool __init frag_test_split_refused(void)
{
	static const unsigned int lens[] __initconst = {
		PILOT_FRAG_MAX_FRAME, PILOT_FRAG_MAX_COUNT * PILOT_FRAG_MAX_PAYLOAD + 1,
	};
	static const int errs[] __initconst = { -EINVAL, -EMSGSIZE };
	struct sk_buff_head q;
	struct sk_buff *skb;
	unsigned int i;
	bool ok = true;

	__skb_queue_head_init(&q);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		skb = alloc_skb(lens[i], GFP_KERNEL);
		if (!skb)
			return false;
		skb_put_zero(skb, lens[i]);
		if (pilot_frag_split(skb, 7, 1, 0, &q) != errs[i] ||
		    !skb_queue_empty(&q)) {
			pr_err("frag self-test: %u bytes split\n", lens[i]);
			ok = false;
		}
		kfree_skb(skb);
	}
	__skb_queue_purge(&q);
	return ok;
}

/* Malformed fragments, duplicates, inconsistent counts, nested frames. */
static bool __init frag_test_refused(struct pilot_frag_table *t)
{
	const struct pilot_endpoint *src = &frag_test_src4;
	unsigned long now = jiffies;
	struct sk_buff *skb, *frame;
	bool ok = true;
	int err;

	skb = frag_test_piece(1, 0, 2, 10, 0);
	if (skb)
		skb_trim(skb, PILOT_FRAG_HEADER_LEN - 1);
	ok &= frag_test_feed(t, skb, src, now, -EINVAL, "13 bytes");
	ok &= frag_test_feed(t, frag_test_piece(1, 0, 2, 0, 0), src, now,
			     -EINVAL, "empty payload");
	skb = frag_test_piece(1, 0, 2, PILOT_FRAG_MAX_PAYLOAD + 1, 0);
	ok &= frag_test_feed(t, skb, src, now, -EINVAL, "long payload");
	ok &= frag_test_feed(t, frag_test_piece(1, 0, 1, 10, 0), src, now,
			     -EINVAL, "count 1");
	ok &= frag_test_feed(t, frag_test_piece(1, 0, 65, 10, 0), src, now,
			     -EINVAL, "count 65");
	ok &= frag_test_feed(t, frag_test_piece(1, 3, 3, 10, 0), src, now,
			     -EINVAL, "index = count");
	skb = frag_test_piece(1, 0, 2, 10, 0);
	if (skb)
		skb->data[3] = 'S';
	ok &= frag_test_feed(t, skb, src, now, -EINVAL, "PILS magic");
	if (t->count) {
		pr_err("frag self-test: a malformed fragment was kept\n");
		ok = false;
	}

	/* duplicates and other counts are refused, the frame still joins */
	ok &= frag_test_feed(t, frag_test_piece(2, 0, 3, 100, 'P'), src, now,
			     0, "first piece");
	ok &= frag_test_feed(t, frag_test_piece(2, 0, 3, 100, 'P'), src, now,
			     -EINVAL, "duplicate");
	ok &= frag_test_feed(t, frag_test_piece(2, 1, 4, 100, 'P'), src, now,
			     -EINVAL, "other count");
	ok &= frag_test_feed(t, frag_test_piece(2, 2, 3, 50, 'P'), src, now,
			     0, "last piece");
	skb = frag_test_piece(2, 1, 3, 100, 'P');
	frame = skb ? frag_receive_at(t, skb, src, &err, now) : NULL;
	if (!frame || err || frame->len != 250 || t->count) {
		pr_err("frag self-test: not joined after refused pieces\n");
		ok = false;
	}
	kfree_skb(frame);

	/* "PILF" again inside, across two pieces; too short for a magic */
	skb = frag_test_piece(3, 0, 2, 2, 0);
	if (skb)
		memcpy(skb->data + PILOT_FRAG_HEADER_LEN, "PI", 2);
	ok &= frag_test_feed(t, skb, src, now, 0, "nested start");
	skb = frag_test_piece(3, 1, 2, 10, 0);
	if (skb)
		memcpy(skb->data + PILOT_FRAG_HEADER_LEN, "LF", 2);
	ok &= frag_test_feed(t, skb, src, now, -EINVAL, "nested PILF");
	ok &= frag_test_feed(t, frag_test_piece(4, 1, 2, 1, 'x'), src, now,
			     0, "short start");
	ok &= frag_test_feed(t, frag_test_piece(4, 0, 2, 2, 'x'), src, now,
			     -EINVAL, "3-byte frame");
	if (t->count) {
		pr_err("frag self-test: %u partials left\n", t->count);
		ok = false;
	}
	return ok;
}

/* The per-source and total limits, the timeout and the sweep. */
static bool __init frag_test_limits(struct pilot_frag_table *t)
{
	unsigned long now = jiffies, timeout;
	struct pilot_endpoint src = frag_test_src4;
	struct sk_buff *skb, *frame;
	unsigned int i, s;
	bool ok = true;
	int err;

	timeout = msecs_to_jiffies(PILOT_FRAG_TIMEOUT_MS);
	for (s = 0; s < PILOT_FRAG_MAX_PARTIALS / PILOT_FRAG_MAX_PER_SOURCE; s++) {
		src.port = 1000 + s;
		for (i = 0; i < PILOT_FRAG_MAX_PER_SOURCE; i++)
			ok &= frag_test_feed(t, frag_test_piece(i, 0, 2, 8, 'a'),
					     &src, now, 0, "partial");
		ok &= frag_test_feed(t, frag_test_piece(i, 0, 2, 8, 'a'), &src,
				     now, -ENOBUFS, "33rd partial of a source");
	}
	ok &= frag_test_feed(t, frag_test_piece(0, 0, 2, 8, 'a'), &frag_test_src6,
			     now, -ENOBUFS, "257th partial");
	if (t->count != PILOT_FRAG_MAX_PARTIALS) {
		pr_err("frag self-test: %u partials, not 256\n", t->count);
		ok = false;
	}

	/* a full table still completes its partials, which makes room */
	skb = frag_test_piece(5, 1, 2, 8, 'b');
	frame = skb ? frag_receive_at(t, skb, &src, &err, now) : NULL;
	if (!frame || err || frame->len != 16 ||
	    t->count != PILOT_FRAG_MAX_PARTIALS - 1) {
		pr_err("frag self-test: a full table did not join\n");
		ok = false;
	}
	kfree_skb(frame);
	ok &= frag_test_feed(t, frag_test_piece(0, 0, 2, 8, 'a'), &frag_test_src6,
			     now, 0, "partial after a join");

	/* nothing expires early; then the limit makes way for a new one */
	ok &= frag_test_feed(t, frag_test_piece(1, 0, 2, 8, 'a'), &frag_test_src6,
			     now + timeout - 1, -ENOBUFS, "partial before timeout");
	ok &= frag_test_feed(t, frag_test_piece(1, 0, 2, 8, 'a'), &frag_test_src6,
			     now + timeout, 0, "partial at timeout");
	if (t->count != 1) {
		pr_err("frag self-test: %u partials after the timeout\n", t->count);
		ok = false;
	}

	/* a piece of an expired partial starts it anew (no sweep due) */
	ok &= frag_test_feed(t, frag_test_piece(2, 0, 2, 8, 'a'), &frag_test_src6,
			     now + 2 * timeout - 1, 0, "partial before the sweep");
	ok &= frag_test_feed(t, frag_test_piece(1, 1, 2, 8, 'a'), &frag_test_src6,
			     now + 2 * timeout, 0, "piece of an expired partial");
	if (t->count != 2) {
		pr_err("frag self-test: %u partials, not 2\n", t->count);
		ok = false;
	}

	/* the sweep, a second later: any fragment drops expired partials */
	ok &= frag_test_feed(t, frag_test_piece(9, 1, 2, 8, 'a'), &src,
			     now + 3 * timeout, 0, "fragment at the sweep");
	if (t->count != 1) {
		pr_err("frag self-test: %u partials after the sweep\n", t->count);
		ok = false;
	}
	return ok;
}

/**
 * pilot_frag_selftest - check splitting and reassembly of PILF frames
 *
 * Return: true when frames of several sizes, split and fed back in order,
 * reversed and shuffled, come back unchanged; when malformed, duplicate,
 * inconsistent and nested fragments are refused; and when the limits and
 * the timeout hold and the table frees everything.
 */
bool __init pilot_frag_selftest(void)
{
	static const unsigned int lens[][2] __initconst = {
		{ PILOT_FRAG_MAX_FRAME + 1, PILOT_FRAG_MAX_FRAME + 1 },
		{ 2500, 1000 },		/* non-linear */
		{ PILOT_FRAG_MAX_COUNT * PILOT_FRAG_MAX_PAYLOAD,
		  PILOT_FRAG_MAX_COUNT * PILOT_FRAG_MAX_PAYLOAD },
	};
	struct pilot_frag_table t;
	unsigned int i, order;
	bool ok;

	pilot_frag_init(&t);
	ok = frag_test_split_refused();
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		for (order = 0; order < FRAG_TEST_ORDERS; order++)
			ok &= frag_test_round_trip(&t, lens[i][0], lens[i][1],
						   order);
	ok &= frag_test_refused(&t);
	ok &= frag_test_limits(&t);
	pilot_frag_destroy(&t);
	if (t.count || !list_empty(&t.partials)) {
		pr_err("frag self-test: partials left after destroy\n");
		ok = false;
	}
	return ok;
}
