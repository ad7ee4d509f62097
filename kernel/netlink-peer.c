// SPDX-License-Identifier: GPL-2.0
/*
 * Peer commands of the "pilot" family: peer-new, peer-set, peer-del,
 * peer-get (do and dump), the peers of a dev-set request, and the
 * notifications of the "peers" group.
 *
 * A request is checked whole before anything changes, so that a refused
 * one leaves the device as it was. All of it runs under RTNL; the
 * notifications the datapath sends may come from any context.
 */

#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <uapi/linux/pilot.h>

#include "allowedips.h"
#include "device.h"
#include "kx.h"
#include "netlink-gen.h"
#include "netlink.h"
#include "peer.h"
#include "trace.h"

/* Attributes replies and notifications carry that no request may set. */
static const int peer_read_only[] = {
	PILOT_A_PEER_ENDPOINT_LEARNED, PILOT_A_PEER_RX_BYTES,
	PILOT_A_PEER_TX_BYTES, PILOT_A_PEER_RX_PACKETS, PILOT_A_PEER_TX_PACKETS,
	PILOT_A_PEER_DEL_REASON, PILOT_A_PEER_SESSION,
	PILOT_A_PEER_AUTHENTICATED, PILOT_A_PEER_LAST_KEY_EXCHANGE,
	PILOT_A_PEER_REKEY_ATTEMPTS, PILOT_A_PEER_GAVE_UP_MS,
	PILOT_A_PEER_LEARNED, PILOT_A_PEER_DROPS, PILOT_A_PEER_DROP_REASON,
	PILOT_A_PEER_KEY_CHANGED,
};

enum peer_op {
	PEER_NEW,	/* must not exist */
	PEER_SET,	/* must exist */
	PEER_UPSERT,	/* dev-set: either, unless flags say */
};

static int aip_parse(struct nlattr *nest, struct pilot_aip_key *key, u32 *flags,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PILOT_A_ALLOWED_IP_MAX + 1];
	u16 family;
	int err;

	err = nla_parse_nested(tb, PILOT_A_ALLOWED_IP_MAX, nest,
			       pilot_allowed_ip_nl_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PILOT_A_ALLOWED_IP_FAMILY) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, PILOT_A_ALLOWED_IP_IPADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, PILOT_A_ALLOWED_IP_CIDR_MASK)) {
		NL_SET_ERR_MSG(extack, "pilot: an allowed IP needs family, ipaddr and cidr-mask");
		return -EINVAL;
	}
	family = nla_get_u16(tb[PILOT_A_ALLOWED_IP_FAMILY]);
	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PILOT_A_ALLOWED_IP_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	if (nla_len(tb[PILOT_A_ALLOWED_IP_IPADDR]) != (family == AF_INET ? 4 : 16)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PILOT_A_ALLOWED_IP_IPADDR],
				    "address length does not match its family");
		return -EINVAL;
	}
	if (!pilot_aip_key_make(key, family, nla_data(tb[PILOT_A_ALLOWED_IP_IPADDR]),
				nla_get_u8(tb[PILOT_A_ALLOWED_IP_CIDR_MASK]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PILOT_A_ALLOWED_IP_CIDR_MASK],
				    "prefix length too long for its family");
		return -EINVAL;
	}
	*flags = tb[PILOT_A_ALLOWED_IP_FLAGS] ?
		 nla_get_u32(tb[PILOT_A_ALLOWED_IP_FLAGS]) : 0;
	return 0;
}

