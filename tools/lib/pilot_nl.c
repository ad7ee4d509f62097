// SPDX-License-Identifier: GPL-2.0
/*
 * A small client of the "pilot" generic netlink family.
 *
 * Every request asks for an ACK with extended-ACK messages, so a refused
 * request reports the kernel's own words (pilot_nl_strerror()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "pilot_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* How large a set request grows before the rest goes in another. */
#define PILOT_NL_REQUEST_SIZE 16384

struct transact {
	struct pilot_nl *nl;
	pilot_nl_reply_fn reply;
	void *arg;
	int err;
	int done;
};

/* Copy NLMSGERR_ATTR_MSG, if the kernel sent one, into nl->errmsg. */
static void save_extack(struct pilot_nl *nl, struct nlmsghdr *nlh,
			struct nlmsgerr *e)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	struct nlattr *attrs;
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)(nlh->nlmsg_len - NLMSG_HDRLEN) - (int)off;
	if (len <= 0)
		return;
	attrs = (struct nlattr *)((char *)e + off);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s",
			 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == 4)
		nl->erroff = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

/* Requests may carry a private key: none is freed unwiped. */
static void wipe_free(struct nl_msg *msg)
{
	explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct transact *t = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);

	(void)who;
	t->err = e->error;
	t->done = 1;
	if (e->error)
		save_extack(t->nl, nlh, e);
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	return t->reply ? t->reply(msg, t->arg) : NL_OK;
}

/**
 * pilot_nl_open() - connect to generic netlink and resolve the pilot family
 * @nl: the handle to fill
 *
 * Resolving the family autoloads the module where the system allows it.
 *
 * Return: 0, or a negative errno (-ENOENT when the family is absent).
 */
int pilot_nl_open(struct pilot_nl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	err = genl_connect(nl->sk);
	if (err) {
		err = -ECONNREFUSED;
		goto fail;
	}
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, PILOT_FAMILY_NAME);
	if (nl->family < 0) {
		err = -ENOENT;
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

/**
 * pilot_nl_close() - release the socket
 * @nl: an opened handle
 */
void pilot_nl_close(struct pilot_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/**
 * pilot_nl_request() - start a request message
 * @nl: an opened handle
 * @cmd: a PILOT_CMD_* value
 * @flags: extra netlink flags, such as NLM_F_DUMP
 *
 * Return: the message, to fill with attributes, or NULL without memory.
 */
struct nl_msg *pilot_nl_request(struct pilot_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags | NLM_F_REQUEST | NLM_F_ACK, cmd,
			 PILOT_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/**
 * pilot_nl_transact() - send a request and read every reply up to the ACK
 * @nl: an opened handle
 * @msg: the request; wiped and freed here
 * @reply: called for each reply message, may be NULL
 * @arg: passed to @reply
 *
 * Return: 0, or the negative errno the kernel answered with; then
 * @nl->errmsg holds its extended-ACK message, if any.
 */
int pilot_nl_transact(struct pilot_nl *nl, struct nl_msg *msg,
		      pilot_nl_reply_fn reply, void *arg)
{
	struct transact t = { .nl = nl, .reply = reply, .arg = arg };
	struct nl_cb *cb;
	int err;

	nl->errmsg[0] = '\0';
	nl->erroff = 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);

	err = nl_send_auto(nl->sk, msg);
	wipe_free(msg);
	if (err < 0) {
		err = -EIO;
		goto out;
	}
	while (!t.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !t.done) {
			err = -EIO;
			goto out;
		}
	}
	err = t.err;
out:
	nl_cb_put(cb);
	return err;
}

/**
 * pilot_nl_strerror() - describe the outcome of the last request
 * @nl: the handle the request went through
 * @err: the negative errno it returned
 *
 * Return: the kernel's extended-ACK message when it gave one, else the
 * errno's text.
 */
const char *pilot_nl_strerror(const struct pilot_nl *nl, int err)
{
	return nl->errmsg[0] ? nl->errmsg : strerror(-err);
}

static int parse_version(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_VERSION_MAX + 1];
	struct pilot_version_info *v = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_VERSION_MAX, NULL))
		return NL_SKIP;
	if (tb[PILOT_A_VERSION_MODULE])
		nla_strlcpy(v->module, tb[PILOT_A_VERSION_MODULE], sizeof(v->module));
	if (tb[PILOT_A_VERSION_PROTOCOL])
		nla_strlcpy(v->protocol, tb[PILOT_A_VERSION_PROTOCOL], sizeof(v->protocol));
	if (tb[PILOT_A_VERSION_FAMILY])
		v->family = nla_get_u32(tb[PILOT_A_VERSION_FAMILY]);
	return NL_OK;
}

