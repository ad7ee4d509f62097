// SPDX-License-Identifier: GPL-2.0
/*
 * Allowed IPs: longest-prefix match, moves between peers, removal, and
 * random prefixes checked against a naive search of the same prefixes.
 * Included at the end of allowedips.c in debug builds.
 */

#include <linux/prandom.h>

#define AIP_TEST_PEERS 4
#define AIP_TEST_PREFIXES 256

struct aip_test_prefix {
	u16 family;
	u8 cidr;
	u8 addr[16];
	int peer;	/* index, or -1 once removed */
};

static bool __init aip_match(const struct aip_test_prefix *p, const u8 *addr)
{
	unsigned int bytes = p->cidr / 8, bits = p->cidr % 8;

	if (memcmp(p->addr, addr, bytes))
		return false;
	return !bits || !((p->addr[bytes] ^ addr[bytes]) & (0xff << (8 - bits)));
}

/* The peer of the longest prefix holding addr, by looking at them all. */
static int __init aip_naive(const struct aip_test_prefix *t, unsigned int n,
			    u16 family, const u8 *addr)
{
	int best = -1, len = -1;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (t[i].peer >= 0 && t[i].family == family && t[i].cidr > len &&
		    aip_match(&t[i], addr)) {
			best = t[i].peer;
			len = t[i].cidr;
		}
	return best;
}

static int __init aip_found(struct pilot_allowedips *aips,
			    struct pilot_peer **peers, u16 family, const u8 *addr)
{
	struct pilot_peer *peer;
	int i, found = -1;

	rcu_read_lock();
	peer = pilot_allowedips_lookup(aips, family, addr);
	for (i = 0; i < AIP_TEST_PEERS; i++)
		if (peer == peers[i])
			found = i;
	rcu_read_unlock();
	return found;
}

static bool __init aip_random(struct pilot_allowedips *aips,
			      struct pilot_peer **peers,
			      struct aip_test_prefix *t)
{
	struct pilot_aip_key key;
	unsigned int i, round;
	u8 addr[16];
	u16 family;

	for (i = 0; i < AIP_TEST_PREFIXES; i++) {
		t[i].family = i % 2 ? AF_INET6 : AF_INET;
		t[i].cidr = get_random_u32_below(t[i].family == AF_INET ? 33 : 129);
		/* few distinct leading bytes, so that prefixes nest */
		get_random_bytes(t[i].addr, sizeof(t[i].addr));
		t[i].addr[0] = get_random_u32_below(2);
		t[i].peer = get_random_u32_below(AIP_TEST_PEERS);
		pilot_aip_key_make(&key, t[i].family, t[i].addr, t[i].cidr);
		memcpy(t[i].addr, &key.addr6, 16);	/* as stored: masked */
		if (pilot_allowedips_insert(aips, peers[t[i].peer], &key))
			return false;
		/* a prefix routes to one peer: earlier copies lose it */
	}
	for (i = 0; i < AIP_TEST_PREFIXES; i++) {
		unsigned int j;

		for (j = i + 1; j < AIP_TEST_PREFIXES; j++)
			if (t[j].family == t[i].family && t[j].cidr == t[i].cidr &&
			    !memcmp(t[j].addr, t[i].addr, 16))
				t[i].peer = -1;
	}
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 4096; i++) {
			family = i % 2 ? AF_INET6 : AF_INET;
			get_random_bytes(addr, sizeof(addr));
			addr[0] = get_random_u32_below(2);
			if (family == AF_INET)
				memset(addr + 4, 0, 12);
			if (aip_found(aips, peers, family, addr) !=
			    aip_naive(t, AIP_TEST_PREFIXES, family, addr))
				return false;
		}
		/* then take every other peer's prefixes away and check again */
		for (i = 0; i < AIP_TEST_PEERS; i += 2)
			pilot_allowedips_remove_peer(aips, peers[i]);
		for (i = 0; i < AIP_TEST_PREFIXES; i++)
			if (t[i].peer >= 0 && t[i].peer % 2 == 0)
				t[i].peer = -1;
	}
	return true;
}

/**
 * pilot_allowedips_selftest - check lookups against known and random cases
 *
 * Return: true when every lookup finds the peer of the longest prefix.
 */
bool __init pilot_allowedips_selftest(void)
{
	static const u8 a10[4] = { 10, 0, 0, 0 }, a10_1[4] = { 10, 1, 0, 0 };
	static const u8 host[4] = { 10, 1, 2, 3 }, other[4] = { 192, 0, 2, 1 };
	static const u8 host6[16] = { 10, 1, 2, 3 };
	struct pilot_peer *peers[AIP_TEST_PEERS] = {};
	struct aip_test_prefix *t;
	struct pilot_allowedips *aips;	/* not on the stack: it holds a work item */
	struct pilot_aip_key key;
	bool ok = false;
	int i;

	t = kcalloc(AIP_TEST_PREFIXES, sizeof(*t), GFP_KERNEL);
	aips = kzalloc(sizeof(*aips), GFP_KERNEL);
	for (i = 0; i < AIP_TEST_PEERS; i++) {
		peers[i] = kzalloc(sizeof(*peers[i]), GFP_KERNEL);
		if (peers[i])
			INIT_LIST_HEAD(&peers[i]->allowedips);
	}
	if (!t || !aips || !peers[AIP_TEST_PEERS - 1] || pilot_allowedips_init(aips))
		goto out_free;

	rtnl_lock();
	/* 10/8 -> 0, 10.1/16 -> 1, 10.1.2.3/32 -> 2 */
	pilot_aip_key_make(&key, AF_INET, a10, 8);
	ok = !pilot_allowedips_insert(aips, peers[0], &key);
	pilot_aip_key_make(&key, AF_INET, a10_1, 16);
	ok &= !pilot_allowedips_insert(aips, peers[1], &key);
	pilot_aip_key_make(&key, AF_INET, host, 32);
	ok &= !pilot_allowedips_insert(aips, peers[2], &key);
	ok &= aip_found(aips, peers, AF_INET, host) == 2 &&
	      aip_found(aips, peers, AF_INET, a10_1) == 1 &&
	      aip_found(aips, peers, AF_INET, a10) == 0 &&
	      aip_found(aips, peers, AF_INET, other) == -1 &&
	      aip_found(aips, peers, AF_INET6, host6) == -1;
	/* 10.1/16 moves to peer 3; removing it from peer 1 then does nothing */
	pilot_aip_key_make(&key, AF_INET, a10_1, 16);
	ok &= !pilot_allowedips_insert(aips, peers[3], &key);
	pilot_allowedips_remove(aips, peers[1], &key);
	ok &= aip_found(aips, peers, AF_INET, a10_1) == 3;
	pilot_allowedips_remove(aips, peers[3], &key);
	ok &= aip_found(aips, peers, AF_INET, a10_1) == 0;
	for (i = 0; i < AIP_TEST_PEERS; i++)
		pilot_allowedips_remove_peer(aips, peers[i]);
	ok &= aip_found(aips, peers, AF_INET, host) == -1;

	ok = ok && aip_random(aips, peers, t);
	for (i = 0; i < AIP_TEST_PEERS; i++)
		pilot_allowedips_remove_peer(aips, peers[i]);
	rtnl_unlock();
	/* entries go after a grace period, then the table */
	synchronize_rcu();
	pilot_allowedips_destroy(aips);
	rcu_barrier();
out_free:
	for (i = 0; i < AIP_TEST_PEERS; i++)
		kfree(peers[i]);
	kfree(aips);
	kfree(t);
	if (!ok)
		pr_err("allowed IPs self-test failed\n");
	return ok;
}
