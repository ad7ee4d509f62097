// SPDX-License-Identifier: GPL-2.0
/*
 * PILOT_CMD_DEV_GET and PILOT_CMD_DEV_SET: the happy paths, every refusal
 * with its extended-ACK message, all-or-nothing sets, privilege, and that
 * no secret ever comes back; learn-peers, and the read-only session count
 * and drop counters.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sodium.h>

#include "kselftest_harness.h"
#include "nl_test.h"
#include "pilot_nl.h"

/*
 * Send a request built by the test; errmsg receives the extack message,
 * *erroff (when not NULL) the offset of the attribute it pointed at.
 */
static int request_at(struct nl_msg *msg, char *errmsg, size_t len,
		      uint32_t *erroff)
{
	struct pilot_nl nl;
	int err;

	err = pilot_nl_open(&nl);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	err = pilot_nl_transact(&nl, msg, NULL, NULL);
	if (errmsg)
		snprintf(errmsg, len, "%s", nl.errmsg);
	if (erroff)
		*erroff = nl.erroff;
	pilot_nl_close(&nl);
	return err;
}

static int request(struct nl_msg *msg, char *errmsg, size_t len)
{
	return request_at(msg, errmsg, len, NULL);
}

/* Where the next attribute of a request will start, as the kernel counts. */
static uint32_t next_attr_offset(struct nl_msg *msg)
{
	return NLMSG_ALIGN(nlmsg_hdr(msg)->nlmsg_len);
}

static struct nl_msg *new_request(uint8_t cmd, int flags)
{
	static struct pilot_nl nl;

	if (!nl.sk)
		pilot_nl_open(&nl);	/* only for the family id */
	return pilot_nl_request(&nl, cmd, flags);
}

static int dev_get(const char *ifname, struct pilot_device_info *d)
{
	struct pilot_nl nl;
	int err = pilot_nl_open(&nl);

	if (err)
		return err;
	err = pilot_nl_dev_get(&nl, ifname, d);
	pilot_nl_close(&nl);
	return err;
}

static int dev_set(struct pilot_device_config *cfg)
{
	struct pilot_nl nl;
	int err = pilot_nl_open(&nl);

	if (err)
		return err;
	err = pilot_nl_dev_set(&nl, cfg);
	pilot_nl_close(&nl);
	return err;
}

FIXTURE(dev) {
	char unused;
};

/* Each test runs in its own network namespace, with pilot0 in it. */
FIXTURE_SETUP(dev)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, sh("ip link set lo up && ip link add pilot0 type pilot"));
}

FIXTURE_TEARDOWN(dev)
{
}

TEST_F(dev, get_defaults)
{
	struct pilot_device_info d;
	uint8_t zero[PILOT_KEY_LEN] = { 0 };

	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_STREQ("pilot0", d.ifname);
	EXPECT_EQ(if_nametoindex("pilot0"), d.ifindex);
	EXPECT_EQ(0U, d.node_id);
	EXPECT_EQ(0, d.network_id);
	EXPECT_EQ(0, d.listen_port);
	EXPECT_TRUE(d.encryption);
	EXPECT_EQ(0U, d.fwmark);
	EXPECT_EQ(0U, d.peer_count);
	EXPECT_FALSE(d.has_identity);
	EXPECT_NE(0, memcmp(zero, d.public_key, sizeof(zero)));
	EXPECT_TRUE(d.learn_peers);
	EXPECT_EQ(0U, d.session_count);
}

/* What a dev-get reply carries of learn-peers, sessions and drops. */
struct raw_device {
	int learn_peers;	/* -1: absent */
	int64_t session_count;	/* -1: absent */
	uint32_t reasons;	/* bit per reason present, as a u64 */
	unsigned int nonzero;	/* reasons counting something */
	unsigned int strange;	/* attributes that are neither pad nor a reason */
};

static int parse_raw_device(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1], *a;
	struct raw_device *r = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL))
		return NL_SKIP;
	if (tb[PILOT_A_DEVICE_LEARN_PEERS])
		r->learn_peers = nla_get_u8(tb[PILOT_A_DEVICE_LEARN_PEERS]);
	if (tb[PILOT_A_DEVICE_SESSION_COUNT])
		r->session_count = nla_get_u32(tb[PILOT_A_DEVICE_SESSION_COUNT]);
	if (!tb[PILOT_A_DEVICE_DROPS])
		return NL_OK;
	nla_for_each_nested(a, tb[PILOT_A_DEVICE_DROPS], rem) {
		if (!nla_type(a))
			continue;	/* padding */
		if (nla_type(a) > PILOT_DROP_REASON_MAX || nla_len(a) != 8) {
			r->strange++;
			continue;
		}
		r->reasons |= 1U << nla_type(a);
		if (nla_get_u64(a))
			r->nonzero++;
	}
	return NL_OK;
}