/**
 * pilot_nl_version_get() - ask the module for its versions
 * @nl: an opened handle
 * @v: receives them
 *
 * The request says which family version this library speaks, so that a
 * module older than the tools refuses clearly.
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_version_get(struct pilot_nl *nl, struct pilot_version_info *v)
{
	struct nl_msg *msg = pilot_nl_request(nl, PILOT_CMD_VERSION_GET, 0);

	memset(v, 0, sizeof(*v));
	if (!msg || nla_put_u32(msg, PILOT_A_VERSION_FAMILY, PILOT_FAMILY_VERSION) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return pilot_nl_transact(nl, msg, parse_version, v);
}

/* A "drops" nest: attribute type is the reason; others (padding) skipped. */
static void parse_drops(const struct nlattr *nest, uint64_t drops[PILOT_DROP_REASON_MAX + 1])
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) >= 1 && nla_type(a) <= PILOT_DROP_REASON_MAX &&
		    nla_len(a) == sizeof(uint64_t))
			drops[nla_type(a)] = nla_get_u64(a);
	}
}

static int parse_device(struct nl_msg *msg, struct pilot_device_info *d)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_IFINDEX])
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->ifindex = nla_get_u32(tb[PILOT_A_DEVICE_IFINDEX]);
	if (tb[PILOT_A_DEVICE_IFNAME])
		nla_strlcpy(d->ifname, tb[PILOT_A_DEVICE_IFNAME], sizeof(d->ifname));
	if (tb[PILOT_A_DEVICE_NODE_ID])
		d->node_id = nla_get_u32(tb[PILOT_A_DEVICE_NODE_ID]);
	if (tb[PILOT_A_DEVICE_NETWORK_ID])
		d->network_id = nla_get_u16(tb[PILOT_A_DEVICE_NETWORK_ID]);
	if (tb[PILOT_A_DEVICE_LISTEN_PORT])
		d->listen_port = nla_get_u16(tb[PILOT_A_DEVICE_LISTEN_PORT]);
	if (tb[PILOT_A_DEVICE_PUBLIC_KEY] &&
	    nla_len(tb[PILOT_A_DEVICE_PUBLIC_KEY]) == PILOT_KEY_LEN)
		memcpy(d->public_key, nla_data(tb[PILOT_A_DEVICE_PUBLIC_KEY]), PILOT_KEY_LEN);
	if (tb[PILOT_A_DEVICE_IDENTITY_KEY] &&
	    nla_len(tb[PILOT_A_DEVICE_IDENTITY_KEY]) == PILOT_KEY_LEN) {
		memcpy(d->identity_key, nla_data(tb[PILOT_A_DEVICE_IDENTITY_KEY]),
		       PILOT_KEY_LEN);
		d->has_identity = true;
	}
	if (tb[PILOT_A_DEVICE_KEYD])
		d->keyd = nla_get_u8(tb[PILOT_A_DEVICE_KEYD]);
	if (tb[PILOT_A_DEVICE_ENCRYPTION])
		d->encryption = nla_get_u8(tb[PILOT_A_DEVICE_ENCRYPTION]);
	if (tb[PILOT_A_DEVICE_FWMARK])
		d->fwmark = nla_get_u32(tb[PILOT_A_DEVICE_FWMARK]);
	if (tb[PILOT_A_DEVICE_PEER_COUNT])
		d->peer_count = nla_get_u32(tb[PILOT_A_DEVICE_PEER_COUNT]);
	if (tb[PILOT_A_DEVICE_LEARN_PEERS])
		d->learn_peers = nla_get_u8(tb[PILOT_A_DEVICE_LEARN_PEERS]);
	if (tb[PILOT_A_DEVICE_SESSION_COUNT])
		d->session_count = nla_get_u32(tb[PILOT_A_DEVICE_SESSION_COUNT]);
	if (tb[PILOT_A_DEVICE_DROPS])
		parse_drops(tb[PILOT_A_DEVICE_DROPS], d->drops);
	return 0;
}

