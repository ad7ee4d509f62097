// SPDX-License-Identifier: GPL-2.0
/*
 * Session keys: X25519, then HKDF-SHA256 (RFC 5869) with no salt and the
 * info "pilot-tunnel-v1", one 32-byte block. Both peers derive the same
 * key; their random nonce prefixes keep the directions apart.
 *
 * The kernel of 6.1 has no HKDF, so extract and expand are the two HMACs
 * they are, on the crypto API's hmac(sha256). Every intermediate secret
 * is wiped before returning.
 */

#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/err.h>
#include <linux/string.h>

#include "kdf.h"

/* out = HMAC-SHA256(key, msg) */
static int hmac_sha256(struct crypto_shash *tfm, const u8 *key, unsigned int keylen,
		       const u8 *msg, unsigned int len, u8 out[SHA256_DIGEST_SIZE])
{
	int err;

	err = crypto_shash_setkey(tfm, key, keylen) ?:
	      crypto_shash_tfm_digest(tfm, msg, len, out);
	return err;
}

/**
 * pilot_derive_session_key - the AES-256-GCM key of a session with a peer
 * @key: receives the key
 * @local_private: this device's X25519 private key
 * @peer_public: the peer's X25519 public key, as its frame carried it
 *
 * Must be called from process context (the transform is allocated here).
 *
 * Return: 0, -EINVAL when the peer's key is a low-order point (the shared
 * secret would be all zeros), or the crypto API's error.
 */
int pilot_derive_session_key(u8 key[PILOT_SESSION_KEY_LEN],
			     const u8 local_private[CURVE25519_KEY_SIZE],
			     const u8 peer_public[CURVE25519_KEY_SIZE])
{
	static const u8 no_salt[SHA256_DIGEST_SIZE];
	static const u8 info_block[] = PILOT_KDF_INFO "\x01";
	u8 shared[CURVE25519_KEY_SIZE], prk[SHA256_DIGEST_SIZE];
	struct crypto_shash *tfm;
	int err;

	BUILD_BUG_ON(PILOT_SESSION_KEY_LEN != SHA256_DIGEST_SIZE);
	if (!curve25519(shared, local_private, peer_public))
		return -EINVAL;
	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm)) {
		err = PTR_ERR(tfm);
		goto out;
	}
	/* extract: PRK = HMAC(salt = zeros, shared); expand: T(1) */
	err = hmac_sha256(tfm, no_salt, sizeof(no_salt), shared, sizeof(shared), prk) ?:
	      hmac_sha256(tfm, prk, sizeof(prk), info_block, sizeof(info_block) - 1, key);
	crypto_free_shash(tfm);
out:
	memzero_explicit(shared, sizeof(shared));
	memzero_explicit(prk, sizeof(prk));
	if (err)
		memzero_explicit(key, PILOT_SESSION_KEY_LEN);
	return err;
}

#ifdef PILOT_SELFTESTS
#include "selftest/kdf.c"
#endif