/* A new device: learns peers, has no session, every drop reason at 0. */
TEST_F(dev, sessions_and_drops_start_at_zero)
{
	struct raw_device r = { .learn_peers = -1, .session_count = -1 };
	uint32_t all = ((1U << (PILOT_DROP_REASON_MAX + 1)) - 1) & ~1U;
	struct pilot_nl nl;
	struct nl_msg *msg;

	ASSERT_EQ(0, pilot_nl_open(&nl));
	msg = pilot_nl_request(&nl, PILOT_CMD_DEV_GET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	ASSERT_EQ(0, pilot_nl_transact(&nl, msg, parse_raw_device, &r));
	pilot_nl_close(&nl);
	EXPECT_EQ(1, r.learn_peers);
	EXPECT_EQ(0, r.session_count);
	EXPECT_EQ(all, r.reasons);
	EXPECT_EQ(0U, r.nonzero);
	EXPECT_EQ(0U, r.strange);
}

TEST_F(dev, learn_peers_round_trip)
{
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	struct pilot_device_info d;
	struct nl_msg *msg;
	char err[256];

	cfg.set = PILOT_SET_LEARN_PEERS;
	cfg.learn_peers = false;
	ASSERT_EQ(0, dev_set(&cfg));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_FALSE(d.learn_peers);

	/* a request without it leaves it alone */
	cfg.set = PILOT_SET_NODE_ID;
	cfg.node_id = 3;
	ASSERT_EQ(0, dev_set(&cfg));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_FALSE(d.learn_peers);

	cfg.set = PILOT_SET_LEARN_PEERS;
	cfg.learn_peers = true;
	ASSERT_EQ(0, dev_set(&cfg));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_TRUE(d.learn_peers);

	/* 0 or 1 only: the policy's range says so */
	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u8(msg, PILOT_A_DEVICE_LEARN_PEERS, 2);
	EXPECT_EQ(-ERANGE, request(msg, err, sizeof(err)));
	EXPECT_NE(0, err[0]);
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_TRUE(d.learn_peers);
}

/*
 * The read-only attributes of a device are refused in dev-set, with a
 * message and the offset of the very attribute; nothing else of the
 * request is applied.
 */
TEST_F(dev, read_only_attributes_refused)
{
	static const int read_only[] = {
		PILOT_A_DEVICE_PUBLIC_KEY, PILOT_A_DEVICE_PEER_COUNT,
		PILOT_A_DEVICE_IDENTITY_KEY, PILOT_A_DEVICE_GENERATION,
		PILOT_A_DEVICE_SESSION_COUNT, PILOT_A_DEVICE_DROPS,
	};
	uint8_t key[PILOT_KEY_LEN] = { 1 };
	struct pilot_device_info d;
	struct nl_msg *msg;
	struct nlattr *nest;
	uint32_t at, off;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
		int type = read_only[i];

		msg = new_request(PILOT_CMD_DEV_SET, 0);
		nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
		nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 99);
		nla_put_u8(msg, PILOT_A_DEVICE_LEARN_PEERS, 0);
		at = next_attr_offset(msg);
		if (type == PILOT_A_DEVICE_PUBLIC_KEY || type == PILOT_A_DEVICE_IDENTITY_KEY) {
			nla_put(msg, type, sizeof(key), key);
		} else if (type == PILOT_A_DEVICE_DROPS) {
			nest = nla_nest_start(msg, type);
			nla_put_u64(msg, PILOT_DROP_REASON_AEAD, 1);
			nla_nest_end(msg, nest);
		} else {
			nla_put_u32(msg, type, 1);
		}
		off = 0;
		EXPECT_EQ(-EINVAL, request_at(msg, err, sizeof(err), &off)) TH_LOG("attribute %d", type);
		EXPECT_NE(0, err[0]) TH_LOG("attribute %d: no message", type);
		EXPECT_EQ(at, off) TH_LOG("attribute %d: \"%s\" points elsewhere", type, err);
	}
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_EQ(0U, d.node_id);
	EXPECT_TRUE(d.learn_peers);
}

