/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PILA challenge (spec §2.2), its signature, and Ed25519 verification
 * with exactly the acceptance set of Go's crypto/ed25519.
 */
#ifndef KEYD_VERIFY_H
#define KEYD_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "identity.h"

#define PILOT_CHALLENGE_LEN 40
#define ED25519_SIG_LEN 64

void pilot_challenge(uint8_t out[PILOT_CHALLENGE_LEN], uint32_t node_id,
		     const uint8_t x25519_pub[32]);
void pilot_sign_challenge(uint8_t sig[ED25519_SIG_LEN],
			  const struct identity *id, uint32_t node_id,
			  const uint8_t x25519_pub[32]);
bool pilot_verify_challenge(const uint8_t sig[ED25519_SIG_LEN],
			    const uint8_t ed25519_pub[32], uint32_t node_id,
			    const uint8_t x25519_pub[32]);
bool ed25519_verify_go(const uint8_t sig[ED25519_SIG_LEN], const uint8_t *msg,
		       size_t len, const uint8_t pk[32]);

#endif /* KEYD_VERIFY_H */
