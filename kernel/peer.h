/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Peers of a pilot device, found by node ID.
 */
#ifndef _PILOT_PEER_H
#define _PILOT_PEER_H

#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <uapi/linux/pilot.h>

struct pilot_device;

/**
 * struct pilot_endpoint - where a peer's frames go
 * @family: AF_INET, AF_INET6, or 0 while unknown
 * @port: UDP port, host order
 * @addr4: IPv4 address, for AF_INET
 * @addr6: IPv6 address, for AF_INET6
 */
struct pilot_endpoint {
	u16 family;
	u16 port;
	union {
		__be32 addr4;
		struct in6_addr addr6;
	};
};

/**
 * struct pilot_peer - a peer of a pilot device
 * @pd: the device
 * @node_id: the peer's Pilot node ID; never changes
 * @node: entry in the device's peer table (RCU readers)
 * @list: entry in the device's peer list (under RTNL)
 * @allowedips: the peer's &struct pilot_allowedip entries (under RTNL)
 * @refcount: references; the table holds one while the peer is in it
 * @rcu: frees the peer after readers are done
 * @endpoint_lock: leaf lock for @endpoint and @endpoint_learned
 * @endpoint: where to send
 * @endpoint_learned: @endpoint came from the peer's traffic
 * @identity_key: pinned Ed25519 public key, when @has_identity_key
 * @has_identity_key: an identity is pinned
 * @keepalive_interval: seconds between keepalives, 0 for none
 * @rx_bytes: bytes received (inner packets)
 * @tx_bytes: bytes sent
 * @rx_packets: packets received
 * @tx_packets: packets sent
 */
struct pilot_peer {
	struct pilot_device *pd;
	u32 node_id;
	struct rhash_head node;
	struct list_head list;
	struct list_head allowedips;
	struct kref refcount;
	struct rcu_head rcu;

	spinlock_t endpoint_lock;	/* leaf: endpoint, endpoint_learned */
	struct pilot_endpoint endpoint;
	bool endpoint_learned;

	u8 identity_key[32];
	bool has_identity_key;
	u16 keepalive_interval;

	atomic64_t rx_bytes;
	atomic64_t tx_bytes;
	atomic64_t rx_packets;
	atomic64_t tx_packets;
};

int pilot_peers_init(struct pilot_device *pd);
void pilot_peers_destroy(struct pilot_device *pd);
struct pilot_peer *pilot_peer_lookup(struct pilot_device *pd, u32 node_id);
struct pilot_peer *pilot_peer_create(struct pilot_device *pd, u32 node_id);
void pilot_peer_remove(struct pilot_peer *peer, enum pilot_del_reason reason);
void pilot_peer_put(struct pilot_peer *peer);

#endif /* _PILOT_PEER_H */
