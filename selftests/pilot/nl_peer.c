// SPDX-License-Identifier: GPL-2.0
/*
 * Peer commands: create, change, remove, read, dump (large, split and
 * consistent), dev-set with peers, allowed IPs, every refusal, and the
 * peer notifications.
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
#include <sys/wait.h>
#include <netlink/genl/ctrl.h>

#include "kselftest_harness.h"
#include "pilot_nl.h"

static struct pilot_nl nl;

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

/* 10,000 peers, sent in chunks, all come back in one dump, once each. */
TEST_F_TIMEOUT(peer, dump_10000, 600)
{
	struct pilot_peer_info *list;
	size_t n, i;

	ASSERT_EQ(0, add_peers(1, 10000, 0));
	ASSERT_EQ(10000U, dev_peer_count());
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	ASSERT_EQ(10000U, n);
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

	ASSERT_EQ(0, add_peers(1, 10000, 0));
	msg = pilot_nl_request(&nl, PILOT_CMD_PEER_GET, NLM_F_DUMP);
	nla_put_string(msg, PILOT_A_DEVICE_IFNAME, "pilot0");
	ASSERT_EQ(0, pilot_nl_transact(&nl, msg, probe_dump, &probe));
	EXPECT_TRUE(probe.interrupted);
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	EXPECT_EQ(10001U, n);
	EXPECT_EQ(20001U, list[n - 1].node_id);
	pilot_peers_free(list, n);
}

/*
 * Dumps while another process adds 500 peers one by one: every list the
 * library returns is one state of the device, the 10,000 peers and then a
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

	ASSERT_EQ(0, add_peers(1, 10000, 0));
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
		ASSERT_LE(10000U, n);
		for (i = 0; i < n; i++)
			ASSERT_EQ(i < 10000 ? i + 1 : 20001 + (i - 10000), list[i].node_id);
		pilot_peers_free(list, n);
		complete++;
	} while (waitpid(pid, &status, WNOHANG) == 0);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, pilot_nl_peer_list(&nl, "pilot0", &list, &n));
	EXPECT_EQ(10500U, n);
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

/* 100,000 peers come and go with their device. */
TEST_F_TIMEOUT(peer, many_peers_device_deleted, 900)
{
	ASSERT_EQ(0, add_peers(1, 100000, 0));
	ASSERT_EQ(100000U, dev_peer_count());
	ASSERT_EQ(0, system("ip link del pilot0"));
}

TEST_HARNESS_MAIN
