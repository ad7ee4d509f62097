// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: kernel/replay.c, built from the module's own source,
 * driven by a stream of (nonce prefix, counter) pairs and checked after
 * every step against a naive reference model of spec sections 5.2, 5.3
 * and 5.6: per epoch, the highest counter and the set of counters seen
 * in the last PILOT_REPLAY_WINDOW; the newest epoch, up to
 * PILOT_RETAINED_EPOCHS older ones (the least recently used retired when
 * one more comes) and at most PILOT_MAX_RECV_EPOCHS epochs in all.
 * Any verdict that differs aborts.
 *
 * Each step is one byte "op" and one byte "arg" (plus eight for a raw
 * counter): prefix number op % 24, and op / 32 picks the counter
 * relative to that epoch's highest one (below, above, at the window's
 * edge, far ahead, raw, 0).
 */
#include <stdlib.h>
#include <string.h>

#include "../../kernel/replay.h"

#define N_PREFIXES 24
#define MODEL_SEEN 1024

struct model_epoch {
	bool used;
	bool retired;
	u32 prefix;
	u32 last_use;
	u64 max;
	size_t n_seen;
	u64 seen[MODEL_SEEN];
};

struct model {
	bool started;
	u32 clock;
	struct model_epoch *newest;
	struct model_epoch ep[PILOT_MAX_RECV_EPOCHS + 1];
	unsigned int n;
};

static const char *const names[] = {
	"ACCEPT", "NEW_EPOCH", "REPLAY", "OUTSIDE", "STALE", "EXHAUSTED",
};

static bool seen(const struct model_epoch *m, u64 c)
{
	size_t i;

	for (i = 0; i < m->n_seen; i++)
		if (m->seen[i] == c)
			return true;
	return false;
}

/* The window rule, written out: 0 never, never twice, not 256 behind. */
static enum pilot_replay_verdict model_window(struct model_epoch *m, u64 c,
					      bool record)
{
	size_t i, j;

	if (c == 0)
		return PILOT_REPLAY_REPLAY;
	if (c <= m->max && m->max - c >= PILOT_REPLAY_WINDOW)
		return PILOT_REPLAY_OUTSIDE;
	if (seen(m, c))
		return PILOT_REPLAY_REPLAY;
	if (!record)
		return PILOT_REPLAY_ACCEPT;
	if (c > m->max)
		m->max = c;
	/* forget what fell out of the window, then remember c */
	for (i = j = 0; i < m->n_seen; i++)
		if (m->max - m->seen[i] < PILOT_REPLAY_WINDOW)
			m->seen[j++] = m->seen[i];
	m->n_seen = j;
	if (m->n_seen == MODEL_SEEN)
		abort();
	m->seen[m->n_seen++] = c;
	return PILOT_REPLAY_ACCEPT;
}

static struct model_epoch *model_find(struct model *m, u32 prefix)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->ep[i].prefix == prefix)
			return &m->ep[i];
	return NULL;
}

static enum pilot_replay_verdict model_record(struct model *m, u32 prefix, u64 c)
{
	struct model_epoch *e, *lru = NULL;
	unsigned int i, older = 0;
	enum pilot_replay_verdict v;

	m->clock++;
	if (!m->started) {
		e = &m->ep[0];
		v = model_window(e, c, true);
		if (v == PILOT_REPLAY_ACCEPT) {
			m->started = true;
			e->used = true;
			e->prefix = prefix;
			m->newest = e;
			m->n = 1;
		}
		return v;
	}
	e = model_find(m, prefix);
	if (e == m->newest)
		return model_window(e, c, true);
	if (e && e->retired)
		return PILOT_REPLAY_STALE;
	if (e) {
		e->last_use = m->clock;
		v = model_window(e, c, true);
		return v == PILOT_REPLAY_ACCEPT ? v : PILOT_REPLAY_STALE;
	}
	if (c == 0)
		return PILOT_REPLAY_REPLAY;
	if (m->n >= PILOT_MAX_RECV_EPOCHS)
		return PILOT_REPLAY_EXHAUSTED;
	/* the newest becomes an older epoch; too many older: retire the LRU */
	m->newest->last_use = m->clock;
	for (i = 0; i < m->n; i++) {
		if (m->ep[i].retired)
			continue;
		older++;
		if (&m->ep[i] != m->newest &&
		    (!lru || m->ep[i].last_use < lru->last_use))
			lru = &m->ep[i];
	}
	if (older > PILOT_RETAINED_EPOCHS)
		lru->retired = true;
	e = &m->ep[m->n++];
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->prefix = prefix;
	m->newest = e;
	model_window(e, c, true);
	return PILOT_REPLAY_NEW_EPOCH;
}

static u64 get_be64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct model m;
	struct pilot_recv_epochs e;
	enum pilot_replay_verdict got, want, peek;
	struct model_epoch *me;
	size_t pos = 0, step = 0;
	u64 base, c;
	u32 prefix;
	u8 op, arg;

	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	while (pos + 2 <= size) {
		op = data[pos++];
		arg = data[pos++];
		/* a few prefixes, 0 among them, all distinct */
		prefix = (op % N_PREFIXES) * 0x9e3779b1u;
		me = model_find(&m, prefix);
		base = me ? me->max : 0;
		switch (op / 32) {
		case 0:
			c = base - arg;
			break;
		case 1:
			c = base + arg;
			break;
		case 2:	/* around the window's lower edge */
			c = base - PILOT_REPLAY_WINDOW + 1 + (arg % 8) - 4;
			break;
		case 3:
			c = base + PILOT_REPLAY_WINDOW - 128 + arg;
			break;
		case 4:
			if (pos + 8 > size)
				return 0;
			c = get_be64(data + pos);
			pos += 8;
			break;
		case 5:
			c = base + (u64)arg * 64;
			break;
		case 6:
			c = arg % 4;
			break;
		default:
			c = base - 128 - arg;
			break;
		}
		/* the newest window's check must agree and change nothing */
		if (m.started && prefix == m.newest->prefix) {
			struct pilot_replay_window before = e.win;

			peek = pilot_replay_check(&e.win, c);
			want = model_window(m.newest, c, false);
			if (peek != want || memcmp(&before, &e.win, sizeof(before))) {
				fprintf(stderr, "step %zu: check of %llu: %s, model %s\n",
					step, (unsigned long long)c, names[peek], names[want]);
				abort();
			}
		}
		want = model_record(&m, prefix, c);
		got = pilot_epochs_record(&e, prefix, c);
		if (got != want) {
			fprintf(stderr,
				"step %zu: prefix %#x counter %llu: got %s, model %s\n",
				step, prefix, (unsigned long long)c, names[got],
				names[want]);
			abort();
		}
		step++;
	}
	return 0;
}
