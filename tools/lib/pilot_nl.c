// SPDX-License-Identifier: GPL-2.0
/*
 * A small client of the "pilot" generic netlink family.
 *
 * Every request asks for an ACK with extended-ACK messages, so a refused
 * request reports the kernel's own words (pilot_nl_strerror()).
 */
#include <errno.h>
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
 * @msg: the request; freed here
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
	nlmsg_free(msg);
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
