// SPDX-License-Identifier: GPL-2.0
/*
 * Peer commands: create, change, remove, read, dump (large, split and
 * consistent), dev-set with peers, allowed IPs, every refusal, the peer
 * notifications, a peer's crypto state, and how "pilot monitor" prints
 * the datapath's notifications.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <netlink/genl/ctrl.h>

#include "kselftest_harness.h"
#include "pilot_nl.h"

static struct pilot_nl nl;

/*
 * How many peers the bulk tests use: 10,000, or 1,000 on the debug kernel
 * (kmemleak present), where KASAN and lockdep make every peer many times
 * dearer and the same paths are still walked through many dump messages.
 */
static unsigned int many = 10000;

static void __attribute__((constructor)) scale_to_kernel(void)
{
	if (!access("/sys/kernel/debug/kmemleak", F_OK))
		many = 1000;
}

static struct nl_msg *peer_request(uint8_t cmd, const struct pilot_peer_info *p)
{
	struct nl_msg *msg = pilot_nl_request(&nl, cmd, 0);

	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	if (p)
		pilot_nl_put_peer(msg, p);
	return msg;
}

static int peer_cmd(uint8_t cmd, const struct pilot_peer_info *p)
{
	return pilot_nl_transact(&nl, peer_request(cmd, p), NULL, NULL);
}

static int get_one(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_PEER])
		return NL_SKIP;
	return pilot_nl_peer_parse(tb[PILOT_A_DEVICE_PEER], arg) ? NL_SKIP : NL_OK;
}

static int peer_get(uint32_t node_id, struct pilot_peer_info *out)
{
	struct pilot_peer_info key = { .node_id = node_id };

	memset(out, 0, sizeof(*out));
	return pilot_nl_transact(&nl, peer_request(PILOT_CMD_PEER_GET, &key),
				 get_one, out);
}

static struct pilot_allowedip aip4(const char *addr, uint8_t cidr)
{
	struct pilot_allowedip a = { .family = AF_INET, .cidr = cidr };

	inet_pton(AF_INET, addr, a.addr);
	return a;
}

static struct pilot_allowedip aip6(const char *addr, uint8_t cidr)
{
	struct pilot_allowedip a = { .family = AF_INET6, .cidr = cidr };

	inet_pton(AF_INET6, addr, a.addr);
	return a;
}

/* A set of n peers, node IDs first..first+n-1, one /32 each. */
static int add_peers(uint32_t first, size_t n, uint32_t dev_flags)
{
	struct pilot_device_config cfg = { .ifname = "pilot0", .flags = dev_flags };
	struct pilot_allowedip *aips = calloc(n, sizeof(*aips));
	struct pilot_peer_info *peers = calloc(n, sizeof(*peers));
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		uint32_t id = first + i;

		peers[i].node_id = id;
		aips[i].family = AF_INET;
		aips[i].cidr = 32;
		aips[i].addr[0] = 10;
		aips[i].addr[1] = id >> 16;
		aips[i].addr[2] = id >> 8;
		aips[i].addr[3] = id;
		peers[i].aips = &aips[i];
		peers[i].n_aips = 1;
	}
	cfg.peers = peers;
	cfg.n_peers = n;
	err = pilot_nl_dev_set(&nl, &cfg);
	free(peers);
	free(aips);
	return err;
}

static uint32_t dev_peer_count(void)
{
	struct pilot_device_info d;

	return pilot_nl_dev_get(&nl, "pilot0", &d) ? ~0U : d.peer_count;
}

FIXTURE(peer) {
	char unused;
};

FIXTURE_SETUP(peer)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, system("ip link add pilot0 type pilot"));
	ASSERT_EQ(0, pilot_nl_open(&nl));
}

FIXTURE_TEARDOWN(peer)
{
	pilot_nl_close(&nl);
}

