// SPDX-License-Identifier: GPL-2.0
/*
 * Ed25519 verification that accepts exactly what Go's crypto/ed25519
 * Verify accepts, so that a kernel node and a Go node never disagree on a
 * crafted signature (spec §13.10).
 *
 * Go (crypto/ed25519 over filippo.io/edwards25519) accepts (R, S) under A
 * for M when:
 *   - A decodes as a curve point: y may be non-canonical (y >= p, the
 *     value is reduced), x = 0 with the sign bit set is accepted, and
 *     points of small order are accepted;
 *   - S is canonical (S < L; bits 253-255 clear is checked first);
 *   - the canonical encoding of [S]B - [k]A, k = SHA-512(R || A || M)
 *     mod L, equals R byte for byte (cofactorless; a non-canonical R can
 *     therefore never match).
 *
 * libsodium 1.0.18's crypto_sign_verify_detached computes the same
 * equation with the same decoding, but first also refuses: A with y >= p,
 * A of small order, and R whose encoding is that of a point of small
 * order (canonical or not). Whatever it accepts, Go accepts. So:
 *
 *   1. Refuse what Go refuses before any arithmetic (S >= L; A not a
 *      point). Decoding A goes through crypto_core_ed25519_add(A, O),
 *      which decodes like Go (no canonicity or order checks) and yields
 *      the canonical encoding of the point.
 *   2. When none of libsodium's extra refusals can apply (A canonical,
 *      A not of small order, R not a canonical encoding of a small-order
 *      point; a non-canonical R fails both), its answer is Go's.
 *   3. Otherwise recompute Go's equation from the group primitives,
 *      which decode like Go: [S]B by crypto_scalarmult_ed25519_base_noclamp
 *      (S = 0 gives the identity, which that function reports as an
 *      error); [k]A as [k mod 8]A by double-and-add over
 *      crypto_core_ed25519_add when A has small order, else by
 *      crypto_scalarmult_ed25519_noclamp on A's canonical encoding (it
 *      refuses small-order, non-canonical and mixed-order points), else
 *      (mixed order) by double-and-add; then crypto_core_ed25519_sub.
 *
 * Step 3 is cheap but for a key of mixed order, where double-and-add
 * costs about 500 point additions (some 15 ms). It only runs for
 * keys or signatures no honest Go or libsodium signer produces, and
 * pilot-keyd compares the frame's key with the registered one before it
 * verifies, so a remote node cannot make it run at will.
 */
#include <string.h>
#include <sodium.h>

#include "verify.h"

/* The group order L, little-endian. */
static const uint8_t ed25519_l[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
	0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

/* The neutral element (0, 1). */
static const uint8_t ed25519_identity[32] = { 1 };

/**
 * pilot_challenge() - the 40 bytes a PILA frame's signature covers
 * @out: receives "auth" || node ID (big-endian) || X25519 public key
 * @node_id: the sender's node ID
 * @x25519_pub: the sender's X25519 public key
 */
void pilot_challenge(uint8_t out[PILOT_CHALLENGE_LEN], uint32_t node_id,
		     const uint8_t x25519_pub[32])
{
	memcpy(out, "auth", 4);
	out[4] = node_id >> 24;
	out[5] = node_id >> 16;
	out[6] = node_id >> 8;
	out[7] = node_id;
	memcpy(out + 8, x25519_pub, 32);
}

/**
 * pilot_sign_challenge() - sign a device's challenge with our identity
 * @sig: receives the Ed25519 signature
 * @id: our identity
 * @node_id: the device's node ID
 * @x25519_pub: the device's X25519 public key
 */
void pilot_sign_challenge(uint8_t sig[ED25519_SIG_LEN],
			  const struct identity *id, uint32_t node_id,
			  const uint8_t x25519_pub[32])
{
	uint8_t msg[PILOT_CHALLENGE_LEN];

	pilot_challenge(msg, node_id, x25519_pub);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), id->sk);
}

/**
 * pilot_verify_challenge() - check a PILA frame's signature
 * @sig: the signature
 * @ed25519_pub: the key it must verify under
 * @node_id: the sender's node ID
 * @x25519_pub: the sender's X25519 public key
 *
 * Return: true when Go's crypto/ed25519 would accept it.
 */
bool pilot_verify_challenge(const uint8_t sig[ED25519_SIG_LEN],
			    const uint8_t ed25519_pub[32], uint32_t node_id,
			    const uint8_t x25519_pub[32])
{
	uint8_t msg[PILOT_CHALLENGE_LEN];

	pilot_challenge(msg, node_id, x25519_pub);
	return ed25519_verify_go(sig, msg, sizeof(msg), ed25519_pub);
}