/* Parse and check one peer nest; tb receives its attributes. */
static int peer_parse(struct nlattr *nest, struct nlattr **tb,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *v4, *v6, *port, *a;
	struct pilot_aip_key key;
	unsigned int i;
	int err, rem;
	u32 flags;

	err = nla_parse_nested(tb, PILOT_A_PEER_MAX, nest, pilot_peer_nl_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PILOT_A_PEER_NODE_ID)) {
		NL_SET_ERR_MSG(extack, "pilot: a peer needs its node-id");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(peer_read_only); i++) {
		if (tb[peer_read_only[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[peer_read_only[i]],
					    "read-only attribute");
			return -EINVAL;
		}
	}
	v4 = tb[PILOT_A_PEER_ENDPOINT_IPV4];
	v6 = tb[PILOT_A_PEER_ENDPOINT_IPV6];
	port = tb[PILOT_A_PEER_ENDPOINT_PORT];
	if (v4 && v6) {
		NL_SET_ERR_MSG_ATTR(extack, v6, "one endpoint address: IPv4 or IPv6");
		return -EINVAL;
	}
	if ((v4 || v6) && !port) {
		NL_SET_ERR_ATTR_MISS(extack, nest, PILOT_A_PEER_ENDPOINT_PORT);
		NL_SET_ERR_MSG(extack, "pilot: an endpoint needs a port");
		return -EINVAL;
	}
	if (port && !v4 && !v6) {
		NL_SET_ERR_MSG_ATTR(extack, port, "an endpoint port needs an address");
		return -EINVAL;
	}
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PILOT_A_PEER_ALLOWED_IP)
			continue;
		err = aip_parse(a, &key, &flags, extack);
		if (err)
			return err;
	}
	return 0;
}

static void peer_set_endpoint(struct pilot_peer *peer, struct nlattr **tb)
{
	struct pilot_endpoint ep = {};

	if (tb[PILOT_A_PEER_ENDPOINT_IPV4]) {
		ep.family = AF_INET;
		ep.addr4 = nla_get_in_addr(tb[PILOT_A_PEER_ENDPOINT_IPV4]);
	} else {
		ep.family = AF_INET6;
		ep.addr6 = nla_get_in6_addr(tb[PILOT_A_PEER_ENDPOINT_IPV6]);
	}
	ep.port = nla_get_u16(tb[PILOT_A_PEER_ENDPOINT_PORT]);
	pilot_peer_endpoint_set(peer, &ep);
	/* a pending key exchange tries the new way at once */
	pilot_kx_path_changed(peer);
}

/* Apply a checked peer nest. Fails only on memory, or as @op requires. */
static int peer_apply(struct pilot_device *pd, struct nlattr *nest,
		      enum peer_op op, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PILOT_A_PEER_MAX + 1], *a;
	struct pilot_aip_key key;
	struct pilot_peer *peer;
	bool created = false;
	u32 flags, aflags;
	int err, rem;

	ASSERT_RTNL();
	err = nla_parse_nested(tb, PILOT_A_PEER_MAX, nest, pilot_peer_nl_policy,
			       extack);
	if (err)
		return err;
	flags = tb[PILOT_A_PEER_FLAGS] ? nla_get_u32(tb[PILOT_A_PEER_FLAGS]) : 0;
	peer = pilot_peer_lookup(pd, nla_get_u32(tb[PILOT_A_PEER_NODE_ID]));

	if (flags & PILOT_PEER_FLAGS_REMOVE) {
		if (peer)
			pilot_peer_remove(peer, PILOT_DEL_REASON_USERSPACE);
		return 0;
	}
	if (peer && op == PEER_NEW) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PILOT_A_PEER_NODE_ID],
				    "a peer with this node-id exists");
		return -EEXIST;
	}
	if (!peer) {
		if (op == PEER_SET) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PILOT_A_PEER_NODE_ID], "no such peer");
			return -ENOENT;
		}
		if (flags & PILOT_PEER_FLAGS_UPDATE_ONLY)
			return 0;
		peer = pilot_peer_create(pd, nla_get_u32(tb[PILOT_A_PEER_NODE_ID]));
		if (IS_ERR(peer))
			return PTR_ERR(peer);
		created = true;
	}

	if (tb[PILOT_A_PEER_ENDPOINT_PORT])
		peer_set_endpoint(peer, tb);
	if (tb[PILOT_A_PEER_IDENTITY_KEY]) {
		spin_lock_bh(&peer->kx_lock);
		memcpy(peer->identity_key, nla_data(tb[PILOT_A_PEER_IDENTITY_KEY]),
		       sizeof(peer->identity_key));
		peer->has_identity_key = memchr_inv(peer->identity_key, 0,
						    sizeof(peer->identity_key));
		/* what was proven under another pin proves nothing now */
		peer->has_proof = false;
		spin_unlock_bh(&peer->kx_lock);
	}
	if (tb[PILOT_A_PEER_KEEPALIVE_INTERVAL])
		WRITE_ONCE(peer->keepalive_interval,
			   nla_get_u16(tb[PILOT_A_PEER_KEEPALIVE_INTERVAL]));
	if (flags & PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS)
		pilot_allowedips_remove_peer(&pd->aips, peer);
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PILOT_A_PEER_ALLOWED_IP)
			continue;
		aip_parse(a, &key, &aflags, extack);
		if (aflags & PILOT_ALLOWED_IP_FLAGS_REMOVE) {
			pilot_allowedips_remove(&pd->aips, peer, &key);
			continue;
		}
		err = pilot_allowedips_insert(&pd->aips, peer, &key);
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, a, "out of memory for allowed IPs");
			if (created)
				pilot_peer_remove(peer, PILOT_DEL_REASON_USERSPACE);
			return err;
		}
	}
	pd->generation++;
	if (created) {
		pilot_nl_peer_notify(peer, PILOT_CMD_PEER_ADD_NTF, 0);
		pilot_auth_resolved(peer);
	}
	return 0;
}

