// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pilot.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/pilot.h>

/* PILOT_CMD_VERSION_GET - do */
const struct nla_policy pilot_version_get_nl_policy[PILOT_A_VERSION_FAMILY + 1] = {
	[PILOT_A_VERSION_FAMILY] = { .type = NLA_U32, },
};

/* PILOT_CMD_DEV_GET - do */
const struct nla_policy pilot_dev_get_nl_policy[PILOT_A_DEVICE_IFNAME + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* PILOT_CMD_DEV_SET - do */
const struct nla_policy pilot_dev_set_nl_policy[PILOT_A_DEVICE_FLAGS + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[PILOT_A_DEVICE_NODE_ID] = { .type = NLA_U32, },
	[PILOT_A_DEVICE_NETWORK_ID] = { .type = NLA_U16, },
	[PILOT_A_DEVICE_LISTEN_PORT] = { .type = NLA_U16, },
	[PILOT_A_DEVICE_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
	[PILOT_A_DEVICE_ENCRYPTION] = NLA_POLICY_MAX(NLA_U8, 1),
	[PILOT_A_DEVICE_FWMARK] = { .type = NLA_U32, },
	[PILOT_A_DEVICE_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
};

/* Ops table for pilot */
const struct genl_ops pilot_nl_ops[3] = {
	{
		.cmd		= PILOT_CMD_VERSION_GET,
		.doit		= pilot_nl_version_get_doit,
		.policy		= pilot_version_get_nl_policy,
		.maxattr	= PILOT_A_VERSION_FAMILY,
	},
	{
		.cmd		= PILOT_CMD_DEV_GET,
		.doit		= pilot_nl_dev_get_doit,
		.dumpit		= pilot_nl_dev_get_dumpit,
		.policy		= pilot_dev_get_nl_policy,
		.maxattr	= PILOT_A_DEVICE_IFNAME,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_DEV_SET,
		.doit		= pilot_nl_dev_set_doit,
		.policy		= pilot_dev_set_nl_policy,
		.maxattr	= PILOT_A_DEVICE_FLAGS,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group pilot_nl_mcgrps[] = {
	[PILOT_NLGRP_PEERS] = { "peers", },
	[PILOT_NLGRP_KEYD] = { "keyd", },
};