TEST_F(peer, new_then_get)
{
	struct pilot_allowedip aips[] = { aip4("10.1.2.77", 24), aip6("2001:db8::1", 64) };
	struct pilot_peer_info p = {
		.node_id = 42, .endpoint_family = AF_INET, .endpoint_port = 4000,
		.has_identity = true, .has_keepalive = true, .keepalive = 25,
		.aips = aips, .n_aips = 2,
	}, got;
	struct pilot_allowedip masked4 = aip4("10.1.2.0", 24), masked6 = aip6("2001:db8::", 64);

	inet_pton(AF_INET, "192.0.2.7", p.endpoint_addr);
	memset(p.identity_key, 0xab, PILOT_KEY_LEN);
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	ASSERT_EQ(0, peer_get(42, &got));
	EXPECT_EQ(42U, got.node_id);
	EXPECT_EQ(AF_INET, got.endpoint_family);
	EXPECT_EQ(0, memcmp(p.endpoint_addr, got.endpoint_addr, 4));
	EXPECT_EQ(4000, got.endpoint_port);
	EXPECT_FALSE(got.endpoint_learned);
	EXPECT_TRUE(got.has_identity);
	EXPECT_EQ(0, memcmp(p.identity_key, got.identity_key, PILOT_KEY_LEN));
	EXPECT_EQ(25, got.keepalive);
	EXPECT_EQ(0U, got.rx_bytes + got.tx_bytes + got.rx_packets + got.tx_packets);
	ASSERT_EQ(2U, got.n_aips);
	/* bits past the prefix length are cleared, as routes do */
	EXPECT_EQ(0, memcmp(&masked4, &got.aips[0], sizeof(masked4)));
	EXPECT_EQ(0, memcmp(&masked6, &got.aips[1], sizeof(masked6)));
	EXPECT_EQ(1U, dev_peer_count());
	free(got.aips);
}

TEST_F(peer, new_set_del_semantics)
{
	struct pilot_peer_info p = { .node_id = 7 }, got;

	EXPECT_EQ(-ENOENT, peer_cmd(PILOT_CMD_PEER_SET, &p));
	EXPECT_STREQ("no such peer", nl.errmsg);
	EXPECT_EQ(-ENOENT, peer_cmd(PILOT_CMD_PEER_DEL, &p));
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	EXPECT_EQ(-EEXIST, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	EXPECT_STREQ("a peer with this node-id exists", nl.errmsg);
	p.has_keepalive = true;
	p.keepalive = 9;
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_SET, &p));
	ASSERT_EQ(0, peer_get(7, &got));
	EXPECT_EQ(9, got.keepalive);
	/* all zeros unpin an identity */
	p.has_identity = true;
	memset(p.identity_key, 1, PILOT_KEY_LEN);
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_SET, &p));
	ASSERT_EQ(0, peer_get(7, &got));
	EXPECT_TRUE(got.has_identity);
	memset(p.identity_key, 0, PILOT_KEY_LEN);
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_SET, &p));
	ASSERT_EQ(0, peer_get(7, &got));
	EXPECT_FALSE(got.has_identity);
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_DEL, &p));
	EXPECT_EQ(-ENOENT, peer_get(7, &got));
	EXPECT_EQ(0U, dev_peer_count());
}

/* Each refusal with the kernel's message; the device stays as it was. */
TEST_F(peer, refusals)
{
	struct pilot_peer_info p = { .node_id = 1 };
	struct pilot_allowedip bad;
	struct nl_msg *msg;
	struct nlattr *nest;

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_NE(NULL, strstr(nl.errmsg, "names no peer"));

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u16(msg, PILOT_A_PEER_KEEPALIVE_INTERVAL, 1);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_NE(NULL, strstr(nl.errmsg, "needs its node-id"));

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u32(msg, PILOT_A_PEER_NODE_ID, 1);
	nla_put_u64(msg, PILOT_A_PEER_RX_BYTES, 5);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_STREQ("read-only attribute", nl.errmsg);

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u32(msg, PILOT_A_PEER_NODE_ID, 1);
	nla_put_u32(msg, PILOT_A_PEER_ENDPOINT_IPV4, htonl(0xc0000201));
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_NE(NULL, strstr(nl.errmsg, "endpoint needs a port"));

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u32(msg, PILOT_A_PEER_NODE_ID, 1);
	nla_put_u16(msg, PILOT_A_PEER_ENDPOINT_PORT, 1);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_STREQ("an endpoint port needs an address", nl.errmsg);

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u32(msg, PILOT_A_PEER_NODE_ID, 1);
	nla_put_u32(msg, PILOT_A_PEER_ENDPOINT_IPV4, htonl(0xc0000201));
	nla_put(msg, PILOT_A_PEER_ENDPOINT_IPV6, 16, p.endpoint_addr);
	nla_put_u16(msg, PILOT_A_PEER_ENDPOINT_PORT, 1);
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_STREQ("one endpoint address: IPv4 or IPv6", nl.errmsg);

	bad = aip4("10.0.0.0", 33);
	p.aips = &bad;
	p.n_aips = 1;
	EXPECT_EQ(-EINVAL, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	EXPECT_STREQ("prefix length too long for its family", nl.errmsg);
	bad.family = 99;
	EXPECT_EQ(-EAFNOSUPPORT, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	EXPECT_STREQ("family must be AF_INET or AF_INET6", nl.errmsg);

	msg = peer_request(PILOT_CMD_PEER_NEW, NULL);
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u32(msg, PILOT_A_PEER_NODE_ID, 1);
	{
		struct nlattr *a = nla_nest_start(msg, PILOT_A_PEER_ALLOWED_IP);
		uint8_t addr[16] = { 0 };

		nla_put_u16(msg, PILOT_A_ALLOWED_IP_FAMILY, AF_INET);
		nla_put(msg, PILOT_A_ALLOWED_IP_IPADDR, 16, addr);
		nla_put_u8(msg, PILOT_A_ALLOWED_IP_CIDR_MASK, 8);
		nla_nest_end(msg, a);
	}
	nla_nest_end(msg, nest);
	EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL));
	EXPECT_STREQ("address length does not match its family", nl.errmsg);

	EXPECT_EQ(0U, dev_peer_count());
}