/**
 * pilot_nl_peers_check - check every peer of a dev-set request
 * @info: the request
 *
 * Return: 0 when pilot_nl_peers_apply() can only fail for memory.
 */
int pilot_nl_peers_check(struct genl_info *info)
{
	struct nlattr *tb[PILOT_A_PEER_MAX + 1];
	struct nlattr *a;
	int err, rem;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != PILOT_A_DEVICE_PEER)
			continue;
		err = peer_parse(a, tb, info->extack);
		if (err)
			return err;
	}
	return 0;
}

/**
 * pilot_nl_peers_apply - apply the peers of a checked dev-set request
 * @pd: the device
 * @info: the request
 *
 * With PILOT_DEVICE_FLAGS_REPLACE_PEERS, every peer goes first (as with
 * WireGuard, a large configuration comes in several requests, only the
 * first of which replaces). Must hold RTNL.
 *
 * Return: 0 or a negative errno (memory).
 */
int pilot_nl_peers_apply(struct pilot_device *pd, struct genl_info *info)
{
	struct nlattr *flags = info->attrs[PILOT_A_DEVICE_FLAGS];
	struct pilot_peer *peer, *tmp;
	struct nlattr *a;
	int err, rem;

	ASSERT_RTNL();
	if (flags && (nla_get_u32(flags) & PILOT_DEVICE_FLAGS_REPLACE_PEERS))
		list_for_each_entry_safe(peer, tmp, &pd->peer_list, list)
			pilot_peer_remove(peer, PILOT_DEL_REASON_USERSPACE);
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != PILOT_A_DEVICE_PEER)
			continue;
		err = peer_apply(pd, a, PEER_UPSERT, info->extack);
		if (err)
			return err;
	}
	return 0;
}

/* The one peer nest of a peer-* request, checked, into tb. */
static int peer_request_parse(struct genl_info *info, struct nlattr **tb)
{
	if (GENL_REQ_ATTR_CHECK(info, PILOT_A_DEVICE_PEER)) {
		NL_SET_ERR_MSG(info->extack, "pilot: the request names no peer");
		return -EINVAL;
	}
	return peer_parse(info->attrs[PILOT_A_DEVICE_PEER], tb, info->extack);
}

/* The existing peer a parsed request names. Must hold RTNL. */
static struct pilot_peer *peer_request_lookup(struct genl_info *info,
					      struct nlattr **tb)
{
	struct pilot_device *pd;
	struct pilot_peer *peer;

	pd = pilot_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(pd))
		return ERR_CAST(pd);
	peer = pilot_peer_lookup(pd, nla_get_u32(tb[PILOT_A_PEER_NODE_ID]));
	if (!peer) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PILOT_A_PEER_NODE_ID], "no such peer");
		return ERR_PTR(-ENOENT);
	}
	return peer;
}

/* peer-new and peer-set: one peer, checked, then applied. */
static int peer_doit(struct genl_info *info, enum peer_op op)
{
	struct nlattr *tb[PILOT_A_PEER_MAX + 1];
	struct pilot_device *pd;
	int err;

	err = peer_request_parse(info, tb);
	if (err)
		return err;
	rtnl_lock();
	pd = pilot_nl_dev_lookup(genl_info_net(info), info->attrs, info->extack);
	err = IS_ERR(pd) ? PTR_ERR(pd) :
	      peer_apply(pd, info->attrs[PILOT_A_DEVICE_PEER], op, info->extack);
	rtnl_unlock();
	return err;
}

