// SPDX-License-Identifier: GPL-2.0
/*
 * PILF tunnel fragments (spec 2.6).
 *
 * Sending splits a frame into pieces of PILOT_FRAG_MAX_PAYLOAD bytes, the
 * last one possibly shorter. Receiving keeps the partial frames of a
 * device on one list, oldest first, under a leaf lock. A partial is keyed
 * by the UDP source (family, address, port), the claimed sender node ID
 * and the fragment ID. Each piece is copied out of its skb into a buffer
 * of its own size, so that what a partial holds does not depend on how the
 * network driver allocated the skb (its truesize): the worst case is
 * PILOT_FRAG_MAX_PARTIALS partials of PILOT_FRAG_MAX_COUNT pieces of at
 * most PILOT_FRAG_MAX_PAYLOAD bytes (2 KiB slab objects), about 32 MiB per
 * device. A partial expires PILOT_FRAG_TIMEOUT_MS after its first piece.
 * Expired partials are dropped from the head of the list at most once a
 * second when a fragment arrives, when the limits would refuse a new
 * partial, and when a piece arrives for an expired partial (which then
 * starts anew); each is found once, so the cost is bounded by what was
 * stored, and freed once the lock is released. Finding a partial walks the
 * list, at most PILOT_FRAG_MAX_PARTIALS entries, counting those of the
 * same source on the way. The reassembled frame is copied into a new
 * linear skb outside the lock.
 */

#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/ipv6.h>

#include "frag.h"
#include "peer.h"

#define PILF_MAGIC	0x50494c46	/* "PILF" */

/**
 * struct pilf_hdr - the header of a PILF fragment
 * @magic: "PILF"
 * @sender: claimed sender node ID, not authenticated
 * @id: fragment ID, the same in every piece of a frame
 * @index: the piece's place, from 0
 * @count: the number of pieces, 2 to PILOT_FRAG_MAX_COUNT
 */
struct pilf_hdr {
	__be32 magic;
	__be32 sender;
	__be32 id;
	u8 index;
	u8 count;
} __packed;

static_assert(sizeof(struct pilf_hdr) == PILOT_FRAG_HEADER_LEN);

/**
 * struct pilot_frag_piece - a received piece, copied out of its skb
 * @len: bytes of @data
 * @data: the piece
 */
struct pilot_frag_piece {
	unsigned int len;
	u8 data[];
};

/**
 * struct pilot_frag_partial - a frame being reassembled
 * @list: entry in &pilot_frag_table.partials
 * @src: the UDP source of its pieces
 * @sender: the claimed sender node ID
 * @id: the fragment ID
 * @expires: jiffies when it is given up
 * @len: bytes received so far
 * @count: pieces of the frame
 * @received: pieces received so far
 * @pieces: the pieces received, by index; @count of them
 */
struct pilot_frag_partial {
	struct list_head list;
	struct pilot_endpoint src;
	u32 sender;
	u32 id;
	unsigned long expires;
	unsigned int len;
	u8 count;
	u8 received;
	struct pilot_frag_piece *pieces[];
};

/**
 * pilot_frag_init - set up an empty reassembly table
 * @t: the table
 */
void pilot_frag_init(struct pilot_frag_table *t)
{
	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->partials);
	t->count = 0;
	t->last_sweep = jiffies;
}

static void frag_free(struct pilot_frag_partial *p)
{
	unsigned int i;

	for (i = 0; i < p->count; i++)
		kfree(p->pieces[i]);
	kfree(p);
}

static void frag_free_list(struct list_head *dead)
{
	struct pilot_frag_partial *p, *tmp;

	list_for_each_entry_safe(p, tmp, dead, list)
		frag_free(p);
}

/* Takes @p out of the table onto @dead, to be freed once unlocked. */
static void frag_unlink(struct pilot_frag_table *t,
			struct pilot_frag_partial *p, struct list_head *dead)
{
	list_move_tail(&p->list, dead);
	t->count--;
}

