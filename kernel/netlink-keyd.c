// SPDX-License-Identifier: GPL-2.0
/*
 * The requests of pilot-keyd, the identity helper: identity-set and
 * verify-reply.
 */

#include <net/genetlink.h>

#include "netlink.h"
#include "netlink-gen.h"

/**
 * pilot_nl_identity_set_doit - answer PILOT_CMD_IDENTITY_SET
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_identity_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return -EOPNOTSUPP;
}

/**
 * pilot_nl_verify_reply_doit - answer PILOT_CMD_VERIFY_REPLY
 * @skb: the request
 * @info: its attributes and sender
 *
 * Return: 0 or a negative errno.
 */
int pilot_nl_verify_reply_doit(struct sk_buff *skb, struct genl_info *info)
{
	return -EOPNOTSUPP;
}
