// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel and pilot-keyd, the identity helper, say to each other:
 * sign, verify and resolve requests on the "keyd" multicast group, the
 * helper's answers identity-set and verify-reply, and auth-failed-ntf on
 * the "peers" group. The state behind them is in auth.c.
 */

#include <linux/rtnetlink.h>
#include <net/genetlink.h>

#include "auth.h"
#include "device.h"
#include "kx.h"
#include "messages.h"
#include "netlink-gen.h"
#include "netlink.h"
#include "peer.h"

/* The pilot device named by PILOT_A_KEYD_IFINDEX. Must hold RTNL. */
static struct pilot_device *keyd_dev(struct genl_info *info)
{
	struct nlattr *ifindex = info->attrs[PILOT_A_KEYD_IFINDEX];
	struct net_device *dev;

	ASSERT_RTNL();
	if (!ifindex) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PILOT_A_KEYD_IFINDEX);
		NL_SET_ERR_MSG(info->extack, "pilot: a device ifindex is required");
		return ERR_PTR(-EINVAL);
	}
	dev = __dev_get_by_index(genl_info_net(info), nla_get_u32(ifindex));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, ifindex, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!pilot_dev_is_pilot(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, ifindex, "not a pilot device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

/* Every attribute of @types is present, or the request is refused. */
static bool keyd_require(struct genl_info *info, const int *types, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!info->attrs[types[i]]) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL, types[i]);
			NL_SET_ERR_MSG(info->extack, "pilot: a required attribute is missing");
			return false;
		}
	}
	return true;
}

/**
 * pilot_nl_identity_set_doit - answer PILOT_CMD_IDENTITY_SET
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_identity_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const int all[] = { PILOT_A_KEYD_NODE_ID, PILOT_A_KEYD_PUBLIC_KEY,
				   PILOT_A_KEYD_SIGNATURE };
	struct nlattr **attrs = info->attrs;
	struct pilot_device *pd;
	const u8 *identity;
	int err;

	if (!attrs[PILOT_A_KEYD_IDENTITY_KEY]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PILOT_A_KEYD_IDENTITY_KEY);
		NL_SET_ERR_MSG(info->extack, "pilot: identity-key is required");
		return -EINVAL;
	}
	identity = nla_data(attrs[PILOT_A_KEYD_IDENTITY_KEY]);
	if (memchr_inv(identity, 0, PILOT_ED25519_KEY_LEN) &&
	    !keyd_require(info, all, ARRAY_SIZE(all)))
		return -EINVAL;

	rtnl_lock();
	pd = keyd_dev(info);
	if (IS_ERR(pd)) {
		err = PTR_ERR(pd);
		goto out;
	}
	if (!memchr_inv(identity, 0, PILOT_ED25519_KEY_LEN)) {
		static const u8 none[PILOT_SIGNATURE_LEN];

		err = pilot_auth_set_identity(pd, 0, none, identity, none);
		goto out;
	}
	err = pilot_auth_set_identity(pd, nla_get_u32(attrs[PILOT_A_KEYD_NODE_ID]),
				      nla_data(attrs[PILOT_A_KEYD_PUBLIC_KEY]), identity,
				      nla_data(attrs[PILOT_A_KEYD_SIGNATURE]));
	if (err) {
		NL_SET_ERR_MSG(info->extack,
			       "pilot: the device's node ID or X25519 key changed since this was signed; sign again");
		goto out;
	}
	/* this helper now serves the device, while its socket is open */
	err = pilot_auth_helper_bind(pd, genl_info_net(info), info->snd_portid);
	if (err)
		goto out;
	/* key exchanges under way go out again, now as PILA */
	pilot_kx_identity_changed(pd);
out:
	rtnl_unlock();
	return err;
}

/**
 * pilot_nl_verify_reply_doit - answer PILOT_CMD_VERIFY_REPLY
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0, -ENOENT when no such question is outstanding (it timed
 * out), or another negative errno.
 */
