/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "pilot" generic netlink family.
 */
#ifndef _PILOT_NETLINK_H
#define _PILOT_NETLINK_H

#include <net/genetlink.h>
#include <uapi/linux/pilot.h>

struct pilot_device;
struct pilot_endpoint;
struct pilot_peer;

extern struct genl_family pilot_nl_family;

int pilot_genl_init(void);
void pilot_genl_uninit(void);
struct pilot_device *pilot_nl_dev_lookup(struct net *net, struct nlattr **attrs,
					 struct netlink_ext_ack *extack);
int pilot_nl_put_drops(struct sk_buff *msg, int attrtype,
		       const atomic64_t *drops);
int pilot_nl_peers_check(struct genl_info *info);
int pilot_nl_peers_apply(struct pilot_device *pd, struct genl_info *info);
void pilot_nl_peer_notify(struct pilot_peer *peer, u8 cmd,
			  enum pilot_del_reason reason);
/* From the datapath, in any context but hard interrupts: netlink-peer.c */
void pilot_nl_notify_key_installed(struct pilot_peer *peer, bool authenticated,
				   bool key_changed);
void pilot_nl_notify_rekey_gave_up(struct pilot_peer *peer);
void pilot_nl_notify_endpoint_changed(struct pilot_peer *peer);
void pilot_nl_notify_crypto_dropped(struct pilot_peer *peer,
				    enum pilot_drop_reason reason);
/* The identity helper's group: netlink-keyd.c */
void pilot_nl_notify_sign_request(struct pilot_device *pd);
int pilot_nl_notify_verify_request(struct pilot_device *pd, u32 cookie,
				   const struct sk_buff *skb, const u8 *pinned);
void pilot_nl_notify_resolve_request(struct pilot_device *pd, u32 node_id);
void pilot_nl_notify_auth_failed(struct pilot_device *pd, u32 node_id,
				 enum pilot_auth_result result,
				 const struct pilot_endpoint *from);

#endif /* _PILOT_NETLINK_H */