static int on_device(struct nl_msg *msg, void *arg)
{
	return parse_device(msg, arg) ? NL_SKIP : NL_OK;
}

/**
 * pilot_nl_dev_get() - read one device
 * @nl: an opened handle
 * @ifname: the device's name
 * @info: filled with what the kernel reports
 *
 * Return: 0 or a negative errno (-ENODEV, -EOPNOTSUPP for a device that
 * is not a pilot device, -EPERM without privilege).
 */
int pilot_nl_dev_get(struct pilot_nl *nl, const char *ifname,
		     struct pilot_device_info *info)
{
	struct nl_msg *msg = pilot_nl_request(nl, PILOT_CMD_DEV_GET, 0);

	if (!msg)
		return -ENOMEM;
	memset(info, 0, sizeof(*info));
	if (nla_put_string(msg, PILOT_A_DEVICE_IFNAME, ifname) < 0) {
		nlmsg_free(msg);
		return -ENAMETOOLONG;
	}
	return pilot_nl_transact(nl, msg, on_device, info);
}

struct device_list {
	struct pilot_device_info *list;
	size_t count;
	size_t cap;
	int err;
};

/*
 * Make room for one more element in a growing array: doubles its capacity
 * (from @first) when full. Return: false, the array untouched, without
 * memory.
 */
static bool array_reserve(void **array, size_t *cap, size_t count,
			  size_t size, size_t first)
{
	size_t want = *cap ? 2 * *cap : first;
	void *grown;

	if (count < *cap)
		return true;
	grown = realloc(*array, want * size);
	if (!grown)
		return false;
	*array = grown;
	*cap = want;
	return true;
}

static int on_device_dumped(struct nl_msg *msg, void *arg)
{
	struct device_list *l = arg;

	if (!array_reserve((void **)&l->list, &l->cap, l->count, sizeof(*l->list), 8)) {
		l->err = -ENOMEM;
		return NL_STOP;
	}
	if (!parse_device(msg, &l->list[l->count]))
		l->count++;
	return NL_OK;
}

static int by_ifname(const void *a, const void *b)
{
	return strcmp(((const struct pilot_device_info *)a)->ifname,
		      ((const struct pilot_device_info *)b)->ifname);
}

/**
 * pilot_nl_dev_list() - read every pilot device of this namespace
 * @nl: an opened handle
 * @list: receives an array sorted by name, to free()
 * @count: receives its length
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_dev_list(struct pilot_nl *nl, struct pilot_device_info **list,
		      size_t *count)
{
	struct nl_msg *msg = pilot_nl_request(nl, PILOT_CMD_DEV_GET, NLM_F_DUMP);
	struct device_list l = { 0 };
	int err;

	if (!msg)
		return -ENOMEM;
	err = pilot_nl_transact(nl, msg, on_device_dumped, &l);
	if (!err)
		err = l.err;
	if (err) {
		free(l.list);
		return err;
	}
	if (l.count)
		qsort(l.list, l.count, sizeof(*l.list), by_ifname);
	*list = l.list;
	*count = l.count;
	return 0;
}

static int put_allowedip(struct nl_msg *msg, const struct pilot_allowedip *ip)
{
	struct nlattr *a = nla_nest_start(msg, PILOT_A_PEER_ALLOWED_IP);

	if (!a || nla_put_u16(msg, PILOT_A_ALLOWED_IP_FAMILY, ip->family) ||
	    nla_put(msg, PILOT_A_ALLOWED_IP_IPADDR, ip->family == AF_INET ? 4 : 16,
		    ip->addr) ||
	    nla_put_u8(msg, PILOT_A_ALLOWED_IP_CIDR_MASK, ip->cidr) ||
	    (ip->remove && nla_put_u32(msg, PILOT_A_ALLOWED_IP_FLAGS,
				       PILOT_ALLOWED_IP_FLAGS_REMOVE)))
		return -NLE_NOMEM;
	nla_nest_end(msg, a);
	return 0;
}

/*
 * Add a peer with its allowed IPs from *next on, as many as fit. Return 0
 * when all went in, 1 when only some did (*next tells where to go on),
 * or a negative libnl error, the message unchanged, when not even the
 * peer fits. A continuation must not replace what the first part set.
 */