int pilot_nl_verify_reply_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const int all[] = { PILOT_A_KEYD_COOKIE, PILOT_A_KEYD_NODE_ID,
				   PILOT_A_KEYD_RESULT };
	struct nlattr **attrs = info->attrs;
	struct nlattr *key = attrs[PILOT_A_KEYD_IDENTITY_KEY];
	enum pilot_auth_result result;
	struct sk_buff_head held;
	struct pilot_device *pd;
	struct sk_buff *frame;
	u32 node_id;
	int err = 0;

	if (!keyd_require(info, all, ARRAY_SIZE(all)))
		return -EINVAL;
	result = nla_get_u32(attrs[PILOT_A_KEYD_RESULT]);
	if (result == PILOT_AUTH_RESULT_ACCEPTED && !key) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PILOT_A_KEYD_IDENTITY_KEY);
		NL_SET_ERR_MSG(info->extack, "pilot: an accepted node needs its identity-key");
		return -EINVAL;
	}
	node_id = nla_get_u32(attrs[PILOT_A_KEYD_NODE_ID]);

	rtnl_lock();
	pd = keyd_dev(info);
	if (IS_ERR(pd)) {
		err = PTR_ERR(pd);
		goto out;
	}
	frame = pilot_auth_answered(pd, nla_get_u32(attrs[PILOT_A_KEYD_COOKIE]), node_id,
				    &held);
	if (!frame) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PILOT_A_KEYD_COOKIE],
				    "pilot: no such request outstanding (it timed out?)");
		err = -ENOENT;
		goto out;
	}
	pilot_kx_answered(pd, frame, result, key ? nla_data(key) : NULL);
	/* what waited for the answer follows the frame it waited for */
	pilot_kx_requeue_all(pd, &held);
out:
	rtnl_unlock();
	return err;
}

static void *keyd_msg_start(struct sk_buff *msg, struct pilot_device *pd, u8 cmd)
{
	void *hdr = genlmsg_put(msg, 0, 0, &pilot_nl_family, 0, cmd);

	if (hdr && nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, pd->dev->ifindex)) {
		genlmsg_cancel(msg, hdr);
		return NULL;
	}
	return hdr;
}

static int keyd_multicast(struct pilot_device *pd, struct sk_buff *msg, void *hdr,
			  unsigned int group, gfp_t gfp)
{
	genlmsg_end(msg, hdr);
	return genlmsg_multicast_netns(&pilot_nl_family, dev_net(pd->dev), msg, 0,
				       group, gfp);
}

/**
 * pilot_nl_notify_sign_request - ask pilot-keyd to sign the device's challenge
 * @pd: the device; must hold RTNL (its node ID and key are stable)
 */
void pilot_nl_notify_sign_request(struct pilot_device *pd)
{
	u8 public_key[CURVE25519_KEY_SIZE];
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();
	if (!genl_has_listeners(&pilot_nl_family, dev_net(pd->dev), PILOT_NLGRP_KEYD))
		return;		/* no helper anywhere */
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	pilot_device_public_key(pd, public_key);
	hdr = keyd_msg_start(msg, pd, PILOT_CMD_SIGN_REQUEST_NTF);
	if (!hdr || nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, pd->node_id) ||
	    nla_put(msg, PILOT_A_KEYD_PUBLIC_KEY, sizeof(public_key), public_key)) {
		nlmsg_free(msg);
		return;
	}
	keyd_multicast(pd, msg, hdr, PILOT_NLGRP_KEYD, GFP_KERNEL);
}

/**
 * pilot_nl_notify_verify_request - put a key-exchange frame to pilot-keyd
 * @pd: the device
 * @cookie: names the question
 * @skb: a PILA frame (verify it) or a PILK frame (look its sender up)
 * @pinned: the sender's pinned Ed25519 key, or NULL
 *
 * Process context.
 *
 * Return: 0, or a negative errno when the question did not go out
 * (-ESRCH: nobody listens).
 */