/**
 * pilot_nl_peer_new_doit - answer PILOT_CMD_PEER_NEW
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno (-EEXIST when the peer exists).
 */
int pilot_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return peer_doit(info, PEER_NEW);
}

/**
 * pilot_nl_peer_set_doit - answer PILOT_CMD_PEER_SET
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno (-ENOENT when there is no such peer).
 */
int pilot_nl_peer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return peer_doit(info, PEER_SET);
}

/**
 * pilot_nl_peer_del_doit - answer PILOT_CMD_PEER_DEL
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno (-ENOENT when there is no such peer).
 */
int pilot_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PILOT_A_PEER_MAX + 1];
	struct pilot_peer *peer;
	int err;

	err = peer_request_parse(info, tb);
	if (err)
		return err;
	rtnl_lock();
	peer = peer_request_lookup(info, tb);
	if (IS_ERR(peer))
		err = PTR_ERR(peer);
	else
		pilot_peer_remove(peer, PILOT_DEL_REASON_USERSPACE);
	rtnl_unlock();
	return err;
}

static int put_endpoint(struct sk_buff *msg, struct pilot_peer *peer)
{
	struct pilot_endpoint ep;
	bool learned;

	if (!pilot_peer_endpoint_get(peer, &ep, &learned))
		return 0;
	if ((ep.family == AF_INET ?
	     nla_put_in_addr(msg, PILOT_A_PEER_ENDPOINT_IPV4, ep.addr4) :
	     nla_put_in6_addr(msg, PILOT_A_PEER_ENDPOINT_IPV6, &ep.addr6)) ||
	    nla_put_u16(msg, PILOT_A_PEER_ENDPOINT_PORT, ep.port) ||
	    nla_put_u8(msg, PILOT_A_PEER_ENDPOINT_LEARNED, learned))
		return -EMSGSIZE;
	return 0;
}

static int put_registered_key(struct sk_buff *msg, struct pilot_peer *peer)
{
	u8 key[PILOT_ED25519_KEY_LEN];
	bool has;

	spin_lock_bh(&peer->kx_lock);
	has = peer->has_registered_key;
	memcpy(key, peer->registered_key, sizeof(key));
	spin_unlock_bh(&peer->kx_lock);
	return has ? nla_put(msg, PILOT_A_PEER_REGISTERED_KEY, sizeof(key), key) : 0;
}

static int put_allowedip(struct sk_buff *msg, const struct pilot_aip_key *key)
{
	struct nlattr *nest = nla_nest_start(msg, PILOT_A_PEER_ALLOWED_IP);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(msg, PILOT_A_ALLOWED_IP_FAMILY, key->family) ||
	    nla_put(msg, PILOT_A_ALLOWED_IP_IPADDR, key->family == AF_INET ? 4 : 16,
		    &key->addr6) ||
	    nla_put_u8(msg, PILOT_A_ALLOWED_IP_CIDR_MASK, key->cidr)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The session and key exchange of a peer, and what it caused to drop. */
static int put_crypto_state(struct sk_buff *msg, struct pilot_peer *peer)
{
	struct pilot_peer_state st;

	pilot_peer_get_state(peer, &st);
	if (nla_put_u8(msg, PILOT_A_PEER_SESSION, st.session) ||
	    nla_put_u8(msg, PILOT_A_PEER_AUTHENTICATED, st.authenticated) ||
	    (st.last_key_exchange &&
	     nla_put_u64_64bit(msg, PILOT_A_PEER_LAST_KEY_EXCHANGE,
			       st.last_key_exchange, PILOT_A_PEER_PAD)) ||
	    (st.rekey_pending &&
	     nla_put_u8(msg, PILOT_A_PEER_REKEY_ATTEMPTS, st.rekey_attempts)) ||
	    (st.gave_up_ms &&
	     nla_put_u32(msg, PILOT_A_PEER_GAVE_UP_MS, st.gave_up_ms)) ||
	    nla_put_u8(msg, PILOT_A_PEER_LEARNED, READ_ONCE(peer->learned)) ||
	    pilot_nl_put_drops(msg, PILOT_A_PEER_DROPS, peer->drops))
		return -EMSGSIZE;
	return 0;
}

/*
 * The head of every message about a peer: the genetlink header, the
 * device's ifindex and name, and the peer nest, left open, with the
 * peer's node ID. NULL, with nothing added, when it does not fit.
 */
static void *peer_msg_start(struct sk_buff *msg, struct pilot_peer *peer,
			    u8 cmd, u32 portid, u32 seq, int flags,
			    struct nlattr **nest)
{
	struct net_device *dev = peer->pd->dev;
	char ifname[IFNAMSIZ];
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &pilot_nl_family, flags, cmd);
	if (!hdr)
		return NULL;
	/* a copy: without RTNL, the device may be renamed meanwhile */
	strscpy(ifname, dev->name, sizeof(ifname));
	if (nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, PILOT_A_DEVICE_IFNAME, ifname))
		goto cancel;
	*nest = nla_nest_start(msg, PILOT_A_DEVICE_PEER);
	if (!*nest || nla_put_u32(msg, PILOT_A_PEER_NODE_ID, peer->node_id))
		goto cancel;
	return hdr;
