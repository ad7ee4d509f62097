// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of kernel/replay.c, compiled from the module's own
 * source with sanitizers.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "../../kernel/replay.h"

/* The module's self-test vectors (kernel/selftest/replay.c). */
TEST(vectors)
{
	ASSERT_TRUE(pilot_replay_selftest());
}

TEST(window_size_frozen)
{
	ASSERT_EQ(256, PILOT_REPLAY_WINDOW);
	ASSERT_EQ(4, PILOT_RETAINED_EPOCHS);
}

/*
 * A naive model of one window: the set of accepted counters, and the rule
 * "accept c unless it is 0, was accepted, or is 256 or more below the
 * highest". Random counters near the top must get the same verdicts.
 */
#define MODEL_SPAN (1 << 16)

TEST(window_matches_naive_model)
{
	static bool seen[MODEL_SPAN];
	struct pilot_replay_window w = { 0 };
	enum pilot_replay_verdict got, want;
	unsigned int i, accepted = 0;
	u64 max = 0, c;

	srandom(1);
	for (i = 0; i < 200000; i++) {
		/* mostly just below or above the top, sometimes far behind
		 * it, rarely a jump past the whole window
		 */
		s64 d = (s64)(random() % 320) - 260;

		c = (s64)max + d < 0 ? (u64)(random() % (max + 50)) : max + d;
		if (random() % 50 == 0)
			c = random() % (max + 1);
		if (random() % 2000 == 0)
			c = max + PILOT_REPLAY_WINDOW + random() % 500;
		if (!c)
			want = PILOT_REPLAY_REPLAY;
		else if (c > max)
			want = PILOT_REPLAY_ACCEPT;
		else if (max - c >= PILOT_REPLAY_WINDOW)
			want = PILOT_REPLAY_OUTSIDE;
		else
			want = seen[c] ? PILOT_REPLAY_REPLAY : PILOT_REPLAY_ACCEPT;

		ASSERT_EQ(want, pilot_replay_check(&w, c));
		got = pilot_replay_record(&w, c);
		ASSERT_EQ(want, got) {
			TH_LOG("step %u: counter %llu, max %llu", i,
			       (unsigned long long)c, (unsigned long long)max);
		}
		if (got == PILOT_REPLAY_ACCEPT) {
			seen[c] = true;
			accepted++;
			if (c > max)
				max = c;
		}
		if (max > MODEL_SPAN - 300)
			break;
	}
	ASSERT_GT(accepted, 1000U);
}

/* A check never changes the window; a rejected record neither. */
TEST(rejections_change_nothing)
{
	struct pilot_replay_window w = { 0 }, before;

	ASSERT_EQ(PILOT_REPLAY_ACCEPT, pilot_replay_record(&w, 1000));
	ASSERT_EQ(PILOT_REPLAY_ACCEPT, pilot_replay_record(&w, 999));
	before = w;
	ASSERT_EQ(PILOT_REPLAY_ACCEPT, pilot_replay_check(&w, 1u << 30));
	ASSERT_EQ(PILOT_REPLAY_REPLAY, pilot_replay_record(&w, 999));
	ASSERT_EQ(PILOT_REPLAY_OUTSIDE, pilot_replay_record(&w, 1));
	ASSERT_EQ(PILOT_REPLAY_REPLAY, pilot_replay_record(&w, 0));
	ASSERT_EQ(0, memcmp(&before, &w, sizeof(w)));
}

/* An exhausted session records nothing, whatever comes. */
TEST(exhausted_epochs_record_nothing)
{
	struct pilot_recv_epochs e = { 0 }, before;
	u32 p;

	for (p = 1; p <= PILOT_MAX_RECV_EPOCHS; p++)
		ASSERT_EQ(p == 1 ? PILOT_REPLAY_ACCEPT : PILOT_REPLAY_NEW_EPOCH,
			  pilot_epochs_record(&e, p, 1));
	before = e;
	for (p = 100; p < 200; p++)
		ASSERT_EQ(PILOT_REPLAY_EXHAUSTED, pilot_epochs_record(&e, p, 1));
	/* only the use clock moves */
	before.clock = e.clock;
	ASSERT_EQ(0, memcmp(&before, &e, sizeof(e)));
}

TEST_HARNESS_MAIN