static int put_peer_part(struct nl_msg *msg, const struct pilot_peer_info *p,
			 size_t *next, bool continuation)
{
	uint32_t len = nlmsg_hdr(msg)->nlmsg_len;
	uint32_t flags = p->flags;
	struct nlattr *nest;
	size_t i;

	if (continuation)
		flags &= ~PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS;
	nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	if (!nest || nla_put_u32(msg, PILOT_A_PEER_NODE_ID, p->node_id) ||
	    (flags && nla_put_u32(msg, PILOT_A_PEER_FLAGS, flags)) ||
	    (p->endpoint_family &&
	     ((p->endpoint_family == AF_INET ?
	       nla_put(msg, PILOT_A_PEER_ENDPOINT_IPV4, 4, p->endpoint_addr) :
	       nla_put(msg, PILOT_A_PEER_ENDPOINT_IPV6, 16, p->endpoint_addr)) ||
	      nla_put_u16(msg, PILOT_A_PEER_ENDPOINT_PORT, p->endpoint_port))) ||
	    (p->has_identity &&
	     nla_put(msg, PILOT_A_PEER_IDENTITY_KEY, PILOT_KEY_LEN, p->identity_key)) ||
	    (p->has_keepalive &&
	     nla_put_u16(msg, PILOT_A_PEER_KEEPALIVE_INTERVAL, p->keepalive)))
		goto full;
	for (i = *next; i < p->n_aips; i++) {
		uint32_t before = nlmsg_hdr(msg)->nlmsg_len;

		if (put_allowedip(msg, &p->aips[i])) {
			nlmsg_hdr(msg)->nlmsg_len = before;
			if (i == *next && i)
				goto full;	/* a continuation with nothing in it */
			nla_nest_end(msg, nest);
			*next = i;
			return 1;
		}
	}
	nla_nest_end(msg, nest);
	*next = p->n_aips;
	return 0;
full:
	nlmsg_hdr(msg)->nlmsg_len = len;
	return -NLE_NOMEM;
}

/**
 * pilot_nl_put_peer() - add a whole peer nest to a request
 * @msg: the request
 * @p: the peer
 *
 * Return: 0, or a negative libnl error when it does not fit.
 */
int pilot_nl_put_peer(struct nl_msg *msg, const struct pilot_peer_info *p)
{
	size_t next = 0;

	return put_peer_part(msg, p, &next, false) ? -NLE_NOMEM : 0;
}

/* A set request for cfg's device, with its settings when @first. */
static struct nl_msg *dev_set_request(struct pilot_nl *nl,
				      const struct pilot_device_config *cfg,
				      bool first)
{
	struct nl_msg *msg = nlmsg_alloc_size(PILOT_NL_REQUEST_SIZE);
	int bad = 0;

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_REQUEST | NLM_F_ACK, PILOT_CMD_DEV_SET,
			 PILOT_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	bad |= nla_put_string(msg, PILOT_A_DEVICE_IFNAME, cfg->ifname);
	if (!first)
		return bad ? (nlmsg_free(msg), NULL) : msg;
	if (cfg->set & PILOT_SET_NODE_ID)
		bad |= nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, cfg->node_id);
	if (cfg->set & PILOT_SET_NETWORK_ID)
		bad |= nla_put_u16(msg, PILOT_A_DEVICE_NETWORK_ID, cfg->network_id);
	if (cfg->set & PILOT_SET_LISTEN_PORT)
		bad |= nla_put_u16(msg, PILOT_A_DEVICE_LISTEN_PORT, cfg->listen_port);
	if (cfg->set & PILOT_SET_PRIVATE_KEY)
		bad |= nla_put(msg, PILOT_A_DEVICE_PRIVATE_KEY, PILOT_KEY_LEN,
			       cfg->private_key);
	if (cfg->set & PILOT_SET_ENCRYPTION)
		bad |= nla_put_u8(msg, PILOT_A_DEVICE_ENCRYPTION, cfg->encryption);
	if (cfg->set & PILOT_SET_FWMARK)
		bad |= nla_put_u32(msg, PILOT_A_DEVICE_FWMARK, cfg->fwmark);
	if (cfg->set & PILOT_SET_LEARN_PEERS)
		bad |= nla_put_u8(msg, PILOT_A_DEVICE_LEARN_PEERS, cfg->learn_peers);
	if (cfg->flags)
		bad |= nla_put_u32(msg, PILOT_A_DEVICE_FLAGS, cfg->flags);
	if (bad) {
		wipe_free(msg);
		return NULL;
	}
	return msg;
}

