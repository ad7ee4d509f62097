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

	__PILOT_A_DEVICE_MAX,
	PILOT_A_DEVICE_MAX = (__PILOT_A_DEVICE_MAX - 1)
};

enum {
	PILOT_CMD_VERSION_GET = 1,
	PILOT_CMD_DEV_GET,
	PILOT_CMD_DEV_SET,

	__PILOT_CMD_MAX,
	PILOT_CMD_MAX = (__PILOT_CMD_MAX - 1)
};

#define PILOT_MCGRP_PEERS	"peers"
#define PILOT_MCGRP_KEYD	"keyd"

#endif /* _UAPI_LINUX_PILOT_H */