cancel:
	genlmsg_cancel(msg, hdr);
	return NULL;
}

/*
 * One peer as a peer-get reply: its settings, figures and allowed IPs
 * from *cursor on. When not all allowed IPs fit, the message ends with
 * those that did, *cursor tells where to go on, and 1 is returned; 0 when
 * the peer is complete; -EMSGSIZE, with nothing added, when not even one
 * more allowed IP fits. Must hold RTNL.
 */
static int peer_fill(struct sk_buff *msg, struct pilot_peer *peer,
		     u32 portid, u32 seq, int flags, struct netlink_callback *cb,
		     unsigned long *cursor)
{
	struct pilot_allowedip *e;
	unsigned long i = 0, start = cursor ? *cursor : 0;
	struct nlattr *nest;
	bool partial = false;
	void *hdr;

	ASSERT_RTNL();
	hdr = peer_msg_start(msg, peer, PILOT_CMD_PEER_GET, portid, seq, flags,
			     &nest);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (put_endpoint(msg, peer) || put_registered_key(msg, peer) ||
	    (peer->has_identity_key &&
	     nla_put(msg, PILOT_A_PEER_IDENTITY_KEY, sizeof(peer->identity_key),
		     peer->identity_key)) ||
	    nla_put_u16(msg, PILOT_A_PEER_KEEPALIVE_INTERVAL,
			peer->keepalive_interval) ||
	    nla_put_u64_64bit(msg, PILOT_A_PEER_RX_BYTES,
			      atomic64_read(&peer->rx_bytes), PILOT_A_PEER_PAD) ||
	    nla_put_u64_64bit(msg, PILOT_A_PEER_TX_BYTES,
			      atomic64_read(&peer->tx_bytes), PILOT_A_PEER_PAD) ||
	    nla_put_u64_64bit(msg, PILOT_A_PEER_RX_PACKETS,
			      atomic64_read(&peer->rx_packets), PILOT_A_PEER_PAD) ||
	    nla_put_u64_64bit(msg, PILOT_A_PEER_TX_PACKETS,
			      atomic64_read(&peer->tx_packets), PILOT_A_PEER_PAD) ||
	    put_crypto_state(msg, peer))
		goto cancel;
	list_for_each_entry(e, &peer->allowedips, peer_list) {
		if (i++ < start)
			continue;
		if (put_allowedip(msg, &e->key)) {
			if (!cursor || i - 1 == start)
				goto cancel;	/* not even one: next message */
			partial = true;
			*cursor = i - 1;
			break;
		}
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return partial;
cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/**
 * pilot_nl_peer_get_doit - answer PILOT_CMD_PEER_GET for one peer
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PILOT_A_PEER_MAX + 1];
	struct pilot_allowedip *e;
	struct pilot_peer *peer;
	struct sk_buff *msg = NULL;
	size_t size = NLMSG_GOODSIZE;
	int err;

	err = peer_request_parse(info, tb);
	if (err)
		return err;
	rtnl_lock();
	peer = peer_request_lookup(info, tb);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		goto out;
	}
	/* one message holds the whole peer, however many its prefixes */
	list_for_each_entry(e, &peer->allowedips, peer_list)
		size += nla_total_size(nla_total_size(2) + nla_total_size(16) +
				       nla_total_size(1));
	msg = genlmsg_new(size, GFP_KERNEL);
	err = !msg ? -ENOMEM :
	      peer_fill(msg, peer, info->snd_portid, info->snd_seq, 0, NULL,
			NULL);
out:
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err < 0 ? err : -EMSGSIZE;
	}
	return genlmsg_reply(msg, info);
}

