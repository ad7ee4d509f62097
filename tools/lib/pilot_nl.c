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
	if (tb[PILOT_A_DEVICE_ENCRYPTION])
		d->encryption = nla_get_u8(tb[PILOT_A_DEVICE_ENCRYPTION]);
	if (tb[PILOT_A_DEVICE_FWMARK])
		d->fwmark = nla_get_u32(tb[PILOT_A_DEVICE_FWMARK]);
	if (tb[PILOT_A_DEVICE_PEER_COUNT])
		d->peer_count = nla_get_u32(tb[PILOT_A_DEVICE_PEER_COUNT]);
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

static int on_device_dumped(struct nl_msg *msg, void *arg)
{
	struct device_list *l = arg;
	struct pilot_device_info *grown;

	if (l->count == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		grown = realloc(l->list, l->cap * sizeof(*l->list));
		if (!grown) {
			l->err = -ENOMEM;
			return NL_STOP;
		}
		l->list = grown;
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

/**
 * pilot_nl_dev_set() - change a device's settings
 * @nl: an opened handle
 * @cfg: the device and the fields to change; its private key is wiped
 *
 * Return: 0 or a negative errno; pilot_nl_strerror() tells why.
 */
int pilot_nl_dev_set(struct pilot_nl *nl, struct pilot_device_config *cfg)
{
	struct nl_msg *msg = pilot_nl_request(nl, PILOT_CMD_DEV_SET, 0);
	int bad = 0;

	if (!msg) {
		explicit_bzero(cfg->private_key, sizeof(cfg->private_key));
		return -ENOMEM;
	}
	bad |= nla_put_string(msg, PILOT_A_DEVICE_IFNAME, cfg->ifname);
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
	if (cfg->flags)
		bad |= nla_put_u32(msg, PILOT_A_DEVICE_FLAGS, cfg->flags);
	explicit_bzero(cfg->private_key, sizeof(cfg->private_key));
	if (bad) {
		wipe_free(msg);
		return -EMSGSIZE;
	}
	return pilot_nl_transact(nl, msg, NULL, NULL);
}