/**
 * pilot_nl_dev_set() - change a device's settings and peers
 * @nl: an opened handle
 * @cfg: the device, the fields to change and the peers; its private key
 *	is wiped
 *
 * Peers that do not fit one request go in further ones, as wg(8) does:
 * only the first carries the device's settings and flags.
 *
 * Return: 0 or a negative errno; pilot_nl_strerror() tells why.
 */
int pilot_nl_dev_set(struct pilot_nl *nl, struct pilot_device_config *cfg)
{
	struct nl_msg *msg = dev_set_request(nl, cfg, true);
	size_t i = 0, next = 0, in_msg = 0;
	int err;

	explicit_bzero(cfg->private_key, sizeof(cfg->private_key));
	if (!msg)
		return -ENOMEM;
	while (i < cfg->n_peers) {
		err = put_peer_part(msg, &cfg->peers[i], &next, next > 0);
		if (!err) {
			i++;
			next = 0;
			in_msg++;
			continue;
		}
		if (err > 0)
			in_msg++;
		if (!in_msg) {
			wipe_free(msg);
			return -EMSGSIZE;
		}
		/* full: send it, go on in a new request */
		err = pilot_nl_transact(nl, msg, NULL, NULL);
		if (err)
			return err;
		msg = dev_set_request(nl, cfg, false);
		if (!msg)
			return -ENOMEM;
		in_msg = 0;
	}
	return pilot_nl_transact(nl, msg, NULL, NULL);
}

static int parse_allowedips(struct nlattr *nest, struct pilot_peer_info *p)
{
	struct nlattr *tb[PILOT_A_ALLOWED_IP_MAX + 1], *a;
	struct pilot_allowedip *grown;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PILOT_A_PEER_ALLOWED_IP)
			continue;
		if (nla_parse_nested(tb, PILOT_A_ALLOWED_IP_MAX, a, NULL) ||
		    !tb[PILOT_A_ALLOWED_IP_FAMILY] || !tb[PILOT_A_ALLOWED_IP_IPADDR] ||
		    !tb[PILOT_A_ALLOWED_IP_CIDR_MASK] ||
		    nla_len(tb[PILOT_A_ALLOWED_IP_IPADDR]) > 16)
			return -EINVAL;
		grown = realloc(p->aips, (p->n_aips + 1) * sizeof(*p->aips));
		if (!grown)
			return -ENOMEM;
		p->aips = grown;
		memset(&p->aips[p->n_aips], 0, sizeof(*p->aips));
		p->aips[p->n_aips].family = nla_get_u16(tb[PILOT_A_ALLOWED_IP_FAMILY]);
		p->aips[p->n_aips].cidr = nla_get_u8(tb[PILOT_A_ALLOWED_IP_CIDR_MASK]);
		memcpy(p->aips[p->n_aips].addr, nla_data(tb[PILOT_A_ALLOWED_IP_IPADDR]),
		       nla_len(tb[PILOT_A_ALLOWED_IP_IPADDR]));
		p->n_aips++;
	}
	return 0;
}