/* dev-set checks every peer before it changes anything. */
TEST_F(peer, dev_set_all_or_nothing)
{
	struct pilot_allowedip bad = aip4("10.0.0.0", 40);
	struct pilot_peer_info peers[2] = {
		{ .node_id = 1 }, { .node_id = 2, .aips = &bad, .n_aips = 1 },
	};
	struct pilot_device_config cfg = {
		.ifname = "pilot0", .set = PILOT_SET_NODE_ID, .node_id = 5,
		.peers = peers, .n_peers = 2,
	};
	struct pilot_device_info d;

	EXPECT_EQ(-EINVAL, pilot_nl_dev_set(&nl, &cfg));
	ASSERT_EQ(0, pilot_nl_dev_get(&nl, "pilot0", &d));
	EXPECT_EQ(0U, d.node_id);
	EXPECT_EQ(0U, d.peer_count);
}

TEST_F(peer, allowed_ips_move_replace_remove)
{
	struct pilot_allowedip a[] = { aip4("10.0.0.0", 24), aip4("10.9.0.0", 16) };
	struct pilot_peer_info p1 = { .node_id = 1, .aips = a, .n_aips = 2 };
	struct pilot_peer_info p2 = { .node_id = 2, .aips = a, .n_aips = 1 };
	struct pilot_peer_info got;

	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p1));
	/* a prefix routes to one peer: it moves to the peer claiming it */
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p2));
	ASSERT_EQ(0, peer_get(1, &got));
	ASSERT_EQ(1U, got.n_aips);
	EXPECT_EQ(16, got.aips[0].cidr);
	free(got.aips);

	/* remove flag */
	a[1].remove = true;
	p1.aips = &a[1];
	p1.n_aips = 1;
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_SET, &p1));
	ASSERT_EQ(0, peer_get(1, &got));
	EXPECT_EQ(0U, got.n_aips);

	/* replace */
	a[1].remove = false;
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_SET, &p1));
	p2.aips = &a[1];
	p2.flags = PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS;
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_SET, &p2));
	ASSERT_EQ(0, peer_get(2, &got));
	ASSERT_EQ(1U, got.n_aips);
	EXPECT_EQ(16, got.aips[0].cidr);
	free(got.aips);
}

TEST_F(peer, dev_set_flags)
{
	struct pilot_peer_info p = { .node_id = 77, .flags = PILOT_PEER_FLAGS_UPDATE_ONLY };
	struct pilot_device_config cfg = { .ifname = "pilot0", .peers = &p, .n_peers = 1 };
	struct pilot_device_info before, after;

	ASSERT_EQ(0, add_peers(1, 5, 0));
	EXPECT_EQ(5U, dev_peer_count());
	/* update-only creates nothing */
	ASSERT_EQ(0, pilot_nl_dev_set(&nl, &cfg));
	EXPECT_EQ(5U, dev_peer_count());
	/* remove */
	p.node_id = 3;
	p.flags = PILOT_PEER_FLAGS_REMOVE;
	ASSERT_EQ(0, pilot_nl_dev_set(&nl, &cfg));
	EXPECT_EQ(4U, dev_peer_count());
	/* replace-peers: only those of the request remain */
	ASSERT_EQ(0, pilot_nl_dev_get(&nl, "pilot0", &before));
	ASSERT_EQ(0, add_peers(100, 2, PILOT_DEVICE_FLAGS_REPLACE_PEERS));
	ASSERT_EQ(0, pilot_nl_dev_get(&nl, "pilot0", &after));
	EXPECT_EQ(4U, before.peer_count);
	EXPECT_EQ(2U, after.peer_count);
	{
		struct pilot_peer_info got;

		EXPECT_EQ(-ENOENT, peer_get(1, &got));
		EXPECT_EQ(0, peer_get(101, &got));
		free(got.aips);
	}
}

