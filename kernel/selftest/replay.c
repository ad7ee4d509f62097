// SPDX-License-Identifier: GPL-2.0
/*
 * Replay window and receive epoch vectors. Included at the end of
 * replay.c in debug builds, where they run at module load, and compiled
 * into the host unit tests (selftests/unit/).
 */

struct replay_step {
	u32 prefix;
	u64 counter;
	enum pilot_replay_verdict expect;
};

#define A PILOT_REPLAY_ACCEPT
#define N PILOT_REPLAY_NEW_EPOCH
#define R PILOT_REPLAY_REPLAY
#define O PILOT_REPLAY_OUTSIDE
#define S PILOT_REPLAY_STALE
#define X PILOT_REPLAY_EXHAUSTED

static const struct replay_step replay_vectors[] __initconst = {
	/* spec section 11, item 20: duplicates, window edge, first sight */
	{ 1, 0, R }, { 1, 1, A }, { 1, 1, R }, { 1, 0, R },
	{ 1, 10000, A }, { 1, 9744, O }, { 1, 9745, A }, { 1, 1, O },
	{ 1, 10000, R }, { 1, 9999, A }, { 1, 9999, R },
	{ 1, 10500, A }, { 1, 10490, A }, { 1, 10490, R },
	/* sliding by less than the window clears exactly the new slots */
	{ 1, 10501, A }, { 1, 10246, A }, { 1, 10245, O }, { 1, 10247, A },
	{ 1, 10756, A }, { 1, 10500, O }, { 1, 10501, R }, { 1, 10502, A },
	{ 1, 10502, R },
	/* a jump past the window clears it whole */
	{ 1, 20000, A }, { 1, 19745, A }, { 1, 19744, O }, { 1, 10756, O },
	{ 1, ~0ULL, A }, { 1, ~0ULL, R }, { 1, ~0ULL - 255, A }, { 1, ~0ULL - 256, O },
	/* item 62: the peer re-derives: counter 1 under a new prefix */
	{ 2, 1, N }, { 2, 2, A }, { 2, 1, R },
	/* item 63: a late unseen frame of the previous epoch is delivered,
	 * its duplicates are stale; the newest window is untouched
	 */
	{ 1, ~0ULL - 1, A }, { 1, ~0ULL - 1, S }, { 1, ~0ULL - 300, S }, { 2, 3, A },
	/* items 64 and 66: four older epochs kept, the least recently used retired */
	{ 3, 1, N }, { 4, 1, N }, { 5, 1, N },	/* older: 1, 2, 3, 4 */
	{ 1, 5, S }, { 6, 1, N },		/* older: 1, 3, 4, 5; 2 retired */
	{ 2, 100, S }, { 1, 10, S }, { 3, 2, A }, { 6, 2, A },
	{ 7, 1, N }, { 8, 1, N }, { 9, 1, N }, { 10, 1, N }, { 11, 1, N },
	{ 12, 1, N }, { 13, 1, N }, { 14, 1, N }, { 15, 1, N }, { 16, 1, N },
	/* sixteen epochs: the next is refused and nothing moves */
	{ 17, 1, X }, { 16, 2, A }, { 17, 1, X }, { 15, 2, A }, { 16, 2, R },
};

/* The window sequences of spec section 12.2, each on a fresh window. */
static const struct replay_step window_sequences[] __initconst = {
	{ 1, 100, A }, { 1, 100, R },
	{ 2, 10000, A }, { 2, 9744, O }, { 2, 1, O },
	{ 3, 500, A }, { 3, 490, A }, { 3, 490, R },
	{ 4, 2, A }, { 4, 1, A }, { 4, 3, A }, { 4, 2, R }, { 4, 1, R },
	{ 5, 5, A }, { 5, 300, A }, { 5, 45, A }, { 5, 44, O }, { 5, 45, R },
	/* sliding up to the last counter ends (it looped forever once) */
	{ 6, ~0ULL - 3, A }, { 6, ~0ULL, A }, { 6, ~0ULL - 2, A }, { 6, ~0ULL, R },
	{ 6, ~0ULL - 3, R }, { 6, ~0ULL - 255, A }, { 6, ~0ULL - 256, O },
};

#undef A
#undef N
#undef R
#undef O
#undef S
#undef X

/* Spec 12.2: counters 1 to 264 in order, then 1 again is outside. */
static bool __init window_in_order(void)
{
	static struct pilot_replay_window w __initdata;
	u64 c;

	memset(&w, 0, sizeof(w));
	for (c = 1; c <= 264; c++)
		if (pilot_replay_record(&w, c) != PILOT_REPLAY_ACCEPT)
			return false;
	return pilot_replay_record(&w, 1) == PILOT_REPLAY_OUTSIDE;
}

/**
 * pilot_replay_selftest - check the window and epochs against known vectors
 *
 * The "prefix" of a window sequence numbers it: a new number starts a
 * fresh window.
 *
 * Return: true when every vector gives the expected verdict.
 */
bool __init pilot_replay_selftest(void)
{
	static struct pilot_recv_epochs e __initdata;
	enum pilot_replay_verdict v;
	bool ok = true;
	unsigned int i;

	memset(&e, 0, sizeof(e));
	for (i = 0; i < ARRAY_SIZE(replay_vectors); i++) {
		v = pilot_epochs_record(&e, replay_vectors[i].prefix,
					replay_vectors[i].counter);
		if (v != replay_vectors[i].expect) {
			pr_err("replay self-test %u: prefix %u counter %llu: got %d, want %d\n",
			       i + 1, replay_vectors[i].prefix,
			       (unsigned long long)replay_vectors[i].counter,
			       v, replay_vectors[i].expect);
			ok = false;
		}
	}
	memset(&e, 0, sizeof(e));

	for (i = 0; i < ARRAY_SIZE(window_sequences); i++) {
		static struct pilot_replay_window w __initdata;

		if (!i || window_sequences[i].prefix != window_sequences[i - 1].prefix)
			memset(&w, 0, sizeof(w));
		v = pilot_replay_record(&w, window_sequences[i].counter);
		if (v != window_sequences[i].expect) {
			pr_err("replay self-test, sequence %u: counter %llu: got %d, want %d\n",
			       window_sequences[i].prefix,
			       (unsigned long long)window_sequences[i].counter,
			       v, window_sequences[i].expect);
			ok = false;
		}
	}
	if (!window_in_order()) {
		pr_err("replay self-test: 1..264 then 1 misjudged\n");
		ok = false;
	}
	return ok;
}
