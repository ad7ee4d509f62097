/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pilot net device: "ip link add pilot0 type pilot".
 */
#ifndef _PILOT_DEVICE_H
#define _PILOT_DEVICE_H

#include <crypto/curve25519.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <net/gro_cells.h>
#include <net/sock.h>
#include <uapi/linux/pilot.h>

#include "allowedips.h"
#include "auth.h"
#include "frag.h"
#include "ratelimit.h"

/**
 * struct pilot_device - private area of a pilot net device
 * @dev: the net device this area belongs to
 * @list: entry in the module's list of devices (under RTNL)
 * @creating_net: the network namespace the device was created in, where
 *	its UDP sockets live even when the device moves; NULL once that
 *	namespace is going away. Not a reference: the pernet exit hook
 *	clears it first.
 * @sock4: the IPv4 UDP socket while the device is up (RCU)
 * @sock6: the IPv6 UDP socket while the device is up, unless IPv6 is off
 * @key_lock: leaf lock for the keys and the identity, which the datapath
 *	copies; @node_id is written under it too
 * @private_key: the X25519 private key, clamped; zeroed on free
 * @public_key: the X25519 public key
 * @identity_key: this node's Ed25519 public key, once the helper set it
 * @signature: the helper's signature of this node's key-exchange challenge
 * @has_identity: @identity_key is set
 * @identity_signed: @signature matches @node_id and @public_key: the
 *	device sends PILA frames
 * @keyd_portid: the socket of the pilot-keyd that set the identity (auth.c)
 * @node_id: this node's Pilot node ID
 * @network_id: the Pilot network of this node's address
 * @listen_port: the UDP port asked for; 0 picks one
 * @bound_port: the UDP port bound while up, else 0
 * @fwmark: mark of outgoing tunnel packets
 * @encryption: PILS (true) or PILT (false) frames
 * @peers: the peers by node ID (RCU readers, RTNL writers)
 * @peer_list: the peers in the order they came (RTNL)
 * @peer_count: the number of peers
 * @generation: changes with every peer change, for consistent dumps
 * @aips: the allowed IPs of every peer
 * @learn_peers: accept key exchanges from unconfigured nodes
 * @session_count: peers with a session installed
 * @learned_count: learned peers
 * @drops: everything the device dropped, by &enum pilot_drop_reason
 * @kx_queue: inbound key-exchange work for @kx_work (bounded)
 * @kx_work: handles @kx_queue in process context
 * @kx_busy: @kx_work is handling a frame it took off @kx_queue; under
 *	the queue's lock
 * @gro_cells: hands received packets to the stack through GRO
 * @tick: the 1-second timer of retransmits, give-ups and keepalives
 * @kx_limit: per-source rate limit of inbound key-exchange frames
 * @frags: PILF reassembly
 * @frag_id: the last PILF fragment ID sent
 * @auth: questions to the identity helper (auth.c)
 * @crypt_inflight: seals and opens started and not done (session.c);
 *	the device waits for none to be left before it lets go of its peers
 *
 * Everything but the sockets is configuration, written under RTNL by the
 * netlink handlers; the datapath reads scalars with READ_ONCE().
 */
struct pilot_device {
	struct net_device *dev;
	struct list_head list;
	struct net *creating_net;
	struct socket __rcu *sock4;
	struct socket __rcu *sock6;
	spinlock_t key_lock;	/* leaf: the keys, the identity, node_id writes */
	u8 private_key[CURVE25519_KEY_SIZE];
	u8 public_key[CURVE25519_KEY_SIZE];
	u8 identity_key[32];
	u8 signature[64];
	bool has_identity;
	bool identity_signed;
	u32 keyd_portid;
	u32 node_id;
	u16 network_id;
	u16 listen_port;
	u16 bound_port;
	u32 fwmark;
	bool encryption;
	struct rhashtable peers;
	struct list_head peer_list;
	u32 peer_count;
	u32 generation;
	struct pilot_allowedips aips;

	bool learn_peers;
	atomic_t session_count;
	atomic_t learned_count;
	atomic64_t drops[PILOT_DROP_REASON_MAX + 1];
	struct sk_buff_head kx_queue;
	struct delayed_work kx_work;
	bool kx_busy;
	struct gro_cells gro_cells;
	struct delayed_work tick;
	struct pilot_ratelimit kx_limit;
	struct pilot_frag_table frags;
	atomic_t frag_id;
	struct pilot_auth auth;
	atomic_t crypt_inflight;
};

int pilot_device_init(void);
void pilot_device_uninit(void);
bool pilot_dev_is_pilot(const struct net_device *dev);
void pilot_device_private_key(struct pilot_device *pd, u8 key[CURVE25519_KEY_SIZE]);
void pilot_device_public_key(struct pilot_device *pd, u8 key[CURVE25519_KEY_SIZE]);
void pilot_device_set_key(struct pilot_device *pd, const u8 priv[CURVE25519_KEY_SIZE],
			  const u8 pub[CURVE25519_KEY_SIZE]);
void pilot_device_set_node_id(struct pilot_device *pd, u32 node_id);
bool pilot_keypair_from_private(u8 priv[CURVE25519_KEY_SIZE],
				u8 pub[CURVE25519_KEY_SIZE],
				const u8 key[CURVE25519_KEY_SIZE]);

#endif /* _PILOT_DEVICE_H */
