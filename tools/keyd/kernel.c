// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink glue. Two sockets: one joined to the "keyd" multicast
 * group (and to "peers", for peer-del-ntf), non-blocking and without sequence checks (notifications carry
 * none), drained whenever poll(2) says so; and pilot_nl's request socket,
 * which waits for each request's ACK and keeps the kernel's extended-ACK
 * message.
 */
#include <errno.h>
#include <string.h>
#include <netlink/genl/ctrl.h>
#include <sodium.h>

#include "kernel.h"
#include "log.h"
#include "verify.h"

/* Room for a burst of requests while a registry lookup blocks. */
#define KEYD_MC_RCVBUF (4 << 20)

struct receive_ctx {
	keyd_event_fn fn;
	void *arg;
};

/* Notifications carry no sequence number to check. */
static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct receive_ctx *ctx = arg;
	struct keyd_event ev;
	int ret = keyd_parse_event(msg, &ev);

	if (ret > 0)
		ctx->fn(&ev, ctx->arg);
	else if (ret < 0)
		keyd_log(LOG_WARNING, "ignored a keyd request without its attributes (command %u)",
			 ((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd);
	return NL_OK;
}

/**
 * kernel_open() - open both sockets and join the keyd and peers groups
 * @k: the handle to fill
 * @err: receives why not
 * @errlen: its size
 *
 * Return: 0, -ENOENT when the pilot family (or its keyd group) is
 * absent, or another negative errno.
 */
int kernel_open(struct keyd_kernel *k, char *err, size_t errlen)
{
	int grp, peers, ret;

	memset(k, 0, sizeof(*k));
	ret = pilot_nl_open(&k->req);
	if (ret) {
		snprintf(err, errlen, ret == -ENOENT ?
			 "the pilot kernel module is not loaded (modprobe pilot)" :
			 "cannot reach the kernel: %s", strerror(-ret));
		return ret;
	}
	grp = genl_ctrl_resolve_grp(k->req.sk, PILOT_FAMILY_NAME, PILOT_MCGRP_KEYD);
	peers = genl_ctrl_resolve_grp(k->req.sk, PILOT_FAMILY_NAME, PILOT_MCGRP_PEERS);
	if (grp < 0 || peers < 0) {
		snprintf(err, errlen,
			 "the pilot module has no \"%s\" multicast group (too old?)",
			 grp < 0 ? PILOT_MCGRP_KEYD : PILOT_MCGRP_PEERS);
		ret = -ENOENT;
		goto fail;
	}
	k->mc = nl_socket_alloc();
	k->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!k->mc || !k->cb) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
		goto fail;
	}
	/* the callbacks nl_recvmsgs() uses are k->cb's, not the socket's */
	nl_cb_set(k->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	if (nl_connect(k->mc, NETLINK_GENERIC) ||
	    nl_socket_set_nonblocking(k->mc) ||
	    nl_socket_add_memberships(k->mc, grp, peers, 0)) {
		snprintf(err, errlen,
			 "cannot join the pilot \"%s\" and \"%s\" groups: %s (needs CAP_NET_ADMIN)",
			 PILOT_MCGRP_KEYD, PILOT_MCGRP_PEERS, strerror(errno));
		ret = -EPERM;
		goto fail;
	}
	nl_socket_set_buffer_size(k->mc, KEYD_MC_RCVBUF, 0);
	return 0;
fail:
	kernel_close(k);
	return ret;
}

/**
 * kernel_close() - close both sockets
 * @k: the handle
 */
void kernel_close(struct keyd_kernel *k)
{
	if (k->cb)
		nl_cb_put(k->cb);
	if (k->mc)
		nl_socket_free(k->mc);
	if (k->req.sk)
		pilot_nl_close(&k->req);
	k->cb = NULL;
	k->mc = NULL;
}

/**
 * kernel_fd() - the descriptor to poll for requests
 * @k: the handle
 *
 * Return: the multicast socket's descriptor.
 */
int kernel_fd(const struct keyd_kernel *k)
{
	return nl_socket_get_fd(k->mc);
}

/**
 * kernel_receive() - read every pending request
 * @k: the handle
 * @fn: called for each request this helper serves (others are skipped)
 * @arg: passed to @fn
 *
 * Sets @k->overrun when the kernel dropped notifications (ENOBUFS): the
 * caller should re-sync its identities, and the kernel times out the
 * verifications it lost.
 *
 * Return: 0 when the socket is drained, or a negative libnl error.
 */