/* Many peers, sent in chunks, all come back in one dump, once each. */
TEST_F_TIMEOUT(peer, dump_many, 600)
{
	struct pilot_peer_info *list;
	size_t n, i;

	TH_LOG("%u peers", many);
	ASSERT_EQ(0, add_peers(1, many, 0));
	ASSERT_EQ(many, dev_peer_count());
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	ASSERT_EQ(many, n);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(i + 1, list[i].node_id);
		ASSERT_EQ(1U, list[i].n_aips);
		ASSERT_EQ((uint8_t)(i + 1), list[i].aips[0].addr[3]);
	}
	pilot_peers_free(list, n);
}

/* A peer with more prefixes than fit one message is split and joined. */
TEST_F_TIMEOUT(peer, dump_splits_large_peer, 600)
{
	struct pilot_allowedip *a = calloc(2000, sizeof(*a));
	struct pilot_peer_info p = { .node_id = 9, .aips = a, .n_aips = 2000 };
	struct pilot_device_config cfg = { .ifname = "pilot0", .peers = &p, .n_peers = 1 };
	struct pilot_peer_info *list;
	size_t n, i;

	for (i = 0; i < 2000; i++) {
		a[i] = aip6("2001:db8::", 128);
		a[i].addr[14] = i >> 8;
		a[i].addr[15] = i;
	}
	/* too large for one request: the library splits it */
	ASSERT_EQ(0, pilot_nl_dev_set(&nl, &cfg));
	ASSERT_EQ(0, add_peers(10, 3, 0));
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	ASSERT_EQ(4U, n);
	EXPECT_EQ(9U, list[0].node_id);
	EXPECT_EQ(2000U, list[0].n_aips);
	for (i = 0; i < list[0].n_aips; i++)
		ASSERT_EQ((uint8_t)i, list[0].aips[i].addr[15]);
	EXPECT_EQ(12U, list[3].node_id);
	pilot_peers_free(list, n);
	free(a);
}

/*
 * A dump that sees the peers change says so: the request's first reply
 * comes, a peer is added, and the later replies carry NLM_F_DUMP_INTR.
 * The library then asks again and gets one consistent state.
 */
struct intr_probe {
	unsigned int messages;
	bool interrupted;
};

static int probe_dump(struct nl_msg *msg, void *arg)
{
	struct intr_probe *probe = arg;

	if (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP_INTR)
		probe->interrupted = true;
	if (!probe->messages++) {
		struct pilot_nl other;

		/* the dump is under way: change the peers under it */
		if (!pilot_nl_open(&other)) {
			struct pilot_nl saved = nl;

			nl = other;
			add_peers(20001, 1, 0);
			nl = saved;
			pilot_nl_close(&other);
		}
	}
	return NL_OK;
}

TEST_F_TIMEOUT(peer, dump_flags_interrupted, 600)
{
	struct intr_probe probe = { 0 };
	struct pilot_peer_info *list;
	struct nl_msg *msg;
	size_t n;

	ASSERT_EQ(0, add_peers(1, many, 0));
	msg = pilot_nl_request(&nl, PILOT_CMD_PEER_GET, NLM_F_DUMP);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	ASSERT_EQ(0, pilot_nl_transact(&nl, msg, probe_dump, &probe));
	EXPECT_TRUE(probe.interrupted);
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	EXPECT_EQ(many + 1, n);
	EXPECT_EQ(20001U, list[n - 1].node_id);
	pilot_peers_free(list, n);
}

/*
 * Dumps while another process adds 500 peers one by one: every list the
 * library returns is one state of the device, the first peers and then a
 * prefix of the additions (it may give up with -EAGAIN while the other
 * keeps writing); once the writer is done, the list is complete.
 */
