// SPDX-License-Identifier: GPL-2.0
/*
 * Key-exchange rate limit checks on a fake clock. Included at the end of
 * ratelimit.c in debug builds, where they run at module load.
 */

static void __init ratelimit_test_addr(struct in6_addr *addr, u32 n)
{
	ipv6_addr_set_v4mapped(htonl(0x0a000000 | n), addr);	/* 10.x.y.z */
}

/* How many of @tries frames from @addr at @now pass. */
static unsigned int __init ratelimit_test_burst(struct pilot_ratelimit *rl,
						const struct in6_addr *addr,
						u64 now, unsigned int tries)
{
	unsigned int allowed = 0;

	while (tries--)
		allowed += ratelimit_allow_at(rl, addr, now);
	return allowed;
}

static bool __init ratelimit_test_buckets(struct pilot_ratelimit *rl)
{
	struct in6_addr a, b = IN6ADDR_LOOPBACK_INIT;
	u64 now = 1000 * NSEC_PER_SEC;
	bool ok = true;

	ratelimit_test_addr(&a, 1);
	if (ratelimit_test_burst(rl, &a, now, 5) != PILOT_KX_RATE_BURST ||
	    ratelimit_allow_at(rl, &a, now)) {
		pr_err("ratelimit self-test: the burst is not 5\n");
		ok = false;
	}
	if (!ratelimit_allow_at(rl, &b, now)) {
		pr_err("ratelimit self-test: one source limits another\n");
		ok = false;
	}
	now += RATELIMIT_COST_NS - 1;
	if (ratelimit_allow_at(rl, &a, now)) {
		pr_err("ratelimit self-test: a token came early\n");
		ok = false;
	}
	now += 1;
	if (ratelimit_test_burst(rl, &a, now, 3) != 1) {
		pr_err("ratelimit self-test: 200 ms did not give one token\n");
		ok = false;
	}
	if (ratelimit_allow_at(rl, &a, now - NSEC_PER_SEC)) {
		pr_err("ratelimit self-test: a clock going back gave tokens\n");
		ok = false;
	}
	now += NSEC_PER_SEC;
	if (ratelimit_test_burst(rl, &a, now, 8) != PILOT_KX_RATE_BURST) {
		pr_err("ratelimit self-test: 1 s did not refill the burst\n");
		ok = false;
	}
	now += U64_MAX / 2;
	if (ratelimit_test_burst(rl, &a, now, 8) != PILOT_KX_RATE_BURST ||
	    ratelimit_test_burst(rl, &b, now, 8) != PILOT_KX_RATE_BURST) {
		pr_err("ratelimit self-test: a long sleep overflowed\n");
		ok = false;
	}
	if (rl->count != 2) {
		pr_err("ratelimit self-test: %u sources, not 2\n", rl->count);
		ok = false;
	}
	return ok;
}

static bool __init ratelimit_test_table(struct pilot_ratelimit *rl)
{
	u64 now = 5 * NSEC_PER_SEC;
	struct in6_addr addr;
	bool ok = true;
	u32 i;

	for (i = 0; i < PILOT_KX_RATE_SOURCES; i++) {
		ratelimit_test_addr(&addr, i);
		if (!ratelimit_allow_at(rl, &addr, now)) {
			pr_err("ratelimit self-test: source %u refused\n", i);
			return false;
		}
	}
	ratelimit_test_addr(&addr, i);
	if (ratelimit_allow_at(rl, &addr, now + RATELIMIT_IDLE_NS - 1) ||
	    rl->count != PILOT_KX_RATE_SOURCES) {
		pr_err("ratelimit self-test: a full table took a new source\n");
		ok = false;
	}
	/* source 0 stays busy: the others go idle, it is kept */
	ratelimit_test_addr(&addr, 0);
	if (!ratelimit_allow_at(rl, &addr, now + NSEC_PER_SEC)) {
		pr_err("ratelimit self-test: a known source refused\n");
		ok = false;
	}
	ratelimit_test_addr(&addr, i);
	if (!ratelimit_allow_at(rl, &addr, now + RATELIMIT_IDLE_NS) ||
	    rl->count != 2) {
		pr_err("ratelimit self-test: idle sources not pruned (%u left)\n",
		       rl->count);
		ok = false;
	}
	ratelimit_test_addr(&addr, 0);
	if (ratelimit_test_burst(rl, &addr, now + NSEC_PER_SEC, 8) != 4) {
		pr_err("ratelimit self-test: the kept source lost its bucket\n");
		ok = false;
	}
	return ok;
}

/**
 * pilot_ratelimit_selftest - check the token buckets and the table limit
 *
 * Return: true when the burst, the refill, the independence of sources,
 * the pruning of idle sources and the final freeing behave.
 */
bool __init pilot_ratelimit_selftest(void)
{
	struct pilot_ratelimit rl;
	bool ok;

	if (pilot_ratelimit_init(&rl))
		return false;
	ok = ratelimit_test_buckets(&rl);
	pilot_ratelimit_destroy(&rl);

	if (pilot_ratelimit_init(&rl))
		return false;
	ok &= ratelimit_test_table(&rl);
	pilot_ratelimit_destroy(&rl);
	if (rl.count || !list_empty(&rl.lru)) {
		pr_err("ratelimit self-test: sources left after destroy\n");
		ok = false;
	}
	return ok;
}
