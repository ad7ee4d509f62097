// SPDX-License-Identifier: GPL-2.0
/*
 * The "pilot" generic netlink family: the control plane of pilot devices.
 *
 * The policies and the ops table are generated from
 * Documentation/netlink/specs/pilot.yaml into netlink-gen.c, which is
 * compiled here so that its multicast group table is in scope. Every
 * handler that touches a device holds RTNL, the lock all configuration is
 * written under. Peer commands are in netlink-peer.c.
 */

#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <uapi/linux/pilot.h>

#include "device.h"
#include "netlink.h"
#include "peer.h"
#include "socket.h"
#include "version.h"

#include "netlink-gen.c"

/**
 * pilot_nl_version_get_doit - answer PILOT_CMD_VERSION_GET
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_version_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *client = info->attrs[PILOT_A_VERSION_FAMILY];
	struct sk_buff *msg;
	void *hdr;

	if (client && nla_get_u32(client) > PILOT_FAMILY_VERSION) {
		NL_SET_ERR_MSG_ATTR(info->extack, client,
				    "client is newer than this module's netlink family");
		return -EPROTONOSUPPORT;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &pilot_nl_family, 0,
				PILOT_CMD_VERSION_GET);
	if (!hdr ||
	    nla_put_string(msg, PILOT_A_VERSION_MODULE, PILOT_VERSION) ||
	    nla_put_u32(msg, PILOT_A_VERSION_FAMILY, PILOT_FAMILY_VERSION) ||
	    nla_put_string(msg, PILOT_A_VERSION_PROTOCOL, PILOT_PROTOCOL)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * pilot_nl_dev_lookup - the pilot device a request names
 * @net: the requester's network namespace
 * @attrs: the request's attributes: PILOT_A_DEVICE_IFINDEX or
 *	PILOT_A_DEVICE_IFNAME (both must then agree)
 * @extack: where to say what is wrong
 *
 * Must hold RTNL, which keeps the device alive.
 *
 * Return: the device, or an ERR_PTR.
 */
