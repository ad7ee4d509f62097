/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The session key derivation of Pilot's key exchange
 * (../shared/spec/pilot-tunnel.md, section 3).
 */
#ifndef _PILOT_KDF_H
#define _PILOT_KDF_H

#include <crypto/curve25519.h>
#include <linux/init.h>
#include <linux/types.h>

/* The HKDF info string, frozen by the protocol. */
#define PILOT_KDF_INFO "pilot-tunnel-v1"

enum {
	PILOT_SESSION_KEY_LEN = 32,	/* AES-256 */
};

int pilot_derive_session_key(u8 key[PILOT_SESSION_KEY_LEN],
			     const u8 local_private[CURVE25519_KEY_SIZE],
			     const u8 peer_public[CURVE25519_KEY_SIZE]);
bool __init pilot_kdf_selftest(void);

#endif /* _PILOT_KDF_H */