int kernel_receive(struct keyd_kernel *k, keyd_event_fn fn, void *arg)
{
	struct receive_ctx ctx = { .fn = fn, .arg = arg };
	int ret;

	nl_cb_set(k->cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &ctx);
	for (;;) {
		ret = nl_recvmsgs(k->mc, k->cb);
		if (ret == -NLE_AGAIN)
			return 0;
		if (ret == -NLE_NOMEM) {	/* ENOBUFS: the group overran */
			k->overrun = true;
			continue;
		}
		if (ret < 0)
			return ret;
	}
}

/**
 * kernel_identity_set() - sign a device's challenge and hand it over
 * @k: the handle
 * @ifindex: the device
 * @node_id: its node ID, as the kernel reported it
 * @public_key: its X25519 public key, likewise
 * @id: our identity
 *
 * Return: 0 or the kernel's negative errno (see kernel_strerror()); the
 * kernel refuses a node ID or key that is no longer the device's.
 */
int kernel_identity_set(struct keyd_kernel *k, uint32_t ifindex,
			uint32_t node_id, const uint8_t public_key[32],
			const struct identity *id)
{
	struct nl_msg *msg;
	uint8_t sig[ED25519_SIG_LEN];

	pilot_sign_challenge(sig, id, node_id, public_key);
	msg = pilot_nl_request(&k->req, PILOT_CMD_IDENTITY_SET, 0);
	if (!msg || keyd_put_identity_set(msg, ifindex, node_id, public_key,
					  id->pk, sig)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return pilot_nl_transact(&k->req, msg, NULL, NULL);
}

/**
 * kernel_verify_reply() - answer a verify-request-ntf
 * @k: the handle
 * @rp: the answer
 *
 * Return: 0 or the kernel's negative errno (-ENOENT or similar when the
 * request timed out meanwhile).
 */
int kernel_verify_reply(struct keyd_kernel *k, const struct verify_reply *rp)
{
	struct nl_msg *msg = pilot_nl_request(&k->req, PILOT_CMD_VERIFY_REPLY, 0);

	if (!msg || keyd_put_verify_reply(msg, rp)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return pilot_nl_transact(&k->req, msg, NULL, NULL);
}

/**
 * kernel_peer_new() - add a resolved node as a peer
 * @k: the handle
 * @ifindex: the device
 * @node_id: the node
 * @ep: its endpoint (AF_INET or AF_INET6)
 *
 * No allowed IPs and no pinned key: the registry vouches for the
 * endpoint only, and PILA frames are verified against it as usual.
 *
 * Return: 0 or the kernel's negative errno (-EEXIST when it is a peer
 * already).
 */
int kernel_peer_new(struct keyd_kernel *k, uint32_t ifindex, uint32_t node_id,
		    const struct sockaddr_storage *ep)
{
	struct nl_msg *msg = pilot_nl_request(&k->req, PILOT_CMD_PEER_NEW, 0);
	int err;

	if (!msg)
		return -ENOMEM;
	err = keyd_put_peer_new(msg, ifindex, node_id, ep);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return pilot_nl_transact(&k->req, msg, NULL, NULL);
}

/**
 * kernel_strerror() - why the last request failed
 * @k: the handle
 * @err: its negative errno
 *
 * Return: the kernel's extended-ACK message, or the errno's text.
 */
const char *kernel_strerror(const struct keyd_kernel *k, int err)
{
	return pilot_nl_strerror(&k->req, err);
}

/**
 * kernel_dev_list() - every pilot device of this network namespace
 * @k: the handle
 * @list: receives the devices (free() it)
 * @count: receives how many
 *
 * Return: 0 or a negative errno (see kernel_strerror()).
 */
int kernel_dev_list(struct keyd_kernel *k, struct pilot_device_info **list,
		    size_t *count)
{
	return pilot_nl_dev_list(&k->req, list, count);
}

/**
 * kernel_ifname() - a device's name, for log lines
 * @k: the handle
 * @ifindex: the device
 * @buf: receives the name ("ifN" when it has none any more)
 *
 * Return: @buf.
 */
const char *kernel_ifname(struct keyd_kernel *k, uint32_t ifindex,
			  char buf[IF_NAMESIZE])
{
	(void)k;
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}