TEST_F_TIMEOUT(peer, dump_consistent_while_adding, 600)
{
	struct pilot_peer_info *list;
	unsigned int complete = 0;
	size_t n, i;
	int status, err;
	pid_t pid;

	ASSERT_EQ(0, add_peers(1, many, 0));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct pilot_nl child;
		uint32_t id;

		if (pilot_nl_open(&child))
			_exit(1);
		nl = child;
		for (id = 20001; id <= 20500; id++)
			if (add_peers(id, 1, 0))
				_exit(2);
		_exit(0);
	}
	do {
		err = pilot_nl_peer_list(&nl, "pilot0", &list, &n);
		if (err == -EAGAIN)
			continue;
		ASSERT_EQ(0, err);
		ASSERT_LE(many, n);
		for (i = 0; i < n; i++)
			ASSERT_EQ(i < many ? i + 1 : 20001 + (i - many), list[i].node_id);
		pilot_peers_free(list, n);
		complete++;
	} while (waitpid(pid, &status, WNOHANG) == 0);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	EXPECT_EQ(many + 500, n);
	pilot_peers_free(list, n);
	TH_LOG("%u consistent dumps while the writer ran", complete);
}

static int on_ntf(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];
	struct pilot_peer_info p = { 0 };
	char *log = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_PEER] || pilot_nl_peer_parse(tb[PILOT_A_DEVICE_PEER], &p))
		return NL_SKIP;
	sprintf(log + strlen(log), "%s:%u:%u ",
		genlmsg_hdr(nlmsg_hdr(msg))->cmd == PILOT_CMD_PEER_ADD_NTF ? "add" : "del",
		p.node_id, p.del_reason);
	free(p.aips);
	return NL_OK;
}

TEST_F(peer, notifications)
{
	struct pilot_peer_info p = { .node_id = 5 };
	struct nl_sock *sk = nl_socket_alloc();
	char log[256] = "";
	int grp;

	ASSERT_EQ(0, genl_connect(sk));
	grp = genl_ctrl_resolve_grp(sk, PILOT_FAMILY_NAME, PILOT_MCGRP_PEERS);
	ASSERT_LE(0, grp);
	ASSERT_EQ(0, nl_socket_add_membership(sk, grp));
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_ntf, log);
	nl_socket_set_nonblocking(sk);

	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_DEL, &p));
	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	ASSERT_EQ(0, system("ip link del pilot0"));
	while (nl_recvmsgs_default(sk) >= 0)
		;
	EXPECT_STREQ("add:5:0 del:5:0 add:5:0 del:5:1 ", log);
	nl_socket_free(sk);
}

/* What a peer nest carries of its crypto state; -1 for absent. */
struct raw_peer {
	int session, authenticated, learned, rekey_attempts;
	int64_t last_key_exchange, gave_up_ms;
	uint32_t reasons;	/* bit per drop reason present, as a u64 */
	unsigned int nonzero;	/* reasons counting something */
	unsigned int messages;
};

static int parse_raw_peer(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1], *pb[PILOT_A_PEER_MAX + 1], *a;
	struct raw_peer *r = arg;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_PEER] ||
	    nla_parse_nested(pb, PILOT_A_PEER_MAX, tb[PILOT_A_DEVICE_PEER], NULL))
		return NL_SKIP;
	r->messages++;
	r->session = pb[PILOT_A_PEER_SESSION] ? nla_get_u8(pb[PILOT_A_PEER_SESSION]) : -1;
	r->authenticated = pb[PILOT_A_PEER_AUTHENTICATED] ?
			   nla_get_u8(pb[PILOT_A_PEER_AUTHENTICATED]) : -1;
	r->learned = pb[PILOT_A_PEER_LEARNED] ? nla_get_u8(pb[PILOT_A_PEER_LEARNED]) : -1;
	r->rekey_attempts = pb[PILOT_A_PEER_REKEY_ATTEMPTS] ?
			    nla_get_u8(pb[PILOT_A_PEER_REKEY_ATTEMPTS]) : -1;
	r->last_key_exchange = pb[PILOT_A_PEER_LAST_KEY_EXCHANGE] ?
			       (int64_t)nla_get_u64(pb[PILOT_A_PEER_LAST_KEY_EXCHANGE]) : -1;
	r->gave_up_ms = pb[PILOT_A_PEER_GAVE_UP_MS] ?
			(int64_t)nla_get_u32(pb[PILOT_A_PEER_GAVE_UP_MS]) : -1;
	r->reasons = 0;
	r->nonzero = 0;
	if (!pb[PILOT_A_PEER_DROPS])
		return NL_OK;
	nla_for_each_nested(a, pb[PILOT_A_PEER_DROPS], rem) {
		if (nla_type(a) < 1 || nla_type(a) > PILOT_DROP_REASON_MAX ||
		    nla_len(a) != 8)
			continue;
		r->reasons |= 1U << nla_type(a);
		if (nla_get_u64(a))
			r->nonzero++;
	}
	return NL_OK;
}

