// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pilot.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/pilot.h>

/* Common nested types */
const struct nla_policy pilot_allowed_ip_nl_policy[PILOT_A_ALLOWED_IP_FLAGS + 1] = {
	[PILOT_A_ALLOWED_IP_FAMILY] = { .type = NLA_U16, },
	[PILOT_A_ALLOWED_IP_IPADDR] = { .type = NLA_BINARY, },
	[PILOT_A_ALLOWED_IP_CIDR_MASK] = { .type = NLA_U8, },
	[PILOT_A_ALLOWED_IP_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
};

const struct nla_policy pilot_drops_nl_policy[PILOT_A_DROPS_AUTH_FAILED + 1] = {
	[PILOT_A_DROPS_MALFORMED] = { .type = NLA_U64, },
	[PILOT_A_DROPS_NO_KEY] = { .type = NLA_U64, },
	[PILOT_A_DROPS_AEAD] = { .type = NLA_U64, },
	[PILOT_A_DROPS_REPLAY] = { .type = NLA_U64, },
	[PILOT_A_DROPS_OUTSIDE_WINDOW] = { .type = NLA_U64, },
	[PILOT_A_DROPS_STALE_EPOCH] = { .type = NLA_U64, },
	[PILOT_A_DROPS_EPOCHS_EXHAUSTED] = { .type = NLA_U64, },
	[PILOT_A_DROPS_BAD_PACKET] = { .type = NLA_U64, },
	[PILOT_A_DROPS_SPOOFED] = { .type = NLA_U64, },
	[PILOT_A_DROPS_SOURCE] = { .type = NLA_U64, },
	[PILOT_A_DROPS_QUEUE_FULL] = { .type = NLA_U64, },
	[PILOT_A_DROPS_GAVE_UP] = { .type = NLA_U64, },
	[PILOT_A_DROPS_PLAINTEXT] = { .type = NLA_U64, },
	[PILOT_A_DROPS_RATE_LIMITED] = { .type = NLA_U64, },
	[PILOT_A_DROPS_PEER_LIMIT] = { .type = NLA_U64, },
	[PILOT_A_DROPS_UNKNOWN_PEER] = { .type = NLA_U64, },
	[PILOT_A_DROPS_RELAYED] = { .type = NLA_U64, },
	[PILOT_A_DROPS_UNAUTHENTICATED] = { .type = NLA_U64, },
	[PILOT_A_DROPS_NO_ROUTE] = { .type = NLA_U64, },
	[PILOT_A_DROPS_AUTH_FAILED] = { .type = NLA_U64, },
};

const struct nla_policy pilot_peer_nl_policy[PILOT_A_PEER_REGISTERED_KEY + 1] = {
	[PILOT_A_PEER_NODE_ID] = { .type = NLA_U32, },
	[PILOT_A_PEER_ENDPOINT_IPV4] = { .type = NLA_U32, },
	[PILOT_A_PEER_ENDPOINT_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[PILOT_A_PEER_ENDPOINT_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[PILOT_A_PEER_ALLOWED_IP] = NLA_POLICY_NESTED(pilot_allowed_ip_nl_policy),
	[PILOT_A_PEER_IDENTITY_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
	[PILOT_A_PEER_KEEPALIVE_INTERVAL] = { .type = NLA_U16, },
	[PILOT_A_PEER_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x7),
	[PILOT_A_PEER_ENDPOINT_LEARNED] = { .type = NLA_U8, },
	[PILOT_A_PEER_RX_BYTES] = { .type = NLA_U64, },
	[PILOT_A_PEER_TX_BYTES] = { .type = NLA_U64, },
	[PILOT_A_PEER_RX_PACKETS] = { .type = NLA_U64, },
	[PILOT_A_PEER_TX_PACKETS] = { .type = NLA_U64, },
	[PILOT_A_PEER_DEL_REASON] = NLA_POLICY_MAX(NLA_U32, 1),
	[PILOT_A_PEER_SESSION] = { .type = NLA_U8, },
	[PILOT_A_PEER_AUTHENTICATED] = { .type = NLA_U8, },
	[PILOT_A_PEER_LAST_KEY_EXCHANGE] = { .type = NLA_U64, },
	[PILOT_A_PEER_REKEY_ATTEMPTS] = { .type = NLA_U8, },
	[PILOT_A_PEER_GAVE_UP_MS] = { .type = NLA_U32, },
	[PILOT_A_PEER_LEARNED] = { .type = NLA_U8, },
	[PILOT_A_PEER_DROPS] = NLA_POLICY_NESTED(pilot_drops_nl_policy),
	[PILOT_A_PEER_DROP_REASON] = NLA_POLICY_RANGE(NLA_U32, 1, 20),
	[PILOT_A_PEER_KEY_CHANGED] = { .type = NLA_U8, },
	[PILOT_A_PEER_REGISTERED_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
};

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
const struct nla_policy pilot_dev_set_nl_policy[PILOT_A_DEVICE_LEARN_PEERS + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[PILOT_A_DEVICE_NODE_ID] = { .type = NLA_U32, },
	[PILOT_A_DEVICE_NETWORK_ID] = { .type = NLA_U16, },
	[PILOT_A_DEVICE_LISTEN_PORT] = { .type = NLA_U16, },
	[PILOT_A_DEVICE_PRIVATE_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
	[PILOT_A_DEVICE_ENCRYPTION] = NLA_POLICY_MAX(NLA_U8, 1),
	[PILOT_A_DEVICE_FWMARK] = { .type = NLA_U32, },
	[PILOT_A_DEVICE_LEARN_PEERS] = NLA_POLICY_MAX(NLA_U8, 1),
	[PILOT_A_DEVICE_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
	[PILOT_A_DEVICE_PEER] = NLA_POLICY_NESTED(pilot_peer_nl_policy),
};

/* PILOT_CMD_PEER_NEW - do */
const struct nla_policy pilot_peer_new_nl_policy[PILOT_A_DEVICE_PEER + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[PILOT_A_DEVICE_PEER] = NLA_POLICY_NESTED(pilot_peer_nl_policy),
};

/* PILOT_CMD_PEER_SET - do */
const struct nla_policy pilot_peer_set_nl_policy[PILOT_A_DEVICE_PEER + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[PILOT_A_DEVICE_PEER] = NLA_POLICY_NESTED(pilot_peer_nl_policy),
};

/* PILOT_CMD_PEER_DEL - do */
const struct nla_policy pilot_peer_del_nl_policy[PILOT_A_DEVICE_PEER + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[PILOT_A_DEVICE_PEER] = NLA_POLICY_NESTED(pilot_peer_nl_policy),
};

/* PILOT_CMD_PEER_GET - do */
const struct nla_policy pilot_peer_get_nl_policy[PILOT_A_DEVICE_PEER + 1] = {
	[PILOT_A_DEVICE_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PILOT_A_DEVICE_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[PILOT_A_DEVICE_PEER] = NLA_POLICY_NESTED(pilot_peer_nl_policy),
};

/* PILOT_CMD_IDENTITY_SET - do */
const struct nla_policy pilot_identity_set_nl_policy[PILOT_A_KEYD_SIGNATURE + 1] = {
	[PILOT_A_KEYD_IFINDEX] = { .type = NLA_U32, },
	[PILOT_A_KEYD_NODE_ID] = { .type = NLA_U32, },
	[PILOT_A_KEYD_PUBLIC_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
	[PILOT_A_KEYD_IDENTITY_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
	[PILOT_A_KEYD_SIGNATURE] = NLA_POLICY_EXACT_LEN(64),
};

/* PILOT_CMD_VERIFY_REPLY - do */
const struct nla_policy pilot_verify_reply_nl_policy[PILOT_A_KEYD_RESULT + 1] = {
	[PILOT_A_KEYD_IFINDEX] = { .type = NLA_U32, },
	[PILOT_A_KEYD_COOKIE] = { .type = NLA_U32, },
	[PILOT_A_KEYD_NODE_ID] = { .type = NLA_U32, },
	[PILOT_A_KEYD_RESULT] = NLA_POLICY_MAX(NLA_U32, 8),
	[PILOT_A_KEYD_IDENTITY_KEY] = NLA_POLICY_EXACT_LEN(PILOT_KEY_LEN),
};

/* Ops table for pilot */
const struct genl_ops pilot_nl_ops[9] = {
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
		.maxattr	= PILOT_A_DEVICE_LEARN_PEERS,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_PEER_NEW,
		.doit		= pilot_nl_peer_new_doit,
		.policy		= pilot_peer_new_nl_policy,
		.maxattr	= PILOT_A_DEVICE_PEER,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_PEER_SET,
		.doit		= pilot_nl_peer_set_doit,
		.policy		= pilot_peer_set_nl_policy,
		.maxattr	= PILOT_A_DEVICE_PEER,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_PEER_DEL,
		.doit		= pilot_nl_peer_del_doit,
		.policy		= pilot_peer_del_nl_policy,
		.maxattr	= PILOT_A_DEVICE_PEER,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_PEER_GET,
		.doit		= pilot_nl_peer_get_doit,
		.dumpit		= pilot_nl_peer_get_dumpit,
		.policy		= pilot_peer_get_nl_policy,
		.maxattr	= PILOT_A_DEVICE_PEER,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_IDENTITY_SET,
		.doit		= pilot_nl_identity_set_doit,
		.policy		= pilot_identity_set_nl_policy,
		.maxattr	= PILOT_A_KEYD_SIGNATURE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= PILOT_CMD_VERIFY_REPLY,
		.doit		= pilot_nl_verify_reply_doit,
		.policy		= pilot_verify_reply_nl_policy,
		.maxattr	= PILOT_A_KEYD_RESULT,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group pilot_nl_mcgrps[] = {
	[PILOT_NLGRP_PEERS] = { "peers", },
	[PILOT_NLGRP_KEYD] = { "keyd", },
};