struct pilot_device *pilot_nl_dev_lookup(struct net *net, struct nlattr **attrs,
					 struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = attrs[PILOT_A_DEVICE_IFINDEX];
	struct nlattr *ifname = attrs[PILOT_A_DEVICE_IFNAME];
	struct net_device *dev = NULL;

	ASSERT_RTNL();
	if (ifindex) {
		dev = __dev_get_by_index(net, nla_get_u32(ifindex));
		if (dev && ifname && nla_strcmp(ifname, dev->name)) {
			NL_SET_ERR_MSG_ATTR(extack, ifname,
					    "ifindex and ifname name different devices");
			return ERR_PTR(-EINVAL);
		}
	} else if (ifname) {
		char name[IFNAMSIZ];

		nla_strscpy(name, ifname, sizeof(name));
		dev = __dev_get_by_name(net, name);
	} else {
		NL_SET_ERR_ATTR_MISS(extack, NULL, PILOT_A_DEVICE_IFINDEX);
		NL_SET_ERR_MSG(extack, "pilot: a device ifindex or ifname is required");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!pilot_dev_is_pilot(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname, "not a pilot device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

/**
 * pilot_nl_put_drops - add a nest of drop counters, one per reason
 * @msg: the message
 * @attrtype: the nest's attribute type
 * @drops: the counters, indexed by &enum pilot_drop_reason
 *
 * Each reason's attribute type in the "drops" set is its value.
 *
 * Return: 0, or -EMSGSIZE with nothing added.
 */
int pilot_nl_put_drops(struct sk_buff *msg, int attrtype,
		       const atomic64_t *drops)
{
	struct nlattr *nest = nla_nest_start(msg, attrtype);
	int reason;

	if (!nest)
		return -EMSGSIZE;
	/*
	 * The "drops" set has no pad attribute: where u64 values must be
	 * aligned, type 0, never a reason, pads.
	 */
	for (reason = 1; reason <= PILOT_DROP_REASON_MAX; reason++) {
		if (nla_put_u64_64bit(msg, reason, atomic64_read(&drops[reason]), 0)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* A device's settings and figures; never its private key. */
static int pilot_nl_dev_fill(struct sk_buff *msg, struct pilot_device *pd,
			     u32 portid, u32 seq, int flags)
{
	struct net_device *dev = pd->dev;
	void *hdr;

	ASSERT_RTNL();
	hdr = genlmsg_put(msg, portid, seq, &pilot_nl_family, flags,
			  PILOT_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, PILOT_A_DEVICE_IFNAME, dev->name) ||
	    nla_put_u32(msg, PILOT_A_DEVICE_NODE_ID, pd->node_id) ||
	    nla_put_u16(msg, PILOT_A_DEVICE_NETWORK_ID, pd->network_id) ||
	    nla_put_u16(msg, PILOT_A_DEVICE_LISTEN_PORT,
			pd->bound_port ?: pd->listen_port) ||
	    nla_put(msg, PILOT_A_DEVICE_PUBLIC_KEY, sizeof(pd->public_key),
		    pd->public_key) ||
	    nla_put_u8(msg, PILOT_A_DEVICE_ENCRYPTION, pd->encryption) ||
	    nla_put_u32(msg, PILOT_A_DEVICE_FWMARK, pd->fwmark) ||
	    nla_put_u32(msg, PILOT_A_DEVICE_PEER_COUNT, pd->peer_count) ||
	    nla_put_u32(msg, PILOT_A_DEVICE_GENERATION, pd->generation) ||
	    nla_put_u8(msg, PILOT_A_DEVICE_LEARN_PEERS, pd->learn_peers) ||
	    nla_put_u32(msg, PILOT_A_DEVICE_SESSION_COUNT,
			atomic_read(&pd->session_count)) ||
	    pilot_nl_put_drops(msg, PILOT_A_DEVICE_DROPS, pd->drops) ||
	    nla_put_u8(msg, PILOT_A_DEVICE_KEYD, pilot_auth_helper_present(pd)) ||
	    (pd->has_identity &&
	     nla_put(msg, PILOT_A_DEVICE_IDENTITY_KEY, sizeof(pd->identity_key),
		     pd->identity_key))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/**
 * pilot_nl_dev_get_doit - answer PILOT_CMD_DEV_GET for one device
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pilot_device *pd;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	pd = pilot_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	err = IS_ERR(pd) ? PTR_ERR(pd) :
	      pilot_nl_dev_fill(msg, pd, info->snd_portid, info->snd_seq, 0);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/**
 * pilot_nl_dev_get_dumpit - dump every pilot device of a namespace
 * @skb: the message to fill
 * @cb: the dump's state; cb->args[0] counts the devices already sent
 *
 * Return: the length filled, 0 at the end, or a negative errno.
 */
int pilot_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!pilot_dev_is_pilot(dev) || idx++ < cb->args[0])
			continue;
		err = pilot_nl_dev_fill(skb, netdev_priv(dev),
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		cb->args[0] = idx;
	}
	rtnl_unlock();
	/* a full message ends this part of the dump; the next goes on */
	return err == -EMSGSIZE ? skb->len : err ?: skb->len;
}

/*
 * The listen port and the fwmark act in the namespace holding the sockets,
 * so changing them needs privilege there too (as WireGuard requires).
 */
static bool pilot_nl_may_touch_sockets(struct pilot_device *pd,
				       struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;

	if (!attrs[PILOT_A_DEVICE_LISTEN_PORT] && !attrs[PILOT_A_DEVICE_FWMARK])
		return true;
	return pd->creating_net &&
	       ns_capable(pd->creating_net->user_ns, CAP_NET_ADMIN);
}

/**
 * pilot_nl_dev_set_doit - apply PILOT_CMD_DEV_SET
 * @skb: the request
 * @info: its attributes and sender
 *
 * Everything that can fail is checked or done first, so a refused request
 * changes nothing. The read-only attributes (public-key, peer-count,
 * identity-key, generation, session-count, drops) never get here: the
 * command's policy leaves them out, so genetlink refuses them with an
 * extended ACK pointing at the attribute.
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 priv[CURVE25519_KEY_SIZE], pub[CURVE25519_KEY_SIZE];
	struct nlattr *key = info->attrs[PILOT_A_DEVICE_PRIVATE_KEY];
	struct nlattr **attrs = info->attrs;
	struct pilot_device *pd;
	int err = 0;

	rtnl_lock();
	pd = pilot_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(pd)) {
		err = PTR_ERR(pd);
		goto out;
	}
	if (!pilot_nl_may_touch_sockets(pd, info)) {
		NL_SET_ERR_MSG(info->extack,
			       "pilot: listen-port and fwmark need CAP_NET_ADMIN where the device was created");
		err = -EPERM;
		goto out;
	}

	/* First what can fail; then, once nothing can, the rest. */
	err = pilot_nl_peers_check(info);
	if (err)
		goto out;
	if (key && !pilot_keypair_from_private(priv, pub, nla_data(key))) {
		NL_SET_ERR_MSG_ATTR(info->extack, key,
				    "no public key derives from this private key");
		err = -EINVAL;
		goto out;
	}
	if (attrs[PILOT_A_DEVICE_LISTEN_PORT]) {
		u16 port = nla_get_u16(attrs[PILOT_A_DEVICE_LISTEN_PORT]);

		if (netif_running(pd->dev) && port != pd->bound_port) {
			err = pilot_socket_open(pd, port);
			if (err) {
				NL_SET_ERR_MSG_ATTR(info->extack,
						    attrs[PILOT_A_DEVICE_LISTEN_PORT],
						    "cannot bind the listen port");
				goto out;
			}
		}
		pd->listen_port = port;
	}
	if (key)
		pilot_device_set_key(pd, priv, pub);
	if (attrs[PILOT_A_DEVICE_NODE_ID])
		pilot_device_set_node_id(pd, nla_get_u32(attrs[PILOT_A_DEVICE_NODE_ID]));
	if (attrs[PILOT_A_DEVICE_NETWORK_ID])
		WRITE_ONCE(pd->network_id,
			   nla_get_u16(attrs[PILOT_A_DEVICE_NETWORK_ID]));
	if (attrs[PILOT_A_DEVICE_ENCRYPTION])
		WRITE_ONCE(pd->encryption,
			   nla_get_u8(attrs[PILOT_A_DEVICE_ENCRYPTION]));
	if (attrs[PILOT_A_DEVICE_LEARN_PEERS])
		WRITE_ONCE(pd->learn_peers,
			   nla_get_u8(attrs[PILOT_A_DEVICE_LEARN_PEERS]));
	if (attrs[PILOT_A_DEVICE_FWMARK]) {
		WRITE_ONCE(pd->fwmark, nla_get_u32(attrs[PILOT_A_DEVICE_FWMARK]));
		pilot_socket_set_mark(pd, pd->fwmark);
	}
	err = pilot_nl_peers_apply(pd, info);
out:
	rtnl_unlock();
	memzero_explicit(priv, sizeof(priv));
	if (key)	/* the request's copy of the key goes with it */
		memzero_explicit(nla_data(key), nla_len(key));
	return err;
}

/*
 * The groups carry what only CAP_NET_ADMIN may read through the commands
 * (peers' endpoints, pilot-keyd's questions), so joining one needs it too,
 * in the user namespace owning the network namespace (the spec's
 * uns-admin-perm). The generator leaves group flags out of
 * pilot_nl_mcgrps: the family registers this copy of it instead.
 */
static const struct genl_multicast_group pilot_nl_mcgrps_admin[] = {
	[PILOT_NLGRP_PEERS] = { .name = PILOT_MCGRP_PEERS,
				.flags = GENL_MCAST_CAP_NET_ADMIN, },
	[PILOT_NLGRP_KEYD] = { .name = PILOT_MCGRP_KEYD,
			       .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

static_assert(ARRAY_SIZE(pilot_nl_mcgrps_admin) == ARRAY_SIZE(pilot_nl_mcgrps));

struct genl_family pilot_nl_family __ro_after_init = {
	.name		= PILOT_FAMILY_NAME,
	.version	= PILOT_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= pilot_nl_ops,
	.n_ops		= ARRAY_SIZE(pilot_nl_ops),
	.mcgrps		= pilot_nl_mcgrps_admin,
	.n_mcgrps	= ARRAY_SIZE(pilot_nl_mcgrps_admin),
};

/**
 * pilot_genl_init - register the "pilot" generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int __init pilot_genl_init(void)
{
	return genl_register_family(&pilot_nl_family);
}

/**
 * pilot_genl_uninit - unregister the family
 */
void pilot_genl_uninit(void)
{
	genl_unregister_family(&pilot_nl_family);
}