/*
 * A new peer has no session, has never exchanged keys, is not exchanging
 * any nor cooling down, was configured, and dropped nothing: in a peer-get
 * reply and in a dump alike.
 */
TEST_F(peer, fresh_peer_crypto_state)
{
	uint32_t all = ((1U << (PILOT_DROP_REASON_MAX + 1)) - 1) & ~1U;
	struct pilot_peer_info p = { .node_id = 11 }, *list;
	struct raw_peer r;
	struct nl_msg *msg;
	size_t n;
	int pass;

	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &p));
	for (pass = 0; pass < 2; pass++) {
		memset(&r, 0, sizeof(r));
		if (!pass) {
			msg = peer_request(PILOT_CMD_PEER_GET, &p);
		} else {
			msg = pilot_nl_request(&nl, PILOT_CMD_PEER_GET, NLM_F_DUMP);
			nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
		}
		ASSERT_EQ(0, pilot_nl_transact(&nl, msg, parse_raw_peer, &r));
		ASSERT_EQ(1U, r.messages) TH_LOG("%s", pass ? "dump" : "get");
		EXPECT_EQ(0, r.session);
		EXPECT_EQ(0, r.authenticated);
		EXPECT_EQ(0, r.learned);
		EXPECT_EQ(-1, r.last_key_exchange);
		EXPECT_EQ(-1, r.rekey_attempts);
		EXPECT_EQ(-1, r.gave_up_ms);
		EXPECT_EQ(all, r.reasons);
		EXPECT_EQ(0U, r.nonzero);
	}
	/* and the library reads it so */
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	ASSERT_EQ(1U, n);
	EXPECT_FALSE(list[0].session);
	EXPECT_FALSE(list[0].rekey_pending);
	EXPECT_FALSE(list[0].learned);
	EXPECT_EQ(0U, list[0].last_key_exchange);
	EXPECT_EQ(0U, list[0].gave_up_ms);
	pilot_peers_free(list, n);
}

/*
 * Every attribute the kernel reports about a peer's crypto, or only
 * notifies, is refused in a request with "read-only attribute" pointing
 * at it; in peer-new, peer-set and dev-set alike, changing nothing.
 */
TEST_F(peer, crypto_state_is_read_only)
{
	static const int read_only[] = {
		PILOT_A_PEER_SESSION, PILOT_A_PEER_AUTHENTICATED,
		PILOT_A_PEER_LAST_KEY_EXCHANGE, PILOT_A_PEER_REKEY_ATTEMPTS,
		PILOT_A_PEER_GAVE_UP_MS, PILOT_A_PEER_LEARNED, PILOT_A_PEER_DROPS,
		PILOT_A_PEER_DROP_REASON, PILOT_A_PEER_KEY_CHANGED,
	};
	static const uint8_t cmds[] = {
		PILOT_CMD_PEER_NEW, PILOT_CMD_PEER_SET, PILOT_CMD_DEV_SET,
	};
	struct pilot_peer_info existing = { .node_id = 1, .has_keepalive = true,
					    .keepalive = 5 }, got;
	struct nlattr *nest, *drops;
	struct nl_msg *msg;
	size_t i, c;
	uint32_t at;

	ASSERT_EQ(0, peer_cmd(PILOT_CMD_PEER_NEW, &existing));
	for (c = 0; c < sizeof(cmds); c++) {
		for (i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++) {
			int type = read_only[i];

			msg = pilot_nl_request(&nl, cmds[c], 0);
			nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
			nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
			/* peer-new names a new peer; the others the existing one */
			nla_put_u32(msg, PILOT_A_PEER_NODE_ID,
				    cmds[c] == PILOT_CMD_PEER_NEW ? 2 : 1);
			nla_put_u16(msg, PILOT_A_PEER_KEEPALIVE_INTERVAL, 9);
			at = NLMSG_ALIGN(nlmsg_hdr(msg)->nlmsg_len);
			if (type == PILOT_A_PEER_LAST_KEY_EXCHANGE) {
				nla_put_u64(msg, type, 1700000000);
			} else if (type == PILOT_A_PEER_GAVE_UP_MS) {
				nla_put_u32(msg, type, 1000);
			} else if (type == PILOT_A_PEER_DROP_REASON) {
				nla_put_u32(msg, type, PILOT_DROP_REASON_AEAD);
			} else if (type == PILOT_A_PEER_DROPS) {
				drops = nla_nest_start(msg, type);
				nla_put_u64(msg, PILOT_DROP_REASON_REPLAY, 3);
				nla_nest_end(msg, drops);
			} else {
				nla_put_u8(msg, type, 1);
			}
			nla_nest_end(msg, nest);
			EXPECT_EQ(-EINVAL, pilot_nl_transact(&nl, msg, NULL, NULL))
				TH_LOG("command %u, attribute %d", cmds[c], type);
			EXPECT_STREQ("read-only attribute", nl.errmsg)
				TH_LOG("command %u, attribute %d", cmds[c], type);
			EXPECT_EQ(at, nl.erroff)
				TH_LOG("command %u, attribute %d", cmds[c], type);
		}
	}
	EXPECT_EQ(1U, dev_peer_count());
	ASSERT_EQ(0, peer_get(1, &got));
	EXPECT_EQ(5, got.keepalive);
	free(got.aips);
}