/**
 * pilot_nl_peer_get_dumpit - dump every peer of a device
 * @skb: the message to fill
 * @cb: the dump's state: cb->args[0] counts the peers sent whole,
 *	cb->args[1] the allowed IPs sent of the next one
 *
 * Replies carry NLM_F_DUMP_INTR when the peers changed since the dump
 * began: the caller should ask again.
 *
 * Return: the length filled, 0 at the end, or a negative errno.
 */
int pilot_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *attrs[PILOT_A_DEVICE_PEER + 1];
	unsigned long idx = 0, cursor = cb->args[1];
	struct pilot_device *pd;
	struct pilot_peer *peer;
	int err;

	/* the request was checked; parse it again for the device's name */
	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, attrs, PILOT_A_DEVICE_PEER,
			  pilot_peer_get_nl_policy, cb->extack);
	if (err)
		return err;

	rtnl_lock();
	pd = pilot_nl_dev_lookup(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(pd)) {
		err = PTR_ERR(pd);
		goto out;
	}
	cb->seq = pd->generation;
	list_for_each_entry(peer, &pd->peer_list, list) {
		if (idx++ < cb->args[0])
			continue;
		err = peer_fill(skb, peer, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, NLM_F_MULTI, cb, &cursor);
		cb->args[1] = cursor;
		if (err)
			break;
		cb->args[0] = idx;
		cursor = 0;
		cb->args[1] = 0;
	}
	err = skb->len;
out:
	rtnl_unlock();
	return err;
}

/*
 * A notification of the "peers" group: what it carries besides the device
 * and the peer's node ID.
 */
struct peer_event {
	u8 cmd;
	u32 reason;	/* del-reason or drop-reason */
	bool authenticated;
	bool key_changed;
};

/* The largest notification: an IPv6 endpoint with its port and origin. */
static size_t peer_event_size(void)
{
	return nla_total_size(sizeof(u32)) +			/* ifindex */
	       nla_total_size(IFNAMSIZ) +			/* ifname */
	       nla_total_size(nla_total_size(sizeof(u32)) +	/* node-id */
			      nla_total_size(sizeof(struct in6_addr)) +
			      nla_total_size(sizeof(u16)) +
			      nla_total_size(sizeof(u8)));
}

static int peer_event_put(struct sk_buff *msg, struct pilot_peer *peer,
			  const struct peer_event *ev)
{
	switch (ev->cmd) {
	case PILOT_CMD_PEER_DEL_NTF:
		return nla_put_u32(msg, PILOT_A_PEER_DEL_REASON, ev->reason);
	case PILOT_CMD_KEY_INSTALLED_NTF:
		return nla_put_u8(msg, PILOT_A_PEER_AUTHENTICATED, ev->authenticated) ?:
		       nla_put_u8(msg, PILOT_A_PEER_KEY_CHANGED, ev->key_changed);
	case PILOT_CMD_ENDPOINT_CHANGED_NTF:
		return put_endpoint(msg, peer);
	case PILOT_CMD_CRYPTO_DROPPED_NTF:
		return nla_put_u32(msg, PILOT_A_PEER_DROP_REASON, ev->reason);
	default:
		return 0;
	}
}

/*
 * Every notification goes out here. Nothing is built without listeners;
 * @gfp says where the caller is. Takes no lock; for an endpoint change
 * it reads the peer's endpoint, which a holder of endpoint_lock would
 * wait on forever.
 */
