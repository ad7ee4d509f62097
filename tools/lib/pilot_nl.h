/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small client of the "pilot" generic netlink family, shared by the
 * pilot CLI, the pilot-keyd helper and the tests.
 */
#ifndef PILOT_NL_H
#define PILOT_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netlink/genl/genl.h>
#include <linux/pilot.h>

/**
 * struct pilot_nl - a netlink socket bound to the pilot family
 * @sk: the libnl socket
 * @family: the family's numeric id
 * @errmsg: the kernel's extended-ACK message for the last failed request,
 *          empty when it gave none
 * @erroff: the offset, from the start of that request, of the attribute
 *          the kernel pointed at; 0 when none
 */
struct pilot_nl {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
	uint32_t erroff;
};

/**
 * struct pilot_version_info - what PILOT_CMD_VERSION_GET reports
 * @module: the module's version
 * @protocol: the tunnel protocol it speaks
 * @family: the netlink family's version
 */
struct pilot_version_info {
	char module[64];
	char protocol[64];
	uint32_t family;
};

/**
 * struct pilot_device_info - a device as PILOT_CMD_DEV_GET reports it
 * @ifindex: interface index
 * @ifname: interface name
 * @node_id: this node's Pilot node ID
 * @network_id: this node's Pilot network
 * @listen_port: UDP port (bound while up)
 * @public_key: X25519 public key
 * @identity_key: Ed25519 public key, when @has_identity
 * @has_identity: pilot-keyd set an identity
 * @keyd: a pilot-keyd listens: PILA frames can be verified
 * @encryption: PILS (true) or plaintext PILT (false)
 * @fwmark: mark of outgoing packets
 * @peer_count: number of peers
 * @learn_peers: key exchanges from unconfigured nodes make learned peers
 * @session_count: peers with a session key
 * @drops: what the device dropped, by PILOT_DROP_REASON_* (0 unused)
 */
struct pilot_device_info {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint32_t node_id;
	uint16_t network_id;
	uint16_t listen_port;
	uint8_t public_key[PILOT_KEY_LEN];
	uint8_t identity_key[PILOT_KEY_LEN];
	bool has_identity;
	bool keyd;
	bool encryption;
	uint32_t fwmark;
	uint32_t peer_count;
	bool learn_peers;
	uint32_t session_count;
	uint64_t drops[PILOT_DROP_REASON_MAX + 1];
};

/**
 * struct pilot_device_config - the changes of a PILOT_CMD_DEV_SET request
 * @ifname: the device
 * @set: which fields to send, a mask of PILOT_SET_* bits
 * @node_id: see &struct pilot_device_info
 * @network_id: likewise
 * @listen_port: likewise
 * @private_key: X25519 private key; wiped by pilot_nl_dev_set()
 * @encryption: likewise
 * @fwmark: likewise
 * @learn_peers: likewise
 * @flags: PILOT_DEVICE_FLAGS_* bits
 * @peers: peers to add, change or remove
 * @n_peers: how many
 */
struct pilot_device_config {
	char ifname[IF_NAMESIZE];
	unsigned int set;
	uint32_t node_id;
	uint16_t network_id;
	uint16_t listen_port;
	uint8_t private_key[PILOT_KEY_LEN];
	bool encryption;
	uint32_t fwmark;
	bool learn_peers;
	uint32_t flags;
	struct pilot_peer_info *peers;
	size_t n_peers;
};

/**
 * struct pilot_allowedip - a prefix
 * @family: AF_INET or AF_INET6
 * @cidr: prefix length
 * @remove: in a set request, remove it rather than add it
 * @addr: the address (4 bytes used for AF_INET)
 */
struct pilot_allowedip {
	uint16_t family;
	uint8_t cidr;
	bool remove;
	uint8_t addr[16];
};

