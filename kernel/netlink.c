// SPDX-License-Identifier: GPL-2.0
/*
 * The "pilot" generic netlink family: the control plane of pilot devices.
 */

#include <net/genetlink.h>
#include <uapi/linux/pilot.h>

#include "netlink.h"
#include "version.h"

static struct genl_family pilot_genl_family;

static int pilot_nl_version_get_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &pilot_genl_family, 0,
				PILOT_CMD_VERSION_GET);
	if (!hdr)
		goto nla_put_failure;
	if (nla_put_string(msg, PILOT_A_VERSION_MODULE, PILOT_VERSION) ||
	    nla_put_u32(msg, PILOT_A_VERSION_FAMILY, PILOT_FAMILY_VERSION) ||
	    nla_put_string(msg, PILOT_A_VERSION_PROTOCOL, PILOT_PROTOCOL))
		goto nla_put_failure;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nla_put_failure:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_small_ops pilot_genl_ops[] = {
	{
		.cmd	= PILOT_CMD_VERSION_GET,
		.doit	= pilot_nl_version_get_doit,
	},
};

static struct genl_family pilot_genl_family __ro_after_init = {
	.name		= PILOT_FAMILY_NAME,
	.version	= PILOT_FAMILY_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= pilot_genl_ops,
	.n_small_ops	= ARRAY_SIZE(pilot_genl_ops),
	.resv_start_op	= PILOT_CMD_VERSION_GET + 1,
};

/**
 * pilot_genl_init - register the "pilot" generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int __init pilot_genl_init(void)
{
	return genl_register_family(&pilot_genl_family);
}

/**
 * pilot_genl_uninit - unregister the family
 */
void pilot_genl_uninit(void)
{
	genl_unregister_family(&pilot_genl_family);
}