/**
 * pilot_frag_destroy - free every partial frame of a table
 * @t: the table, set up by pilot_frag_init()
 *
 * Context: nothing else uses @t any more.
 */
void pilot_frag_destroy(struct pilot_frag_table *t)
{
	LIST_HEAD(dead);

	spin_lock_bh(&t->lock);
	list_splice_init(&t->partials, &dead);
	t->count = 0;
	spin_unlock_bh(&t->lock);
	frag_free_list(&dead);
}

/* Moves the expired partials, at the head of the list, onto @dead. */
static unsigned int frag_expire(struct pilot_frag_table *t, unsigned long now,
				struct list_head *dead)
{
	struct pilot_frag_partial *p, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(p, tmp, &t->partials, list) {
		if (time_before(now, p->expires))
			break;
		frag_unlink(t, p, dead);
		n++;
	}
	return n;
}

static bool frag_same_source(const struct pilot_endpoint *a,
			     const struct pilot_endpoint *b)
{
	if (a->family != b->family || a->port != b->port)
		return false;
	if (a->family == AF_INET6)
		return ipv6_addr_equal(&a->addr6, &b->addr6);
	return a->addr4 == b->addr4;
}

/*
 * Finds the partial of (@src, @sender, @id) and counts in @from_src the
 * partials of @src, that one included.
 */
static struct pilot_frag_partial *
frag_lookup(struct pilot_frag_table *t, const struct pilot_endpoint *src,
	    u32 sender, u32 id, unsigned int *from_src)
{
	struct pilot_frag_partial *p, *found = NULL;

	*from_src = 0;
	list_for_each_entry(p, &t->partials, list) {
		if (!frag_same_source(&p->src, src))
			continue;
		(*from_src)++;
		if (p->sender == sender && p->id == id)
			found = p;
	}
	return found;
}

/*
 * A new partial at the tail of the list, or an error pointer; @from_src
 * partials of @src are in the table.
 */
static struct pilot_frag_partial *
frag_create(struct pilot_frag_table *t, const struct pilot_endpoint *src,
	    u32 sender, u32 id, u8 count, unsigned int from_src,
	    unsigned long now, struct list_head *dead)
{
	struct pilot_frag_partial *p;

	if (t->count >= PILOT_FRAG_MAX_PARTIALS ||
	    from_src >= PILOT_FRAG_MAX_PER_SOURCE) {
		if (!frag_expire(t, now, dead))
			return ERR_PTR(-ENOBUFS);
		frag_lookup(t, src, sender, id, &from_src);
		if (t->count >= PILOT_FRAG_MAX_PARTIALS ||
		    from_src >= PILOT_FRAG_MAX_PER_SOURCE)
			return ERR_PTR(-ENOBUFS);
	}
	p = kzalloc(struct_size(p, pieces, count), GFP_ATOMIC);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->src = *src;
	p->sender = sender;
	p->id = id;
	p->count = count;
	p->expires = now + msecs_to_jiffies(PILOT_FRAG_TIMEOUT_MS);
	list_add_tail(&p->list, &t->partials);
	t->count++;
	return p;
}

/*
 * Stores @piece as piece @index of a frame of @count pieces. Return: the
 * partial once complete, taken out of the table; NULL with *err = 0 when
 * stored; NULL with a negative *err when refused.
 */
static struct pilot_frag_partial *
frag_store(struct pilot_frag_table *t, const struct pilot_endpoint *src,
	   const struct pilf_hdr *hdr, struct pilot_frag_piece *piece,
	   unsigned long now, struct list_head *dead, int *err)
{
	u32 sender = be32_to_cpu(hdr->sender), id = be32_to_cpu(hdr->id);
	struct pilot_frag_partial *p;
	unsigned int from_src;

	if (time_after_eq(now, t->last_sweep + HZ)) {
		frag_expire(t, now, dead);
		t->last_sweep = now;
	}
	p = frag_lookup(t, src, sender, id, &from_src);
	if (p && !time_before(now, p->expires)) {
		frag_unlink(t, p, dead);
		from_src--;
		p = NULL;
	}
	if (!p) {
		p = frag_create(t, src, sender, id, hdr->count, from_src, now,
				dead);
		if (IS_ERR(p)) {
			*err = PTR_ERR(p);
			return NULL;
		}
	}
	if (p->count != hdr->count || p->pieces[hdr->index]) {
		*err = -EINVAL;
		return NULL;
	}
	p->pieces[hdr->index] = piece;
	p->received++;
	p->len += piece->len;
	*err = 0;
	if (p->received < p->count)
		return NULL;
	list_del(&p->list);
	t->count--;
	return p;
}