/* s < L, comparing from the most significant byte. */
static bool scalar_is_canonical(const uint8_t s[32])
{
	int i;

	for (i = 31; i >= 0; i--) {
		if (s[i] < ed25519_l[i])
			return true;
		if (s[i] > ed25519_l[i])
			return false;
	}
	return false;
}

/* Canonical encoding of the point @p encodes; false when it is none. */
static bool point_canonical(uint8_t out[32], const uint8_t p[32])
{
	return crypto_core_ed25519_add(out, p, ed25519_identity) == 0;
}

/* [8]P == O for the canonical encoding @p of a point. */
static bool has_small_order(const uint8_t p[32])
{
	uint8_t q[32];
	int i;

	memcpy(q, p, 32);
	for (i = 0; i < 3; i++)
		if (crypto_core_ed25519_add(q, q, q))
			return false;
	return !memcmp(q, ed25519_identity, 32);
}

/* out = [k]P by double-and-add from k's top bit; @p canonical. */
static void scalarmult_any(uint8_t out[32], const uint8_t k[32],
			   const uint8_t p[32])
{
	uint8_t acc[32];
	int bit = 255;

	while (bit >= 0 && !((k[bit / 8] >> (bit % 8)) & 1))
		bit--;
	memcpy(acc, ed25519_identity, 32);
	for (; bit >= 0; bit--) {
		crypto_core_ed25519_add(acc, acc, acc);
		if ((k[bit / 8] >> (bit % 8)) & 1)
			crypto_core_ed25519_add(acc, acc, p);
	}
	memcpy(out, acc, 32);
}

/*
 * out = [k]A for the canonical encoding @a of any point: [k mod 8]A when
 * A has small order; libsodium's scalar multiplication when it takes A
 * (prime order; it refuses a result at infinity too); double-and-add
 * otherwise (A of mixed order).
 */
static void scalarmult_point(uint8_t out[32], const uint8_t k[32],
			     const uint8_t a[32], bool small)
{
	uint8_t k8[32] = { 0 };

	if (small) {
		k8[0] = k[0] & 7;
		scalarmult_any(out, k8, a);
	} else if (crypto_scalarmult_ed25519_noclamp(out, k, a)) {
		scalarmult_any(out, k, a);
	}
}

/* Go's equation, for the inputs libsodium refuses up front. */
static bool verify_equation(const uint8_t sig[64], const uint8_t *msg,
			    size_t len, const uint8_t pk[32],
			    const uint8_t a[32], bool a_small)
{
	crypto_hash_sha512_state hs;
	uint8_t h[64], k[32], sb[32], ka[32], r[32];

	crypto_hash_sha512_init(&hs);
	crypto_hash_sha512_update(&hs, sig, 32);
	crypto_hash_sha512_update(&hs, pk, 32);
	crypto_hash_sha512_update(&hs, msg, len);
	crypto_hash_sha512_final(&hs, h);
	crypto_core_ed25519_scalar_reduce(k, h);

	if (crypto_scalarmult_ed25519_base_noclamp(sb, sig + 32))
		memcpy(sb, ed25519_identity, 32);	/* S = 0 */
	scalarmult_point(ka, k, a, a_small);
	if (crypto_core_ed25519_sub(r, sb, ka))
		return false;
	/* the authenticator: compared in constant time, as libsodium does */
	return !sodium_memcmp(r, sig, 32);
}

/**
 * ed25519_verify_go() - verify an Ed25519 signature as Go does
 * @sig: R (32) || S (32)
 * @msg: the message
 * @len: its length
 * @pk: the public key A
 *
 * See the comment at the top of this file for the acceptance set.
 *
 * Return: true when Go's ed25519.Verify(pk, msg, sig) returns true.
 */
bool ed25519_verify_go(const uint8_t sig[ED25519_SIG_LEN], const uint8_t *msg,
		       size_t len, const uint8_t pk[32])
{
	uint8_t a[32], r[32];
	bool a_small, r_small;

	if ((sig[63] & 0xe0) || !scalar_is_canonical(sig + 32))
		return false;
	if (!point_canonical(a, pk))
		return false;
	/* A non-canonical R fails here and in libsodium; Go refuses it too. */
	r_small = point_canonical(r, sig) && !memcmp(r, sig, 32) &&
		  has_small_order(r);
	a_small = has_small_order(a);
	if (!memcmp(a, pk, 32) && !a_small && !r_small)
		return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
	return verify_equation(sig, msg, len, pk, a, a_small);
}
