/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * pilot: the Pilot Protocol tunnel (key exchange and AEAD envelope).
 *
 * Generic netlink family "pilot". A device is made with
 * "ip link add pilot0 type pilot"; everything Pilot-specific is configured
 * through this family.
 *
 * PILOT_CMD_VERSION_GET
 *   Request: no attributes. Reply: PILOT_A_VERSION_MODULE (string, the
 *   module's version), PILOT_A_VERSION_FAMILY (u32, PILOT_FAMILY_VERSION)
 *   and PILOT_A_VERSION_PROTOCOL (string, the tunnel wire protocol the
 *   module speaks). Needs no privilege.
 */
#ifndef _UAPI_LINUX_PILOT_H
#define _UAPI_LINUX_PILOT_H

#define PILOT_FAMILY_NAME	"pilot"
#define PILOT_FAMILY_VERSION	1

enum {
	PILOT_CMD_UNSPEC,
	PILOT_CMD_VERSION_GET,

	__PILOT_CMD_MAX,
	PILOT_CMD_MAX = (__PILOT_CMD_MAX - 1)
};

enum {
	PILOT_A_VERSION_UNSPEC,
	PILOT_A_VERSION_MODULE,
	PILOT_A_VERSION_FAMILY,
	PILOT_A_VERSION_PROTOCOL,

	__PILOT_A_VERSION_MAX,
	PILOT_A_VERSION_MAX = (__PILOT_A_VERSION_MAX - 1)
};

#endif /* _UAPI_LINUX_PILOT_H */
