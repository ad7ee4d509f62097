/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pilot.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_PILOT_GEN_H
#define _LINUX_PILOT_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/pilot.h>

/* Common nested types */
extern const struct nla_policy pilot_allowed_ip_nl_policy[PILOT_A_ALLOWED_IP_FLAGS + 1];
extern const struct nla_policy pilot_drops_nl_policy[PILOT_A_DROPS_AUTH_FAILED + 1];
extern const struct nla_policy pilot_peer_nl_policy[PILOT_A_PEER_REGISTERED_KEY + 1];

extern const struct nla_policy pilot_version_get_nl_policy[PILOT_A_VERSION_FAMILY + 1];

extern const struct nla_policy pilot_dev_get_nl_policy[PILOT_A_DEVICE_IFNAME + 1];

extern const struct nla_policy pilot_dev_set_nl_policy[PILOT_A_DEVICE_LEARN_PEERS + 1];

extern const struct nla_policy pilot_peer_new_nl_policy[PILOT_A_DEVICE_PEER + 1];

extern const struct nla_policy pilot_peer_set_nl_policy[PILOT_A_DEVICE_PEER + 1];

extern const struct nla_policy pilot_peer_del_nl_policy[PILOT_A_DEVICE_PEER + 1];

extern const struct nla_policy pilot_peer_get_nl_policy[PILOT_A_DEVICE_PEER + 1];

extern const struct nla_policy pilot_identity_set_nl_policy[PILOT_A_KEYD_SIGNATURE + 1];

extern const struct nla_policy pilot_verify_reply_nl_policy[PILOT_A_KEYD_RESULT + 1];

/* Ops table for pilot */
extern const struct genl_ops pilot_nl_ops[9];

int pilot_nl_version_get_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int pilot_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_peer_set_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int pilot_nl_identity_set_doit(struct sk_buff *skb, struct genl_info *info);
int pilot_nl_verify_reply_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	PILOT_NLGRP_PEERS,
	PILOT_NLGRP_KEYD,
};

#endif /* _LINUX_PILOT_GEN_H */
