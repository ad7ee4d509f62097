// SPDX-License-Identifier: GPL-2.0
/*
 * The keyd attribute set (Documentation/netlink/specs/pilot.yaml):
 * parsing the kernel's sign/verify/resolve requests and filling
 * identity-set, verify-reply and peer-new. No socket here, so the unit
 * tests check every attribute.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "messages.h"
#include "pilot_nl.h"

/* Scalars must be as long as their type; keys are checked by length. */
static struct nla_policy keyd_policy[PILOT_A_KEYD_MAX + 1] = {
	[PILOT_A_KEYD_IFINDEX] = { .type = NLA_U32 },
	[PILOT_A_KEYD_COOKIE] = { .type = NLA_U32 },
	[PILOT_A_KEYD_NODE_ID] = { .type = NLA_U32 },
	[PILOT_A_KEYD_RESULT] = { .type = NLA_U32 },
	[PILOT_A_KEYD_PINNED] = { .type = NLA_FLAG },
};

static struct nla_policy device_policy[PILOT_A_DEVICE_MAX + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = { .type = NLA_U32 },
	[PILOT_A_DEVICE_PEER] = { .type = NLA_NESTED },
};

static struct nla_policy peer_policy[PILOT_A_PEER_MAX + 1] = {
	[PILOT_A_PEER_NODE_ID] = { .type = NLA_U32 },
};

/* A peer-del-ntf (device attribute set): the device and the node. */
static int parse_peer_del(struct nl_msg *msg, struct keyd_event *ev)
{
	struct nlattr *tb[PILOT_A_DEVICE_MAX + 1], *pt[PILOT_A_PEER_MAX + 1];

	ev->kind = KEYD_EV_PEER_DEL;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_DEVICE_MAX,
			  device_policy) ||
	    !tb[PILOT_A_DEVICE_IFINDEX] || !tb[PILOT_A_DEVICE_PEER] ||
	    nla_parse_nested(pt, PILOT_A_PEER_MAX, tb[PILOT_A_DEVICE_PEER],
			     peer_policy) ||
	    !pt[PILOT_A_PEER_NODE_ID])
		return -EINVAL;
	ev->ifindex = nla_get_u32(tb[PILOT_A_DEVICE_IFINDEX]);
	ev->node_id = nla_get_u32(pt[PILOT_A_PEER_NODE_ID]);
	return 1;
}

static bool get_key(struct nlattr *a, uint8_t *out, int len)
{
	if (!a || nla_len(a) != len)
		return false;
	memcpy(out, nla_data(a), len);
	return true;
}

/**
 * keyd_parse_event() - parse a keyd multicast notification
 * @msg: the message
 * @ev: receives the request
 *
 * A sign request needs ifindex, node-id and public-key; a verify request
 * ifindex, cookie and node-id (the rest is checked by the decision); a
 * resolve request ifindex and node-id; a peer-del-ntf (group "peers")
 * its ifindex and its peer's node-id. Keys of the wrong length count as
 * absent.
 *
 * Return: 1 for a request to serve, 0 for another message of the family,
 * -EINVAL for a request without what it needs.
 */
int keyd_parse_event(struct nl_msg *msg, struct keyd_event *ev)
{
	struct nlattr *tb[PILOT_A_KEYD_MAX + 1];
	struct verify_request *rq = &ev->verify;
	struct genlmsghdr *gh;

	memset(ev, 0, sizeof(*ev));
	if (!genlmsg_valid_hdr(nlmsg_hdr(msg), 0))
		return 0;
	gh = nlmsg_data(nlmsg_hdr(msg));
	switch (gh->cmd) {
	case PILOT_CMD_SIGN_REQUEST_NTF:
		ev->kind = KEYD_EV_SIGN;
		break;
	case PILOT_CMD_VERIFY_REQUEST_NTF:
		ev->kind = KEYD_EV_VERIFY;
		break;
	case PILOT_CMD_RESOLVE_REQUEST_NTF:
		ev->kind = KEYD_EV_RESOLVE;
		break;
	case PILOT_CMD_PEER_DEL_NTF:
		return parse_peer_del(msg, ev);
	default:
		return 0;
	}
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, PILOT_A_KEYD_MAX, keyd_policy) ||
	    !tb[PILOT_A_KEYD_IFINDEX] || !tb[PILOT_A_KEYD_NODE_ID])
		return -EINVAL;
	ev->ifindex = nla_get_u32(tb[PILOT_A_KEYD_IFINDEX]);
	ev->node_id = nla_get_u32(tb[PILOT_A_KEYD_NODE_ID]);
	ev->has_public_key = get_key(tb[PILOT_A_KEYD_PUBLIC_KEY], ev->public_key, 32);
	if (ev->kind == KEYD_EV_SIGN)
		return ev->has_public_key ? 1 : -EINVAL;
	if (ev->kind != KEYD_EV_VERIFY)
		return 1;
	if (!tb[PILOT_A_KEYD_COOKIE])
		return -EINVAL;
	rq->ifindex = ev->ifindex;
	rq->node_id = ev->node_id;
	rq->cookie = nla_get_u32(tb[PILOT_A_KEYD_COOKIE]);
	rq->has_public_key = ev->has_public_key;
	memcpy(rq->public_key, ev->public_key, 32);
	rq->has_identity_key = get_key(tb[PILOT_A_KEYD_IDENTITY_KEY],
				       rq->identity_key, 32);
	rq->has_signature = get_key(tb[PILOT_A_KEYD_SIGNATURE], rq->signature, 64);
	rq->pinned = tb[PILOT_A_KEYD_PINNED] != NULL;
	return 1;
}