TEST_F(dev, each_device_gets_its_own_key)
{
	struct pilot_device_info a, b;

	ASSERT_EQ(0, sh("ip link add pilot1 type pilot"));
	ASSERT_EQ(0, dev_get("pilot0", &a));
	ASSERT_EQ(0, dev_get("pilot1", &b));
	EXPECT_NE(0, memcmp(a.public_key, b.public_key, PILOT_KEY_LEN));
}

TEST_F(dev, get_by_ifindex)
{
	struct nl_msg *msg = new_request(PILOT_CMD_DEV_GET, 0);
	char err[256];

	ASSERT_NE(NULL, msg);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, if_nametoindex("pilot0"));
	EXPECT_EQ(0, request(msg, err, sizeof(err)));
}

TEST_F(dev, get_refusals)
{
	struct nl_msg *msg;
	char err[256];

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	EXPECT_EQ(-EINVAL, request(msg, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "ifindex or ifname is required"));

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "nosuch0");
	EXPECT_EQ(-ENODEV, request(msg, err, sizeof(err)));
	EXPECT_STREQ("no such device", err);

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "lo");
	EXPECT_EQ(-EOPNOTSUPP, request(msg, err, sizeof(err)));
	EXPECT_STREQ("not a pilot device", err);

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, if_nametoindex("pilot0"));
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "lo");
	EXPECT_EQ(-EINVAL, request(msg, err, sizeof(err)));
	EXPECT_STREQ("ifindex and ifname name different devices", err);

	/*
	 * The policy refuses, with a message: ifindex 0, a name longer than
	 * IFNAMSIZ, a u32 carried in two bytes, an attribute the command
	 * does not take.
	 */
	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, 0);
	EXPECT_GT(0, request(msg, err, sizeof(err)));
	EXPECT_NE(0, err[0]);

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "a-name-far-too-long");
	EXPECT_GT(0, request(msg, err, sizeof(err)));
	EXPECT_NE(0, err[0]);

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_u16(msg, PILOT_A_DEVICE_IFINDEX, 1);
	EXPECT_GT(0, request(msg, err, sizeof(err)));
	EXPECT_NE(0, err[0]);

	msg = new_request(PILOT_CMD_DEV_GET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 1);
	EXPECT_GT(0, request(msg, err, sizeof(err)));
	EXPECT_NE(0, err[0]);
}

TEST_F(dev, set_and_read_back)
{
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	struct pilot_device_info d;

	cfg.set = PILOT_SET_NODE_ID | PILOT_SET_NETWORK_ID | PILOT_SET_ENCRYPTION |
		  PILOT_SET_FWMARK | PILOT_SET_LISTEN_PORT;
	cfg.node_id = 0xdeadbeef;
	cfg.network_id = 7;
	cfg.encryption = false;
	cfg.fwmark = 0x42;
	cfg.listen_port = 4242;
	ASSERT_EQ(0, dev_set(&cfg));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_EQ(0xdeadbeefU, d.node_id);
	EXPECT_EQ(7, d.network_id);
	EXPECT_FALSE(d.encryption);
	EXPECT_EQ(0x42U, d.fwmark);
	EXPECT_EQ(4242, d.listen_port);
}

TEST_F(dev, private_key_sets_public_key)
{
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	uint8_t key[PILOT_KEY_LEN], pub[PILOT_KEY_LEN];
	struct pilot_device_info d;

	ASSERT_LE(0, sodium_init());
	randombytes_buf(key, sizeof(key));
	memcpy(cfg.private_key, key, sizeof(key));
	cfg.set = PILOT_SET_PRIVATE_KEY;
	ASSERT_EQ(0, dev_set(&cfg));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	/* libsodium clamps as the kernel does */
	ASSERT_EQ(0, crypto_scalarmult_curve25519_base(pub, key));
	EXPECT_EQ(0, memcmp(pub, d.public_key, sizeof(pub)));
}

