// SPDX-License-Identifier: GPL-2.0
/*
 * The PILS receive replay window and receive epochs.
 *
 * A window remembers the highest counter accepted and, as a 256-bit ring,
 * which of the 255 counters below it were. Each nonce prefix the peer uses
 * (an "epoch": the peer picks a new random prefix whenever it re-derives
 * its half of the session, restarting its counter at 1) has its own window.
 * The newest epoch and up to four older ones are kept; an older epoch
 * pushed out is retired, and its frames are refused from then on.
 *
 * Counter 0 is refused: senders start at 1 (spec section 4.1), and a window
 * uses max == 0 to mean "nothing yet", so a 0 could never be protected.
 */

#include <linux/string.h>
#include <linux/types.h>

#include "replay.h"

static unsigned int slot(u64 counter)
{
	return counter % PILOT_REPLAY_WINDOW;
}

static bool slot_test(const struct pilot_replay_window *w, u64 counter)
{
	return w->bitmap[slot(counter) / 64] & (1ULL << (slot(counter) % 64));
}

static void slot_set(struct pilot_replay_window *w, u64 counter)
{
	w->bitmap[slot(counter) / 64] |= 1ULL << (slot(counter) % 64);
}

static void slot_clear(struct pilot_replay_window *w, u64 counter)
{
	w->bitmap[slot(counter) / 64] &= ~(1ULL << (slot(counter) % 64));
}

/**
 * pilot_replay_check - the verdict a window would give, changing nothing
 * @w: the window
 * @counter: the frame's counter
 *
 * Return: %PILOT_REPLAY_ACCEPT, %PILOT_REPLAY_REPLAY or
 * %PILOT_REPLAY_OUTSIDE.
 */
enum pilot_replay_verdict pilot_replay_check(const struct pilot_replay_window *w,
					     u64 counter)
{
	if (!counter)
		return PILOT_REPLAY_REPLAY;
	if (counter > w->max)
		return PILOT_REPLAY_ACCEPT;
	if (w->max - counter >= PILOT_REPLAY_WINDOW)
		return PILOT_REPLAY_OUTSIDE;
	return slot_test(w, counter) ? PILOT_REPLAY_REPLAY : PILOT_REPLAY_ACCEPT;
}

/**
 * pilot_replay_record - judge a counter and, when accepted, record it
 * @w: the window
 * @counter: the frame's counter
 *
 * Return: as pilot_replay_check(); the window changes only on accept.
 */
enum pilot_replay_verdict pilot_replay_record(struct pilot_replay_window *w,
					      u64 counter)
{
	enum pilot_replay_verdict v = pilot_replay_check(w, counter);
	u64 ahead, i;

	if (v != PILOT_REPLAY_ACCEPT)
		return v;
	if (counter > w->max) {
		/*
		 * The slots the window slides over now stand for new counters.
		 * Counted up from max, not compared with counter, which may be
		 * U64_MAX: "c <= counter" would then hold forever.
		 */
		ahead = counter - w->max;
		if (ahead >= PILOT_REPLAY_WINDOW)
			memset(w->bitmap, 0, sizeof(w->bitmap));
		else
			for (i = 1; i <= ahead; i++)
				slot_clear(w, w->max + i);
		w->max = counter;
	}
	slot_set(w, counter);
	return PILOT_REPLAY_ACCEPT;
}

static void retire_least_recent(struct pilot_recv_epochs *e, unsigned int *freed)
{
	unsigned int i, lru = 0;

	for (i = 1; i < e->n_older; i++)
		if ((s32)(e->older[i].last_use - e->older[lru].last_use) < 0)
			lru = i;
	e->retired[e->n_retired++] = e->older[lru].prefix;
	*freed = lru;
}

/**
 * pilot_epochs_record - judge an authenticated frame and record it
 * @e: the session's receive state
 * @prefix: the first four bytes of the frame's nonce
 * @counter: the last eight, as a number
 *
 * A prefix never seen before opens a new epoch: the newest window moves
 * to the older ones (retiring the least recently used when all are taken)
 * and a fresh window judges the frame.
 *
 * Return: the verdict; see &enum pilot_replay_verdict.
 */
enum pilot_replay_verdict pilot_epochs_record(struct pilot_recv_epochs *e,
					      u32 prefix, u64 counter)
{
	unsigned int i, total;
	enum pilot_replay_verdict v;

	e->clock++;
	if (!e->started) {
		v = pilot_replay_record(&e->win, counter);
		if (v == PILOT_REPLAY_ACCEPT) {
			e->started = true;
			e->prefix = prefix;
		}
		return v;
	}
	if (prefix == e->prefix)
		return pilot_replay_record(&e->win, counter);

	for (i = 0; i < e->n_older; i++) {
		if (e->older[i].prefix != prefix)
			continue;
		e->older[i].last_use = e->clock;
		v = pilot_replay_record(&e->older[i].win, counter);
		return v == PILOT_REPLAY_ACCEPT ? v : PILOT_REPLAY_STALE;
	}
	for (i = 0; i < e->n_retired; i++)
		if (e->retired[i] == prefix)
			return PILOT_REPLAY_STALE;

	/* A new epoch. Judge the frame before anything moves. */
	if (!counter)
		return PILOT_REPLAY_REPLAY;
	total = 1 + e->n_older + e->n_retired;
	if (total >= PILOT_MAX_RECV_EPOCHS)
		return PILOT_REPLAY_EXHAUSTED;

	if (e->n_older < PILOT_RETAINED_EPOCHS)
		i = e->n_older++;
	else
		retire_least_recent(e, &i);
	e->older[i].prefix = e->prefix;
	e->older[i].last_use = e->clock;
	e->older[i].win = e->win;

	memset(&e->win, 0, sizeof(e->win));
	e->prefix = prefix;
	pilot_replay_record(&e->win, counter);
	return PILOT_REPLAY_NEW_EPOCH;
}

#ifdef PILOT_SELFTESTS
#include "selftest/replay.c"
#endif
