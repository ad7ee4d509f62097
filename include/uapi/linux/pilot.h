/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/pilot.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_PILOT_H
#define _UAPI_LINUX_PILOT_H

#define PILOT_FAMILY_NAME	"pilot"
#define PILOT_FAMILY_VERSION	1

#define PILOT_KEY_LEN	32

/**
 * enum pilot_device_flags - Flags of a device-set request.
 * @PILOT_DEVICE_FLAGS_REPLACE_PEERS: Remove every peer not named in this
 *   request.
 */
enum pilot_device_flags {
	PILOT_DEVICE_FLAGS_REPLACE_PEERS = 1,
};

/**
 * enum pilot_peer_flags - Flags of a peer in a set request.
 * @PILOT_PEER_FLAGS_REMOVE: Remove this peer.
 * @PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS: Replace the peer's allowed IPs with
 *   those given.
 * @PILOT_PEER_FLAGS_UPDATE_ONLY: Change the peer only if it exists; never
 *   create it.
 */
enum pilot_peer_flags {
	PILOT_PEER_FLAGS_REMOVE = 1,
	PILOT_PEER_FLAGS_REPLACE_ALLOWED_IPS = 2,
	PILOT_PEER_FLAGS_UPDATE_ONLY = 4,
};

/**
 * enum pilot_allowed_ip_flags - Flags of an allowed IP in a set request.
 * @PILOT_ALLOWED_IP_FLAGS_REMOVE: Remove this prefix from the peer.
 */
enum pilot_allowed_ip_flags {
	PILOT_ALLOWED_IP_FLAGS_REMOVE = 1,
};

/**
 * enum pilot_del_reason - Why a peer went away, in peer-del-ntf.
 * @PILOT_DEL_REASON_USERSPACE: A netlink request removed it.
 * @PILOT_DEL_REASON_TEARDOWN: Its device was deleted.
 */
enum pilot_del_reason {
	PILOT_DEL_REASON_USERSPACE,
	PILOT_DEL_REASON_TEARDOWN,
};

#define PILOT_IP_PORT	65534
#define PILOT_ETHERTYPE	34997

/**
 * enum pilot_drop_reason - Why a frame or packet was dropped; the attributes
 *   of the "drops" set count each reason (a device counts them all, a peer
 *   those it caused).
 * @PILOT_DROP_REASON_MALFORMED: A frame too short or of an unknown kind, or a
 *   bad fragment.
 * @PILOT_DROP_REASON_NO_KEY: A PILS frame from a node with no session.
 * @PILOT_DROP_REASON_AEAD: A PILS frame whose tag did not verify.
 * @PILOT_DROP_REASON_REPLAY: A PILS counter seen already.
 * @PILOT_DROP_REASON_OUTSIDE_WINDOW: A PILS counter too far behind the newest.
 * @PILOT_DROP_REASON_STALE_EPOCH: A PILS frame refused by an older or retired
 *   receive epoch.
 * @PILOT_DROP_REASON_EPOCHS_EXHAUSTED: A PILS frame opening one receive epoch
 *   too many.
 * @PILOT_DROP_REASON_BAD_PACKET: A decrypted Pilot packet failed its checks.
 * @PILOT_DROP_REASON_SPOOFED: A packet whose inner source node is not its
 *   sender.
 * @PILOT_DROP_REASON_SOURCE: An inner IP packet whose source is not in the
 *   allowed IPs.
 * @PILOT_DROP_REASON_QUEUE_FULL: A packet waiting for a key pushed out by
 *   newer ones.
 * @PILOT_DROP_REASON_GAVE_UP: A packet for a peer whose key exchange gave up a
 *   moment ago.
 * @PILOT_DROP_REASON_PLAINTEXT: A PILT frame while encryption is on.
 * @PILOT_DROP_REASON_RATE_LIMITED: A key-exchange frame over its source's
 *   rate.
 * @PILOT_DROP_REASON_PEER_LIMIT: A key exchange from a new node past the
 *   session limit.
 * @PILOT_DROP_REASON_UNKNOWN_PEER: A frame from a node that is not a peer, not
 *   learned.
 * @PILOT_DROP_REASON_RELAYED: A beacon message or relay envelope (userspace
 *   daemons only).
 * @PILOT_DROP_REASON_UNAUTHENTICATED: A key exchange refused for want of
 *   authentication: a PILA frame with no pilot-keyd to verify it, or a PILK
 *   frame from a node whose identity is known.
 * @PILOT_DROP_REASON_NO_ROUTE: A packet for which no peer or endpoint is
 *   known.
 * @PILOT_DROP_REASON_AUTH_FAILED: An authenticated key exchange (PILA)
 *   refused: pilot-keyd rejected it or did not answer, or the node failed a
 *   moment ago.
 */