/* A refused request changes nothing, even the attributes that were fine. */
TEST_F(dev, set_is_all_or_nothing)
{
	struct nl_msg *msg;
	struct pilot_device_info before, after;
	uint8_t shortkey[16] = { 1 };
	char err[256];

	ASSERT_EQ(0, dev_get("pilot0", &before));

	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 99);
	nla_put_u8(msg, PILOT_A_DEVICE_ENCRYPTION, 2);
	EXPECT_GT(0, request(msg, err, sizeof(err)));

	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 99);
	nla_put(msg, PILOT_A_DEVICE_PRIVATE_KEY, sizeof(shortkey), shortkey);
	EXPECT_GT(0, request(msg, err, sizeof(err)));

	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 99);
	nla_put_u32(msg, PILOT_A_DEVICE_FLAGS, 0x80);
	EXPECT_GT(0, request(msg, err, sizeof(err)));

	/* learn-peers goes only with the rest */
	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u8(msg, PILOT_A_DEVICE_LEARN_PEERS, 0);
	nla_put_u8(msg, PILOT_A_DEVICE_ENCRYPTION, 2);
	EXPECT_GT(0, request(msg, err, sizeof(err)));

	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u8(msg, PILOT_A_DEVICE_LEARN_PEERS, 0);
	nla_put(msg, PILOT_A_DEVICE_PRIVATE_KEY, sizeof(shortkey), shortkey);
	EXPECT_GT(0, request(msg, err, sizeof(err)));

	/* the public key is read-only */
	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 99);
	nla_put(msg, PILOT_A_DEVICE_PUBLIC_KEY, PILOT_KEY_LEN, before.public_key);
	EXPECT_GT(0, request(msg, err, sizeof(err)));

	ASSERT_EQ(0, dev_get("pilot0", &after));
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
}

TEST_F(dev, listen_port_binds_when_up)
{
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	struct pilot_device_info d;

	ASSERT_EQ(0, sh("ip link set pilot0 up"));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_NE(0, d.listen_port);	/* 0 picked a free port */

	cfg.set = PILOT_SET_LISTEN_PORT;
	cfg.listen_port = 5555;
	ASSERT_EQ(0, dev_set(&cfg));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_EQ(5555, d.listen_port);
	/* the port is really bound, for IPv4 and IPv6 */
	EXPECT_EQ(0, sh("grep -q ':15B3 ' /proc/net/udp && grep -q ':15B3 ' /proc/net/udp6"));

	ASSERT_EQ(0, sh("ip link set pilot0 down"));
	EXPECT_NE(0, sh("grep -q ':15B3 ' /proc/net/udp"));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	EXPECT_EQ(5555, d.listen_port);
}

TEST_F(dev, listen_port_taken)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(6000) };
	struct nl_msg *msg;
	struct pilot_device_info d;
	char err[256];
	int fd;

	ASSERT_EQ(0, sh("ip link set pilot0 up"));
	ASSERT_EQ(0, dev_get("pilot0", &d));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&sin, sizeof(sin)));

	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nla_put_u16(msg, PILOT_A_DEVICE_LISTEN_PORT, 6000);
	nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, 77);
	EXPECT_EQ(-EADDRINUSE, request(msg, err, sizeof(err)));
	EXPECT_STREQ("cannot bind the listen port", err);

	/* the old port and everything else stayed */
	{
		struct pilot_device_info now;

		ASSERT_EQ(0, dev_get("pilot0", &now));
		EXPECT_EQ(d.listen_port, now.listen_port);
		EXPECT_EQ(d.node_id, now.node_id);
	}
	close(fd);

	/* and bringing a device up on a taken port fails */
	ASSERT_EQ(0, sh("ip link add pilot1 type pilot && ip link set pilot0 down"));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
	msg = new_request(PILOT_CMD_DEV_SET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot1");
	nla_put_u16(msg, PILOT_A_DEVICE_LISTEN_PORT, 6000);
	EXPECT_EQ(0, request(msg, err, sizeof(err)));
	EXPECT_NE(0, sh("ip link set pilot1 up 2>/dev/null"));
	close(fd);
	EXPECT_EQ(0, sh("ip link set pilot1 up"));
}

struct dumped {
	int pilot0, pilot1, pilot2, other;
};

static int count_dumped(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];
	struct dumped *d = arg;
	const char *name;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_IFNAME])
		return NL_SKIP;
	name = nla_get_string(tb[PILOT_A_DEVICE_IFNAME]);
	if (!strcmp(name, "pilot0"))
		d->pilot0++;
	else if (!strcmp(name, "pilot1"))
		d->pilot1++;
	else if (!strcmp(name, "pilot2"))
		d->pilot2++;
	else
		d->other++;
	return NL_OK;
}

TEST_F(dev, dump_lists_pilot_devices_only)
{
	struct dumped seen = { 0 };
	struct pilot_nl nl;

	ASSERT_EQ(0, sh("ip link add pilot1 type pilot && ip link add pilot2 type pilot"
			" && ip link add dummy0 type dummy"));
	ASSERT_EQ(0, pilot_nl_open(&nl));
	ASSERT_EQ(0, pilot_nl_transact(&nl, pilot_nl_request(&nl, PILOT_CMD_DEV_GET, NLM_F_DUMP),
				       count_dumped, &seen));
	pilot_nl_close(&nl);
	EXPECT_EQ(1, seen.pilot0);
	EXPECT_EQ(1, seen.pilot1);
	EXPECT_EQ(1, seen.pilot2);
	EXPECT_EQ(0, seen.other);
}