static void peer_event_send(struct pilot_peer *peer, const struct peer_event *ev,
			    gfp_t gfp)
{
	struct net *net = dev_net(peer->pd->dev);
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&pilot_nl_family, net, PILOT_NLGRP_PEERS))
		return;
	msg = genlmsg_new(peer_event_size(), gfp);
	if (!msg)
		return;
	hdr = peer_msg_start(msg, peer, ev->cmd, 0, 0, 0, &nest);
	if (!hdr || peer_event_put(msg, peer, ev)) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&pilot_nl_family, net, msg, 0,
				PILOT_NLGRP_PEERS, gfp);
}

/**
 * pilot_nl_peer_notify - tell the "peers" group that a peer came or went
 * @peer: the peer
 * @cmd: PILOT_CMD_PEER_ADD_NTF or PILOT_CMD_PEER_DEL_NTF
 * @reason: for a removal, why
 *
 * Process context: it may sleep for memory. Its callers hold RTNL.
 */
void pilot_nl_peer_notify(struct pilot_peer *peer, u8 cmd,
			  enum pilot_del_reason reason)
{
	struct peer_event ev = { .cmd = cmd, .reason = reason };

	might_sleep();
	peer_event_send(peer, &ev, GFP_KERNEL);
}

/**
 * pilot_nl_notify_key_installed - tell the "peers" group of a new session key
 * @peer: the peer, alive for the call (RCU, RTNL or a reference)
 * @authenticated: the key came from an authenticated exchange (PILA)
 * @key_changed: it replaced a session
 *
 * Any context but hard interrupts; takes none of the peer's locks.
 */
void pilot_nl_notify_key_installed(struct pilot_peer *peer, bool authenticated,
				   bool key_changed)
{
	struct peer_event ev = {
		.cmd = PILOT_CMD_KEY_INSTALLED_NTF,
		.authenticated = authenticated,
		.key_changed = key_changed,
	};

	trace_pilot_key_installed(peer->pd->dev, peer->node_id, authenticated, key_changed);
	peer_event_send(peer, &ev, GFP_ATOMIC);
}

/**
 * pilot_nl_notify_rekey_gave_up - tell the "peers" group a key exchange gave up
 * @peer: the peer, alive for the call (RCU, RTNL or a reference)
 *
 * Any context but hard interrupts; takes none of the peer's locks.
 */
void pilot_nl_notify_rekey_gave_up(struct pilot_peer *peer)
{
	struct peer_event ev = { .cmd = PILOT_CMD_REKEY_GAVE_UP_NTF };

	trace_pilot_rekey_gave_up(peer->pd->dev, peer->node_id);
	peer_event_send(peer, &ev, GFP_ATOMIC);
}

/**
 * pilot_nl_notify_endpoint_changed - tell the "peers" group of a new endpoint
 * @peer: the peer, alive for the call (RCU, RTNL or a reference)
 *
 * The message carries the endpoint as it is now and whether it was
 * learned. Any context but hard interrupts; it reads the endpoint under
 * @peer->endpoint_lock's sequence count, so the caller must not hold
 * that lock.
 */
void pilot_nl_notify_endpoint_changed(struct pilot_peer *peer)
{
	struct peer_event ev = { .cmd = PILOT_CMD_ENDPOINT_CHANGED_NTF };
	struct pilot_endpoint ep;
	struct in6_addr addr;

	if (trace_pilot_endpoint_changed_enabled() && pilot_peer_endpoint_get(peer, &ep, NULL)) {
		if (ep.family == AF_INET)
			ipv6_addr_set_v4mapped(ep.addr4, &addr);
		else
			addr = ep.addr6;
		trace_pilot_endpoint_changed(peer->pd->dev, peer->node_id, ep.family,
					     &addr, ep.port);
	}
	peer_event_send(peer, &ev, GFP_ATOMIC);
}

/**
 * pilot_nl_notify_crypto_dropped - tell the "peers" group a session was dropped
 * @peer: the peer, alive for the call (RCU, RTNL or a reference)
 * @reason: the gate that dropped it
 *
 * Any context but hard interrupts; takes none of the peer's locks.
 */
void pilot_nl_notify_crypto_dropped(struct pilot_peer *peer,
				    enum pilot_drop_reason reason)
{
	struct peer_event ev = {
		.cmd = PILOT_CMD_CRYPTO_DROPPED_NTF,
		.reason = reason,
	};

	peer_event_send(peer, &ev, GFP_ATOMIC);
}
