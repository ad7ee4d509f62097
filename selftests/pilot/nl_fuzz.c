// SPDX-License-Identifier: GPL-2.0
/*
 * The "pilot" generic netlink family under random requests, and who may
 * use it.
 *
 * random_requests: for NL_FUZZ_SECONDS (20, or 8 on the debug kernel) it
 * sends requests built from a seeded PRNG (NL_FUZZ_SEED reruns one) to
 * every command of the family, the notification-only and unknown ones
 * too, with and without NLM_F_DUMP, naming existing, missing and
 * non-pilot devices: attributes of the right type and of wrong ones,
 * lengths 0, short, long and huge, lengths that lie, bad and deep nesting,
 * missing, duplicated and unknown attributes, random values. Every request
 * must get its answer (an ACK, an error with a known errno, or a dump's
 * end) within seconds; afterwards the devices still work and go away.
 *
 * The privilege tests: without CAP_NET_ADMIN (nobody, or root with the
 * capability dropped) every command but version-get is refused with EPERM
 * whatever its attributes, and neither multicast group may be joined; root
 * of a new user namespace manages the devices of its own network namespace
 * (but not the sockets of a device created elsewhere), not those of the
 * namespace it came from, not even through a socket opened there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "kselftest_harness.h"
#include "nl_test.h"
#include "pilot_nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

static bool debug_kernel(void)
{
	return !access("/sys/kernel/debug/kmemleak", F_OK);
}

/* ---- a seeded PRNG (splitmix64): a seed reruns a failure ---- */

static uint64_t prng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? rnd64() % n : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static void rnd_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = rnd64();
}

/* ---- raw generic netlink: requests the kernel's own way, any shape ---- */

#define MSG_MAX 65536

struct raw {
	int fd;
	uint32_t seq;
};

struct answer {
	int err;		/* 0 or a negative errno; -ETIMEDOUT: none came */
	int replies;		/* messages before the ACK or the dump's end */
	bool ext_msg;		/* the kernel said why */
	bool ext_attr;		/* ... or pointed at an attribute */
	char msg[128];
};

static int raw_open(struct raw *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 10 };
	int one = 1, size = 1 << 20;

	r->seq = 1;
	r->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (r->fd < 0)
		return -errno;
	if (bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(r->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(r->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(r->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size))) {
		close(r->fd);
		return -errno;
	}
	return 0;
}

static int raw_join(struct raw *r, int group)
{
	return setsockopt(r->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
			  sizeof(group)) ? -errno : 0;
}

/* The extended ACK's attributes after struct nlmsgerr (capped: no request). */
static void parse_ext_ack(const struct nlmsghdr *nh, size_t off, struct answer *a)
{
	const struct nlattr *at = (const void *)((const char *)nh + NLMSG_HDRLEN + off);
	int rem = (int)nh->nlmsg_len - NLMSG_HDRLEN - (int)off;

	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	for (; rem >= (int)sizeof(*at) && at->nla_len >= sizeof(*at) && at->nla_len <= rem;
	     rem -= NLA_ALIGN(at->nla_len),
	     at = (const void *)((const char *)at + NLA_ALIGN(at->nla_len))) {
		switch (at->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			a->ext_msg = true;
			snprintf(a->msg, sizeof(a->msg), "%.*s",
				 (int)(at->nla_len - sizeof(*at)),
				 (const char *)(at + 1));
			break;
		case NLMSGERR_ATTR_OFFS:
		case NLMSGERR_ATTR_MISS_TYPE:
		case NLMSGERR_ATTR_MISS_NEST:
			a->ext_attr = true;
			break;
		}
	}
}

/*
 * Send one request (its nlmsg_seq is set here) and read until its answer:
 * an NLMSG_ERROR (the ACK) or, for a dump, NLMSG_DONE. Messages of other
 * sequence numbers are left answers to earlier requests.
 */
static void raw_exchange(struct raw *r, struct nlmsghdr *req, struct answer *a)
{
	static char buf[MSG_MAX * 2];
	uint32_t seq = ++r->seq;

	memset(a, 0, sizeof(*a));
	req->nlmsg_seq = seq;
	if (send(r->fd, req, req->nlmsg_len, 0) != (ssize_t)req->nlmsg_len) {
		a->err = -errno;
		snprintf(a->msg, sizeof(a->msg), "send failed");
		return;
	}
	for (;;) {
		ssize_t n = recv(r->fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (n < 0) {
			a->err = errno == EAGAIN ? -ETIMEDOUT : -errno;
			snprintf(a->msg, sizeof(a->msg), "no answer: %s", strerror(errno));
			return;
		}
		for (nh = (void *)buf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				a->err = e->error;
				parse_ext_ack(nh, sizeof(*e), a);
				return;
			}
			if (nh->nlmsg_type == NLMSG_DONE) {
				a->err = *(int *)NLMSG_DATA(nh);
				parse_ext_ack(nh, sizeof(int), a);
				return;
			}
			a->replies++;
		}
	}
}

/* ---- building requests ---- */

struct mb {
	union {
		struct nlmsghdr nh;
		char buf[MSG_MAX];
	};
	size_t len;
};

#define ROOM 1024	/* what the last attribute may still need */