int pilot_nl_notify_verify_request(struct pilot_device *pd, u32 cookie,
				   const struct sk_buff *skb, const u8 *pinned)
{
	const u8 *p = skb->data + PILOT_MAGIC_LEN;
	bool pila = get_unaligned_be32(skb->data) == PILOT_MAGIC_PILA;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = keyd_msg_start(msg, pd, PILOT_CMD_VERIFY_REQUEST_NTF);
	if (!hdr || nla_put_u32(msg, PILOT_A_KEYD_COOKIE, cookie) ||
	    nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, get_unaligned_be32(p)) ||
	    nla_put(msg, PILOT_A_KEYD_PUBLIC_KEY, CURVE25519_KEY_SIZE,
		    p + PILOT_NODE_ID_LEN))
		goto nomem;
	p += PILOT_NODE_ID_LEN + CURVE25519_KEY_SIZE;
	if (pila &&
	    (nla_put(msg, PILOT_A_KEYD_IDENTITY_KEY, PILOT_ED25519_KEY_LEN, p) ||
	     nla_put(msg, PILOT_A_KEYD_SIGNATURE, PILOT_SIGNATURE_LEN,
		     p + PILOT_ED25519_KEY_LEN)))
		goto nomem;
	if (pinned && nla_put_flag(msg, PILOT_A_KEYD_PINNED))
		goto nomem;
	return keyd_multicast(pd, msg, hdr, PILOT_NLGRP_KEYD, GFP_KERNEL);
nomem:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * pilot_nl_notify_resolve_request - ask pilot-keyd to find a node
 * @pd: the device
 * @node_id: the node traffic waits for
 *
 * Any context but hard interrupts.
 */
void pilot_nl_notify_resolve_request(struct pilot_device *pd, u32 node_id)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(sizeof(u32)) * 2, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = keyd_msg_start(msg, pd, PILOT_CMD_RESOLVE_REQUEST_NTF);
	if (!hdr || nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, node_id)) {
		nlmsg_free(msg);
		return;
	}
	keyd_multicast(pd, msg, hdr, PILOT_NLGRP_KEYD, GFP_ATOMIC);
}

/**
 * pilot_nl_notify_auth_failed - tell the "peers" group a PILA frame was refused
 * @pd: the device
 * @node_id: the frame's sender
 * @result: why
 * @from: where the frame came from
 *
 * Any context but hard interrupts.
 */
void pilot_nl_notify_auth_failed(struct pilot_device *pd, u32 node_id,
				 enum pilot_auth_result result,
				 const struct pilot_endpoint *from)
{
	struct net *net = dev_net(pd->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&pilot_nl_family, net, PILOT_NLGRP_PEERS))
		return;
	/* sized to fit: a flood of refusals must not fill listeners' buffers
	 * with mostly empty pages
	 */
	msg = genlmsg_new(nla_total_size(sizeof(u32)) * 3 +
			  nla_total_size(sizeof(struct in6_addr)) +
			  nla_total_size(sizeof(u16)), GFP_ATOMIC);
	if (!msg)
		return;
	hdr = keyd_msg_start(msg, pd, PILOT_CMD_AUTH_FAILED_NTF);
	if (!hdr || nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, node_id) ||
	    nla_put_u32(msg, PILOT_A_KEYD_RESULT, result) ||
	    (from->family == AF_INET &&
	     nla_put_in_addr(msg, PILOT_A_KEYD_ENDPOINT_IPV4, from->addr4)) ||
	    (from->family == AF_INET6 &&
	     nla_put_in6_addr(msg, PILOT_A_KEYD_ENDPOINT_IPV6, &from->addr6)) ||
	    (from->family && nla_put_u16(msg, PILOT_A_KEYD_ENDPOINT_PORT, from->port))) {
		nlmsg_free(msg);
		return;
	}
	keyd_multicast(pd, msg, hdr, PILOT_NLGRP_PEERS, GFP_ATOMIC);
}