/**
 * struct pilot_peer_info - a peer, as reported or as to be set
 * @node_id: the peer's node ID
 * @flags: PILOT_PEER_FLAGS_* bits (set requests)
 * @endpoint_family: AF_INET, AF_INET6 or 0 for none
 * @endpoint_addr: the endpoint address (4 bytes used for AF_INET)
 * @endpoint_port: the endpoint port
 * @endpoint_learned: the endpoint came from the peer's traffic
 * @has_identity: @identity_key is set (pinned)
 * @identity_key: pinned Ed25519 public key; all zeros unpin (set requests)
 * @has_registered_key: @registered_key is set
 * @registered_key: the Ed25519 key pilot-keyd found for the node
 * @has_keepalive: @keepalive is set
 * @keepalive: seconds between keepalives, 0 for none
 * @rx_bytes: bytes received
 * @tx_bytes: bytes sent
 * @rx_packets: packets received
 * @tx_packets: packets sent
 * @del_reason: PILOT_DEL_REASON_* of a peer-del notification
 * @session: a session key is installed
 * @authenticated: by an authenticated key exchange (also in key-installed
 *                 notifications)
 * @last_key_exchange: when the key was installed, seconds since the epoch;
 *                     0 before the first
 * @rekey_pending: a key exchange waits for its answer
 * @rekey_attempts: the frames sent for it
 * @gave_up_ms: cooldown left after a key exchange gave up, 0 outside it
 * @learned: the peer was learned from a key exchange
 * @drops: what was dropped from or for the peer, by PILOT_DROP_REASON_*
 * @drop_reason: PILOT_DROP_REASON_* of a crypto-dropped notification
 * @key_changed: a key-installed notification's key replaced a session
 * @aips: allowed IPs (malloc'd)
 * @n_aips: how many
 */
struct pilot_peer_info {
	uint32_t node_id;
	uint32_t flags;
	uint16_t endpoint_family;
	uint8_t endpoint_addr[16];
	uint16_t endpoint_port;
	bool endpoint_learned;
	bool has_identity;
	uint8_t identity_key[PILOT_KEY_LEN];
	bool has_registered_key;
	uint8_t registered_key[PILOT_KEY_LEN];
	bool has_keepalive;
	uint16_t keepalive;
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint64_t rx_packets;
	uint64_t tx_packets;
	uint32_t del_reason;
	bool session;
	bool authenticated;
	uint64_t last_key_exchange;
	bool rekey_pending;
	uint8_t rekey_attempts;
	uint32_t gave_up_ms;
	bool learned;
	uint64_t drops[PILOT_DROP_REASON_MAX + 1];
	uint32_t drop_reason;
	bool key_changed;
	struct pilot_allowedip *aips;
	size_t n_aips;
};

enum {
	PILOT_SET_NODE_ID	= 1 << 0,
	PILOT_SET_NETWORK_ID	= 1 << 1,
	PILOT_SET_LISTEN_PORT	= 1 << 2,
	PILOT_SET_PRIVATE_KEY	= 1 << 3,
	PILOT_SET_ENCRYPTION	= 1 << 4,
	PILOT_SET_FWMARK	= 1 << 5,
	PILOT_SET_LEARN_PEERS	= 1 << 6,
};

/* Reply handler: return NL_OK to go on, NL_STOP to stop. */
typedef int (*pilot_nl_reply_fn)(struct nl_msg *msg, void *arg);

int pilot_nl_open(struct pilot_nl *nl);
void pilot_nl_close(struct pilot_nl *nl);
struct nl_msg *pilot_nl_request(struct pilot_nl *nl, uint8_t cmd, int flags);
int pilot_nl_transact(struct pilot_nl *nl, struct nl_msg *msg,
		      pilot_nl_reply_fn reply, void *arg);
const char *pilot_nl_strerror(const struct pilot_nl *nl, int err);
int pilot_nl_version_get(struct pilot_nl *nl, struct pilot_version_info *v);
int pilot_nl_dev_get(struct pilot_nl *nl, const char *ifname,
		     struct pilot_device_info *info);
int pilot_nl_dev_list(struct pilot_nl *nl, struct pilot_device_info **list,
		      size_t *count);
int pilot_nl_dev_set(struct pilot_nl *nl, struct pilot_device_config *cfg);
int pilot_nl_peer_parse(struct nlattr *nest, struct pilot_peer_info *p);
int pilot_nl_put_peer(struct nl_msg *msg, const struct pilot_peer_info *p);
int pilot_nl_peer_list(struct pilot_nl *nl, const char *ifname,
		       struct pilot_peer_info **list, size_t *count);
void pilot_peers_free(struct pilot_peer_info *list, size_t count);
const char *pilot_drop_reason_name(uint32_t reason);
const char *pilot_auth_result_name(uint32_t result);
char *pilot_trim(char *s);

#endif /* PILOT_NL_H */