/* The magic of a complete partial, if it is long enough to have one. */
static bool frag_magic(const struct pilot_frag_partial *p, __be32 *magic)
{
	unsigned int i, n, got = 0;

	for (i = 0; i < p->count && got < sizeof(*magic); i++) {
		n = min_t(unsigned int, sizeof(*magic) - got, p->pieces[i]->len);
		memcpy((u8 *)magic + got, p->pieces[i]->data, n);
		got += n;
	}
	return got == sizeof(*magic);
}

/* Joins the pieces of a complete partial, then frees it. */
static struct sk_buff *frag_join(struct pilot_frag_partial *p, int *err)
{
	struct sk_buff *skb = NULL;
	unsigned int i;
	__be32 magic;

	*err = -EINVAL;
	if (!frag_magic(p, &magic) || magic == cpu_to_be32(PILF_MAGIC))
		goto out;
	*err = -ENOMEM;
	skb = alloc_skb(PILOT_FRAG_RX_HEADROOM + p->len, GFP_ATOMIC);
	if (!skb)
		goto out;
	skb_reserve(skb, PILOT_FRAG_RX_HEADROOM);
	for (i = 0; i < p->count; i++)
		skb_put_data(skb, p->pieces[i]->data, p->pieces[i]->len);
	*err = 0;
out:
	frag_free(p);
	return skb;
}

/* pilot_frag_receive() at a given time, for the self-test's clock. */
static struct sk_buff *frag_receive_at(struct pilot_frag_table *t,
				       struct sk_buff *skb,
				       const struct pilot_endpoint *src,
				       int *err, unsigned long now)
{
	struct pilot_frag_partial *p = NULL;
	struct pilot_frag_piece *piece;
	const struct pilf_hdr *hdr;
	struct pilf_hdr _hdr;
	unsigned int len;
	LIST_HEAD(dead);

	*err = -EINVAL;
	hdr = skb_header_pointer(skb, 0, sizeof(_hdr), &_hdr);
	if (!hdr || hdr->magic != cpu_to_be32(PILF_MAGIC) ||
	    hdr->count < 2 || hdr->count > PILOT_FRAG_MAX_COUNT ||
	    hdr->index >= hdr->count)
		goto drop;
	len = skb->len - sizeof(*hdr);
	if (!len || len > PILOT_FRAG_MAX_PAYLOAD)
		goto drop;

	*err = -ENOMEM;
	piece = kmalloc(struct_size(piece, data, len), GFP_ATOMIC);
	if (!piece)
		goto drop;
	piece->len = len;
	if (skb_copy_bits(skb, sizeof(*hdr), piece->data, len)) {
		*err = -EINVAL;
		kfree(piece);
		goto drop;
	}

	spin_lock_bh(&t->lock);
	p = frag_store(t, src, hdr, piece, now, &dead, err);
	spin_unlock_bh(&t->lock);
	if (*err)
		kfree(piece);
	frag_free_list(&dead);
	if (*err)
		goto drop;
	consume_skb(skb);
	return p ? frag_join(p, err) : NULL;

drop:
	kfree_skb(skb);
	return NULL;
}