enum pilot_drop_reason {
	PILOT_DROP_REASON_MALFORMED = 1,
	PILOT_DROP_REASON_NO_KEY,
	PILOT_DROP_REASON_AEAD,
	PILOT_DROP_REASON_REPLAY,
	PILOT_DROP_REASON_OUTSIDE_WINDOW,
	PILOT_DROP_REASON_STALE_EPOCH,
	PILOT_DROP_REASON_EPOCHS_EXHAUSTED,
	PILOT_DROP_REASON_BAD_PACKET,
	PILOT_DROP_REASON_SPOOFED,
	PILOT_DROP_REASON_SOURCE,
	PILOT_DROP_REASON_QUEUE_FULL,
	PILOT_DROP_REASON_GAVE_UP,
	PILOT_DROP_REASON_PLAINTEXT,
	PILOT_DROP_REASON_RATE_LIMITED,
	PILOT_DROP_REASON_PEER_LIMIT,
	PILOT_DROP_REASON_UNKNOWN_PEER,
	PILOT_DROP_REASON_RELAYED,
	PILOT_DROP_REASON_UNAUTHENTICATED,
	PILOT_DROP_REASON_NO_ROUTE,
	PILOT_DROP_REASON_AUTH_FAILED,

	/* private: */
	__PILOT_DROP_REASON_MAX,
	PILOT_DROP_REASON_MAX = (__PILOT_DROP_REASON_MAX - 1)
};

/**
 * enum pilot_auth_result - What became of a PILA frame or of an identity
 *   lookup: pilot-keyd's answer in verify-reply, or the kernel's reason in
 *   auth-failed-ntf.
 * @PILOT_AUTH_RESULT_ACCEPTED: The node's Ed25519 key is known (registered or
 *   pinned) and, for a PILA frame, is the frame's and signed its X25519 key.
 * @PILOT_AUTH_RESULT_UNKNOWN_NODE: The registry knows no Ed25519 key for the
 *   node.
 * @PILOT_AUTH_RESULT_KEY_MISMATCH: The frame's Ed25519 key is not the node's
 *   registered or pinned key.
 * @PILOT_AUTH_RESULT_BAD_SIGNATURE: The signature does not verify under the
 *   node's key.
 * @PILOT_AUTH_RESULT_UNREACHABLE: The registry could not be asked.
 * @PILOT_AUTH_RESULT_NO_HELPER: No pilot-keyd listens on this network
 *   namespace (kernel only).
 * @PILOT_AUTH_RESULT_TIMEOUT: pilot-keyd did not answer in time (kernel only).
 * @PILOT_AUTH_RESULT_NEGATIVE_CACHED: The node failed a lookup moments ago
 *   (kernel only).
 * @PILOT_AUTH_RESULT_BUSY: Too many verifications are outstanding (kernel
 *   only).
 */
enum pilot_auth_result {
	PILOT_AUTH_RESULT_ACCEPTED,
	PILOT_AUTH_RESULT_UNKNOWN_NODE,
	PILOT_AUTH_RESULT_KEY_MISMATCH,
	PILOT_AUTH_RESULT_BAD_SIGNATURE,
	PILOT_AUTH_RESULT_UNREACHABLE,
	PILOT_AUTH_RESULT_NO_HELPER,
	PILOT_AUTH_RESULT_TIMEOUT,
	PILOT_AUTH_RESULT_NEGATIVE_CACHED,
	PILOT_AUTH_RESULT_BUSY,
};

enum {
	PILOT_A_VERSION_MODULE = 1,
	PILOT_A_VERSION_FAMILY,
	PILOT_A_VERSION_PROTOCOL,

	__PILOT_A_VERSION_MAX,
	PILOT_A_VERSION_MAX = (__PILOT_A_VERSION_MAX - 1)
};

enum {
	PILOT_A_DEVICE_IFINDEX = 1,
	PILOT_A_DEVICE_IFNAME,
	PILOT_A_DEVICE_NODE_ID,
	PILOT_A_DEVICE_NETWORK_ID,
	PILOT_A_DEVICE_LISTEN_PORT,
	PILOT_A_DEVICE_PRIVATE_KEY,
	PILOT_A_DEVICE_PUBLIC_KEY,
	PILOT_A_DEVICE_ENCRYPTION,
	PILOT_A_DEVICE_FWMARK,
	PILOT_A_DEVICE_PEER_COUNT,
	PILOT_A_DEVICE_IDENTITY_KEY,
	PILOT_A_DEVICE_FLAGS,
	PILOT_A_DEVICE_PEER,
	PILOT_A_DEVICE_GENERATION,
	PILOT_A_DEVICE_LEARN_PEERS,
	PILOT_A_DEVICE_SESSION_COUNT,
	PILOT_A_DEVICE_DROPS,
	PILOT_A_DEVICE_KEYD,

	__PILOT_A_DEVICE_MAX,
	PILOT_A_DEVICE_MAX = (__PILOT_A_DEVICE_MAX - 1)
};

