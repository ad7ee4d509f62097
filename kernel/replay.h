/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PILS receive replay window and receive epochs
 * (../shared/spec/pilot-tunnel.md, sections 5.2, 5.3 and 5.6).
 *
 * Pure logic with no locking of its own: the caller serialises every call
 * on one &struct pilot_recv_epochs (the session's replay spinlock) and
 * calls pilot_epochs_record() only for frames whose AEAD tag verified, so
 * a forged frame can never move a window.
 */
#ifndef _PILOT_REPLAY_H
#define _PILOT_REPLAY_H

#include <linux/init.h>
#include <linux/types.h>

enum pilot_replay_limits {
	/* Counters accepted below the highest one: max - 255 ... max - 1. */
	PILOT_REPLAY_WINDOW = 256,
	/* Older epochs whose windows are kept (spec: RetainedRecvEpochs). */
	PILOT_RETAINED_EPOCHS = 4,
	/*
	 * Distinct epochs one session accepts, the newest included. Upstream
	 * has such a limit but its value is unknown (spec section 14); past
	 * it the session must be dropped and re-keyed.
	 */
	PILOT_MAX_RECV_EPOCHS = 16,
};

/**
 * enum pilot_replay_verdict - what to do with an authenticated frame
 * @PILOT_REPLAY_ACCEPT: deliver it
 * @PILOT_REPLAY_NEW_EPOCH: deliver it; it opened a new epoch, meaning the
 *	peer re-derived its half of the session (new nonce prefix)
 * @PILOT_REPLAY_REPLAY: the newest epoch saw this counter already
 * @PILOT_REPLAY_OUTSIDE: too far behind the newest epoch's window
 * @PILOT_REPLAY_STALE: rejected by an older or a retired epoch; feeds no
 *	drop gate
 * @PILOT_REPLAY_EXHAUSTED: a new epoch past %PILOT_MAX_RECV_EPOCHS;
 *	nothing was recorded, and the session should be re-keyed
 */
enum pilot_replay_verdict {
	PILOT_REPLAY_ACCEPT,
	PILOT_REPLAY_NEW_EPOCH,
	PILOT_REPLAY_REPLAY,
	PILOT_REPLAY_OUTSIDE,
	PILOT_REPLAY_STALE,
	PILOT_REPLAY_EXHAUSTED,
};

/**
 * struct pilot_replay_window - one epoch's sliding window
 * @max: the highest counter accepted; 0 while none was
 * @bitmap: bit (c mod 256) is set when counter c was accepted
 */
struct pilot_replay_window {
	u64 max;
	u64 bitmap[PILOT_REPLAY_WINDOW / 64];
};

/**
 * struct pilot_replay_epoch - a retained older epoch
 * @prefix: the nonce prefix that names it
 * @last_use: the epoch clock when a frame last matched it
 * @win: its window
 */
struct pilot_replay_epoch {
	u32 prefix;
	u32 last_use;
	struct pilot_replay_window win;
};

/**
 * struct pilot_recv_epochs - a session's receive state
 * @win: the newest epoch's window
 * @prefix: the newest epoch's nonce prefix, once @started
 * @started: a frame was accepted
 * @n_older: entries of @older in use
 * @n_retired: entries of @retired in use
 * @clock: counts authenticated frames, to find the least recently used
 *	older epoch
 * @older: the retained older epochs
 * @retired: prefixes of evicted epochs, whose frames are refused for good
 */
struct pilot_recv_epochs {
	struct pilot_replay_window win;
	u32 prefix;
	bool started;
	u8 n_older;
	u8 n_retired;
	u32 clock;
	struct pilot_replay_epoch older[PILOT_RETAINED_EPOCHS];
	u32 retired[PILOT_MAX_RECV_EPOCHS - 1 - PILOT_RETAINED_EPOCHS];
};

enum pilot_replay_verdict pilot_replay_check(const struct pilot_replay_window *w,
					     u64 counter);
enum pilot_replay_verdict pilot_replay_record(struct pilot_replay_window *w,
					      u64 counter);
enum pilot_replay_verdict pilot_epochs_record(struct pilot_recv_epochs *e,
					      u32 prefix, u64 counter);
bool __init pilot_replay_selftest(void);

#endif /* _PILOT_REPLAY_H */