/**
 * pilot_nl_peer_parse() - read a PILOT_A_DEVICE_PEER nest
 * @nest: the nest
 * @p: receives the peer; its allowed IPs are appended to what it has
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_peer_parse(struct nlattr *nest, struct pilot_peer_info *p)
{
	struct nlattr *tb[PILOT_A_PEER_MAX + 1];

	if (nla_parse_nested(tb, PILOT_A_PEER_MAX, nest, NULL) ||
	    !tb[PILOT_A_PEER_NODE_ID])
		return -EINVAL;
	p->node_id = nla_get_u32(tb[PILOT_A_PEER_NODE_ID]);
	if (tb[PILOT_A_PEER_ENDPOINT_IPV4] && tb[PILOT_A_PEER_ENDPOINT_PORT]) {
		p->endpoint_family = AF_INET;
		memcpy(p->endpoint_addr, nla_data(tb[PILOT_A_PEER_ENDPOINT_IPV4]), 4);
	} else if (tb[PILOT_A_PEER_ENDPOINT_IPV6] && tb[PILOT_A_PEER_ENDPOINT_PORT] &&
		   nla_len(tb[PILOT_A_PEER_ENDPOINT_IPV6]) == 16) {
		p->endpoint_family = AF_INET6;
		memcpy(p->endpoint_addr, nla_data(tb[PILOT_A_PEER_ENDPOINT_IPV6]), 16);
	}
	if (p->endpoint_family)
		p->endpoint_port = nla_get_u16(tb[PILOT_A_PEER_ENDPOINT_PORT]);
	if (tb[PILOT_A_PEER_ENDPOINT_LEARNED])
		p->endpoint_learned = nla_get_u8(tb[PILOT_A_PEER_ENDPOINT_LEARNED]);
	if (tb[PILOT_A_PEER_IDENTITY_KEY] &&
	    nla_len(tb[PILOT_A_PEER_IDENTITY_KEY]) == PILOT_KEY_LEN) {
		p->has_identity = true;
		memcpy(p->identity_key, nla_data(tb[PILOT_A_PEER_IDENTITY_KEY]),
		       PILOT_KEY_LEN);
	}
	if (tb[PILOT_A_PEER_REGISTERED_KEY] &&
	    nla_len(tb[PILOT_A_PEER_REGISTERED_KEY]) == PILOT_KEY_LEN) {
		p->has_registered_key = true;
		memcpy(p->registered_key, nla_data(tb[PILOT_A_PEER_REGISTERED_KEY]),
		       PILOT_KEY_LEN);
	}
	if (tb[PILOT_A_PEER_KEEPALIVE_INTERVAL]) {
		p->has_keepalive = true;
		p->keepalive = nla_get_u16(tb[PILOT_A_PEER_KEEPALIVE_INTERVAL]);
	}
	if (tb[PILOT_A_PEER_RX_BYTES])
		p->rx_bytes = nla_get_u64(tb[PILOT_A_PEER_RX_BYTES]);
	if (tb[PILOT_A_PEER_TX_BYTES])
		p->tx_bytes = nla_get_u64(tb[PILOT_A_PEER_TX_BYTES]);
	if (tb[PILOT_A_PEER_RX_PACKETS])
		p->rx_packets = nla_get_u64(tb[PILOT_A_PEER_RX_PACKETS]);
	if (tb[PILOT_A_PEER_TX_PACKETS])
		p->tx_packets = nla_get_u64(tb[PILOT_A_PEER_TX_PACKETS]);
	if (tb[PILOT_A_PEER_DEL_REASON])
		p->del_reason = nla_get_u32(tb[PILOT_A_PEER_DEL_REASON]);
	if (tb[PILOT_A_PEER_SESSION])
		p->session = nla_get_u8(tb[PILOT_A_PEER_SESSION]);
	if (tb[PILOT_A_PEER_AUTHENTICATED])
		p->authenticated = nla_get_u8(tb[PILOT_A_PEER_AUTHENTICATED]);
	if (tb[PILOT_A_PEER_LAST_KEY_EXCHANGE])
		p->last_key_exchange = nla_get_u64(tb[PILOT_A_PEER_LAST_KEY_EXCHANGE]);
	if (tb[PILOT_A_PEER_REKEY_ATTEMPTS]) {
		p->rekey_pending = true;
		p->rekey_attempts = nla_get_u8(tb[PILOT_A_PEER_REKEY_ATTEMPTS]);
	}
	if (tb[PILOT_A_PEER_GAVE_UP_MS])
		p->gave_up_ms = nla_get_u32(tb[PILOT_A_PEER_GAVE_UP_MS]);
	if (tb[PILOT_A_PEER_LEARNED])
		p->learned = nla_get_u8(tb[PILOT_A_PEER_LEARNED]);
	if (tb[PILOT_A_PEER_DROPS])
		parse_drops(tb[PILOT_A_PEER_DROPS], p->drops);
	if (tb[PILOT_A_PEER_DROP_REASON])
		p->drop_reason = nla_get_u32(tb[PILOT_A_PEER_DROP_REASON]);
	if (tb[PILOT_A_PEER_KEY_CHANGED])
		p->key_changed = nla_get_u8(tb[PILOT_A_PEER_KEY_CHANGED]);
	return parse_allowedips(nest, p);
}

struct peer_list {
	struct pilot_peer_info *list;
	size_t count;
	size_t cap;
	bool interrupted;
	int err;
};

/* A dump message: a new peer, or the rest of the last one's prefixes. */
static int on_peer_dumped(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1];
	struct peer_list *l = arg;
	struct pilot_peer_info *p;
	struct nlattr *nest;
	uint32_t node_id;

	if (nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP_INTR)
		l->interrupted = true;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX, NULL) ||
	    !tb[PILOT_A_DEVICE_PEER])
		return NL_SKIP;
	nest = tb[PILOT_A_DEVICE_PEER];
	tb[0] = nla_find(nla_data(nest), nla_len(nest), PILOT_A_PEER_NODE_ID);
	if (!tb[0])
		return NL_SKIP;
	node_id = nla_get_u32(tb[0]);
	if (l->count && l->list[l->count - 1].node_id == node_id) {
		p = &l->list[l->count - 1];
		l->err = parse_allowedips(nest, p);
		return l->err ? NL_STOP : NL_OK;
	}
	if (!array_reserve((void **)&l->list, &l->cap, l->count, sizeof(*l->list), 64)) {
		l->err = -ENOMEM;
		return NL_STOP;
	}
	p = &l->list[l->count++];
	memset(p, 0, sizeof(*p));
	l->err = pilot_nl_peer_parse(nest, p);
	return l->err ? NL_STOP : NL_OK;
}