enum {
	PILOT_A_PEER_PAD = 1,
	PILOT_A_PEER_NODE_ID,
	PILOT_A_PEER_ENDPOINT_IPV4,
	PILOT_A_PEER_ENDPOINT_IPV6,
	PILOT_A_PEER_ENDPOINT_PORT,
	PILOT_A_PEER_ALLOWED_IP,
	PILOT_A_PEER_IDENTITY_KEY,
	PILOT_A_PEER_KEEPALIVE_INTERVAL,
	PILOT_A_PEER_FLAGS,
	PILOT_A_PEER_ENDPOINT_LEARNED,
	PILOT_A_PEER_RX_BYTES,
	PILOT_A_PEER_TX_BYTES,
	PILOT_A_PEER_RX_PACKETS,
	PILOT_A_PEER_TX_PACKETS,
	PILOT_A_PEER_DEL_REASON,
	PILOT_A_PEER_SESSION,
	PILOT_A_PEER_AUTHENTICATED,
	PILOT_A_PEER_LAST_KEY_EXCHANGE,
	PILOT_A_PEER_REKEY_ATTEMPTS,
	PILOT_A_PEER_GAVE_UP_MS,
	PILOT_A_PEER_LEARNED,
	PILOT_A_PEER_DROPS,
	PILOT_A_PEER_DROP_REASON,
	PILOT_A_PEER_KEY_CHANGED,
	PILOT_A_PEER_REGISTERED_KEY,

	__PILOT_A_PEER_MAX,
	PILOT_A_PEER_MAX = (__PILOT_A_PEER_MAX - 1)
};

enum {
	PILOT_A_ALLOWED_IP_FAMILY = 1,
	PILOT_A_ALLOWED_IP_IPADDR,
	PILOT_A_ALLOWED_IP_CIDR_MASK,
	PILOT_A_ALLOWED_IP_FLAGS,

	__PILOT_A_ALLOWED_IP_MAX,
	PILOT_A_ALLOWED_IP_MAX = (__PILOT_A_ALLOWED_IP_MAX - 1)
};

enum {
	PILOT_A_DROPS_MALFORMED = 1,
	PILOT_A_DROPS_NO_KEY,
	PILOT_A_DROPS_AEAD,
	PILOT_A_DROPS_REPLAY,
	PILOT_A_DROPS_OUTSIDE_WINDOW,
	PILOT_A_DROPS_STALE_EPOCH,
	PILOT_A_DROPS_EPOCHS_EXHAUSTED,
	PILOT_A_DROPS_BAD_PACKET,
	PILOT_A_DROPS_SPOOFED,
	PILOT_A_DROPS_SOURCE,
	PILOT_A_DROPS_QUEUE_FULL,
	PILOT_A_DROPS_GAVE_UP,
	PILOT_A_DROPS_PLAINTEXT,
	PILOT_A_DROPS_RATE_LIMITED,
	PILOT_A_DROPS_PEER_LIMIT,
	PILOT_A_DROPS_UNKNOWN_PEER,
	PILOT_A_DROPS_RELAYED,
	PILOT_A_DROPS_UNAUTHENTICATED,
	PILOT_A_DROPS_NO_ROUTE,
	PILOT_A_DROPS_AUTH_FAILED,

	__PILOT_A_DROPS_MAX,
	PILOT_A_DROPS_MAX = (__PILOT_A_DROPS_MAX - 1)
};

enum {
	PILOT_A_KEYD_IFINDEX = 1,
	PILOT_A_KEYD_COOKIE,
	PILOT_A_KEYD_NODE_ID,
	PILOT_A_KEYD_PUBLIC_KEY,
	PILOT_A_KEYD_IDENTITY_KEY,
	PILOT_A_KEYD_SIGNATURE,
	PILOT_A_KEYD_RESULT,
	PILOT_A_KEYD_PINNED,
	PILOT_A_KEYD_ENDPOINT_IPV4,
	PILOT_A_KEYD_ENDPOINT_IPV6,
	PILOT_A_KEYD_ENDPOINT_PORT,

	__PILOT_A_KEYD_MAX,
	PILOT_A_KEYD_MAX = (__PILOT_A_KEYD_MAX - 1)
};

enum {
	PILOT_CMD_VERSION_GET = 1,
	PILOT_CMD_DEV_GET,
	PILOT_CMD_DEV_SET,
	PILOT_CMD_PEER_NEW,
	PILOT_CMD_PEER_SET,
	PILOT_CMD_PEER_DEL,
	PILOT_CMD_PEER_GET,
	PILOT_CMD_PEER_ADD_NTF,
	PILOT_CMD_PEER_DEL_NTF,
	PILOT_CMD_KEY_INSTALLED_NTF,
	PILOT_CMD_REKEY_GAVE_UP_NTF,
	PILOT_CMD_ENDPOINT_CHANGED_NTF,
	PILOT_CMD_CRYPTO_DROPPED_NTF,
	PILOT_CMD_IDENTITY_SET,
	PILOT_CMD_VERIFY_REPLY,
	PILOT_CMD_SIGN_REQUEST_NTF,
	PILOT_CMD_VERIFY_REQUEST_NTF,
	PILOT_CMD_RESOLVE_REQUEST_NTF,
	PILOT_CMD_AUTH_FAILED_NTF,

	__PILOT_CMD_MAX,
	PILOT_CMD_MAX = (__PILOT_CMD_MAX - 1)
};

#define PILOT_MCGRP_PEERS	"peers"
#define PILOT_MCGRP_KEYD	"keyd"

#endif /* _UAPI_LINUX_PILOT_H */