/**
 * keyd_put_identity_set() - the attributes of an identity-set request
 * @msg: the request, its headers in place
 * @ifindex: the device
 * @node_id: its node ID, as signed
 * @public_key: its X25519 key, as signed
 * @identity_key: our Ed25519 public key
 * @signature: our signature of the device's challenge
 *
 * Return: 0, or -ENOMEM when the message is full.
 */
int keyd_put_identity_set(struct nl_msg *msg, uint32_t ifindex,
			  uint32_t node_id, const uint8_t public_key[32],
			  const uint8_t identity_key[32],
			  const uint8_t signature[64])
{
	if (nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, ifindex) ||
	    nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, node_id) ||
	    nla_put(msg, PILOT_A_KEYD_PUBLIC_KEY, 32, public_key) ||
	    nla_put(msg, PILOT_A_KEYD_IDENTITY_KEY, 32, identity_key) ||
	    nla_put(msg, PILOT_A_KEYD_SIGNATURE, 64, signature))
		return -ENOMEM;
	return 0;
}

/**
 * keyd_put_verify_reply() - the attributes of a verify-reply
 * @msg: the request, its headers in place
 * @rp: the answer; identity-key goes only with @rp->has_key
 *
 * Return: 0, or -ENOMEM when the message is full.
 */
int keyd_put_verify_reply(struct nl_msg *msg, const struct verify_reply *rp)
{
	if (nla_put_u32(msg, PILOT_A_KEYD_IFINDEX, rp->ifindex) ||
	    nla_put_u32(msg, PILOT_A_KEYD_COOKIE, rp->cookie) ||
	    nla_put_u32(msg, PILOT_A_KEYD_NODE_ID, rp->node_id) ||
	    nla_put_u32(msg, PILOT_A_KEYD_RESULT, rp->result) ||
	    (rp->has_key &&
	     nla_put(msg, PILOT_A_KEYD_IDENTITY_KEY, 32, rp->key)))
		return -ENOMEM;
	return 0;
}

/**
 * keyd_put_peer_new() - the attributes of a peer-new request
 * @msg: the request, its headers in place
 * @ifindex: the device
 * @node_id: the node
 * @ep: its endpoint (AF_INET or AF_INET6)
 *
 * No allowed IPs and no pinned key: the registry vouches for the
 * endpoint only, and PILA frames are verified against it as usual.
 *
 * Return: 0, -EAFNOSUPPORT for another family, or -ENOMEM.
 */
int keyd_put_peer_new(struct nl_msg *msg, uint32_t ifindex, uint32_t node_id,
		      const struct sockaddr_storage *ep)
{
	struct pilot_peer_info p = { .node_id = node_id };

	p.endpoint_family = ep->ss_family;
	if (ep->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ep;

		memcpy(p.endpoint_addr, &s4->sin_addr, 4);
		p.endpoint_port = ntohs(s4->sin_port);
	} else if (ep->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ep;

		memcpy(p.endpoint_addr, &s6->sin6_addr, 16);
		p.endpoint_port = ntohs(s6->sin6_port);
	} else {
		return -EAFNOSUPPORT;
	}
	if (nla_put_u32(msg, PILOT_A_DEVICE_IFINDEX, ifindex) ||
	    pilot_nl_put_peer(msg, &p))
		return -ENOMEM;
	return 0;
}