/**
 * pilot_nl_peer_list() - read every peer of a device, consistently
 * @nl: an opened handle
 * @ifname: the device
 * @list: receives the peers, to free with pilot_peers_free()
 * @count: receives their number
 *
 * A dump that saw the peers change under it is read again (up to ten
 * times), so the list is one state of the device, never a mix.
 *
 * Return: 0 or a negative errno (-EAGAIN when it never held still).
 */
int pilot_nl_peer_list(struct pilot_nl *nl, const char *ifname,
		       struct pilot_peer_info **list, size_t *count)
{
	struct peer_list l;
	struct nl_msg *msg;
	int err, tries;

	for (tries = 0; tries < 10; tries++) {
		memset(&l, 0, sizeof(l));
		msg = pilot_nl_request(nl, PILOT_CMD_PEER_GET, NLM_F_DUMP);
		if (!msg)
			return -ENOMEM;
		if (nla_put_string(msg, PILOT_A_DEVICE_IFNAME, ifname) < 0) {
			nlmsg_free(msg);
			return -ENAMETOOLONG;
		}
		err = pilot_nl_transact(nl, msg, on_peer_dumped, &l);
		if (!err)
			err = l.err;
		if (err || !l.interrupted) {
			if (err) {
				pilot_peers_free(l.list, l.count);
				return err;
			}
			*list = l.list;
			*count = l.count;
			return 0;
		}
		pilot_peers_free(l.list, l.count);
	}
	return -EAGAIN;
}

/**
 * pilot_peers_free() - free a peer list
 * @list: the list
 * @count: its length
 */
void pilot_peers_free(struct pilot_peer_info *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(list[i].aips);
	free(list);
}