/*
 * "pilot monitor" prints the datapath's notifications. No datapath sends
 * them yet, so the test does, as the kernel would, to the "peers" group
 * (root may send to a generic netlink group).
 */
static FILE *start_monitor(bool json, pid_t *pid)
{
	static uint32_t sync_id = 1000;
	struct pilot_peer_info p = { 0 };
	struct pollfd pfd = { .events = POLLIN };
	int fds[2], tries;
	FILE *out;

	if (pipe(fds))
		return NULL;
	*pid = fork();
	if (*pid < 0)
		return NULL;
	if (!*pid) {
		/* a test that fails half-way leaves no monitor behind */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		if (json)
			execlp("pilot", "pilot", "-j", "monitor", (char *)NULL);
		else
			execlp("pilot", "pilot", "monitor", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	out = fdopen(fds[0], "r");
	/* add peers until the monitor shows one: then it listens */
	pfd.fd = fds[0];
	for (tries = 0; tries < 100; tries++) {
		p.node_id = sync_id++;
		if (peer_cmd(PILOT_CMD_PEER_NEW, &p))
			break;
		if (poll(&pfd, 1, 200) == 1)
			return out;
	}
	fclose(out);
	kill(*pid, SIGTERM);
	waitpid(*pid, NULL, 0);
	return NULL;
}

/* The next line that is not about the peers start_monitor() added. */
static bool next_event(FILE *f, char *line, size_t len)
{
	while (fgets(line, len, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "peer-add ", 9) && !strstr(line, "\"peer-add\""))
			return true;
	}
	return false;
}

struct forged {
	uint8_t cmd;
	int family;		/* endpoint-changed: AF_INET or AF_INET6 */
	const char *addr;
	uint16_t port;
	int learned;
	int authenticated, key_changed;
	uint32_t drop_reason;
};

static int send_forged(struct nl_sock *sk, const struct forged *f)
{
	uint8_t addr[16];
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;
	int err;

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl.family, 0, 0, f->cmd,
		    PILOT_FAMILY_VERSION);
	nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, if_nametoindex("pilot0"));
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	nla_put_u32(msg, PILOT_A_PEER_NODE_ID, 7);
	switch (f->cmd) {
	case PILOT_CMD_KEY_INSTALLED_NTF:
		nla_put_u8(msg, PILOT_A_PEER_AUTHENTICATED, f->authenticated);
		nla_put_u8(msg, PILOT_A_PEER_KEY_CHANGED, f->key_changed);
		break;
	case PILOT_CMD_ENDPOINT_CHANGED_NTF:
		inet_pton(f->family, f->addr, addr);
		nla_put(msg, f->family == AF_INET ? PILOT_A_PEER_ENDPOINT_IPV4 :
			PILOT_A_PEER_ENDPOINT_IPV6, f->family == AF_INET ? 4 : 16, addr);
		nla_put_u16(msg, PILOT_A_PEER_ENDPOINT_PORT, f->port);
		nla_put_u8(msg, PILOT_A_PEER_ENDPOINT_LEARNED, f->learned);
		break;
	case PILOT_CMD_CRYPTO_DROPPED_NTF:
		nla_put_u32(msg, PILOT_A_PEER_DROP_REASON, f->drop_reason);
		break;
	}
	nla_nest_end(msg, nest);
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	return err < 0 ? err : 0;
}