/**
 * pilot_frag_receive - take in one PILF fragment
 * @t: the device's reassembly table
 * @skb: the fragment, from its magic on; always consumed
 * @src: the UDP source it came from
 * @err: set to 0 or a negative errno
 *
 * Refuses fragments shorter than their header, with a count out of 2 to
 * PILOT_FRAG_MAX_COUNT, an index past the count, an empty payload or one
 * longer than PILOT_FRAG_MAX_PAYLOAD, a count other than that of the
 * earlier pieces, or an index seen already (*@err = -EINVAL). A fragment
 * that would start a partial frame past PILOT_FRAG_MAX_PARTIALS in all or
 * PILOT_FRAG_MAX_PER_SOURCE from @src is refused with -ENOBUFS, allocation
 * failures give -ENOMEM. A complete frame that is not at least a magic
 * long, or starts with "PILF" again, is dropped with -EINVAL.
 *
 * Context: softirq or process context; takes the table's lock with BHs
 * off, on any number of CPUs at once.
 * Return: the complete frame in a new linear skb with
 * PILOT_FRAG_RX_HEADROOM bytes of headroom, data at its magic, and *@err
 * = 0; NULL with *@err = 0 when the fragment was stored and the frame is
 * not complete yet; NULL with a negative *@err when something was dropped.
 */
struct sk_buff *pilot_frag_receive(struct pilot_frag_table *t, struct sk_buff *skb,
				   const struct pilot_endpoint *src, int *err)
{
	return frag_receive_at(t, skb, src, err, jiffies);
}

/**
 * pilot_frag_split - cut a frame into PILF fragments
 * @skb: the frame, longer than PILOT_FRAG_MAX_FRAME; may be non-linear;
 *	left to the caller
 * @sender: this node's ID
 * @frag_id: the fragment ID of this frame
 * @headroom: headroom of every fragment
 * @out: where the fragments are queued, in order, after what it holds
 *
 * The frame is cut into pieces of PILOT_FRAG_MAX_PAYLOAD bytes, the last
 * one possibly shorter, each in a new linear skb behind its PILF header.
 *
 * Context: any; allocates with GFP_ATOMIC.
 * Return: 0, -EINVAL for a frame short enough to go whole, -EMSGSIZE for
 * one needing more than PILOT_FRAG_MAX_COUNT pieces, -ENOMEM; on error
 * @out is left as it was.
 */
int pilot_frag_split(struct sk_buff *skb, u32 sender, u32 frag_id,
		     unsigned int headroom, struct sk_buff_head *out)
{
	unsigned int len = skb->len, count, off, n, i;
	struct sk_buff_head frags;
	struct sk_buff *frag;
	struct pilf_hdr *hdr;
	int err;

	if (len <= PILOT_FRAG_MAX_FRAME)
		return -EINVAL;
	if (len > PILOT_FRAG_MAX_COUNT * PILOT_FRAG_MAX_PAYLOAD)
		return -EMSGSIZE;
	count = DIV_ROUND_UP(len, PILOT_FRAG_MAX_PAYLOAD);

	__skb_queue_head_init(&frags);
	for (i = 0, off = 0; i < count; i++, off += n) {
		n = min_t(unsigned int, len - off, PILOT_FRAG_MAX_PAYLOAD);
		frag = alloc_skb(headroom + sizeof(*hdr) + n, GFP_ATOMIC);
		if (!frag) {
			err = -ENOMEM;
			goto err;
		}
		skb_reserve(frag, headroom);
		__skb_queue_tail(&frags, frag);
		hdr = skb_put(frag, sizeof(*hdr));
		hdr->magic = cpu_to_be32(PILF_MAGIC);
		hdr->sender = cpu_to_be32(sender);
		hdr->id = cpu_to_be32(frag_id);
		hdr->index = i;
		hdr->count = count;
		err = skb_copy_bits(skb, off, skb_put(frag, n), n);
		if (err)
			goto err;
	}
	skb_queue_splice_tail(&frags, out);
	return 0;

err:
	__skb_queue_purge(&frags);
	return err;
}

#ifdef PILOT_SELFTESTS
#include "selftest/frag.c"
#endif