static void mb_start(struct mb *m, uint16_t family, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	memset(&m->nh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nh.nlmsg_type = family;
	m->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = (void *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = PILOT_FAMILY_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

static struct nlmsghdr *mb_end(struct mb *m)
{
	m->nh.nlmsg_len = m->len;
	return &m->nh;
}

static bool mb_full(const struct mb *m, size_t need)
{
	return m->len + NLA_HDRLEN + NLA_ALIGN(need) + ROOM > sizeof(m->buf);
}

/* An attribute whose header claims @claim bytes of payload, holding @len. */
static void put_lying(struct mb *m, uint16_t type, int claim, const void *data,
		      size_t len)
{
	struct nlattr *at = (void *)(m->buf + m->len);

	if (mb_full(m, len))
		return;
	at->nla_type = type;
	at->nla_len = NLA_HDRLEN + claim;
	if (data)
		memcpy(at + 1, data, len);
	else
		rnd_bytes(at + 1, len);
	memset((char *)(at + 1) + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
}

static void put(struct mb *m, uint16_t type, const void *data, size_t len)
{
	put_lying(m, type, len, data, len);
}

static void put_u32(struct mb *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_str(struct mb *m, uint16_t type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static size_t nest_start(struct mb *m, uint16_t type)
{
	size_t at = m->len;

	put(m, type | NLA_F_NESTED, NULL, 0);
	return at;
}

static void nest_end(struct mb *m, size_t at)
{
	((struct nlattr *)(m->buf + at))->nla_len = m->len - at;
}

/* ---- what the fuzzer knows of the family ---- */

enum kind { K_NONE, K_U8, K_U16, K_U32, K_U64, K_STR, K_KEY, K_SIG, K_IP6,
	    K_FLAG, K_PEER, K_AIP, K_DROPS, K_IPADDR, K_IFINDEX, K_IFNAME,
	    K_NODE, K_PORT, K_BOOL, K_PUBKEY };

static const uint8_t version_kinds[] = {
	[PILOT_A_VERSION_MODULE] = K_STR, [PILOT_A_VERSION_FAMILY] = K_U32,
	[PILOT_A_VERSION_PROTOCOL] = K_STR,
};

static const uint8_t device_kinds[] = {
	[PILOT_A_DEVICE_IFINDEX] = K_IFINDEX, [PILOT_A_DEVICE_IFNAME] = K_IFNAME,
	[PILOT_A_DEVICE_NODE_ID] = K_NODE, [PILOT_A_DEVICE_NETWORK_ID] = K_U16,
	[PILOT_A_DEVICE_LISTEN_PORT] = K_PORT, [PILOT_A_DEVICE_PRIVATE_KEY] = K_KEY,
	[PILOT_A_DEVICE_PUBLIC_KEY] = K_KEY, [PILOT_A_DEVICE_ENCRYPTION] = K_BOOL,
	[PILOT_A_DEVICE_FWMARK] = K_U32, [PILOT_A_DEVICE_PEER_COUNT] = K_U32,
	[PILOT_A_DEVICE_IDENTITY_KEY] = K_KEY, [PILOT_A_DEVICE_FLAGS] = K_U32,
	[PILOT_A_DEVICE_PEER] = K_PEER, [PILOT_A_DEVICE_GENERATION] = K_U32,
	[PILOT_A_DEVICE_LEARN_PEERS] = K_BOOL, [PILOT_A_DEVICE_SESSION_COUNT] = K_U32,
	[PILOT_A_DEVICE_DROPS] = K_DROPS, [PILOT_A_DEVICE_KEYD] = K_BOOL,
};

static const uint8_t peer_kinds[] = {
	[PILOT_A_PEER_PAD] = K_U64, [PILOT_A_PEER_NODE_ID] = K_NODE,
	[PILOT_A_PEER_ENDPOINT_IPV4] = K_U32, [PILOT_A_PEER_ENDPOINT_IPV6] = K_IP6,
	[PILOT_A_PEER_ENDPOINT_PORT] = K_PORT, [PILOT_A_PEER_ALLOWED_IP] = K_AIP,
	[PILOT_A_PEER_IDENTITY_KEY] = K_KEY, [PILOT_A_PEER_KEEPALIVE_INTERVAL] = K_U16,
	[PILOT_A_PEER_FLAGS] = K_U32, [PILOT_A_PEER_ENDPOINT_LEARNED] = K_BOOL,
	[PILOT_A_PEER_RX_BYTES] = K_U64, [PILOT_A_PEER_TX_BYTES] = K_U64,
	[PILOT_A_PEER_RX_PACKETS] = K_U64, [PILOT_A_PEER_TX_PACKETS] = K_U64,
	[PILOT_A_PEER_DEL_REASON] = K_U32, [PILOT_A_PEER_SESSION] = K_BOOL,
	[PILOT_A_PEER_AUTHENTICATED] = K_BOOL, [PILOT_A_PEER_LAST_KEY_EXCHANGE] = K_U64,
	[PILOT_A_PEER_REKEY_ATTEMPTS] = K_U8, [PILOT_A_PEER_GAVE_UP_MS] = K_U32,
	[PILOT_A_PEER_LEARNED] = K_BOOL, [PILOT_A_PEER_DROPS] = K_DROPS,
	[PILOT_A_PEER_DROP_REASON] = K_U32, [PILOT_A_PEER_KEY_CHANGED] = K_BOOL,
	[PILOT_A_PEER_REGISTERED_KEY] = K_KEY,
};

static const uint8_t aip_kinds[] = {
	[PILOT_A_ALLOWED_IP_FAMILY] = K_U16, [PILOT_A_ALLOWED_IP_IPADDR] = K_IPADDR,
	[PILOT_A_ALLOWED_IP_CIDR_MASK] = K_U8, [PILOT_A_ALLOWED_IP_FLAGS] = K_U32,
};

static const uint8_t drops_kinds[PILOT_A_DROPS_MAX + 1] = {
	[1 ... PILOT_A_DROPS_MAX] = K_U64,
};

static const uint8_t keyd_kinds[] = {
	[PILOT_A_KEYD_IFINDEX] = K_IFINDEX, [PILOT_A_KEYD_COOKIE] = K_U32,
	[PILOT_A_KEYD_NODE_ID] = K_NODE, [PILOT_A_KEYD_PUBLIC_KEY] = K_PUBKEY,
	[PILOT_A_KEYD_IDENTITY_KEY] = K_KEY, [PILOT_A_KEYD_SIGNATURE] = K_SIG,
	[PILOT_A_KEYD_RESULT] = K_U32, [PILOT_A_KEYD_PINNED] = K_FLAG,
	[PILOT_A_KEYD_ENDPOINT_IPV4] = K_U32, [PILOT_A_KEYD_ENDPOINT_IPV6] = K_IP6,
	[PILOT_A_KEYD_ENDPOINT_PORT] = K_PORT,
};

struct space {
	const uint8_t *kinds;
	int max;
};

#define SPACE(k) { k, (int)sizeof(k) - 1 }
static const struct space sp_version = SPACE(version_kinds);
static const struct space sp_device = SPACE(device_kinds);
static const struct space sp_peer = SPACE(peer_kinds);
static const struct space sp_aip = SPACE(aip_kinds);
static const struct space sp_drops = SPACE(drops_kinds);
static const struct space sp_keyd = SPACE(keyd_kinds);

/* The targets: the devices of the test's namespace, as it last read them. */
struct target {
	uint32_t ifindex[2];	/* pilot0 (up), pilot1 (down) */
	uint32_t node_id;	/* pilot0's */
	uint8_t public_key[PILOT_KEY_LEN];
};

static struct target tgt;

static uint32_t pick_ifindex(void)
{
	switch (rnd(8)) {
	case 0: case 1: case 2: return tgt.ifindex[0];
	case 3: return tgt.ifindex[1];
	case 4: return 1;		/* lo: not a pilot device */
	case 5: return 0;
	case 6: return 100000 + rnd(1000);
	default: return rnd64();
	}
}

static void put_ifname(struct mb *m, uint16_t type)
{
	static const char *const names[] = { "pilot0", "pilot0", "pilot1", "lo",
					     "nope0", "", "pilot0pilot0pilot0" };
	char s[24];
	size_t n;

	switch (rnd(4)) {
	case 0:		/* no NUL, or random bytes, up to 20 long */
		n = rnd(21);
		rnd_bytes(s, n);
		put(m, type, s, n);
		return;
	case 1:		/* a name without its NUL */
		put(m, type, "pilot0", 6);
		return;
	default:
		put_str(m, type, names[rnd(sizeof(names) / sizeof(names[0]))]);
	}
}

static uint32_t pick_node(void)
{
	switch (rnd(6)) {
	case 0: return tgt.node_id;
	case 1: return 0;
	case 2: return ~0U - rnd(2);
	default: return 1 + rnd(48);	/* peers come, change and go */
	}
}

static uint64_t pick_value(void)
{
	switch (rnd(6)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return rnd(8);
	case 3: return ~0ULL;
	case 4: return 1ULL << rnd(64);
	default: return rnd64();
	}
}

static void put_nest(struct mb *m, uint16_t type, const struct space *sp, int depth);

/* One attribute of kind @k, right for its kind. */
static void put_valid(struct mb *m, uint16_t type, enum kind k, int depth)
{
	uint8_t b[64];
	uint64_t v = pick_value();
	uint16_t v16;
	uint32_t v32;
	uint8_t v8;

	switch (k) {
	case K_U8: v8 = v; put(m, type, &v8, 1); break;
	case K_BOOL: v8 = rnd(3); put(m, type, &v8, 1); break;
	case K_U16: v16 = v; put(m, type, &v16, 2); break;
	case K_PORT:
		v16 = chance(50) ? 20000 + rnd(4) : v;
		put(m, type, &v16, 2);
		break;
	case K_U32: v32 = v; put(m, type, &v32, 4); break;
	case K_U64: put(m, type, &v, 8); break;
	case K_IFINDEX: put_u32(m, type, pick_ifindex()); break;
	case K_NODE: put_u32(m, type, pick_node()); break;
	case K_IFNAME: put_ifname(m, type); break;
	case K_STR: put_ifname(m, type); break;
	case K_FLAG: put(m, type, NULL, 0); break;
	case K_PUBKEY:
		if (chance(60)) {
			put(m, type, tgt.public_key, PILOT_KEY_LEN);
			break;
		}
		/* fall through */
	case K_KEY:
		if (chance(20))
			memset(b, 0, PILOT_KEY_LEN);
		else
			rnd_bytes(b, PILOT_KEY_LEN);
		put(m, type, b, PILOT_KEY_LEN);
		break;
	case K_SIG: put(m, type, NULL, 64); break;
	case K_IP6: put(m, type, NULL, 16); break;
	case K_IPADDR: put(m, type, NULL, chance(50) ? 4 : 16); break;
	case K_PEER: put_nest(m, type, &sp_peer, depth + 1); break;
	case K_AIP: put_nest(m, type, &sp_aip, depth + 1); break;
	case K_DROPS: put_nest(m, type, &sp_drops, depth + 1); break;
	default: put(m, type, NULL, rnd(9)); break;
	}
}

static size_t kind_len(enum kind k)
{
	switch (k) {
	case K_U8: case K_BOOL: return 1;
	case K_U16: case K_PORT: return 2;
	case K_U32: case K_IFINDEX: case K_NODE: return 4;
	case K_U64: return 8;
	case K_IP6: return 16;
	case K_KEY: case K_PUBKEY: return PILOT_KEY_LEN;
	case K_SIG: return 64;
	default: return 4;
	}
}

/* One attribute of a space, right or wrong in one of many ways. */
static void put_attr(struct mb *m, const struct space *sp, int depth)
{
	uint16_t type = 1 + rnd(sp->max);
	enum kind k = sp->kinds[type];
	size_t len = kind_len(k), at, starts[12];
	int i, n;

	if (depth > 6) {
		put_valid(m, type, k, depth);
		return;
	}
	switch (rnd(20)) {
	case 0:		/* length 0, short or long by one */
		put(m, type, NULL, (size_t[]){ 0, len - 1, len + 1, 3 }[rnd(4)]);
		break;
	case 1:		/* huge */
		put(m, type, NULL, 256 + rnd(chance(10) ? 32768 : 4096));
		break;
	case 2:		/* an unknown type: 0, one past the end, anything */
		type = (uint16_t[]){ 0, sp->max + 1, sp->max + 2, rnd(0x4000) }[rnd(4)];
		put(m, type | (chance(30) ? NLA_F_NESTED : 0), NULL, rnd(40));
		break;
	case 3:		/* a nest where a value belongs, or the flag on a value */
		at = m->len;
		if (chance(50)) {
			at = nest_start(m, type);
			put_attr(m, sp, depth + 1);
			nest_end(m, at);
		} else if (!mb_full(m, 64)) {
			put_valid(m, type, k, depth);
			((struct nlattr *)(m->buf + at))->nla_type |= NLA_F_NESTED;
		}
		break;
	case 4:		/* a header whose length lies: past the end, below its own */
		put_lying(m, type, (int[]){ -4, -1, 200, 4000 }[rnd(4)], NULL, len);
		break;
	case 5:		/* deep nesting of anything */
		n = 1 + rnd(12);
		for (i = 0; i < n && !mb_full(m, 64); i++)
			starts[i] = nest_start(m, 1 + rnd(sp->max));
		n = i;
		if (depth < 3)
			put_attr(m, sp, depth + 1);
		while (n--)
			nest_end(m, starts[n]);
		break;
	case 6:		/* byte-order flag, random payload of the right length */
		put(m, type | NLA_F_NET_BYTEORDER, NULL, len);
		break;
	case 7:		/* twice */
		put_valid(m, type, k, depth);
		put_valid(m, type, k, depth);
		break;
	default:
		put_valid(m, type, k, depth);
	}
}

static void put_nest(struct mb *m, uint16_t type, const struct space *sp, int depth)
{
	size_t at = nest_start(m, type);
	int i, n = depth > 3 ? 0 : rnd(7);

	if (chance(5))	/* sometimes without the nested flag */
		((struct nlattr *)(m->buf + at))->nla_type &= ~NLA_F_NESTED;
	for (i = 0; i < n; i++)
		put_attr(m, sp, depth);
	nest_end(m, at);
}

/* A peer that could be right: node, maybe an endpoint and allowed IPs. */
static void put_good_peer(struct mb *m)
{
	size_t at = nest_start(m, PILOT_A_DEVICE_PEER), aip;
	uint8_t addr[16];
	uint16_t port = 20000 + rnd(4), fam;
	uint32_t v4 = htonl(0x0a000001 + rnd(200)), flags;
	uint8_t cidr;
	int i, n = rnd(4);

	put_u32(m, PILOT_A_PEER_NODE_ID, 1 + rnd(48));
	if (chance(50)) {
		put_u32(m, PILOT_A_PEER_ENDPOINT_IPV4, v4);
		put(m, PILOT_A_PEER_ENDPOINT_PORT, &port, 2);
	}
	if (chance(30)) {
		flags = rnd(8);
		put_u32(m, PILOT_A_PEER_FLAGS, flags);
	}
	for (i = 0; i < n; i++) {
		aip = nest_start(m, PILOT_A_PEER_ALLOWED_IP);
		fam = chance(50) ? AF_INET : AF_INET6;
		put(m, PILOT_A_ALLOWED_IP_FAMILY, &fam, 2);
		rnd_bytes(addr, sizeof(addr));
		put(m, PILOT_A_ALLOWED_IP_IPADDR, addr, fam == AF_INET ? 4 : 16);
		cidr = fam == AF_INET ? rnd(33) : rnd(129);
		put(m, PILOT_A_ALLOWED_IP_CIDR_MASK, &cidr, 1);
		if (chance(20))
			put_u32(m, PILOT_A_ALLOWED_IP_FLAGS, 1);
		nest_end(m, aip);
	}
	nest_end(m, at);
}

/* ---- commands ---- */

#define CMD_SLOTS 32

static const struct space *cmd_space(uint8_t cmd)
{
	switch (cmd) {
	case PILOT_CMD_VERSION_GET:
		return &sp_version;
	case PILOT_CMD_DEV_GET: case PILOT_CMD_DEV_SET: case PILOT_CMD_PEER_NEW:
	case PILOT_CMD_PEER_SET: case PILOT_CMD_PEER_DEL: case PILOT_CMD_PEER_GET:
		return &sp_device;
	case PILOT_CMD_IDENTITY_SET: case PILOT_CMD_VERIFY_REPLY:
		return &sp_keyd;
	default:	/* a notification or no command: anything */
		return (const struct space *[]){ &sp_device, &sp_keyd, &sp_peer,
						 &sp_version }[rnd(4)];
	}
}

static uint8_t pick_cmd(void)
{
	static const uint8_t requests[] = {
		PILOT_CMD_VERSION_GET, PILOT_CMD_DEV_GET, PILOT_CMD_DEV_SET,
		PILOT_CMD_PEER_NEW, PILOT_CMD_PEER_SET, PILOT_CMD_PEER_DEL,
		PILOT_CMD_PEER_GET, PILOT_CMD_IDENTITY_SET, PILOT_CMD_VERIFY_REPLY,
	};

	if (chance(85))
		return requests[rnd(sizeof(requests))];
	return chance(70) ? 1 + rnd(PILOT_CMD_MAX) :	/* notifications */
	       (uint8_t[]){ 0, PILOT_CMD_MAX + 1, CMD_SLOTS - 1 }[rnd(3)];
}

/* A random request for @cmd into @m. */
static void build(struct mb *m, uint16_t family, uint8_t cmd)
{
	const struct space *sp = cmd_space(cmd);
	int i, n = rnd(9);

	mb_start(m, family, cmd, chance(25) ? NLM_F_DUMP : 0);
	if (chance(3))
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->version = rnd(256);
	/* most requests name a device the right way, to get past the lookup */
	if (sp == &sp_device && chance(70)) {
		if (chance(50))
			put_str(m, PILOT_A_DEVICE_IFNAME, chance(85) ? "pilot0" : "pilot1");
		else
			put_u32(m, PILOT_A_DEVICE_IFINDEX, pick_ifindex());
	} else if (sp == &sp_keyd && chance(70)) {
		put_u32(m, PILOT_A_KEYD_IFINDEX, pick_ifindex());
	}
	if (sp == &sp_device && cmd != PILOT_CMD_DEV_GET && chance(50)) {
		/* a peer worth applying, amid the rest or alone */
		put_good_peer(m);
		n = chance(50) ? 0 : n / 2;
	}
	for (i = 0; i < n && !mb_full(m, 64); i++)
		put_attr(m, sp, 0);
	if (chance(2)) {	/* trailing bytes shorter than an attribute header */
		memset(m->buf + m->len, 0, 2);
		m->len += 2;
	}
}

static const char *cmd_name(unsigned int cmd)
{
	static const char *const names[] = {
		[PILOT_CMD_VERSION_GET] = "version-get",
		[PILOT_CMD_DEV_GET] = "dev-get", [PILOT_CMD_DEV_SET] = "dev-set",
		[PILOT_CMD_PEER_NEW] = "peer-new", [PILOT_CMD_PEER_SET] = "peer-set",
		[PILOT_CMD_PEER_DEL] = "peer-del", [PILOT_CMD_PEER_GET] = "peer-get",
		[PILOT_CMD_IDENTITY_SET] = "identity-set",
		[PILOT_CMD_VERIFY_REPLY] = "verify-reply",
	};

	if (cmd < sizeof(names) / sizeof(names[0]) && names[cmd])
		return names[cmd];
	return cmd && cmd <= PILOT_CMD_MAX ? "(notification)" : "(unknown)";
}

/*
 * The errors a request may get. EINVAL, ERANGE and EMSGSIZE: attribute
 * validation; EOPNOTSUPP: no such command or no dump of it, or not a pilot
 * device; ENODEV: no such device; ENOENT: no such peer or upcall;
 * EEXIST: peer-new of an existing peer; EAFNOSUPPORT: an allowed IP's
 * family; EPROTONOSUPPORT: a newer client; EADDRINUSE: the listen port of
 * the other device; ESTALE: an identity signed for another key; ENOSPC:
 * the peer limit.
 */
static bool errno_known(int err)
{
	switch (-err) {
	case 0: case EINVAL: case ERANGE: case EMSGSIZE: case EOPNOTSUPP:
	case ENODEV: case ENOENT: case EEXIST: case EAFNOSUPPORT:
	case EPROTONOSUPPORT: case EADDRINUSE: case ESTALE: case ENOSPC:
		return true;
	}
	return false;
}

static unsigned int fuzz_seconds(void)
{
	const char *s = getenv("NL_FUZZ_SECONDS");

	if (s && *s)
		return strtoul(s, NULL, 0);
	return debug_kernel() ? 8 : 20;
}

static uint64_t fuzz_seed(void)
{
	const char *s = getenv("NL_FUZZ_SEED");
	struct timespec ts;

	if (s && *s)
		return strtoull(s, NULL, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec << 20) ^ ts.tv_nsec ^ getpid();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int family_id(int *keyd_grp, int *peers_grp)
{
	struct pilot_nl nl;
	int id;

	if (pilot_nl_open(&nl))
		return -1;
	id = nl.family;
	if (keyd_grp)
		*keyd_grp = genl_ctrl_resolve_grp(nl.sk, PILOT_FAMILY_NAME, PILOT_MCGRP_KEYD);
	if (peers_grp)
		*peers_grp = genl_ctrl_resolve_grp(nl.sk, PILOT_FAMILY_NAME, PILOT_MCGRP_PEERS);
	pilot_nl_close(&nl);
	return id;
}

static int refresh_target(void)
{
	struct pilot_device_info d;
	struct pilot_nl nl;
	int err;

	err = pilot_nl_open(&nl);
	if (err)
		return err;
	err = pilot_nl_dev_get(&nl, "pilot0", &d);
	if (!err) {
		tgt.ifindex[0] = d.ifindex;
		tgt.node_id = d.node_id;
		memcpy(tgt.public_key, d.public_key, sizeof(tgt.public_key));
		err = pilot_nl_dev_get(&nl, "pilot1", &d);
		tgt.ifindex[1] = d.ifindex;
	}
	pilot_nl_close(&nl);
	return err;
}

/* Read what the groups sent, without waiting; return how many messages. */
static unsigned int drain(int fd)
{
	static char buf[MSG_MAX];
	unsigned int n = 0;
	ssize_t len;

	while ((len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0 ||
	       (len < 0 && errno == ENOBUFS)) {
		struct nlmsghdr *nh;

		for (nh = (void *)buf; len > 0 && NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len))
			n++;
	}
	return n;
}

struct tally {
	unsigned long sent[CMD_SLOTS][2];	/* [cmd][dump] */
	unsigned long by_errno[256];
	unsigned long errors, ext_msg, ext_attr, neither, replies, notifications;
	unsigned long bad[CMD_SLOTS][256];	/* errors that said nothing */
};

FIXTURE(fuzz) {
	int family;
};

FIXTURE_SETUP(fuzz)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, sh("ip link add pilot0 type pilot && ip link add pilot1 type pilot"
			" && ip link set lo up && ip link set pilot0 up"));
	self->family = family_id(NULL, NULL);
	ASSERT_LT(0, self->family);
	ASSERT_EQ(0, refresh_target());
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, random_requests, 300)
{
	static struct tally t;
	static struct mb m;
	unsigned int secs = fuzz_seconds();
	uint64_t seed = fuzz_seed();
	struct pilot_device_info d;
	struct pilot_peer_info p = { .node_id = 4242 };
	struct pilot_device_config cfg = { .ifname = "pilot0" };
	int keyd_grp, peers_grp, i, j;
	struct raw r, listen;
	struct answer a;
	struct pilot_nl nl;
	double start, end;
	unsigned long total = 0;

	prng_state = seed;
	ksft_print_msg("seed %llu (NL_FUZZ_SEED=%llu reruns it), %u s\n",
		       (unsigned long long)seed, (unsigned long long)seed, secs);
	ASSERT_LT(0, family_id(&keyd_grp, &peers_grp));
	ASSERT_EQ(0, raw_open(&r));
	ASSERT_EQ(0, raw_open(&listen));
	ASSERT_EQ(0, raw_join(&listen, keyd_grp));
	ASSERT_EQ(0, raw_join(&listen, peers_grp));

	start = now();
	end = start + secs;
	while (now() < end) {
		uint8_t cmd = pick_cmd();
		bool dump;

		build(&m, self->family, cmd);
		dump = m.nh.nlmsg_flags & NLM_F_DUMP;
		raw_exchange(&r, mb_end(&m), &a);
		total++;
		t.sent[cmd % CMD_SLOTS][dump]++;
		t.replies += a.replies;
		if (a.err == -ETIMEDOUT || !errno_known(a.err) || a.err > 0) {
			ksft_print_msg("request %lu (%s%s, %zu bytes): %d %s\n", total,
				       cmd_name(cmd), dump ? " dump" : "", m.len,
				       a.err, a.msg);
			ASSERT_TRUE(errno_known(a.err) && a.err <= 0);
		}
		t.by_errno[-a.err]++;
		if (a.err) {
			t.errors++;
			t.ext_msg += a.ext_msg;
			t.ext_attr += a.ext_attr && !a.ext_msg;
			if (!a.ext_msg && !a.ext_attr) {
				t.neither++;
				t.bad[cmd % CMD_SLOTS][-a.err]++;
			}
		}
		if (!(total % 64)) {
			t.notifications += drain(listen.fd);
			ASSERT_EQ(0, refresh_target());
		}
	}
	t.notifications += drain(listen.fd);
	end = now();

	ksft_print_msg("%lu requests in %.1f s (%.0f/s), %lu replies, %lu notifications\n",
		       total, end - start, total / (end - start), t.replies, t.notifications);
	for (i = 0; i < CMD_SLOTS; i++)
		if (t.sent[i][0] + t.sent[i][1])
			ksft_print_msg("  cmd %2d %-15s %6lu do %6lu dump\n", i, cmd_name(i),
				       t.sent[i][0], t.sent[i][1]);
	for (i = 0; i < 256; i++)
		if (t.by_errno[i])
			ksft_print_msg("  answer %-16s %6lu\n", i ? strerrorname_np(i) : "0 (ok)",
				       t.by_errno[i]);
	ksft_print_msg("errors %lu: extack message %lu, attribute only %lu, neither %lu\n",
		       t.errors, t.ext_msg, t.ext_attr, t.neither);
	for (i = 0; i < CMD_SLOTS; i++)
		for (j = 0; j < 256; j++)
			if (t.bad[i][j])
				ksft_print_msg("  without extack: cmd %d %s %s: %lu\n", i,
					       cmd_name(i), strerrorname_np(j), t.bad[i][j]);
	close(r.fd);
	close(listen.fd);

	/* every command took its share; both answers came for each */
	for (i = PILOT_CMD_VERSION_GET; i <= PILOT_CMD_PEER_GET; i++)
		EXPECT_LT(0UL, t.sent[i][0]);
	EXPECT_LT(0UL, t.by_errno[0]);
	EXPECT_LT(0UL, t.errors);

	/* the devices still work */
	ASSERT_EQ(0, pilot_nl_open(&nl));
	cfg.set = PILOT_SET_NODE_ID | PILOT_SET_LISTEN_PORT | PILOT_SET_ENCRYPTION;
	cfg.node_id = 777;
	cfg.listen_port = 21000;
	cfg.encryption = true;
	cfg.flags = PILOT_DEVICE_FLAGS_REPLACE_PEERS;
	cfg.peers = &p;
	cfg.n_peers = 1;
	EXPECT_EQ(0, pilot_nl_dev_set(&nl, &cfg)) TH_LOG("%s", nl.errmsg);
	ASSERT_EQ(0, pilot_nl_dev_get(&nl, "pilot0", &d));
	EXPECT_EQ(777U, d.node_id);
	EXPECT_EQ(21000, d.listen_port);
	EXPECT_EQ(1U, d.peer_count);
	EXPECT_EQ(0, pilot_nl_dev_get(&nl, "pilot1", &d));
	pilot_nl_close(&nl);
	EXPECT_EQ(0, sh("ip link set pilot0 down && ip link set pilot0 up"
			" && ip link del pilot0 && ip link del pilot1"));
}

/* ---- privileges ---- */

/* One well-formed request of each command, naming @ifname / @ifindex. */
static struct nlmsghdr *good_request(struct mb *m, uint16_t family, uint8_t cmd,
				     bool dump, const char *ifname, uint32_t ifindex)
{
	uint8_t zero[PILOT_KEY_LEN] = { 0 };
	uint16_t port = 21001;
	size_t at;

	mb_start(m, family, cmd, dump ? NLM_F_DUMP : 0);
	switch (cmd) {
	case PILOT_CMD_VERSION_GET:
		break;
	case PILOT_CMD_DEV_GET:
		put_str(m, PILOT_A_DEVICE_IFNAME, ifname);
		break;
	case PILOT_CMD_DEV_SET:
		put_str(m, PILOT_A_DEVICE_IFNAME, ifname);
		put_u32(m, PILOT_A_DEVICE_NODE_ID, 99);
		break;
	case PILOT_CMD_IDENTITY_SET:
		put_u32(m, PILOT_A_KEYD_IFINDEX, ifindex);
		put(m, PILOT_A_KEYD_IDENTITY_KEY, zero, sizeof(zero));
		break;
	case PILOT_CMD_VERIFY_REPLY:
		put_u32(m, PILOT_A_KEYD_IFINDEX, ifindex);
		put_u32(m, PILOT_A_KEYD_COOKIE, 12345);
		put_u32(m, PILOT_A_KEYD_NODE_ID, 7);
		put_u32(m, PILOT_A_KEYD_RESULT, PILOT_AUTH_RESULT_UNKNOWN_NODE);
		break;
	default:	/* the peer commands */
		put_str(m, PILOT_A_DEVICE_IFNAME, ifname);
		if (dump)
			break;
		at = nest_start(m, PILOT_A_DEVICE_PEER);
		put_u32(m, PILOT_A_PEER_NODE_ID, 7);
		if (cmd == PILOT_CMD_PEER_NEW || cmd == PILOT_CMD_PEER_SET) {
			put_u32(m, PILOT_A_PEER_ENDPOINT_IPV4, htonl(0x0a000007));
			put(m, PILOT_A_PEER_ENDPOINT_PORT, &port, 2);
		}
		nest_end(m, at);
	}
	return mb_end(m);
}

struct expect {
	uint8_t cmd;
	bool dump;
	int err;
};

/* What someone without CAP_NET_ADMIN gets: only version-get answers. */
static const struct expect unprivileged[] = {
	{ PILOT_CMD_VERSION_GET, false, 0 },
	{ PILOT_CMD_DEV_GET, false, -EPERM },
	{ PILOT_CMD_DEV_GET, true, -EPERM },
	{ PILOT_CMD_PEER_GET, false, -EPERM },
	{ PILOT_CMD_PEER_GET, true, -EPERM },
	{ PILOT_CMD_DEV_SET, false, -EPERM },
	{ PILOT_CMD_PEER_NEW, false, -EPERM },
	{ PILOT_CMD_PEER_SET, false, -EPERM },
	{ PILOT_CMD_PEER_DEL, false, -EPERM },
	{ PILOT_CMD_IDENTITY_SET, false, -EPERM },
	{ PILOT_CMD_VERIFY_REPLY, false, -EPERM },
};

/* Each request of @ex on @r; the number that got another answer. */
static int check_all(struct raw *r, uint16_t family, const struct expect *ex, size_t n,
		     const char *ifname, uint32_t ifindex, const char *who)
{
	static struct mb m;
	struct answer a;
	int bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		raw_exchange(r, good_request(&m, family, ex[i].cmd, ex[i].dump, ifname,
					     ifindex), &a);
		if (a.err != ex[i].err) {
			printf("# %s: %s%s on %s: %d (%s), expected %d\n", who,
			       cmd_name(ex[i].cmd), ex[i].dump ? " dump" : "", ifname,
			       a.err, a.msg, ex[i].err);
			bad++;
		}
	}
	return bad;
}

/*
 * Random requests to every command: each but version-get must be refused
 * (the permission check comes before any attribute is looked at).
 */
static int check_fuzz_refused(struct raw *r, uint16_t family, unsigned int count)
{
	static struct mb m;
	unsigned int i, bad = 0;
	struct answer a;

	for (i = 0; i < count; i++) {
		uint8_t cmd = pick_cmd();
		int want = -EPERM;

		build(&m, family, cmd);
		raw_exchange(r, mb_end(&m), &a);
		if (cmd == PILOT_CMD_VERSION_GET)
			continue;
		if (cmd_name(cmd)[0] == '(' ||
		    ((m.nh.nlmsg_flags & NLM_F_DUMP) && cmd != PILOT_CMD_DEV_GET &&
		     cmd != PILOT_CMD_PEER_GET))
			want = -EOPNOTSUPP;
		if (a.err != want && bad++ < 5)
			printf("# random %s%s: %d (%s), expected %d\n", cmd_name(cmd),
			       m.nh.nlmsg_flags & NLM_F_DUMP ? " dump" : "", a.err, a.msg,
			       want);
	}
	return bad;
}

static int drop_cap_net_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct c[2];

	if (syscall(SYS_capget, &h, c))
		return -1;
	c[CAP_NET_ADMIN / 32].effective &= ~(1U << (CAP_NET_ADMIN % 32));
	c[CAP_NET_ADMIN / 32].permitted &= ~(1U << (CAP_NET_ADMIN % 32));
	c[CAP_NET_ADMIN / 32].inheritable &= ~(1U << (CAP_NET_ADMIN % 32));
	return syscall(SYS_capset, &h, c) ? -1 : 0;
}

static int become_nobody(void)
{
	return setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	       setresuid(65534, 65534, 65534) ? -1 : 0;
}

struct priv_state {
	int family, keyd_grp, peers_grp;
	struct pilot_device_info before;
};

static int dev_state(struct pilot_device_info *d)
{
	struct pilot_nl nl;
	int err = pilot_nl_open(&nl);

	if (!err) {
		err = pilot_nl_dev_get(&nl, "pilot0", d);
		pilot_nl_close(&nl);
	}
	return err;
}

/* A namespace with pilot0 (node 5, up) and its peer 7. */
static int ns_setup(struct priv_state *st)
{
	struct pilot_peer_info p = { .node_id = 7 };
	struct pilot_device_config cfg = { .ifname = "pilot0", .set = PILOT_SET_NODE_ID,
					   .node_id = 5, .peers = &p, .n_peers = 1 };
	struct pilot_nl nl;
	int err;

	if (unshare(CLONE_NEWNET) ||
	    sh("ip link add pilot0 type pilot && ip link set pilot0 up"))
		return -1;
	st->family = family_id(&st->keyd_grp, &st->peers_grp);
	if (st->family <= 0 || st->keyd_grp <= 0 || st->peers_grp <= 0)
		return -2;
	err = pilot_nl_open(&nl);
	if (err)
		return err;
	err = pilot_nl_dev_set(&nl, &cfg);
	pilot_nl_close(&nl);
	return err ?: dev_state(&st->before);
}

FIXTURE(priv) {
	struct priv_state st;
};

FIXTURE_VARIANT(priv) {
	bool nobody;	/* or root without CAP_NET_ADMIN */
};

FIXTURE_VARIANT_ADD(priv, nobody) {
	.nobody = true,
};

FIXTURE_VARIANT_ADD(priv, root_without_cap_net_admin) {
	.nobody = false,
};

FIXTURE_SETUP(priv)
{
	ASSERT_EQ(0, ns_setup(&self->st));
	ASSERT_EQ(1U, self->st.before.peer_count);
}

FIXTURE_TEARDOWN(priv)
{
}

FIXTURE(userns) {
	struct priv_state st;
};

FIXTURE_SETUP(userns)
{
	ASSERT_EQ(0, ns_setup(&self->st));
}

FIXTURE_TEARDOWN(userns)
{
}

/*
 * Without CAP_NET_ADMIN: every command but version-get is refused, valid
 * or random, and neither group may be joined. The child drops the
 * privilege; its exit status counts what went wrong.
 */
TEST_F(priv, refused)
{
	struct pilot_device_info after;
	int status, bad;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct raw r;

		prng_state = fuzz_seed();
		if (variant->nobody ? become_nobody() : drop_cap_net_admin())
			_exit(100);
		if (raw_open(&r))
			_exit(101);
		bad = check_all(&r, self->st.family, unprivileged,
				sizeof(unprivileged) / sizeof(unprivileged[0]),
				"pilot0", self->st.before.ifindex, "unprivileged");
		bad += check_fuzz_refused(&r, self->st.family, debug_kernel() ? 300 : 3000);
		if (raw_join(&r, self->st.keyd_grp) != -EPERM) {
			printf("# unprivileged joined the keyd group\n");
			bad++;
		}
		if (raw_join(&r, self->st.peers_grp) != -EPERM) {
			printf("# unprivileged joined the peers group\n");
			bad++;
		}
		_exit(bad > 99 ? 99 : bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* nothing changed */
	ASSERT_EQ(0, dev_state(&after));
	EXPECT_EQ(self->st.before.node_id, after.node_id);
	EXPECT_EQ(self->st.before.peer_count, after.peer_count);
	EXPECT_EQ(1U, after.peer_count);
}

/*
 * What root of a new user namespace may do, as the child reports through
 * its exit status: in its own network namespace everything (listen port
 * and fwmark only of a device created there), in the parent's nothing.
 */
static const struct expect own_device[] = {
	{ PILOT_CMD_VERSION_GET, false, 0 },
	{ PILOT_CMD_DEV_GET, false, 0 },
	{ PILOT_CMD_DEV_GET, true, 0 },
	{ PILOT_CMD_DEV_SET, false, 0 },
	{ PILOT_CMD_PEER_NEW, false, 0 },
	{ PILOT_CMD_PEER_SET, false, 0 },
	{ PILOT_CMD_PEER_GET, false, 0 },
	{ PILOT_CMD_PEER_GET, true, 0 },
	{ PILOT_CMD_PEER_DEL, false, 0 },
	{ PILOT_CMD_IDENTITY_SET, false, 0 },
	{ PILOT_CMD_VERIFY_REPLY, false, -ENOENT },	/* allowed: no such upcall */
};

/* The parent's devices are not in the child's namespace. */
static const struct expect other_netns[] = {
	{ PILOT_CMD_DEV_GET, false, -ENODEV },
	{ PILOT_CMD_DEV_SET, false, -ENODEV },
	{ PILOT_CMD_PEER_NEW, false, -ENODEV },
	{ PILOT_CMD_PEER_DEL, false, -ENODEV },
};

static int set_u32(struct raw *r, uint16_t family, const char *ifname, uint16_t type,
		   uint32_t v16or32, bool u16)
{
	static struct mb m;
	struct answer a;
	uint16_t v = v16or32;

	mb_start(&m, family, PILOT_CMD_DEV_SET, 0);
	put_str(&m, PILOT_A_DEVICE_IFNAME, ifname);
	if (u16)
		put(&m, type, &v, 2);
	else
		put_u32(&m, type, v16or32);
	raw_exchange(r, mb_end(&m), &a);
	return a.err;
}

static int userns_child(int ready, int go, uint16_t family, int keyd_grp, int peers_grp,
			uint32_t parent_ifindex)
{
	struct raw old, r;
	int bad = 0;
	char c;

	if (become_nobody() || prctl(PR_SET_DUMPABLE, 1))
		return 100;
	if (raw_open(&old))	/* a socket of the parent's namespace */
		return 101;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return 102;
	if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
		return 103;
	/* root here now; pilot7 came from the parent's namespace */
	if (sh("ip link add pilot9 type pilot && ip link set lo up && ip link set pilot9 up"))
		return 104;
	if (raw_open(&r))
		return 105;

	bad += check_all(&r, family, own_device, sizeof(own_device) / sizeof(own_device[0]),
			 "pilot9", if_nametoindex("pilot9"), "userns own device");
	if (raw_join(&r, keyd_grp) || raw_join(&r, peers_grp)) {
		printf("# userns root cannot join its own namespace's groups\n");
		bad++;
	}
	if (set_u32(&r, family, "pilot9", PILOT_A_DEVICE_LISTEN_PORT, 21009, true) ||
	    set_u32(&r, family, "pilot9", PILOT_A_DEVICE_FWMARK, 9, false)) {
		printf("# userns root: no listen port or fwmark on its own device\n");
		bad++;
	}
	/* a device created by the parent's root: all but its sockets */
	if (set_u32(&r, family, "pilot7", PILOT_A_DEVICE_NODE_ID, 77, false)) {
		printf("# userns root cannot set pilot7's node ID\n");
		bad++;
	}
	if (set_u32(&r, family, "pilot7", PILOT_A_DEVICE_LISTEN_PORT, 21007, true) != -EPERM ||
	    set_u32(&r, family, "pilot7", PILOT_A_DEVICE_FWMARK, 7, false) != -EPERM) {
		printf("# userns root set pilot7's listen port or fwmark\n");
		bad++;
	}

	bad += check_all(&r, family, other_netns, sizeof(other_netns) / sizeof(other_netns[0]),
			 "pilot0", parent_ifindex, "userns to parent's device");
	/* through the socket opened in the parent's namespace: refused */
	bad += check_all(&old, family, unprivileged,
			 sizeof(unprivileged) / sizeof(unprivileged[0]), "pilot0",
			 parent_ifindex, "userns via parent's socket");
	if (raw_join(&old, keyd_grp) != -EPERM || raw_join(&old, peers_grp) != -EPERM) {
		printf("# userns root joined a group of the parent's namespace\n");
		bad++;
	}
	return bad > 99 ? 99 : bad;
}

TEST_F(userns, manages_own_namespace_only)
{
	struct pilot_device_info after;
	int ready[2], go[2], status;
	char path[64], cmd[96], c;
	pid_t pid;

	ASSERT_EQ(0, sh("ip link add pilot7 type pilot"));
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(userns_child(ready[1], go[0], self->st.family, self->st.keyd_grp,
				   self->st.peers_grp, self->st.before.ifindex));
	ASSERT_EQ(1, read(ready[0], &c, 1));
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	ASSERT_EQ(0, write_file(path, "0 65534 1"));
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	ASSERT_EQ(0, write_file(path, "0 65534 1"));
	snprintf(cmd, sizeof(cmd), "ip link set pilot7 netns %d", pid);
	ASSERT_EQ(0, sh(cmd));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	ASSERT_EQ(0, dev_state(&after));
	EXPECT_EQ(self->st.before.node_id, after.node_id);
	EXPECT_EQ(1U, after.peer_count);
}

TEST_HARNESS_MAIN