TEST_F(peer, monitor_prints_datapath_notifications)
{
	static const struct forged forged[] = {
		{ .cmd = PILOT_CMD_KEY_INSTALLED_NTF, .key_changed = 1 },
		{ .cmd = PILOT_CMD_KEY_INSTALLED_NTF, .authenticated = 1 },
		{ .cmd = PILOT_CMD_REKEY_GAVE_UP_NTF },
		{ .cmd = PILOT_CMD_ENDPOINT_CHANGED_NTF, .family = AF_INET,
		  .addr = "10.0.0.2", .port = 9000, .learned = 1 },
		{ .cmd = PILOT_CMD_ENDPOINT_CHANGED_NTF, .family = AF_INET6,
		  .addr = "2001:db8::2", .port = 9001 },
		{ .cmd = PILOT_CMD_CRYPTO_DROPPED_NTF,
		  .drop_reason = PILOT_DROP_REASON_AEAD },
		{ .cmd = PILOT_CMD_CRYPTO_DROPPED_NTF,
		  .drop_reason = PILOT_DROP_REASON_OUTSIDE_WINDOW },
	};
	static const char *const text[] = {
		"pilot0: peer 7 key installed (unauthenticated, rekey)",
		"pilot0: peer 7 key installed (authenticated)",
		"pilot0: peer 7 rekey gave up",
		"pilot0: peer 7 endpoint 10.0.0.2:9000 (learned)",
		"pilot0: peer 7 endpoint [2001:db8::2]:9001",
		"pilot0: peer 7 crypto dropped (aead)",
		"pilot0: peer 7 crypto dropped (outside-window)",
	};
	static const char *const json[] = {
		"{\"event\":\"key-installed\",\"interface\":\"pilot0\",\"node_id\":7,"
		"\"authenticated\":false,\"key_changed\":true}",
		"{\"event\":\"key-installed\",\"interface\":\"pilot0\",\"node_id\":7,"
		"\"authenticated\":true,\"key_changed\":false}",
		"{\"event\":\"rekey-gave-up\",\"interface\":\"pilot0\",\"node_id\":7}",
		"{\"event\":\"endpoint-changed\",\"interface\":\"pilot0\",\"node_id\":7,"
		"\"endpoint\":\"10.0.0.2:9000\",\"endpoint_learned\":true}",
		"{\"event\":\"endpoint-changed\",\"interface\":\"pilot0\",\"node_id\":7,"
		"\"endpoint\":\"[2001:db8::2]:9001\",\"endpoint_learned\":false}",
		"{\"event\":\"crypto-dropped\",\"interface\":\"pilot0\",\"node_id\":7,"
		"\"reason\":\"aead\"}",
		"{\"event\":\"crypto-dropped\",\"interface\":\"pilot0\",\"node_id\":7,"
		"\"reason\":\"outside-window\"}",
	};
	struct nl_sock *sk = nl_socket_alloc();
	pid_t text_pid, json_pid;
	FILE *text_out, *json_out;
	char line[512];
	size_t i;
	int grp;

	ASSERT_EQ(0, genl_connect(sk));
	grp = genl_ctrl_resolve_grp(sk, PILOT_FAMILY_NAME, PILOT_MCGRP_PEERS);
	ASSERT_LE(1, grp);
	ASSERT_GE(32, grp);	/* sendto() names groups by a 32-bit mask */
	nl_socket_set_peer_groups(sk, 1U << (grp - 1));

	text_out = start_monitor(false, &text_pid);
	ASSERT_NE(NULL, text_out);
	json_out = start_monitor(true, &json_pid);
	ASSERT_NE(NULL, json_out);
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++)
		ASSERT_EQ(0, send_forged(sk, &forged[i]));
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		ASSERT_TRUE(next_event(text_out, line, sizeof(line)));
		EXPECT_STREQ(text[i], line);
		ASSERT_TRUE(next_event(json_out, line, sizeof(line)));
		EXPECT_STREQ(json[i], line);
	}
	kill(text_pid, SIGTERM);
	kill(json_pid, SIGTERM);
	waitpid(text_pid, NULL, 0);
	waitpid(json_pid, NULL, 0);
	fclose(text_out);
	fclose(json_out);
	nl_socket_free(sk);
}

/* Ten times as many (100,000) peers come and go with their device. */
TEST_F_TIMEOUT(peer, many_peers_device_deleted, 900)
{
	TH_LOG("%u peers", 10 * many);
	ASSERT_EQ(0, add_peers(1, 10 * many, 0));
	ASSERT_EQ(10 * many, dev_peer_count());
	ASSERT_EQ(0, system("ip link del pilot0"));
}

TEST_HARNESS_MAIN