/*
 * 300 devices do not fit one dump message: the dump must go on. Making
 * them takes a while under KASAN, hence the longer limit.
 */
TEST_F_TIMEOUT(dev, dump_many_devices, 300)
{
	struct pilot_device_info *list;
	struct pilot_nl nl;
	size_t n;

	ASSERT_EQ(0, sh("for i in $(seq 1 300); do echo link add p$i type pilot; done"
			" | ip -batch -"));
	ASSERT_EQ(0, pilot_nl_open(&nl));
	ASSERT_EQ(0, pilot_nl_dev_list(&nl, &list, &n));
	pilot_nl_close(&nl);
	EXPECT_EQ(301U, n);
	free(list);
}

/* Nothing a reply carries holds the private key. */
static int scan_for_key(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (memmem(nlh, nlh->nlmsg_len, arg, PILOT_KEY_LEN))
		*(uint8_t *)arg ^= 0xff;	/* mark: found */
	return NL_OK;
}

TEST_F(dev, private_key_never_returned)
{
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	uint8_t key[PILOT_KEY_LEN], probe[PILOT_KEY_LEN];
	struct pilot_nl nl;
	struct nl_msg *msg;

	ASSERT_LE(0, sodium_init());
	randombytes_buf(key, sizeof(key));
	key[0] &= 248;
	key[31] = (key[31] & 127) | 64;	/* clamped: stored as given */
	memcpy(cfg.private_key, key, sizeof(key));
	cfg.set = PILOT_SET_PRIVATE_KEY;
	ASSERT_EQ(0, dev_set(&cfg));

	memcpy(probe, key, sizeof(key));
	ASSERT_EQ(0, pilot_nl_open(&nl));
	msg = pilot_nl_request(&nl, PILOT_CMD_DEV_GET, 0);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	ASSERT_EQ(0, pilot_nl_transact(&nl, msg, scan_for_key, probe));
	ASSERT_EQ(0, pilot_nl_transact(&nl, pilot_nl_request(&nl, PILOT_CMD_DEV_GET, NLM_F_DUMP),
				       scan_for_key, probe));
	pilot_nl_close(&nl);
	EXPECT_EQ(0, memcmp(probe, key, sizeof(key)));
}

TEST_F(dev, unprivileged_refused)
{
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	struct pilot_device_info d;

	ASSERT_EQ(0, setgid(65534));
	ASSERT_EQ(0, setuid(65534));
	EXPECT_EQ(-EPERM, dev_get("pilot0", &d));
	cfg.set = PILOT_SET_NODE_ID;
	EXPECT_EQ(-EPERM, dev_set(&cfg));
}

/*
 * An unprivileged user who owns a user namespace administers the pilot
 * devices of its own network namespace, and no other. Exit codes of the
 * child tell which step failed.
 */
static int userns_child(int ready, int go)
{
	struct pilot_device_config cfg = { .ifname = "pilot9" };
	struct pilot_device_info d;
	char c;

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534) ||
	    prctl(PR_SET_DUMPABLE, 1))
		return 1;
	if (dev_get("pilot8", &d) != -EPERM)
		return 2;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return 3;
	/* the parent maps us to root in the new namespace */
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		return 4;
	if (sh("ip link add pilot9 type pilot"))
		return 5;
	if (dev_get("pilot9", &d))
		return 6;
	cfg.set = PILOT_SET_NODE_ID | PILOT_SET_LISTEN_PORT;
	cfg.node_id = 9;
	cfg.listen_port = 9999;
	if (dev_set(&cfg))
		return 7;
	if (dev_get("pilot8", &d) != -ENODEV)
		return 8;
	return 0;
}

TEST(user_namespace_admin)
{
	int ready[2], go[2], status;
	char path[64], c;
	pid_t pid;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, sh("ip link add pilot8 type pilot"));
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(userns_child(ready[1], go[0]));
	ASSERT_EQ(1, read(ready[0], &c, 1));
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	ASSERT_EQ(0, write_file(path, "0 65534 1"));
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	ASSERT_EQ(0, write_file(path, "0 65534 1"));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
